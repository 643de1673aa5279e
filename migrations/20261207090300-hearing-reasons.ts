// The citizen sees why each document is asked for again: the hearing keeps, per document code, the reason
// the review gave (the caseworker's words, or the automatic check's `missing` / `expired`, which the page
// words in the citizen's language).
import type { Knex } from 'knex';

/** Adds the reasons per document (empty for hearings opened before). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hearing_requests', (table) => {
    table.jsonb('reasons').notNullable().defaultTo('{}');
  });
}

/** Drops them again. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hearing_requests', (table) => {
    table.dropColumn('reasons');
  });
}
