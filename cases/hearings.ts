// Hearing requests (DOMAIN.md step 4): the caseworker's list of what is missing, sent to the citizen as a
// private link to a page that lists exactly that. The token is random and stored as its sha256; it is
// returned once, and the mail carrying it is enqueued in the same transaction, because after that
// transaction nobody can know the token again.
//
// A retried worker must not open a second round: `open` is keyed by an idempotency key the caller passes
// (the job key of the send-hearing task, stable across a job's retries, new when the process comes back to
// the task), and a retry finds the round its first attempt opened, with the mail already in the outbox.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import { lockApplication, transitionStatus } from './case-state.js';
import type { AuditLog } from './audit.js';
import { deadlineAfter, lastDayOf, type Clock, type IsoDuration } from './clock.js';
import { isDocumentKind, type DocumentMetadata, type DocumentService } from './documents.js';
import type { Outbox } from './outbox.js';
import { createToken, hashToken, isTokenShaped } from './tokens.js';

/** How a hearing ended. */
export type HearingOutcome = 'answered' | 'unanswered' | 'superseded' | 'case-closed';

/** A hearing request as the hearing page and the caseworker see it. */
export interface Hearing {
  id: string;
  applicationId: string;
  reference: string;
  round: number;
  missingDocuments: string[];
  /** why each document is asked for, by code: the review's words, or `missing` / `expired` from the check */
  reasons: Record<string, string>;
  message: string;
  messageDa: string;
  /** the deadline: the first moment after the last day the citizen has (cases/clock.ts deadlineAfter) */
  expiresAt: Date;
  /** that last day (YYYY-MM-DD), which the mails and the page print */
  answerBy: string;
  createdAt: Date;
  remindedAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  outcome: HearingOutcome | null;
  /** what the citizen wrote with the answer, if anything */
  reply: string | null;
}

/** What the caseworker asked for. */
export interface HearingRequest {
  /** the same key returns the same round: use the job key of the task that sends the request */
  idempotencyKey: string;
  missingDocuments: string[];
  /** why each document is asked for, by code (optional: a hearing without a review's verdicts has none) */
  reasons?: Record<string, string> | undefined;
  message: string;
  messageDa: string;
  /**
   * How long the citizen has, as the process's timers count it (the reminder's wait, then the expiry's).
   * Without it, `answerWithinDays`.
   */
  answerWithin?: readonly IsoDuration[] | undefined;
}

/** A round as `open` returns it; `token` only when this call opened it. */
export interface OpenedHearing {
  hearingId: string;
  round: number;
  token: string | undefined;
  isNew: boolean;
  /** the deadline, which the process's expiry timer waits for (as the worker's hearingDeadline) */
  expiresAt: Date;
  answerBy: string;
}

/** A file the citizen sends in answer. */
export interface HearingUpload {
  kind: string;
  filename: string;
  content: Buffer;
  expiresOn?: string | null | undefined;
}

/** What the citizen may send besides files. */
export interface HearingAnswerOptions {
  /** a short note to the caseworker, e.g. why a document cannot be had */
  reply?: string | undefined;
}

/** The answer as stored. */
export interface HearingAnswer {
  hearingId: string;
  applicationId: string;
  reference: string;
  documents: DocumentMetadata[];
}

/** Hearings' operations. */
export interface Hearings {
  /**
   * Opens the next round (superseding an open one), sets the case awaiting documents and enqueues the mail
   * with the link. Idempotent per idempotency key. ConflictError on a closed case.
   */
  open(applicationId: string, request: HearingRequest, actor: string): Promise<OpenedHearing>;
  /**
   * The hearing behind a link. NotFoundError for an unknown token; ForbiddenError once it has expired or
   * been closed. An answered hearing is still returned, so the page can say it was received.
   */
  findByToken(token: string): Promise<Hearing>;
  /**
   * Stores the uploads as new document versions (and the reply, if any), marks the hearing answered and the
   * case documents-received, all or nothing. Only the missing kinds may be uploaded; a reply without files
   * is an answer too. ConflictError when already answered.
   */
  answer(token: string, uploads: HearingUpload[], options?: HearingAnswerOptions): Promise<HearingAnswer>;
  /** Sends the reminder with a link of its own, once per hearing; later calls change nothing. */
  remind(
    applicationId: string,
    actor: string,
  ): Promise<{ hearingId: string; token: string | undefined; isNew: boolean }>;
  /**
   * Closes the open hearing as unanswered, closes the case (closed-unanswered) and enqueues the mail.
   * Idempotent; ConflictError when the hearing was answered in the meantime.
   */
  closeUnanswered(applicationId: string, actor: string): Promise<{ hearingId: string; isNew: boolean }>;
  /** The latest round of the case, if any (for the caseworker). */
  current(applicationId: string, actor: string): Promise<Hearing | undefined>;
}

