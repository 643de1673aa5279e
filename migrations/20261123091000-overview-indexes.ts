// Indexes for the production overview and the case search, so both stay fast at 100,000 cases and more:
// - the weekly throughput counts cases submitted and closed per week (range scans on created_at and on
//   closed_at), and the ageing panel reads open cases only (a partial index on created_at);
// - per municipality is a group-by that an index on (municipality_code, status) answers without the table;
// - the case search finds applicants by passport number and by the start of a name, case-insensitively
//   (text_pattern_ops, so LIKE 'prefix%' uses the index whatever the database's collation);
// - incidents and user tasks are joined to their case by process instance key.
// `if not exists` keeps a re-run harmless (the overview benchmark applies it on its own database).
import type { Knex } from 'knex';

const indexes: [name: string, definition: string][] = [
  ['applications_created_at_idx', 'applications (created_at)'],
  ['applications_closed_at_idx', 'applications (closed_at) where closed_at is not null'],
  ['applications_open_created_at_idx', 'applications (created_at, status) where closed_at is null'],
  ['applications_municipality_status_idx', 'applications (municipality_code, status)'],
  ['applications_process_instance_key_idx', 'applications (process_instance_key)'],
  ['applicants_passport_number_idx', 'applicants (passport_number)'],
  ['applicants_given_name_idx', 'applicants (lower(given_name) text_pattern_ops)'],
  ['applicants_family_name_idx', 'applicants (lower(family_name) text_pattern_ops)'],
];

/** Creates the overview's and the search's indexes. */
export async function up(knex: Knex): Promise<void> {
  for (const [name, definition] of indexes) await knex.raw(`create index if not exists ${name} on ${definition}`);
}

/** Drops them. */
export async function down(knex: Knex): Promise<void> {
  for (const [name] of [...indexes].reverse()) await knex.raw(`drop index if exists ${name}`);
}
