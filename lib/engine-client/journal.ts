// The embedded engine's journal and incidents, read straight from its tables (schema `engine`, in the same
// PostgreSQL database as the application when the engine is embedded). This is what Operate gives a Zeebe
// site: where an instance is, what happened to it, which steps are stuck. Only lib/ knows the tables by
// name; web/ and cases/ get plain rows. With real Zeebe the tables do not exist and every read answers
// empty, so callers show the engine-neutral history and point at Operate instead.
import type { Knex } from 'knex';

/** One journal row: an element activated, a job created, a timer fired, an incident raised... */
export interface JournalEntry {
  position: string;
  /** the element instance, job, timer, message or incident key the row is about */
  key: string;
  at: Date;
  /** PROCESS_INSTANCE, JOB, INCIDENT, VARIABLE, MESSAGE, TIMER (Zeebe's value types) */
  valueType: string;
  /** ELEMENT_ACTIVATED, ELEMENT_COMPLETED, SEQUENCE_FLOW_TAKEN, CREATED, ... (Zeebe's intents) */
  intent: string;
  elementId: string | null;
  elementType: string | null;
  /** identifiers and outcomes only: job type, retries, error type and message, message name, variable names */
  detail: Record<string, string | number>;
}

/** An open incident, with the case it belongs to when the instance runs one. */
export interface IncidentRow {
  key: string;
  processInstanceKey: string;
  elementId: string;
  errorType: string;
  errorMessage: string;
  createdAt: Date;
  /** the case's id and reference, when an application runs in the instance */
  applicationId: string | null;
  reference: string | null;
}

/** Open incidents: how many, by error type, and the newest few. */
export interface IncidentSummary {
  total: number;
  byErrorType: { errorType: string; count: number }[];
  newest: IncidentRow[];
}

/** Reads the embedded engine's journal and incidents; empty answers when the engine is not embedded. */
export interface EngineJournal {
  /** Whether the engine's journal is in this database (the embedded engine); false for real Zeebe. */
  available(): Promise<boolean>;
  /** An instance's journal, oldest first (at most `limit` rows); empty when there is no journal. */
  entries(processInstanceKey: string, limit?: number): Promise<JournalEntry[]>;
  /** Open incidents; undefined when the engine's tables are not in this database (see Operate instead). */
  incidents(newest?: number): Promise<IncidentSummary | undefined>;
}

interface JournalDbRow {
  position: string;
  key: string;
  at: string;
  value_type: string;
  intent: string;
  element_id: string | null;
  element_type: string | null;
  detail: unknown;
}

interface IncidentDbRow {
  key: string;
  process_instance_key: string;
  element_id: string;
  error_type: string;
  error_message: string;
  created_at: string;
  application_id: string | null;
  reference: string | null;
}

const detailKeys = ['type', 'retries', 'errorType', 'errorMessage', 'targetElementId', 'messageName'];

/** Keeps the journal detail's identifiers and drops anything else (variable values never reach a page). */
function safeDetail(detail: unknown): Record<string, string | number> {
  if (Array.isArray(detail)) return { variables: detail.filter((n) => typeof n === 'string').join(', ') };
  if (detail === null || typeof detail !== 'object') return {};
  const picked: Record<string, string | number> = {};
  for (const key of detailKeys) {
    const value = (detail as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') picked[key] = value;
  }
  return picked;
}

/** Creates the reader on the application's database. */
export function createEngineJournal({ knex }: { knex: Knex }): EngineJournal {
  async function hasTable(name: 'engine.journal' | 'engine.incidents'): Promise<boolean> {
    const result = await knex.raw<{ rows: { found: string | null }[] }>('select to_regclass(?)::text as found', [name]);
    return (result.rows[0]?.found ?? null) !== null;
  }
  return {
    available: () => hasTable('engine.journal'),

    async entries(processInstanceKey, limit = 2000) {
      if (!/^\d{1,20}$/.test(processInstanceKey) || !(await hasTable('engine.journal'))) return [];
      const rows = (await knex('engine.journal')
        .select([
          'position',
          knex.raw('key::text as key'),
          'at',
          'value_type',
          'intent',
          'element_id',
          'element_type',
          'detail',
        ])
        .where('process_instance_key', knex.raw('?::bigint', [processInstanceKey]))
        .orderBy('position')
        .limit(limit)) as JournalDbRow[];
      return rows.map((row) => ({
        position: String(row.position),
        key: row.key,
        at: new Date(Number(row.at)),
        valueType: row.value_type,
        intent: row.intent,
        elementId: row.element_id,
        elementType: row.element_type,
        detail: safeDetail(row.detail),
      }));
    },

    async incidents(newest = 20) {
      if (!(await hasTable('engine.incidents'))) return undefined;
      const result = await knex.raw<{ rows: { error_type: string; count: string }[] }>(
        'select error_type, count(*) as count from engine.incidents group by error_type order by count(*) desc',
      );
      const rows = await knex.raw<{ rows: IncidentDbRow[] }>(
        `select i.key::text as key, i.process_instance_key::text as process_instance_key, i.element_id,
                i.error_type, i.error_message, i.created_at::text as created_at, a.id as application_id, a.reference
           from engine.incidents i
           left join applications a on a.process_instance_key = i.process_instance_key::text
          order by i.created_at desc, i.key desc
          limit ?`,
        [newest],
      );
      const byErrorType = result.rows.map((row) => ({ errorType: row.error_type, count: Number(row.count) }));
      return {
        total: byErrorType.reduce((sum, row) => sum + row.count, 0),
        byErrorType,
        newest: rows.rows.map((row) => ({
          key: row.key,
          processInstanceKey: row.process_instance_key,
          elementId: row.element_id,
          errorType: row.error_type,
          errorMessage: row.error_message,
          createdAt: new Date(Number(row.created_at)),
          applicationId: row.application_id,
          reference: row.reference,
        })),
      };
    },
  };
}
