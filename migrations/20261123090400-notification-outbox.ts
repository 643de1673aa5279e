// The outbox: every mail to a citizen is first a row here, written in the same transaction as the change
// it reports, and sent later by the mail sender. The dedupe key makes enqueueing idempotent, so a retried
// job that enqueues again finds its mail already there.
import type { Knex } from 'knex';

/** Creates notification_outbox. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table notification_outbox (
      id text not null,
      dedupe_key text not null,
      application_id text not null references applications (id),
      to_address text not null,
      template text not null,
      language text not null,
      subject text not null,
      body_text text not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      last_error text,
      -- a failed attempt waits before the next one, longer each time
      next_attempt_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      constraint notification_outbox_pkey primary key (id),
      constraint notification_outbox_dedupe_key_key unique (dedupe_key),
      constraint notification_outbox_language_check check (language in ('en', 'da')),
      constraint notification_outbox_status_check check (status in ('pending', 'sent', 'failed')),
      constraint notification_outbox_sent_check check ((status = 'sent') = (sent_at is not null))
    )`);
  await knex.raw(
    `create index notification_outbox_pending_idx on notification_outbox (next_attempt_at) where status = 'pending'`,
  );
  await knex.raw(`create index notification_outbox_application_id_idx on notification_outbox (application_id)`);
  // the outbox read in time order: the mail overview, and the simulation's synthetic mailbox
  await knex.raw(`create index notification_outbox_created_at_idx on notification_outbox (created_at)`);
}

/** Drops notification_outbox. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_outbox');
}
