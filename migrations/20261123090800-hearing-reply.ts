// The citizen's optional reply to a hearing: a short note sent with the uploads (or instead of them, when a
// document cannot be had), for the caseworker who reviews the answer. Kept on the hearing round it answers.
import type { Knex } from 'knex';

/** Adds hearing_requests.reply. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table hearing_requests
      add column reply text,
      add constraint hearing_requests_reply_check check (reply is null or char_length(reply) <= 2000)`);
}

/** Drops hearing_requests.reply. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table hearing_requests drop column reply`);
}
