// The audit log: who read or changed which case, and when. Every repository records through this one
// helper, passed in rather than imported as a global, so a spec can read what was recorded and a
// repository cannot forget the transaction it writes in. The detail carries identifiers and outcomes
// only: a key that names personal data is refused outright, by the same list that keeps it out of logs.
import type { Knex } from 'knex';
import { ValidationError } from '../lib/errors/index.js';
import { personalFields } from '../lib/logger/index.js';

/** A value the detail may hold: identifiers, counts, codes, flags. */
export type AuditValue = string | number | boolean | null | readonly AuditValue[] | { [key: string]: AuditValue };

/** One audit row as written. */
export interface AuditRecord {
  /** citizen, worker:<job type>, caseworker:<id>, system */
  actor: string;
  /** kebab-case verb phrase, e.g. application-read, document-uploaded */
  action: string;
  applicationId?: string | null | undefined;
  detail?: Record<string, AuditValue> | undefined;
}

/** One audit row as read. */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  applicationId: string | null;
  detail: Record<string, AuditValue>;
}

/** Records and reads the audit trail. */
export interface AuditLog {
  /** Appends a row, in `db` when given (the caller's transaction) so it commits or rolls back with the change. */
  record(entry: AuditRecord, db?: Knex): Promise<void>;
  /** Appends several rows in one statement (a list that shows many cases); nothing for an empty list. */
  recordMany(entries: readonly AuditRecord[], db?: Knex): Promise<void>;
  /** The case's rows, oldest first: for the case history and for specs. */
  listForApplication(applicationId: string): Promise<AuditEntry[]>;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  application_id: string | null;
  detail: Record<string, AuditValue>;
}

const forbiddenKeys = new Set(
  [
    ...personalFields,
    'administrativeCprNumber',
    'city',
    'postcode',
    'nationality',
    'givenNames',
    'toAddress',
    'content',
    'body',
    'bodyText',
    'filename',
  ].map((key) => key.toLowerCase()),
);

function checkDetail(value: AuditValue, path: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    (value as readonly AuditValue[]).forEach((item, i) => checkDetail(item, `${path}[${i}]`));
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (forbiddenKeys.has(key.toLowerCase()))
      throw new ValidationError('audit detail must not carry personal data', { field: `${path}.${key}` });
    checkDetail(inner, `${path}.${key}`);
  }
}

/** The row to insert for an entry, once its detail is checked for personal data. */
function auditRow(entry: AuditRecord) {
  const detail = entry.detail ?? {};
  checkDetail(detail, 'detail');
  if (!entry.actor || !entry.action) throw new ValidationError('audit record needs an actor and an action');
  return {
    actor: entry.actor,
    action: entry.action,
    application_id: entry.applicationId ?? null,
    detail: JSON.stringify(detail),
  };
}

/** Creates the audit log on a migrated database. */
export function createAuditLog({ knex }: { knex: Knex }): AuditLog {
  return {
    async record(entry, db = knex) {
      await db('audit_log').insert(auditRow(entry));
    },

    async recordMany(entries, db = knex) {
      if (entries.length === 0) return;
      await db('audit_log').insert(entries.map(auditRow));
    },

    async listForApplication(applicationId) {
      const rows = (await knex('audit_log')
        .select('id', 'at', 'actor', 'action', 'application_id', 'detail')
        .where({ application_id: applicationId })
        .orderBy('id')) as AuditRow[];
      return rows.map((row) => ({
        id: String(row.id),
        at: row.at,
        actor: row.actor,
        action: row.action,
        applicationId: row.application_id,
        detail: row.detail,
      }));
    },
  };
}
