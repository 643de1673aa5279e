// The task list: the engine's job-based user tasks (DESIGN.md "User tasks") as the user-task inbox wrote them
// into user_tasks, with who may see them, claims and assignments, and their end (completed, or cancelled when
// the case closed under them). The engine owns the task's life; this table owns who works on it. Keys are
// strings. Every change is audited on the case it belongs to.
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { documentLabel, type Language } from './mail-templates.js';
import { isHidden } from './form-visibility.js';
import { isRejectionReason, otherReason, reasonInWords } from './rejection-reasons.js';

/** Where a task is in its life. */
export type TaskStatus = 'open' | 'completed' | 'cancelled';

/** A user task as stored. */
export interface UserTask {
  jobKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** null for a task of a process that is not one of our cases (a shared Zeebe) */
  applicationId: string | null;
  formKey: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  dueAt: Date | null;
  followUpAt: Date | null;
  variables: Record<string, unknown>;
  status: TaskStatus;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}

/** A task in the list, with its case's profile and the applicant's name (a read of personal data, audited). */
export interface TaskListItem extends Omit<UserTask, 'variables'> {
  reference: string | null;
  applicantName: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  purpose: string | null;
  citizenshipGroup: string | null;
  isOverdue: boolean;
}

/** A job of type io.camunda.zeebe:userTask as the inbox activated it. */
export interface UserTaskJob {
  jobKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, unknown>;
  variables: Record<string, unknown>;
}

/** Who looks at the list: `groups` 'all' for a team lead. */
export interface TaskViewer {
  username: string;
  groups: readonly string[] | 'all';
}

/**
 * The tabs of the list. 'work' (the default) is where a caseworker's work is: their own tasks and their
 * groups' unassigned ones, so a new caseworker does not open on an empty list.
 */
export const taskTabs = ['work', 'mine', 'unassigned', 'all'] as const;
/** A tab. */
export type TaskTab = (typeof taskTabs)[number];

/** The sort orders of the list. */
export const taskSorts = ['due', 'created', 'reference'] as const;
/** A sort order. */
export type TaskSort = (typeof taskSorts)[number];

/** The list's filters. */
export interface TaskFilter {
  tab?: TaskTab;
  municipalityCode?: string | undefined;
  purpose?: string | undefined;
  citizenshipGroup?: string | undefined;
  /** YYYY-MM-DD: due on or before that day's end (Copenhagen) */
  dueBy?: Date | undefined;
  overdue?: boolean;
  sort?: TaskSort;
  descending?: boolean;
  limit?: number;
}

/** The task list's operations. */
export interface Tasks {
  /** Stores an activated job as a task; the same job again (re-activated after its timeout) is the same task. */
  upsertFromJob(job: UserTaskJob, actor: string): Promise<{ task: UserTask; isNew: boolean }>;
  /** A task by job key. */
  get(jobKey: string): Promise<UserTask | undefined>;
  /** The open tasks the viewer may see, filtered and sorted; each case shown is audited as read by `actor`. */
  list(filter: TaskFilter, viewer: TaskViewer, actor: string): Promise<TaskListItem[]>;
  /** Takes an open task; ConflictError when someone else has it. Idempotent for the same user. */
  claim(jobKey: string, username: string, actor: string): Promise<UserTask>;
  /** Gives a task back; ConflictError unless the user has it (or `anyone`, for a team lead). */
  unclaim(jobKey: string, username: string, actor: string, options?: { anyone?: boolean }): Promise<UserTask>;
  /** Sets the assignee of an open task (a team lead's decision). */
  assign(jobKey: string, assignee: string, actor: string): Promise<UserTask>;
  /** Records that the job was completed in the engine. */
  markCompleted(jobKey: string, completedBy: string, actor: string): Promise<void>;
  /** Records that the job is gone (the case closed or an interrupting event took it). */
  markCancelled(jobKey: string, actor: string): Promise<void>;
  /** Cancels a case's open tasks (the case is closed); returns how many. */
  cancelOpenForApplication(applicationId: string, actor: string): Promise<number>;
  /** Every task of a case, newest first. */
  byApplication(applicationId: string): Promise<UserTask[]>;
  /** The newest open task of a case assigned to `assignee`, other than `exceptJobKey`: the next step of a person. */
  nextFor(applicationId: string, assignee: string, exceptJobKey: string): Promise<UserTask | undefined>;
}

