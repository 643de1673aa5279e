// The CPR register: every CPR number this office has recorded, one row per number and one per application.
// The constraints are the guarantee that no number is given twice and no application gets two; the code
// that picks a number only has to be efficient, not careful.
import type { Knex } from 'knex';

/** Creates cpr_register. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table cpr_register (
      -- DDMMYYSSSS; collation C so a date prefix is a plain index range whatever the database's locale
      cpr_number text collate "C" not null,
      application_id text not null,
      birth_date date not null,
      sex text not null,
      issued_at timestamptz not null default now(),
      -- issued: made here; administrative: the number SIRI already gave the applicant, recorded as it is
      source text not null,
      constraint cpr_register_pkey primary key (cpr_number),
      constraint cpr_register_application_id_key unique (application_id),
      constraint cpr_register_cpr_number_check check (cpr_number ~ '^[0-9]{10}$'),
      constraint cpr_register_birth_date_check check (substr(cpr_number, 1, 6) = to_char(birth_date, 'DDMMYY')),
      constraint cpr_register_sex_check check (sex in ('female', 'male')),
      constraint cpr_register_source_check check (source in ('issued', 'administrative')),
      constraint cpr_register_issued_sex_digit_check
        check (source <> 'issued' or (substr(cpr_number, 10, 1)::int % 2 = 1) = (sex = 'male'))
    )`);
  await knex.raw(
    `comment on table cpr_register is 'CPR numbers issued or recorded: one per application, never reused'`,
  );
}

/** Drops cpr_register. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('cpr_register');
}
