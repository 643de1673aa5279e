// The case file's core: applications with their per-year references, the applicant and family members
// (the only tables with names, passport numbers and addresses), the uploaded documents, and the audit log.
// Documents and audit rows are append-only, enforced by triggers rather than by the code's good manners:
// a replaced document is a new version, and the history a caseworker or an auditor reads is what happened.
import type { Knex } from 'knex';

const statuses = [
  'submitted',
  'checking',
  'in-review',
  'awaiting-documents',
  'documents-received',
  'awaiting-booking',
  'booked',
  'no-show',
  'cpr-issued',
  'closed-issued',
  'closed-rejected',
  'closed-unanswered',
  'closed-withdrawn',
];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Creates applications, applicants, family_members, documents and audit_log. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table application_reference_counters (
      year integer not null,
      last_value integer not null,
      constraint application_reference_counters_pkey primary key (year)
    )`);
  await knex.raw(`
    create table applications (
      id text not null,
      -- IH-2026-000123: the year it was submitted and its place in that year
      reference text not null,
      status text not null,
      purpose text not null,
      citizenship_group text not null,
      is_married boolean not null,
      move_in_date date not null,
      municipality_code text not null references municipalities (code),
      language text not null,
      email text not null,
      -- sha256 of the private link's token; the token itself is only ever in the citizen's mail
      access_token_hash text not null,
      process_instance_key text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      closed_at timestamptz,
      constraint applications_pkey primary key (id),
      constraint applications_reference_key unique (reference),
      constraint applications_access_token_hash_key unique (access_token_hash),
      constraint applications_reference_check check (reference ~ '^IH-[0-9]{4}-[0-9]{6}$'),
      constraint applications_status_check check (status in (${list(statuses)})),
      constraint applications_purpose_check check (purpose in ('work', 'study', 'family', 'other')),
      constraint applications_citizenship_group_check check (citizenship_group in ('eu', 'nordic', 'other')),
      constraint applications_language_check check (language in ('en', 'da')),
      constraint applications_closed_at_check check ((closed_at is not null) = (status like 'closed-%'))
    )`);
  await knex.raw(`create index applications_status_idx on applications (status, created_at)`);
  await knex.raw(`
    create table applicants (
      application_id text not null references applications (id),
      given_name text not null,
      family_name text not null,
      birth_date date not null,
      sex text not null,
      nationality text not null,
      passport_number text not null,
      street text not null,
      postcode text not null,
      city text not null,
      -- the number SIRI put on the residence permit, so the applicant is not given a second one
      administrative_cpr_number text,
      constraint applicants_pkey primary key (application_id),
      constraint applicants_sex_check check (sex in ('female', 'male')),
      constraint applicants_nationality_check check (nationality ~ '^[A-Z]{2}$'),
      constraint applicants_postcode_check check (postcode ~ '^[0-9]{4}$'),
      constraint applicants_administrative_cpr_number_check check (administrative_cpr_number ~ '^[0-9]{10}$')
    )`);
  await knex.raw(`
    create table family_members (
      id text not null,
      application_id text not null references applications (id),
      position integer not null,
      relation text not null,
      given_name text not null,
      family_name text not null,
      birth_date date not null,
      sex text not null,
      nationality text not null,
      passport_number text,
      constraint family_members_pkey primary key (id),
      constraint family_members_position_key unique (application_id, position),
      constraint family_members_relation_check check (relation in ('spouse', 'child')),
      constraint family_members_sex_check check (sex in ('female', 'male')),
      constraint family_members_nationality_check check (nationality ~ '^[A-Z]{2}$')
    )`);
  await knex.raw(
    `create unique index family_members_one_spouse_idx on family_members (application_id) where relation = 'spouse'`,
  );
  await knex.raw(`
    create table documents (
      id text not null,
      application_id text not null references applications (id),
      -- a document code from the checklist decision, e.g. passport, proof-of-address
      kind text not null,
      version integer not null,
      filename text not null,
      content bytea not null,
      sha256 text not null,
      size_bytes integer not null,
      detected_type text not null,
      expires_on date,
      uploaded_at timestamptz not null default now(),
      uploaded_by text not null,
      constraint documents_pkey primary key (id),
      constraint documents_version_key unique (application_id, kind, version),
      constraint documents_kind_check check (kind ~ '^[a-z][a-z0-9-]{0,62}$'),
      constraint documents_version_check check (version >= 1),
      constraint documents_sha256_check check (sha256 ~ '^[0-9a-f]{64}$'),
      constraint documents_size_check check (size_bytes = octet_length(content) and size_bytes > 0),
      constraint documents_detected_type_check
        check (detected_type in ('application/pdf', 'image/jpeg', 'image/png')),
      constraint documents_uploaded_by_check check (uploaded_by in ('citizen', 'caseworker'))
    )`);
  await knex.raw(`
    create table audit_log (
      id bigint generated always as identity,
      at timestamptz not null default now(),
      -- citizen, worker:<job type>, caseworker:<id>, system
      actor text not null,
      action text not null,
      -- no foreign key: a look-up of a case that does not exist is worth recording too
      application_id text,
      -- identifiers and outcomes only; never names, passport or CPR numbers, addresses
      detail jsonb not null default '{}',
      constraint audit_log_pkey primary key (id),
      constraint audit_log_detail_check check (jsonb_typeof(detail) = 'object')
    )`);
  await knex.raw(`create index audit_log_application_id_idx on audit_log (application_id, id)`);
  await knex.raw(`
    create function refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
    end
    $$`);
  for (const table of ['documents', 'audit_log'])
    await knex.raw(
      `create trigger ${table}_append_only before update or delete on ${table} for each row execute function refuse_change()`,
    );
  await knex.raw(`comment on table documents is 'Uploaded documents, one row per version; never updated or deleted'`);
  await knex.raw(`comment on table audit_log is 'Who read or changed which case; append-only, no personal data'`);
}

/** Drops the case file's core tables. */
export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'documents',
    'family_members',
    'applicants',
    'applications',
    'application_reference_counters',
  ])
    await knex.schema.dropTable(table);
  await knex.raw('drop function refuse_change()');
}