interface TaskRow {
  job_key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  element_id: string;
  element_instance_key: string;
  application_id: string | null;
  form_key: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  assignee: string | null;
  due_at: Date | null;
  follow_up_at: Date | null;
  variables: Record<string, unknown>;
  status: TaskStatus;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
}

interface ListRow extends TaskRow {
  reference: string | null;
  given_name: string | null;
  family_name: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  purpose: string | null;
  citizenship_group: string | null;
}

const toTask = (row: TaskRow): UserTask => ({
  jobKey: row.job_key,
  processInstanceKey: row.process_instance_key,
  processDefinitionKey: row.process_definition_key,
  bpmnProcessId: row.bpmn_process_id,
  elementId: row.element_id,
  elementInstanceKey: row.element_instance_key,
  applicationId: row.application_id,
  formKey: row.form_key,
  candidateGroups: row.candidate_groups,
  candidateUsers: row.candidate_users,
  assignee: row.assignee,
  dueAt: row.due_at,
  followUpAt: row.follow_up_at,
  variables: row.variables,
  status: row.status,
  createdAt: row.created_at,
  completedAt: row.completed_at,
  completedBy: row.completed_by,
});

const headerPrefix = 'io.camunda.zeebe:';

/** A header list: Zeebe sends a JSON array as a string; a plain comma list is read too. */
export function headerList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value !== 'string' || value.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return headerList(parsed);
  } catch {
    // not JSON: a comma list
  }
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function headerDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value.replace(/\[.*\]$/, ''));
  return Number.isNaN(date.getTime()) ? null : date;
}

const headerText = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** What the job's headers say about the task: form key, candidates, assignee, due and follow-up dates. */
export function taskHeaders(headers: Record<string, unknown>) {
  return {
    formKey: headerText(headers[`${headerPrefix}formKey`]),
    candidateGroups: headerList(headers[`${headerPrefix}candidateGroups`]),
    candidateUsers: headerList(headers[`${headerPrefix}candidateUsers`]),
    assignee: headerText(headers[`${headerPrefix}assignee`]),
    dueAt: headerDate(headers[`${headerPrefix}dueDate`]),
    followUpAt: headerDate(headers[`${headerPrefix}followUpDate`]),
  };
}

/** Whether a viewer may see and work a task: a candidate group or user, the assignee, or a team lead. */
export function canWork(task: Pick<UserTask, 'candidateGroups' | 'candidateUsers' | 'assignee'>, viewer: TaskViewer) {
  if (viewer.groups === 'all') return true;
  const groups = viewer.groups;
  return (
    task.assignee === viewer.username ||
    task.candidateUsers.includes(viewer.username) ||
    task.candidateGroups.some((group) => groups.includes(group))
  );
}

