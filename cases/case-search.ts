// The read side of the staff case page: finding a case by reference, applicant name or passport number, and
// the path the case took through its process. Search results carry names, so a search is a read of personal
// data: it is audited once as `cases-searched` (the kind of query and the number of hits, never the query
// text, which is itself personal data) and once per case returned as `application-found-by-search`, so a
// citizen's access request lists every search that showed their name.
//
// The path must come out the same on both engines, and real Zeebe serves no history over gRPC. So it is
// built from what the application records itself: every worker audits as `worker:<job type>`, which the
// BPMN's zeebe:taskDefinition types map back to element ids, and every user task is a user_tasks row with
// its element id (open = where the case waits). On the embedded engine the journal adds the elements no
// worker touches (gateways, events, receive tasks) and the flows taken.
import type { Knex } from 'knex';
import type { JournalEntry } from '../lib/engine-client/journal.js';
import type { AuditEntry, AuditLog } from './audit.js';
import type { DeployedResources } from './deployed-resources.js';
import { statusGroup, type ApplicationStatus, type StatusGroup } from './statuses.js';

/** How a query is read: a case reference, a passport number, or (anything else) a name. */
export type SearchKind = 'reference' | 'passport' | 'name';

/** A case found by a search: what the result list shows. */
export interface CaseHit {
  applicationId: string;
  reference: string;
  givenName: string;
  familyName: string;
  status: ApplicationStatus;
  statusGroup: StatusGroup;
  municipalityName: string;
  createdAt: Date;
}

/** A search's answer: how the query was read, and the cases (newest first, at most the limit). */
export interface SearchResult {
  kind: SearchKind | undefined;
  hits: CaseHit[];
}

/** The process a case runs in, as the application recorded it. */
export interface CaseProcess {
  processInstanceKey: string | null;
  processDefinitionKey: string | null;
  version: number | null;
}

/** A case's user task as the task list holds it. */
export interface CaseUserTask {
  elementId: string;
  status: 'open' | 'completed' | 'cancelled';
  createdAt: Date;
  completedAt: Date | null;
}

/** The BPMN a case's diagram shows: the version it runs on, or the newest when that is unknown. */
export interface CaseDiagram {
  xml: string;
  processDefinitionKey: string;
  version: number;
  /** true when the case's own version is not recorded and the newest version stands in */
  isFallback: boolean;
}

/** Search and the case page's reads. */
export interface CaseSearch {
  /** Cases matching a reference, a passport number or a name; audited per case returned. */
  search(query: string, actor: string, limit?: number): Promise<SearchResult>;
  /** The process instance and version recorded for a case; undefined for an unknown case. */
  processOf(applicationId: string): Promise<CaseProcess | undefined>;
  /** The case's user tasks, oldest first. */
  userTasks(applicationId: string): Promise<CaseUserTask[]>;
  /** The BPMN of the case's process version (fallback: the newest cpr-application); undefined if none deployed. */
  diagramOf(process: CaseProcess): Promise<CaseDiagram | undefined>;
}

/** The process every case runs. */
export const caseProcessId = 'cpr-application';

const referencePattern = /^IH-\d{4}-\d{6}$/;
const maxNameTerms = 4;

/** Reads a query: IH-2026-000123 is a reference, a letters-and-digits code with a digit a passport number. */
export function classifyQuery(query: string): { kind: SearchKind; value: string } | undefined {
  const trimmed = query.trim().replace(/\s+/g, ' ');
  if (trimmed.length === 0) return undefined;
  if (referencePattern.test(trimmed.toUpperCase())) return { kind: 'reference', value: trimmed.toUpperCase() };
  const compact = trimmed.replace(/[\s-]/g, '').toUpperCase();
  if (/^[A-Z0-9]{5,20}$/.test(compact) && /\d/.test(compact)) return { kind: 'passport', value: compact };
  return { kind: 'name', value: trimmed.toLowerCase() };
}

const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface HitRow {
  id: string;
  reference: string;
  given_name: string;
  family_name: string;
  status: ApplicationStatus;
  municipality_name: string;
  created_at: Date;
}

