// The synthetic citizens' mailbox: it watches the outbox and hands each new mail to the citizen it is
// addressed to (by application). It reads the table directly, as a mail server would receive the mails,
// so the simulation neither sends mail nor fills the audit log with reads of its own.
import type { Knex } from 'knex';

export interface Mail {
  id: string;
  applicationId: string;
  template: string;
  bodyText: string;
}

export interface Mailbox {
  /** Calls `deliver` for every mail of the application from now on (and for any already waiting). */
  subscribe(applicationId: string, deliver: (mail: Mail) => void): void;
  unsubscribe(applicationId: string): void;
  stop(): void;
}

export function watchOutbox(knex: Knex, templates: readonly string[], everyMs = 250): Mailbox {
  const subscribers = new Map<string, (mail: Mail) => void>();
  const waiting = new Map<string, Mail[]>();
  const seen = new Set<string>();
  let since = new Date(0);
  let busy = false;
  const poll = async () => {
    // created_at is the inserting transaction's start, so a row can commit after later-stamped ones:
    // look back a few seconds each time, and let `seen` drop what was delivered already
    const from = new Date(since.getTime() - 5000);
    const heads = (await knex('notification_outbox')
      .select('id', 'created_at')
      .where('created_at', '>=', from)
      .whereIn('template', templates)) as { id: string; created_at: Date }[];
    const fresh = heads.filter((h) => !seen.has(h.id)).map((h) => h.id);
    for (const head of heads) if (head.created_at > since) since = head.created_at;
    if (fresh.length === 0) return;
    const rows = (await knex('notification_outbox')
      .select('id', 'application_id', 'template', 'body_text')
      .whereIn('id', fresh)
      .orderBy('created_at')) as { id: string; application_id: string; template: string; body_text: string }[];
    for (const row of rows) {
      seen.add(row.id);
      const mail = { id: row.id, applicationId: row.application_id, template: row.template, bodyText: row.body_text };
      const deliver = subscribers.get(mail.applicationId);
      if (deliver) deliver(mail);
      else waiting.set(mail.applicationId, [...(waiting.get(mail.applicationId) ?? []), mail]);
    }
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    poll()
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  return {
    subscribe(applicationId, deliver) {
      subscribers.set(applicationId, deliver);
      for (const mail of waiting.get(applicationId) ?? []) deliver(mail);
      waiting.delete(applicationId);
    },
    unsubscribe(applicationId) {
      subscribers.delete(applicationId);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** The token of the private link to `path` in a mail, e.g. path 'hearing' for /hearing/<token>. */
export function linkToken(mail: Mail, path: string): string | undefined {
  return new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(mail.bodyText)?.[1];
}
