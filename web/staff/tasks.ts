// The task list and the task page (back office, front office, team lead). The list shows the open user tasks
// a role may work (its candidate groups; a team lead sees all) with claim, unclaim and, for team leads,
// assign. The task page shows the linked form (form-js viewer, bundled in task-form.js) beside the case file,
// and completing it completes the engine's job with the form's checked variables.
import { caseTimeline } from '../../cases/case-timeline.js';
import { Router, type Request, type Response } from 'express';
import { statusGroup } from '../../cases/statuses.js';
import {
  canWork,
  completionVariables,
  formData,
  leadsToOwnTask,
  taskSorts,
  taskTabs,
  type TaskFilter,
  type TaskViewer,
  type UserTask,
} from '../../cases/tasks.js';
import { addDays, isIsoDate, zonedInstant } from '../../cases/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors/index.js';
import type { StaffAccount } from '../auth/accounts.js';
import { hasRole, requireRole, staffActor } from '../auth/guards.js';
import { isLanguage, translator } from '../i18n.js';
import { documentRoutes } from './documents.js';
import { localizedSchema, readableChecklist, readableFormData } from './task-form-view.js';
import { formFields, postedData, problemList, withAnswers } from './task-form-fields.js';
import type { StaffDeps } from './index.js';

/** The groups a staff member works for; 'all' for a team lead (and admin). */
export function viewerOf(staff: StaffAccount | undefined): TaskViewer {
  if (!staff) return { username: '', groups: [] };
  if (hasRole(staff, ['team-lead'])) return { username: staff.username, groups: 'all' };
  return { username: staff.username, groups: staff.roles.filter((r) => r === 'back-office' || r === 'front-office') };
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  (allowed as readonly unknown[]).includes(value) ? (value as T) : undefined;

/** The list's filters from the query string, as the form sends them back. */
function filterOf(query: Request['query']) {
  const due = text(query.due);
  const filter: TaskFilter = {
    tab: oneOf(query.tab, taskTabs) ?? 'work',
    municipalityCode: /^\d{3}$/.test(text(query.municipality)) ? text(query.municipality) : undefined,
    purpose: oneOf(query.purpose, ['work', 'study', 'family', 'other'] as const),
    citizenshipGroup: oneOf(query.citizenship, ['eu', 'nordic', 'other'] as const),
    dueBy: isIsoDate(due) ? zonedInstant(addDays(due, 1), '00:00') : undefined,
    overdue: query.overdue === '1',
    sort: oneOf(query.sort, taskSorts) ?? 'due',
    descending: query.dir === 'desc',
  };
  return { filter, form: { ...filter, due: isIsoDate(due) ? due : '', municipality: filter.municipalityCode ?? '' } };
}

/** Where to go back to after a claim: the list (with its filters) or the task page. */
function backTo(req: Request, fallback: string): string {
  const returnTo = text((req.body as Record<string, unknown> | undefined)?.returnTo);
  return returnTo.startsWith('/staff/tasks') && !returnTo.startsWith('//') ? returnTo : fallback;
}

/** The posted form data: a JSON body's `variables`, or the hidden `variables` field of a form post. */
function submittedData(req: Request): unknown {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body.variables !== 'string') return body.variables;
  try {
    return JSON.parse(body.variables) as unknown;
  } catch {
    throw new ValidationError('form data is not JSON');
  }
}

const wantsJson = (req: Request) => typeof req.is('application/json') === 'string';

/**
 * The task the engine creates next for the same person, once the inbox has it: the engine moves on and the
 * inbox activates the new job within moments, so wait a little (real time, not the case clock) and give up
 * quietly, in which case the task is in the list when it comes.
 */
