// Delivers the outbox over SMTP with nodemailer. Each mail is claimed with FOR UPDATE SKIP LOCKED and
// marked sent in the same transaction that sent it, so two senders never take the same row and a finished
// mail is never picked again: a retried sendPending() mails nothing twice. The one window left is a crash
// between the SMTP server's "250 OK" and the commit; the Message-ID is the outbox id, so a receiving
// system that deduplicates sees the same message. Without SMTP_URL nothing is sent and mails stay pending,
// readable through the outbox.
import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import type { Logger } from '../lib/logger/index.js';
import { createAuditLog, type AuditLog } from './audit.js';
import { systemClock, type Clock } from './clock.js';
import type { OutboxRow } from './outbox.js';

/** What one sendPending() did. */
export interface SendReport {
  sent: number;
  /** failed this time but will be tried again */
  retrying: number;
  /** failed for the last time: status failed, a human must look */
  failed: number;
}

/** Sends pending mails. */
export interface MailSender {
  /** Whether an SMTP server is configured; when not, sendPending() does nothing. */
  readonly enabled: boolean;
  /** Sends up to `limit` pending mails that are due, one transaction each. */
  sendPending(options?: { limit?: number }): Promise<SendReport>;
  /** Closes the SMTP connections. */
  close(): void;
}

/** Dependencies and settings of the sender. */
export interface MailSenderOptions {
  knex: Knex;
  /** smtp:// or smtps:// URL; undefined keeps mails pending */
  smtpUrl: string | undefined;
  /** the From header */
  from: string;
  log: Logger;
  audit?: AuditLog;
  clock?: Clock;
  /** attempts before a mail is marked failed (default 5) */
  maxAttempts?: number;
}

const table = 'notification_outbox';
const defaultLimit = 50;

/** Wait before the next attempt: 1, 2, 4, 8 ... minutes, at most a day. */
export function retryDelayMs(attempts: number): number {
  return Math.min(86_400_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

function domainOf(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

function describeError(error: unknown): { message: string; code: string | undefined } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: error.message.slice(0, 1000), code: typeof code === 'string' ? code : undefined };
  }
  return { message: String(error).slice(0, 1000), code: undefined };
}

/** Creates the sender; without smtpUrl it is a sender that leaves everything pending. */
export function createMailSender(options: MailSenderOptions): MailSender {
  const { knex, smtpUrl, from, log } = options;
  const audit = options.audit ?? createAuditLog({ knex });
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? 5;
  const domain = domainOf(from);
  const transport = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
      })
    : undefined;

  /** Claims, sends and settles one due mail; undefined when none is due. */
  async function sendOne(): Promise<'sent' | 'retrying' | 'failed' | undefined> {
    if (!transport) return undefined;
    return knex.transaction(async (trx) => {
      const now = clock.now();
      const row = (await trx(table)
        .where({ status: 'pending' })
        .andWhere('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .forUpdate()
        .skipLocked()
        .first()) as OutboxRow | undefined;
      if (!row) return undefined;
      try {
        await transport.sendMail({
          from,
          to: row.to_address,
          subject: row.subject,
          text: row.body_text,
          messageId: `<outbox.${row.id}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': row.language },
        });
      } catch (error) {
        const attempts = row.attempts + 1;
        const { message, code } = describeError(error);
        const outcome = attempts >= maxAttempts ? 'failed' : 'retrying';
        await trx(table)
          .where({ id: row.id })
          .update({
            attempts,
            last_error: message,
            status: outcome === 'failed' ? 'failed' : 'pending',
            next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)),
          });
        // the error text can quote the address, so the log gets only its code
        if (outcome === 'failed') log.error({ mailId: row.id, attempts, code }, 'mail could not be sent; giving up');
        else log.warn({ mailId: row.id, attempts, code }, 'mail not sent; will retry');
        return outcome;
      }
      await trx(table)
        .where({ id: row.id })
        .update({ status: 'sent', sent_at: clock.now(), attempts: row.attempts + 1 });
      await audit.record(
        {
          actor: 'system:mail-sender',
          action: 'mail-sent',
          applicationId: row.application_id,
          detail: { mailId: row.id, template: row.template },
        },
        trx,
      );
      log.info({ mailId: row.id, template: row.template }, 'mail sent');
      return 'sent';
    });
  }

  return {
    enabled: transport !== undefined,

    async sendPending({ limit = defaultLimit } = {}) {
      const report: SendReport = { sent: 0, retrying: 0, failed: 0 };
      for (let i = 0; i < limit; i++) {
        const outcome = await sendOne();
        if (!outcome) break;
        report[outcome] += 1;
      }
      return report;
    },

    close() {
      transport?.close();
    },
  };
}