/** Creates the case search on a migrated database. */
export function createCaseSearch({
  knex,
  audit,
  deployedResources,
}: {
  knex: Knex;
  audit: AuditLog;
  deployedResources: DeployedResources;
}): CaseSearch {
  return {
    async search(query, actor, limit = 50) {
      const read = classifyQuery(query);
      if (!read) return { kind: undefined, hits: [] };
      const select = knex('applications as a')
        .join('applicants as p', 'p.application_id', 'a.id')
        .join('municipalities as m', 'm.code', 'a.municipality_code')
        .select([
          'a.id',
          'a.reference',
          'p.given_name',
          'p.family_name',
          'a.status',
          'm.name as municipality_name',
          'a.created_at',
        ])
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id')
        .limit(Math.min(Math.max(1, limit), 200));
      if (read.kind === 'reference') select.where('a.reference', read.value);
      else if (read.kind === 'passport') select.where('p.passport_number', read.value);
      else
        // every term must start the given or the family name: "asha ragh" finds Asha Raghunathan
        for (const term of read.value.split(' ').slice(0, maxNameTerms))
          select.where((where) => {
            where
              .whereRaw(`lower(p.given_name) like ? escape '\\'`, [likePrefix(term)])
              .orWhereRaw(`lower(p.family_name) like ? escape '\\'`, [likePrefix(term)]);
          });
      const rows = (await select) as HitRow[];
      await knex.transaction(async (trx) => {
        await audit.record(
          {
            actor,
            action: 'cases-searched',
            applicationId: null,
            detail: { queryKind: read.kind, count: rows.length },
          },
          trx,
        );
        for (const row of rows)
          await audit.record(
            { actor, action: 'application-found-by-search', applicationId: row.id, detail: { queryKind: read.kind } },
            trx,
          );
      });
      return {
        kind: read.kind,
        hits: rows.map((row) => ({
          applicationId: row.id,
          reference: row.reference,
          givenName: row.given_name,
          familyName: row.family_name,
          status: row.status,
          statusGroup: statusGroup(row.status),
          municipalityName: row.municipality_name,
          createdAt: row.created_at,
        })),
      };
    },

    async processOf(applicationId) {
      const row = (await knex('applications')
        .select('process_instance_key', 'process_definition_key', 'process_version')
        .where({ id: applicationId })
        .first()) as
        | { process_instance_key: string | null; process_definition_key: string | null; process_version: number | null }
        | undefined;
      if (!row) return undefined;
      return {
        processInstanceKey: row.process_instance_key,
        processDefinitionKey: row.process_definition_key,
        version: row.process_version,
      };
    },

    async userTasks(applicationId) {
      const rows = (await knex('user_tasks')
        .select('element_id', 'status', 'created_at', 'completed_at')
        .where({ application_id: applicationId })
        .orderBy('created_at')
        .orderBy('job_key')) as {
        element_id: string;
        status: CaseUserTask['status'];
        created_at: Date;
        completed_at: Date | null;
      }[];
      return rows.map((row) => ({
        elementId: row.element_id,
        status: row.status,
        createdAt: row.created_at,
        completedAt: row.completed_at,
      }));
    },

    async diagramOf(process) {
      if (process.processDefinitionKey) {
        const xml = await deployedResources.content(process.processDefinitionKey);
        const version = (await deployedResources.list('process', caseProcessId)).find(
          (resource) => resource.key === process.processDefinitionKey,
        )?.version;
        if (xml)
          return {
            xml,
            processDefinitionKey: process.processDefinitionKey,
            version: version ?? process.version ?? 0,
            isFallback: false,
          };
      }
      const newest = (await deployedResources.list('process', caseProcessId))[0];
      const xml = newest && (await deployedResources.content(newest.key));
      if (!newest || !xml) return undefined;
      return { xml, processDefinitionKey: newest.key, version: newest.version, isFallback: true };
    },
  };
}

/** What the diagram needs to know about a model: each element's name, and the elements each job type runs. */
export interface ModelIndex {
  names: Map<string, string>;
  elementsByJobType: Map<string, string[]>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m: string, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return entities[entity.toLowerCase()] ?? '';
  });
}

