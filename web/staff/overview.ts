// The production overview: counts, ageing, throughput, appointment load, incidents.
import { Router } from 'express';
import type { StaffDeps } from './index.js';

/** The routes of this area (filled in by its own change). */
export function overviewRoutes(_deps: StaffDeps): Router {
  return Router();
}
