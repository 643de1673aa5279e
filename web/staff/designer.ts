// The process designer: BPMN, DMN and forms, linted and deployed through the engine.
import { Router } from 'express';
import type { StaffDeps } from './index.js';

/** The routes of this area (filled in by its own change). */
export function designerRoutes(_deps: StaffDeps): Router {
  return Router();
}
