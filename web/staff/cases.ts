// Case search and the case page: history and the process diagram.
import { Router } from 'express';
import type { StaffDeps } from './index.js';

/** The routes of this area (filled in by its own change). */
export function caseRoutes(_deps: StaffDeps): Router {
  return Router();
}