/** Creates the task list repository. */
export function createTasks({ knex, audit, clock }: { knex: Knex; audit: AuditLog; clock: Clock }): Tasks {
  async function record(task: UserTask, actor: string, action: string, detail: Record<string, string> = {}) {
    if (!task.applicationId) return;
    await audit.record({
      actor,
      action,
      applicationId: task.applicationId,
      detail: { jobKey: task.jobKey, elementId: task.elementId, ...detail },
    });
  }

  async function openTask(jobKey: string): Promise<UserTask> {
    const row = (await knex('user_tasks').where({ job_key: jobKey }).first()) as TaskRow | undefined;
    if (!row) throw new NotFoundError('task not found', { jobKey });
    if (row.status !== 'open') throw new ConflictError('task is no longer open', { jobKey, status: row.status });
    return toTask(row);
  }

  /** Updates an open task where `guard` holds; the row or undefined. */
  async function update(jobKey: string, changes: Record<string, unknown>, guard?: (q: Knex.QueryBuilder) => void) {
    const query = knex('user_tasks').where({ job_key: jobKey, status: 'open' }).update(changes);
    if (guard) guard(query);
    const [row] = (await query.returning('*')) as TaskRow[];
    return row && toTask(row);
  }

  return {
    async upsertFromJob(job, actor) {
      const headers = taskHeaders(job.customHeaders);
      const applicationId = typeof job.variables.applicationId === 'string' ? job.variables.applicationId : null;
      const result = await knex.raw<{ rows: (TaskRow & { inserted: boolean })[] }>(
        `insert into user_tasks (job_key, process_instance_key, process_definition_key, bpmn_process_id, element_id,
           element_instance_key, application_id, form_key, candidate_groups, candidate_users, assignee, due_at,
           follow_up_at, variables, created_at)
         values (?, ?, ?, ?, ?, ?, (select id from applications where id = ?), ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (job_key) do update set
           form_key = excluded.form_key,
           candidate_groups = excluded.candidate_groups,
           candidate_users = excluded.candidate_users,
           due_at = excluded.due_at,
           follow_up_at = excluded.follow_up_at,
           variables = excluded.variables
         returning *, (xmax = 0) as inserted`,
        [
          job.jobKey,
          job.processInstanceKey,
          job.processDefinitionKey,
          job.bpmnProcessId,
          job.elementId,
          job.elementInstanceKey,
          applicationId,
          headers.formKey,
          headers.candidateGroups,
          headers.candidateUsers,
          headers.assignee,
          headers.dueAt,
          headers.followUpAt,
          JSON.stringify(job.variables),
          clock.now(),
        ],
      );
      const row = result.rows[0];
      if (!row) throw new Error('task upsert returned no row');
      const task = toTask(row);
      if (row.inserted) await record(task, actor, 'task-created');
      return { task, isNew: row.inserted };
    },

    async get(jobKey) {
      if (!/^\d{1,20}$/.test(jobKey)) return undefined;
      const row = (await knex('user_tasks').where({ job_key: jobKey }).first()) as TaskRow | undefined;
      return row && toTask(row);
    },

    async list(filter, viewer, actor) {
      const now = clock.now();
      const query = knex('user_tasks as t')
        .leftJoin('applications as a', 'a.id', 't.application_id')
        .leftJoin('applicants as p', 'p.application_id', 'a.id')
        .leftJoin('municipalities as m', 'm.code', 'a.municipality_code')
        .select(
          't.*',
          'a.reference',
          'p.given_name',
          'p.family_name',
          'a.municipality_code',
          'm.name as municipality_name',
          'a.purpose',
          'a.citizenship_group',
        )
        .where('t.status', 'open');
      const tab = filter.tab ?? 'work';
      const visible = (q: Knex.QueryBuilder) => {
        if (viewer.groups === 'all') return;
        const groups = [...viewer.groups];
        void q.where((w) => {
          void w
            .whereRaw('t.candidate_groups && ?::text[]', [groups])
            .orWhereRaw('? = any(t.candidate_users)', [viewer.username])
            .orWhere('t.assignee', viewer.username);
        });
      };
      if (tab === 'mine') void query.where('t.assignee', viewer.username);
      else if (tab === 'unassigned') {
        void query.whereNull('t.assignee');
        visible(query);
      } else if (tab === 'work') {
        void query.where((w) => void w.where('t.assignee', viewer.username).orWhereNull('t.assignee'));
        visible(query);
      } else visible(query);
      if (filter.municipalityCode) void query.where('a.municipality_code', filter.municipalityCode);
      if (filter.purpose) void query.where('a.purpose', filter.purpose);
      if (filter.citizenshipGroup) void query.where('a.citizenship_group', filter.citizenshipGroup);
      if (filter.dueBy) void query.where('t.due_at', '<=', filter.dueBy);
      if (filter.overdue) void query.where('t.due_at', '<', now);
      const direction = filter.descending ? 'desc' : 'asc';
      const sort = filter.sort ?? 'due';
      if (sort === 'due') void query.orderByRaw(`t.due_at ${direction} nulls last`);
      else if (sort === 'reference') void query.orderByRaw(`a.reference ${direction} nulls last`);
      void query.orderBy('t.created_at', sort === 'created' ? direction : 'asc').orderBy('t.job_key');
      const rows = (await query.limit(Math.min(filter.limit ?? 200, 500))) as ListRow[];
      // the rows carry the applicants' names: each case shown is a read, so a citizen's access request lists it
      const shown = [...new Set(rows.map((row) => row.application_id).filter((id): id is string => id !== null))];
      await audit.recordMany(
        shown.map((applicationId) => ({ actor, action: 'application-listed-in-tasks', applicationId })),
      );
      return rows.map((row) => {
        const { variables: _variables, ...task } = toTask(row);
        return {
          ...task,
          reference: row.reference,
          applicantName: row.given_name === null ? null : `${row.given_name} ${row.family_name ?? ''}`.trim(),
          municipalityCode: row.municipality_code,
          municipalityName: row.municipality_name,
          purpose: row.purpose,
          citizenshipGroup: row.citizenship_group,
          isOverdue: row.due_at !== null && row.due_at.getTime() < now.getTime(),
        };
      });
    },

    async claim(jobKey, username, actor) {
      const current = await openTask(jobKey);
      if (current.assignee === username) return current;
      const task = await update(jobKey, { assignee: username }, (q) => void q.whereNull('assignee'));
      if (!task) throw new ConflictError('task is assigned to someone else', { jobKey });
      await record(task, actor, 'task-claimed');
      return task;
    },

    async unclaim(jobKey, username, actor, { anyone = false } = {}) {
      const current = await openTask(jobKey);
      if (current.assignee === null) return current;
      const task = await update(jobKey, { assignee: null }, (q) => {
        if (!anyone) void q.where('assignee', username);
      });
      if (!task) throw new ConflictError('task is assigned to someone else', { jobKey });
      await record(task, actor, 'task-unclaimed');
      return task;
    },

    async assign(jobKey, assignee, actor) {
      if (!assignee) throw new ValidationError('assignee is required', { jobKey });
      await openTask(jobKey);
      const task = await update(jobKey, { assignee });
      if (!task) throw new ConflictError('task is no longer open', { jobKey });
      await record(task, actor, 'task-assigned', { assignee });
      return task;
    },

    async markCompleted(jobKey, completedBy, actor) {
      const task = await update(jobKey, { status: 'completed', completed_at: clock.now(), completed_by: completedBy });
      if (task) await record(task, actor, 'task-completed');
    },

    async markCancelled(jobKey, actor) {
      const task = await update(jobKey, { status: 'cancelled', completed_at: clock.now() });
      if (task) await record(task, actor, 'task-cancelled');
    },

    async cancelOpenForApplication(applicationId, actor) {
      const rows = (await knex('user_tasks')
        .where({ application_id: applicationId, status: 'open' })
        .update({ status: 'cancelled', completed_at: clock.now() })
        .returning('*')) as TaskRow[];
      for (const row of rows) await record(toTask(row), actor, 'task-cancelled', { reason: 'case-closed' });
      return rows.length;
    },

    async byApplication(applicationId) {
      const rows = (await knex('user_tasks')
        .where({ application_id: applicationId })
        .orderBy('created_at', 'desc')
        .orderBy('job_key', 'desc')) as TaskRow[];
      return rows.map(toTask);
    },

    async nextFor(applicationId, assignee, exceptJobKey) {
      const row = (await knex('user_tasks')
        .where({ application_id: applicationId, assignee, status: 'open' })
        .whereNot('job_key', exceptJobKey)
        .orderBy('created_at', 'desc')
        .first()) as TaskRow | undefined;
      return row && toTask(row);
    },
  };
}

