// Hearing requests: what a caseworker asked the citizen for, round by round, and the private link that
// answers it. A round is opened once per idempotency key (the job that asked), so a retried worker finds
// the round it already opened instead of writing to the citizen twice.
import type { Knex } from 'knex';

/** Creates hearing_requests. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table hearing_requests (
      id text not null,
      application_id text not null references applications (id),
      round integer not null,
      idempotency_key text not null,
      missing_documents jsonb not null,
      message text not null,
      message_da text not null,
      -- sha256 of the link in the request mail, and of the one in the reminder; both open the same hearing
      token_hash text not null,
      reminder_token_hash text,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      reminded_at timestamptz,
      answered_at timestamptz,
      closed_at timestamptz,
      outcome text,
      constraint hearing_requests_pkey primary key (id),
      constraint hearing_requests_round_key unique (application_id, round),
      constraint hearing_requests_idempotency_key_key unique (application_id, idempotency_key),
      constraint hearing_requests_token_hash_key unique (token_hash),
      constraint hearing_requests_reminder_token_hash_key unique (reminder_token_hash),
      constraint hearing_requests_round_check check (round >= 1),
      constraint hearing_requests_missing_documents_check
        check (jsonb_typeof(missing_documents) = 'array' and jsonb_array_length(missing_documents) > 0),
      constraint hearing_requests_outcome_check
        check (outcome in ('answered', 'unanswered', 'superseded', 'case-closed')),
      constraint hearing_requests_closed_check check ((closed_at is null) = (outcome is null))
    )`);
  // at most one round waits for the citizen at a time
  await knex.raw(
    `create unique index hearing_requests_one_open_idx on hearing_requests (application_id) where closed_at is null`,
  );
}

/** Drops hearing_requests. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('hearing_requests');
}
