// Local stand-ins for the authorities: the residence documents SIRI (or, before April 2019, Statsforvaltningen)
// issued, keyed by passport number, and the notices sent to the tax agency after a CPR number is issued.
import type { Knex } from 'knex';

/** Creates siri_residence_records and tax_agency_notices. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table siri_residence_records (
      passport_number text not null,
      kind text not null,
      valid_until date not null,
      administrative_cpr_number text,
      -- SIRI, or Statsforvaltningen for EU residence documents issued before April 2019
      issuer text not null,
      created_at timestamptz not null default now(),
      constraint siri_residence_records_pkey primary key (passport_number),
      constraint siri_residence_records_kind_check
        check (kind in ('residence-permit', 'study-residence-permit', 'eu-residence-document')),
      constraint siri_residence_records_administrative_cpr_number_check
        check (administrative_cpr_number ~ '^[0-9]{10}$')
    )`);
  await knex.raw(`
    create table tax_agency_notices (
      id text not null,
      application_id text not null references applications (id),
      reference text not null,
      municipality_code text not null,
      created_at timestamptz not null default now(),
      constraint tax_agency_notices_pkey primary key (id),
      constraint tax_agency_notices_application_id_key unique (application_id)
    )`);
}

/** Drops the authorities' local tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tax_agency_notices');
  await knex.schema.dropTable('siri_residence_records');
}