// ---- what a completed task may send to the engine ----

/** A form-js component, as far as the server checks it. */
interface FormComponent {
  type: string;
  key?: string;
  path?: string;
  readonly?: boolean;
  disabled?: boolean;
  components?: FormComponent[];
  values?: { value: unknown }[];
  valuesKey?: string;
  conditional?: { hide?: string };
  validate?: { required?: boolean; maxLength?: number; minLength?: number };
}

/** A problem with one submitted field, for the message at the top of the form. */
export interface FormProblem {
  field: string;
  message: string;
}

// components that show things and carry no value
const displayOnly = new Set([
  'text',
  'html',
  'image',
  'spacer',
  'separator',
  'button',
  'iframe',
  'table',
  'expression',
]);
const textTypes = new Set(['textfield', 'textarea', 'datetime', 'select', 'radio']);
const listTypes = new Set(['checklist', 'taglist']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionsOf(component: FormComponent, variables: Record<string, unknown>): unknown[] | undefined {
  if (component.values) return component.values.map((v) => v.value);
  if (!component.valuesKey) return undefined;
  const options = variables[component.valuesKey];
  if (!Array.isArray(options)) return [];
  return options.map((option: unknown) => (isRecord(option) ? option.value : option));
}

function readComponents(
  components: readonly FormComponent[],
  data: Record<string, unknown>,
  variables: Record<string, unknown>,
  prefix: string,
  problems: FormProblem[],
  scope: { root: Record<string, unknown>; item?: Record<string, unknown> } = { root: data },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const component of components) {
    if (displayOnly.has(component.type)) continue;
    // a field its condition hides is not part of the answer (form-js does not submit it), and not required
    if (isHidden(component.conditional?.hide, scope.root, scope.item)) continue;
    if (component.type === 'dynamiclist' && component.path) {
      const items = data[component.path];
      if (items === undefined || items === null) continue;
      if (!Array.isArray(items)) {
        problems.push({ field: `${prefix}${component.path}`, message: 'must be a list' });
        continue;
      }
      out[component.path] = items.map((item: unknown, i) =>
        readComponents(
          component.components ?? [],
          isRecord(item) ? item : {},
          variables,
          `${prefix}${component.path}[${i}].`,
          problems,
          { root: scope.root, item: isRecord(item) ? item : {} },
        ),
      );
      continue;
    }
    if (component.components) {
      if (component.path) {
        const inner = data[component.path];
        out[component.path] = readComponents(
          component.components,
          isRecord(inner) ? inner : {},
          variables,
          `${prefix}${component.path}.`,
          problems,
          scope,
        );
      } else Object.assign(out, readComponents(component.components, data, variables, prefix, problems, scope));
      continue;
    }
    const key = component.key;
    // read-only fields keep what the process holds; the browser does not get to change them
    if (!key || component.readonly || component.disabled) continue;
    const field = `${prefix}${key}`;
    const value = data[key];
    const required = component.validate?.required === true;
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (required) problems.push({ field, message: 'is required' });
      continue;
    }
    const options = optionsOf(component, variables);
    if (textTypes.has(component.type)) {
      if (typeof value !== 'string') {
        problems.push({ field, message: 'must be text' });
        continue;
      }
      const { maxLength, minLength } = component.validate ?? {};
      if (maxLength !== undefined && value.length > maxLength) problems.push({ field, message: 'is too long' });
      if (minLength !== undefined && value.length < minLength) problems.push({ field, message: 'is too short' });
      if ((component.type === 'radio' || component.type === 'select') && options && !options.includes(value))
        problems.push({ field, message: 'is not one of the choices' });
      out[key] = value;
    } else if (component.type === 'checkbox') {
      if (typeof value !== 'boolean') problems.push({ field, message: 'must be yes or no' });
      else out[key] = value;
    } else if (component.type === 'number') {
      const number = typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) problems.push({ field, message: 'must be a number' });
      else out[key] = number;
    } else if (listTypes.has(component.type)) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || (options && !options.includes(v))))
        problems.push({ field, message: 'is not one of the choices' });
      else out[key] = value;
    } else {
      problems.push({ field, message: 'is a field the server cannot check' });
    }
  }
  return out;
}