interface HearingRow {
  id: string;
  application_id: string;
  reference: string;
  round: number;
  missing_documents: string[];
  /** absent until the hearing-reasons migration has run */
  reasons?: Record<string, string> | null;
  message: string;
  message_da: string;
  expires_at: Date;
  created_at: Date;
  reminded_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  outcome: HearingOutcome | null;
  /** absent until the hearing-reply migration has run */
  reply?: string | null;
}

function toHearing(row: HearingRow): Hearing {
  return {
    id: row.id,
    applicationId: row.application_id,
    reference: row.reference,
    round: row.round,
    missingDocuments: row.missing_documents,
    reasons: row.reasons ?? {},
    message: row.message,
    messageDa: row.message_da,
    expiresAt: row.expires_at,
    answerBy: lastDayOf(row.expires_at),
    createdAt: row.created_at,
    remindedAt: row.reminded_at,
    answeredAt: row.answered_at,
    closedAt: row.closed_at,
    outcome: row.outcome,
    reply: row.reply ?? null,
  };
}

const maxMessageLength = 5000;
/** The longest reply a citizen may send with an answer. */
export const maxReplyLength = 2000;

/** Creates the hearings service. */
export function createHearings({
  knex,
  audit,
  outbox,
  documents,
  clock,
  publicUrl,
  answerWithinDays = 44,
}: {
  knex: Knex;
  audit: AuditLog;
  outbox: Outbox;
  documents: DocumentService;
  clock: Clock;
  publicUrl: string;
  /** the date the mails ask for: the process's reminder (14 days) plus its expiry (30 days) by default */
  answerWithinDays?: number;
}): Hearings {
  const hearingUrl = (token: string) => `${publicUrl}/hearing/${token}`;
  const select = (db: Knex) =>
    db('hearing_requests as h').join('applications as a', 'a.id', 'h.application_id').select('h.*', 'a.reference');

  /** The hearing a token opens, locked when `lock`; NotFoundError when there is none. */
  async function byToken(db: Knex, token: string, lock: boolean): Promise<HearingRow> {
    if (!isTokenShaped(token)) throw new NotFoundError('hearing link not found');
    const hash = hashToken(token);
    const query = select(db).whereRaw('(h.token_hash = ? or h.reminder_token_hash = ?)', [hash, hash]);
    if (lock) query.forUpdate('h');
    const row = (await query.first()) as HearingRow | undefined;
    if (!row) throw new NotFoundError('hearing link not found');
    return row;
  }

  function isLapsed(row: HearingRow): boolean {
    return row.outcome !== 'answered' && (row.closed_at !== null || row.expires_at.getTime() <= clock.now().getTime());
  }

  async function latestRound(db: Knex, applicationId: string, lock: boolean): Promise<HearingRow | undefined> {
    const query = select(db).where('h.application_id', applicationId).orderBy('h.round', 'desc');
    if (lock) query.forUpdate('h');
    return (await query.first()) as HearingRow | undefined;
  }

  return {
    async open(applicationId, request, actor) {
      const { idempotencyKey, missingDocuments, message, messageDa } = request;
      if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
        throw new ValidationError('hearing request needs an idempotency key', { applicationId });
      if (!Array.isArray(missingDocuments) || missingDocuments.length === 0 || !missingDocuments.every(isDocumentKind))
        throw new ValidationError('hearing request must list the missing document codes', { applicationId });
      for (const text of [message, messageDa])
        if (typeof text !== 'string' || text.length > maxMessageLength)
          throw new ValidationError('hearing message must be text of at most 5000 characters', { applicationId });
      const missing = [...new Set(missingDocuments)];
      // a reason only for a document asked for, as short text: the page prints it beside the document
      const reasons = Object.fromEntries(
        Object.entries(request.reasons ?? {})
          .filter(([code, reason]) => missing.includes(code) && typeof reason === 'string' && reason.trim() !== '')
          .map(([code, reason]) => [code, reason.trim().slice(0, 500)]),
      );
      return knex.transaction(async (trx) => {
        const application = await lockApplication(trx, applicationId);
        const existing = (await trx('hearing_requests')
          .select('id', 'round', 'expires_at')
          .where({ application_id: applicationId, idempotency_key: idempotencyKey })
          .first()) as { id: string; round: number; expires_at: Date } | undefined;
        if (existing)
          return {
            hearingId: existing.id,
            round: existing.round,
            token: undefined,
            isNew: false,
            expiresAt: existing.expires_at,
            answerBy: lastDayOf(existing.expires_at),
          };
        if (application.status.startsWith('closed-')) throw new ConflictError('case is closed', { applicationId });
        const now = clock.now();
        await trx('hearing_requests')
          .where({ application_id: applicationId })
          .whereNull('closed_at')
          .update({ closed_at: now, outcome: 'superseded' });
        const previous = (await trx('hearing_requests')
          .where({ application_id: applicationId })
          .max({ round: 'round' })
          .first()) as { round: number | null } | undefined;
        const round = (previous?.round ?? 0) + 1;
        const hearingId = randomUUID();
        const { token, tokenHash } = createToken();
        // one deadline, stored once as expires_at: the link lapses, the expiry timer fires and every text
        // prints its last day from this instant
        const expiresAt = deadlineAfter(
          now,
          request.answerWithin ?? [{ years: 0, months: 0, days: answerWithinDays, milliseconds: 0 }],
        );
        const answerBy = lastDayOf(expiresAt);
        await trx('hearing_requests').insert({
          id: hearingId,
          application_id: applicationId,
          round,
          idempotency_key: idempotencyKey,
          missing_documents: JSON.stringify(missing),
          reasons: JSON.stringify(reasons),
          message,
          message_da: messageDa,
          token_hash: tokenHash,
          expires_at: expiresAt,
          created_at: now,
        });
        await audit.record(
          { actor, action: 'hearing-opened', applicationId, detail: { hearingId, round, missingDocuments: missing } },
          trx,
        );
        await transitionStatus({ db: trx, audit, clock }, applicationId, 'awaiting-documents', actor);
        await outbox.notify(
          applicationId,
          {
            template: 'hearing-request',
            hearingUrl: hearingUrl(token),
            missingDocuments: missing,
            message,
            messageDa,
            answerBy,
          },
          { actor, db: trx, dedupeKey: `hearing-request:${hearingId}` },
        );
        return { hearingId, round, token, isNew: true, expiresAt, answerBy };
      });
    },

    async findByToken(token) {
      const row = await byToken(knex, token, false);
      const lapsed = isLapsed(row);
      await audit.record({
        actor: 'citizen',
        action: lapsed ? 'hearing-link-lapsed' : 'hearing-read',
        applicationId: row.application_id,
        detail: { hearingId: row.id, round: row.round },
      });
      if (lapsed) throw new ForbiddenError('hearing link has expired', { hearingId: row.id });
      return toHearing(row);
    },

    async answer(token, uploads, options = {}) {
      const reply = typeof options.reply === 'string' ? options.reply.trim() : '';
      if (reply.length > maxReplyLength)
        throw new ValidationError('reply must be at most 2000 characters', { maxReplyLength });
      if (!Array.isArray(uploads) || (uploads.length === 0 && reply === ''))
        throw new ValidationError('upload at least one of the missing documents');
      return knex.transaction(async (trx) => {
        await lockApplication(trx, (await byToken(trx, token, false)).application_id);
        const row = await byToken(trx, token, true);
        if (row.outcome === 'answered') throw new ConflictError('hearing already answered', { hearingId: row.id });
        if (isLapsed(row)) throw new ForbiddenError('hearing link has expired', { hearingId: row.id });
        const unexpected = uploads.filter((upload) => !row.missing_documents.includes(upload.kind));
        if (unexpected.length > 0)
          throw new ValidationError('only the missing documents can be uploaded here', {
            hearingId: row.id,
            kinds: unexpected.map((upload) => upload.kind),
            missingDocuments: row.missing_documents,
          });
        const stored: (DocumentMetadata & { isNew: boolean })[] = [];
        for (const upload of uploads)
          stored.push(
            await documents.upload(
              { ...upload, applicationId: row.application_id, uploadedBy: 'citizen' },
              'citizen',
              trx,
            ),
          );
        const now = clock.now();
        await trx('hearing_requests')
          .where({ id: row.id })
          .update({ answered_at: now, closed_at: now, outcome: 'answered', ...(reply === '' ? {} : { reply }) });
        await audit.record(
          {
            actor: 'citizen',
            action: 'hearing-answered',
            applicationId: row.application_id,
            // the reply's text stays out of the audit log: it may hold personal data
            detail: {
              hearingId: row.id,
              round: row.round,
              kinds: stored.map((doc) => doc.kind),
              hasReply: reply !== '',
            },
          },
          trx,
        );
        await transitionStatus({ db: trx, audit, clock }, row.application_id, 'documents-received', 'citizen');
        return {
          hearingId: row.id,
          applicationId: row.application_id,
          reference: row.reference,
          documents: stored.map(({ isNew: _isNew, ...doc }) => doc),
        };
      });
    },

    async remind(applicationId, actor) {
      return knex.transaction(async (trx) => {
        await lockApplication(trx, applicationId);
        const row = await latestRound(trx, applicationId, true);
        if (!row) throw new NotFoundError('application has no hearing', { applicationId });
        if (row.reminded_at !== null || row.closed_at !== null)
          return { hearingId: row.id, token: undefined, isNew: false };
        const { token, tokenHash } = createToken();
        await trx('hearing_requests')
          .where({ id: row.id })
          .update({ reminded_at: clock.now(), reminder_token_hash: tokenHash });
        await audit.record(
          { actor, action: 'hearing-reminded', applicationId, detail: { hearingId: row.id, round: row.round } },
          trx,
        );
        await outbox.notify(
          applicationId,
          {
            template: 'hearing-reminder',
            hearingUrl: hearingUrl(token),
            missingDocuments: row.missing_documents,
            answerBy: lastDayOf(row.expires_at),
          },
          { actor, db: trx, dedupeKey: `hearing-reminder:${row.id}` },
        );
        return { hearingId: row.id, token, isNew: true };
      });
    },

    async closeUnanswered(applicationId, actor) {
      return knex.transaction(async (trx) => {
        await lockApplication(trx, applicationId);
        const row = await latestRound(trx, applicationId, true);
        if (!row) throw new NotFoundError('application has no hearing', { applicationId });
        if (row.outcome === 'unanswered') return { hearingId: row.id, isNew: false };
        if (row.outcome === 'answered')
          throw new ConflictError('hearing was answered; the case is not closed', { applicationId, hearingId: row.id });
        await trx('hearing_requests').where({ id: row.id }).update({ closed_at: clock.now(), outcome: 'unanswered' });
        await audit.record(
          {
            actor,
            action: 'hearing-closed-unanswered',
            applicationId,
            detail: { hearingId: row.id, round: row.round },
          },
          trx,
        );
        await transitionStatus({ db: trx, audit, clock }, applicationId, 'closed-unanswered', actor);
        await outbox.notify(applicationId, { template: 'closed-unanswered' }, { actor, db: trx });
        return { hearingId: row.id, isNew: true };
      });
    },

    async current(applicationId, actor) {
      const row = await latestRound(knex, applicationId, false);
      await audit.record({ actor, action: 'hearing-read', applicationId, detail: { hearingId: row?.id ?? null } });
      return row && toHearing(row);
    },
  };
}
