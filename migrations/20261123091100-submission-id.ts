// An application remembers the portal submission that created it, so a double click or a browser's retry of
// the last step finds the case the first request made instead of making a second one (with a second mail
// and a second process).
import type { Knex } from 'knex';

/** Adds applications.submission_id, unique when set. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table applications add column submission_id text');
  await knex.raw(
    'create unique index applications_submission_id_key on applications (submission_id) where submission_id is not null',
  );
}

/** Drops it. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table applications drop column submission_id');
}