function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of text.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    if (match[1]) found.set(match[1], decodeXml(match[2] ?? match[3] ?? ''));
  return found;
}

/**
 * Indexes a BPMN document without a BPMN library: a tag scan is enough to read element names and which
 * element a zeebe:taskDefinition belongs to (its nearest ancestor with an id).
 */
export function indexModel(xml: string): ModelIndex {
  const names = new Map<string, string>();
  const elementsByJobType = new Map<string, string[]>();
  const stack: (string | undefined)[] = [];
  const body = xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
    .replace(/<[?!][\s\S]*?>/g, '');
  const tag = /<(\/?)([^\s>/]+)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  for (const match of body.matchAll(tag)) {
    const [, closing, qualified = '', attributeText = '', selfClosing] = match;
    if (closing) {
      stack.pop();
      continue;
    }
    const attrs = attributes(attributeText);
    const id = attrs.get('id');
    const name = attrs.get('name');
    if (id && name) names.set(id, name);
    if (qualified.endsWith(':taskDefinition') || qualified === 'taskDefinition') {
      const owner = [...stack].reverse().find((entry) => entry !== undefined);
      const type = attrs.get('type');
      if (owner && type) elementsByJobType.set(type, [...(elementsByJobType.get(type) ?? []), owner]);
    }
    if (!selfClosing) stack.push(id);
  }
  return { names, elementsByJobType };
}

/** The path a case took: elements and flows visited, and where it is now (ids of the model). */
export interface CasePath {
  visited: string[];
  flows: string[];
  current: string[];
  /** where `current` comes from: the engine's journal, an open user task, or the newest step recorded */
  currentFrom: 'journal' | 'user-task' | 'latest-step' | 'none';
}

const workerActor = /^worker:(.+)$/;

/**
 * Derives the path from what both engines leave behind (audit rows of workers, user tasks) and, when
 * present, the embedded engine's journal. A closed case has no current element.
 */
export function casePath({
  model,
  audit,
  userTasks,
  journal,
  isClosed,
}: {
  model: ModelIndex;
  audit: readonly AuditEntry[];
  userTasks: readonly CaseUserTask[];
  journal: readonly JournalEntry[];
  isClosed: boolean;
}): CasePath {
  const steps: { elementId: string; at: number }[] = [];
  for (const entry of audit) {
    const type = workerActor.exec(entry.actor)?.[1];
    for (const elementId of (type && model.elementsByJobType.get(type)) || [])
      steps.push({ elementId, at: entry.at.getTime() });
  }
  for (const task of userTasks) steps.push({ elementId: task.elementId, at: task.createdAt.getTime() });
  const flows = new Set<string>();
  const active = new Map<string, string>();
  for (const row of journal) {
    if (row.valueType !== 'PROCESS_INSTANCE' || !row.elementId || row.elementType === 'PROCESS') continue;
    if (row.intent === 'SEQUENCE_FLOW_TAKEN') flows.add(row.elementId);
    else if (row.intent === 'ELEMENT_ACTIVATED') {
      steps.push({ elementId: row.elementId, at: row.at.getTime() });
      active.set(row.key, row.elementId);
    } else if (row.intent === 'ELEMENT_COMPLETED' || row.intent === 'ELEMENT_TERMINATED') active.delete(row.key);
  }
  steps.sort((a, b) => a.at - b.at);
  const visited = [...new Set(steps.map((step) => step.elementId))];
  const known = (id: string) => model.names.has(id) || visited.includes(id);
  if (isClosed) return { visited, flows: [...flows], current: [], currentFrom: 'none' };
  if (journal.length > 0 && active.size > 0)
    return { visited, flows: [...flows], current: [...new Set(active.values())].filter(known), currentFrom: 'journal' };
  const open = userTasks.filter((task) => task.status === 'open').map((task) => task.elementId);
  if (open.length > 0) return { visited, flows: [...flows], current: [...new Set(open)], currentFrom: 'user-task' };
  const latest = steps.at(-1)?.elementId;
  return latest
    ? { visited, flows: [...flows], current: [latest], currentFrom: 'latest-step' }
    : { visited, flows: [...flows], current: [], currentFrom: 'none' };
}
