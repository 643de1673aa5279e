// The notification outbox: a mail is a row before it is a message. Services enqueue in the transaction
// of the change the mail reports, so a case never says "hearing sent" without the mail existing, nor the
// reverse; the mail sender delivers later. Enqueueing is idempotent on the dedupe key: a retried job gets
// the row its first attempt wrote, and the citizen one mail.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { renderMail, type Language, type MailData, type MailTemplate } from './mail-templates.js';

/** Delivery state of an outbox row. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** A mail to enqueue, already rendered. */
export interface NewMail {
  dedupeKey: string;
  applicationId: string;
  toAddress: string;
  template: MailTemplate;
  language: Language;
  subject: string;
  bodyText: string;
}

/** An outbox row. */
export interface OutboxMessage extends NewMail {
  id: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
}

/** Options of a write: the actor for the audit log and the caller's transaction. */
export interface WriteOptions {
  actor: string;
  db?: Knex | undefined;
}

/** The outbox's operations. */
export interface Outbox {
  /** Adds a mail unless one with its dedupe key exists; either way returns the row. */
  enqueue(mail: NewMail, options: WriteOptions): Promise<OutboxMessage>;
  /**
   * Renders a template for the case (its address, language and reference) and enqueues it. The dedupe key
   * defaults to template:applicationId, right for the mails a case gets once (received, rejection, ...).
   */
  notify(
    applicationId: string,
    data: MailData,
    options: WriteOptions & { dedupeKey?: string | undefined },
  ): Promise<OutboxMessage>;
  /** The case's mails, oldest first (audited: they are the citizen's correspondence). */
  listForApplication(applicationId: string, actor: string): Promise<OutboxMessage[]>;
}

/** An outbox row as stored. */
export interface OutboxRow {
  id: string;
  dedupe_key: string;
  application_id: string;
  to_address: string;
  template: MailTemplate;
  language: Language;
  subject: string;
  body_text: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

/** The camelCase form of an outbox row. */
export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    applicationId: row.application_id,
    toAddress: row.to_address,
    template: row.template,
    language: row.language,
    subject: row.subject,
    bodyText: row.body_text,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

const table = 'notification_outbox';

/** Creates the outbox. */
export function createOutbox({ knex, audit, clock }: { knex: Knex; audit: AuditLog; clock: Clock }): Outbox {
  async function enqueue(mail: NewMail, { actor, db = knex }: WriteOptions): Promise<OutboxMessage> {
    if (!mail.dedupeKey) throw new ValidationError('mail needs a dedupe key', { applicationId: mail.applicationId });
    const now = clock.now();
    const inserted = (await db(table)
      .insert({
        id: randomUUID(),
        dedupe_key: mail.dedupeKey,
        application_id: mail.applicationId,
        to_address: mail.toAddress,
        template: mail.template,
        language: mail.language,
        subject: mail.subject,
        body_text: mail.bodyText,
        // the sender compares with the same clock, so a simulated clock sends simulated mail on time
        created_at: now,
        next_attempt_at: now,
      })
      .onConflict('dedupe_key')
      .ignore()
      .returning('*')) as OutboxRow[];
    const [row] = inserted;
    if (row) {
      await audit.record(
        {
          actor,
          action: 'mail-enqueued',
          applicationId: mail.applicationId,
          detail: { template: mail.template, mailId: row.id },
        },
        db,
      );
      return toOutboxMessage(row);
    }
    // the key was taken: by a concurrent enqueue this statement waited for, or by an earlier attempt
    const existing = (await db(table).where({ dedupe_key: mail.dedupeKey }).first()) as OutboxRow | undefined;
    if (!existing) throw new Error('outbox row vanished after a dedupe conflict');
    return toOutboxMessage(existing);
  }

  return {
    enqueue,

    async notify(applicationId, data, options) {
      const db = options.db ?? knex;
      const application = (await db('applications')
        .select('email', 'language', 'reference')
        .where({ id: applicationId })
        .first()) as { email: string; language: Language; reference: string } | undefined;
      if (!application) throw new NotFoundError('application not found', { applicationId });
      const rendered = renderMail(data, { reference: application.reference, language: application.language });
      return enqueue(
        {
          dedupeKey: options.dedupeKey ?? `${data.template}:${applicationId}`,
          applicationId,
          toAddress: application.email,
          template: data.template,
          language: application.language,
          subject: rendered.subject,
          bodyText: rendered.text,
        },
        { actor: options.actor, db },
      );
    },

    async listForApplication(applicationId, actor) {
      const rows = (await knex(table)
        .where({ application_id: applicationId })
        .orderBy('created_at')
        .orderBy('id')) as OutboxRow[];
      await audit.record({ actor, action: 'mails-read', applicationId, detail: { count: rows.length } });
      return rows.map(toOutboxMessage);
    },
  };
}
