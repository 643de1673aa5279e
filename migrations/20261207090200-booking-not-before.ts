// Booking respects the case: where the checklist demands that the applicant already lives at the address,
// the booking link offers no time before the move-in date. The link keeps that first day, so the page, the
// booking and a later change all read one value.
import type { Knex } from 'knex';

/** Adds the first day a link may book (null: no such limit). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('booking_invitations', (table) => {
    table.date('not_before').nullable();
  });
}

/** Drops it again. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('booking_invitations', (table) => {
    table.dropColumn('not_before');
  });
}
