// Case search and the case page (back office, front office, team lead): the applicant, the status in its
// group, the full history (audit log, and the engine's journal when the engine is the embedded one) and the
// process diagram with the path the case took. The diagram's data goes to the browser in a JSON script
// block, which the browser does not execute, so the strict CSP holds.
import { Router, type Response } from 'express';
import { casePath, createCaseSearch, indexModel, type ModelIndex } from '../../cases/case-search.js';
import { caseTimeline } from '../../cases/case-timeline.js';
import { statusGroups } from '../../cases/statuses.js';
import { createEngineJournal } from '../../lib/engine-client/journal.js';
import { NotFoundError } from '../../lib/errors/index.js';
import type { Role } from '../auth/accounts.js';
import { hasRole, requireRole, staffActor } from '../auth/guards.js';
import { scriptJson } from '../views.js';
import type { StaffDeps } from './index.js';

/** The roles that work on cases. */
export const caseRoles = ['back-office', 'front-office', 'team-lead'] as const;

/**
 * The tabs below the case: the timeline for everyone who works cases; the audit log (every read and change,
 * which only a team lead answers for) and the engine's journal (the process's own steps, for the back office
 * that looks into a stuck case) for the roles entitled to them.
 */
const caseViews = ['timeline', 'audit', 'journal'] as const;
const viewRoles: Record<(typeof caseViews)[number], readonly Role[]> = {
  timeline: caseRoles,
  audit: ['team-lead'],
  journal: ['back-office', 'team-lead'],
};
const auditPageSize = 50;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyModel: ModelIndex = { names: new Map(), elementsByJobType: new Map() };

const stepName = (model: ModelIndex, id: string | null) => (id ? (model.names.get(id) ?? id) : '');

/** The routes of the case search and the case page. */
export function caseRoutes(deps: StaffDeps): Router {
  const { caseFile, knex } = deps;
  const search = createCaseSearch({ knex, audit: caseFile.audit, deployedResources: caseFile.deployedResources });
  const journal = createEngineJournal({ knex });
  const router = Router();
  const allowed = requireRole(...caseRoles);

  router.get('/staff/cases', allowed, async (req, res: Response) => {
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const result = query.trim() ? await search.search(query, staffActor(res)) : undefined;
    res.render('staff/cases/search', { query, result });
  });

  router.get('/staff/cases/:applicationId', allowed, async (req, res: Response) => {
    const applicationId = String(req.params.applicationId);
    if (!uuidShape.test(applicationId)) throw new NotFoundError('application not found');
    const application = await caseFile.applications.get(applicationId, staffActor(res));
    const process = await search.processOf(applicationId);
    if (!process) throw new NotFoundError('application not found', { applicationId });
    const [audit, userTasks, entries, diagram, engineJournalAvailable] = await Promise.all([
      caseFile.audit.listForApplication(applicationId),
      search.userTasks(applicationId),
      process.processInstanceKey ? journal.entries(process.processInstanceKey) : Promise.resolve([]),
      search.diagramOf(process),
      journal.available(),
    ]);
    const model = diagram ? indexModel(diagram.xml) : emptyModel;
    const path = casePath({ model, audit, userTasks, journal: entries, isClosed: application.closedAt !== null });
    const staff = res.locals.staff;
    const views = caseViews.filter((v) => hasRole(staff, viewRoles[v]));
    const view = views.find((v) => v === req.query.view) ?? 'timeline';
    const pages = Math.max(1, Math.ceil(audit.length / auditPageSize));
    const page = Math.min(
      pages,
      Math.max(1, Number.parseInt(typeof req.query.page === 'string' ? req.query.page : '1', 10) || 1),
    );
    res.render('staff/cases/case', {
      application,
      process,
      groups: statusGroups,
      views,
      view,
      timeline: caseTimeline(audit).reverse(),
      audit:
        view === 'audit'
          ? audit.slice((page - 1) * auditPageSize, page * auditPageSize).map((entry) => ({
              ...entry,
              detailText: Object.entries(entry.detail)
                .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
                .join(' · '),
            }))
          : [],
      auditPages: { page, pages, total: audit.length },
      journal: entries.map((entry) => ({
        ...entry,
        elementName: stepName(model, entry.elementId),
        detailText: Object.entries(entry.detail)
          .map(([key, value]) => `${key}: ${value}`)
          .join(', '),
      })),
      engineJournalAvailable,
      diagram,
      trail: {
        ...path,
        visitedNames: path.visited.map((id) => stepName(model, id)),
        currentNames: path.current.map((id) => stepName(model, id)),
      },
      diagramJson: diagram
        ? scriptJson({ xml: diagram.xml, visited: path.visited, flows: path.flows, current: path.current })
        : undefined,
    });
  });

  return router;
}