interface ChecklistEntry {
  document: string;
  basis: string;
  basisDa?: string;
  uploadStatus: string;
  documentId?: string;
  verdict?: string;
  reason?: string;
  earlierVerdict?: string;
  earlierReason?: string;
}

const checklistOf = (variables: Record<string, unknown>): ChecklistEntry[] =>
  Array.isArray(variables.checklist)
    ? variables.checklist.filter((item): item is ChecklistEntry => isRecord(item) && typeof item.document === 'string')
    : [];

/** The review's checklist: the process's items (trusted) with the caseworker's verdicts and reasons. */
function reviewRules(
  out: Record<string, unknown>,
  variables: Record<string, unknown>,
  completedBy: string,
  problems: FormProblem[],
) {
  // the model assigns the hearing request to whoever reviewed (Task_PrepareHearingRequest's assignee)
  out.reviewedBy = completedBy;
  const original = checklistOf(variables);
  const submitted = Array.isArray(out.checklist) ? (out.checklist as Record<string, unknown>[]) : [];
  if (submitted.length !== original.length) {
    problems.push({ field: 'checklist', message: 'must have a verdict for every document' });
    return;
  }
  const checklist = original.map((item, i) => {
    const entry = submitted[i] ?? {};
    const verdict = entry.verdict;
    const typed = typeof entry.reason === 'string' ? entry.reason.trim() : '';
    // a standard reason by its code (read in the citizen's language), "other" with the caseworker's words;
    // without a choice (an SDK client), the typed words, or the automatic check's finding for its document
    const code = entry.reasonCode;
    const reason = isRejectionReason(code)
      ? code
      : code === otherReason
        ? typed
        : typed || (item.uploadStatus === 'present' ? '' : item.uploadStatus);
    if (verdict === 'rejected' && !reason)
      problems.push({
        field: `checklist[${i}].${code === otherReason ? 'reason' : 'reasonCode'}`,
        message: 'is required when rejecting a document',
      });
    // the line as the process holds it (with the upload it was checked against, which round 2 compares),
    // with this review's verdict in place of the one remembered from the review before
    const { verdict: _remembered, reason: _rememberedReason, earlierVerdict: _e, earlierReason: _r, ...line } = item;
    return { ...line, verdict, ...(verdict === 'rejected' ? { reason } : {}) };
  });
  out.checklist = checklist;
  const rejected = checklist.filter((item) => item.verdict === 'rejected').map((item) => item.document);
  if (out.reviewOutcome === 'missing-documents') {
    if (rejected.length === 0)
      problems.push({ field: 'checklist', message: 'reject at least one document to ask for it in a hearing' });
    // the hearing request opens with exactly these documents
    out.missingDocuments = rejected;
  }
  if (out.reviewOutcome === 'complete' && rejected.length > 0)
    problems.push({ field: 'reviewOutcome', message: 'cannot be complete while a document is rejected' });
}

