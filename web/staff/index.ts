// The staff side: the start page, and each area's routes (task list and task page, front office, case page,
// production overview, process designer). Every route checks the role on the server.
import { Router } from 'express';
import type { Accounts } from '../auth/accounts.js';
import { hasRole, requireRole } from '../auth/guards.js';
import type { WebDeps } from '../deps.js';
import { caseRoutes } from './cases.js';
import { designerRoutes } from './designer.js';
import { frontOfficeRoutes } from './front-office.js';
import { overviewRoutes } from './overview.js';
import { taskRoutes } from './tasks.js';

/** What the staff routes are built from. */
export type StaffDeps = WebDeps & { accounts: Accounts };

/** The staff routes under /staff. */
export function staffRoutes(deps: StaffDeps): Router {
  const router = Router();
  router.get('/staff', requireRole('back-office', 'front-office', 'team-lead', 'process-designer'), (_req, res) => {
    const staff = res.locals.staff;
    res.render('staff/home', {
      canWorkTasks: hasRole(staff, ['back-office', 'front-office', 'team-lead']),
      canDesign: hasRole(staff, ['process-designer']),
    });
  });
  router.use(taskRoutes(deps));
  router.use(frontOfficeRoutes(deps));
  router.use(caseRoutes(deps));
  router.use(overviewRoutes(deps));
  router.use(designerRoutes(deps));
  return router;
}