async function awaitNextTask(find: () => Promise<UserTask | undefined>, waitMs = 5000): Promise<UserTask | undefined> {
  const until = Date.now() + waitMs;
  for (;;) {
    const task = await find();
    if (task || Date.now() >= until) return task;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The page's translation function, for a flash message. */
const tOf = (res: Response) => translator(isLanguage(res.locals.lang) ? res.locals.lang : 'en');

/** The routes of the task list, the task page and the documents it previews. */
export function taskRoutes(deps: StaffDeps): Router {
  const router = Router();
  const { caseFile } = deps;
  const tasks = caseFile.tasks;
  const taskWorkers = requireRole('back-office', 'front-office', 'team-lead');

  /** The task, if the staff member may work it: 404 when there is none, 403 when it is another group's. */
  async function visibleTask(req: Request, res: Response): Promise<UserTask> {
    const task = await tasks.get(String(req.params.jobKey));
    if (!task) throw new NotFoundError('task not found');
    if (!canWork(task, viewerOf(res.locals.staff)))
      throw new ForbiddenError('this task is for another group', { candidateGroups: task.candidateGroups });
    return task;
  }

  router.get('/staff/tasks', taskWorkers, async (req, res) => {
    const { filter, form } = filterOf(req.query);
    const staff = res.locals.staff;
    const isLead = hasRole(staff, ['team-lead']);
    const [list, municipalities, accounts] = await Promise.all([
      tasks.list(filter, viewerOf(staff), staffActor(res)),
      caseFile.municipalities.list(),
      isLead ? deps.accounts.list() : Promise.resolve([]),
    ]);
    res.render('staff/tasks/list', {
      tasks: list,
      filter: form,
      tabs: taskTabs,
      sorts: taskSorts,
      municipalities,
      accounts,
      isLead,
      returnTo: req.originalUrl,
    });
  });

  router.post('/staff/tasks/:jobKey/claim', taskWorkers, async (req, res) => {
    const task = await visibleTask(req, res);
    await tasks.claim(task.jobKey, res.locals.staff?.username ?? '', staffActor(res));
    res.redirect(303, backTo(req, `/staff/tasks/${task.jobKey}`));
  });

  router.post('/staff/tasks/:jobKey/unclaim', taskWorkers, async (req, res) => {
    const task = await visibleTask(req, res);
    const anyone = hasRole(res.locals.staff, ['team-lead']);
    await tasks.unclaim(task.jobKey, res.locals.staff?.username ?? '', staffActor(res), { anyone });
    res.redirect(303, backTo(req, '/staff/tasks'));
  });

  router.post('/staff/tasks/:jobKey/assign', requireRole('team-lead'), async (req, res) => {
    const task = await visibleTask(req, res);
    const username = text((req.body as Record<string, unknown>).assignee);
    // only someone who works cases can open the task once it is theirs
    const account = (await deps.accounts.list()).find(
      (a) => a.username === username && hasRole(a, ['back-office', 'front-office', 'team-lead']),
    );
    if (!account) throw new ValidationError('choose a staff member to assign the task to');
    await tasks.assign(task.jobKey, account.username, staffActor(res));
    res.redirect(303, backTo(req, '/staff/tasks?tab=all'));
  });

  router.get('/staff/tasks/:jobKey', taskWorkers, async (req, res) => {
    const task = await visibleTask(req, res);
    const actor = staffActor(res);
    const application = task.applicationId ? await caseFile.applications.get(task.applicationId, actor) : undefined;
    if (application && statusGroup(application.status) === 'closed' && task.status === 'open') {
      // the process ended the task when the case closed; the list must not offer it any longer
      await tasks.cancelOpenForApplication(application.id, actor);
      task.status = 'cancelled';
    }
    const form = task.formKey ? await caseFile.deployedResources.formByKey(task.formKey) : undefined;
    const history = application ? await caseFile.audit.listForApplication(application.id) : [];
    const language = isLanguage(res.locals.lang) ? res.locals.lang : 'en';
    const checklist = readableChecklist(
      Array.isArray(task.variables.checklist) ? task.variables.checklist : [],
      language,
    );
    // what was last asked of the citizen, and their reply, so the review after a hearing reads it (audited)
    const hearing = application ? await caseFile.hearings.current(application.id, actor) : undefined;
    const schema = form && localizedSchema(form.formId, form.schema, language);
    const data = form ? readableFormData(form.formId, formData(form.formId, task.variables), language) : {};
    // a refused completion comes back with its problems beside the fields and the answers as they were
    const refused = req.session.taskProblems?.jobKey === task.jobKey ? req.session.taskProblems : undefined;
    delete req.session.taskProblems;
    const t = tOf(res);
    const say = (message: string) =>
      t(`tasks:formProblem.${message.split(/\s+/).join('-')}`, { defaultValue: message });
    // the first problem of a field is the one shown, beside it and in the summary alike
    const errors = Object.fromEntries([...(refused?.problems ?? [])].reverse().map((p) => [p.field, say(p.message)]));
    const shown = refused?.answers ? withAnswers(data, refused.answers) : data;
    // the design system's own fields where the renderer knows every component, else the form-js viewer
    const fields = form ? formFields(schema, shown, errors) : undefined;
    res.render('staff/tasks/task', {
      hearing,
      task,
      application,
      form: form && { id: form.formId, version: form.version, schema },
      fields,
      data,
      checklist,
      timeline: caseTimeline(history).reverse(),
      isMine: task.assignee === res.locals.staff?.username,
      isOverdue: task.dueAt !== null && task.dueAt.getTime() < caseFile.clock.now().getTime(),
      isLead: hasRole(res.locals.staff, ['team-lead']),
      problems: refused && problemList(fields ?? [], refused.problems, say),
    });
  });

  router.post('/staff/tasks/:jobKey/complete', taskWorkers, async (req, res) => {
    const task = await visibleTask(req, res);
    const staff = res.locals.staff;
    const username = staff?.username ?? '';
    const actor = staffActor(res);
    if (task.status !== 'open') throw new ConflictError('task is no longer open', { jobKey: task.jobKey });
    const form = task.formKey ? await caseFile.deployedResources.formByKey(task.formKey) : undefined;
    if (!form) throw new ConflictError('the form of this task is not known here', { formKey: task.formKey });
    let variables: Record<string, unknown>;
    const body = (req.body ?? {}) as Record<string, unknown>;
    // the design system's fields post the answers themselves; the form-js viewer posts them as JSON
    const answers = typeof body._taskForm === 'string' ? postedData(form.schema, body) : submittedData(req);
    try {
      variables = completionVariables(form.formId, form.schema, answers, task.variables, username);
    } catch (error) {
      if (wantsJson(req) || !(error instanceof ValidationError)) throw error;
      const problems = (error.details.problems as { field: string; message: string }[] | undefined) ?? [
        { field: 'form', message: error.message },
      ];
      req.session.taskProblems = {
        jobKey: task.jobKey,
        problems,
        ...(typeof body._taskForm === 'string' ? { answers: answers as Record<string, unknown> } : {}),
      };
      res.redirect(303, `/staff/tasks/${task.jobKey}`);
      return;
    }
    // completing claims an unclaimed task; someone else's claim stands
    await tasks.claim(task.jobKey, username, actor);
    try {
      await deps.engine.completeJob({ jobKey: task.jobKey, variables: variables as never });
    } catch (error) {
      if ((error as { code?: number }).code !== 5) throw error;
      // NOT_FOUND: an interrupting event (withdrawal, a closed case) ended the task in the engine
      await tasks.markCancelled(task.jobKey, actor);
      if (wantsJson(req)) throw new ConflictError('the case moved on; this task no longer exists');
      req.session.flash = { kind: 'info', text: tOf(res)('tasks:flash.gone') };
      res.redirect(303, '/staff/tasks');
      return;
    }
    await tasks.markCompleted(task.jobKey, username, actor);
    // the next step follows the person: where the model hands them the next task, open it for them
    const next =
      task.applicationId && leadsToOwnTask(form.formId, variables)
        ? await awaitNextTask(() => tasks.nextFor(task.applicationId ?? '', username, task.jobKey))
        : undefined;
    const location = next ? `/staff/tasks/${next.jobKey}` : '/staff/tasks';
    if (wantsJson(req)) {
      res.json({ status: 'completed', next: location });
      return;
    }
    req.session.flash = {
      kind: 'success',
      text: tOf(res)(next ? 'tasks:flash.completedNext' : 'tasks:flash.completed'),
    };
    res.redirect(303, location);
  });

  router.use(documentRoutes(deps));
  return router;
}

declare module 'express-session' {
  interface SessionData {
    /** the problems of a task form that was sent back, shown once on the task page */
    taskProblems?: {
      jobKey: string;
      problems: { field: string; message: string }[];
      /** what a refused post of the design system's fields carried, to show again */
      answers?: Record<string, unknown>;
    };
  }
}