function attendanceRules(out: Record<string, unknown>, problems: FormProblem[]) {
  if (out.attendanceOutcome === 'issue') {
    if (out.isIdentityVerified !== true) problems.push({ field: 'isIdentityVerified', message: 'is required' });
    if (out.areOriginalsSeen !== true) problems.push({ field: 'areOriginalsSeen', message: 'is required' });
  } else {
    delete out.isIdentityVerified;
    delete out.areOriginalsSeen;
  }
  if (out.attendanceOutcome === 'reject' && typeof out.attendanceNote !== 'string')
    problems.push({ field: 'attendanceNote', message: 'is required when rejecting' });
}

/**
 * The variables a completed task sends to the engine: only the form's own fields, each checked against its
 * type, choices and limits, plus the rules of our forms that form-js expresses only as hints (a rejected
 * upload needs a reason, a missing or expired one has it already; a hearing needs a rejected document;
 * issuing needs identity and originals).
 * ValidationError with `problems` otherwise.
 */
export function completionVariables(
  formId: string,
  schema: unknown,
  submitted: unknown,
  variables: Record<string, unknown>,
  completedBy: string,
): Record<string, unknown> {
  if (!isRecord(submitted)) throw new ValidationError('form data must be an object');
  const components = isRecord(schema) && Array.isArray(schema.components) ? (schema.components as FormComponent[]) : [];
  const problems: FormProblem[] = [];
  const out = readComponents(components, submitted, variables, '', problems);
  if (formId === 'back-office-review') reviewRules(out, variables, completedBy, problems);
  if (formId === 'front-office-attendance') attendanceRules(out, problems);
  if (problems.length > 0) throw new ValidationError('the form has problems', { problems });
  return out;
}

/**
 * Whether completing this form hands the same person a next task, which the completion then opens: a review
 * that found documents missing leads to the hearing request, which the model assigns to the reviewer.
 */
export function leadsToOwnTask(formId: string, variables: Record<string, unknown>): boolean {
  return formId === 'back-office-review' && variables.reviewOutcome === 'missing-documents';
}

/**
 * The data a task's form opens with: the process variables, and for the hearing request the documents the
 * review rejected (or, without verdicts, those the automatic check found missing) with a message in each
 * language that names them as the citizen knows them, and why, never in the checklist's own words.
 */
export function formData(formId: string, variables: Record<string, unknown>): Record<string, unknown> {
  if (formId !== 'hearing-request') return variables;
  const checklist = checklistOf(variables);
  const rejected = checklist.filter((item) => item.verdict === 'rejected');
  const known = Array.isArray(variables.missingDocuments)
    ? variables.missingDocuments.filter((d): d is string => typeof d === 'string')
    : [];
  const missingDocuments = known.length > 0 ? known : rejected.map((item) => item.document);
  const asked = missingDocuments.map((document) => ({
    document,
    reason: checklist.find((item) => item.document === document)?.reason ?? '',
  }));
  const message = (language: Language) =>
    `${hearingWords[language].lead}\n${asked
      .map(({ document, reason }) => {
        const why = reasonInWords(reason, language);
        return `- ${documentLabel(document, language)}${why ? `: ${why}` : ''}`;
      })
      .join('\n')}`;
  return {
    ...variables,
    missingDocuments,
    ...(typeof variables.hearingMessage === 'string' || asked.length === 0
      ? {}
      : { hearingMessage: message('en'), hearingMessageDa: message('da') }),
  };
}

/** The opening of a pre-filled hearing message, in the citizen's words. */
const hearingWords: Record<Language, { lead: string }> = {
  en: { lead: 'Please send us these documents:' },
  da: { lead: 'Send os venligst disse dokumenter:' },
};
