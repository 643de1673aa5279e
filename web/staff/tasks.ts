// The task list and the task page (back office, front office, team lead).
import { Router } from 'express';
import type { StaffDeps } from './index.js';

/** The routes of this area (filled in by its own change). */
export function taskRoutes(_deps: StaffDeps): Router {
  return Router();
}
