// The front office: today's appointments, check-in, attendance and the CPR number once issued.
import { Router } from 'express';
import type { StaffDeps } from './index.js';

/** The routes of this area (filled in by its own change). */
export function frontOfficeRoutes(_deps: StaffDeps): Router {
  return Router();
}
