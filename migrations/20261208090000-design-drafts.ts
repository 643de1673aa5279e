// Changing a rule safely (issue 14): a designer's edit of a process, decision or form is kept as a draft,
// sent for approval, and deployed only once a second person approved it, at once or from a date. One row per
// draft, with who wrote, proposed and approved it; the audit log keeps every step as well.
import type { Knex } from 'knex';

/** Creates design_drafts. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('design_drafts', (table) => {
    table.uuid('id').primary();
    table.text('kind').notNullable().checkIn(['process', 'decision', 'form']);
    /** the process, decision or form id the draft changes */
    table.text('resource_id').notNullable();
    table.text('content').notNullable();
    /** the deployed resource (its engine key) the draft started from, if any */
    table.text('based_on_key');
    table.text('status').notNullable().checkIn(['draft', 'proposed', 'approved', 'rejected', 'deployed']);
    table.text('author').notNullable();
    table.integer('revision').notNullable().defaultTo(1);
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('proposed_at', { useTz: true });
    table.text('reviewed_by');
    table.timestamp('reviewed_at', { useTz: true });
    table.text('review_comment');
    /** when an approved draft takes effect; the deployer waits for it, across restarts */
    table.timestamp('effective_from', { useTz: true });
    /** a rollback: the deployed version (engine key) this draft takes back */
    table.text('rollback_of');
    /** approved by a team lead alone, in an emergency (logged as such) */
    table.boolean('is_emergency').notNullable().defaultTo(false);
    table.text('deployed_key');
    table.timestamp('deployed_at', { useTz: true });
    table.index(['status', 'effective_from']);
  });
}

/** Drops design_drafts. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('design_drafts');
}
