// One deadline: a hearing or booking link now lapses at the end of the Copenhagen day its mail names
// (cases/clock.ts deadlineAfter), and pages print that day from expires_at. Links still open were made
// with a day's grace past the mailed date at the time of day they were sent; this moves each to the end of
// the day its mail named, so its page prints the same date as its mail.
import type { Knex } from 'knex';

/** The end of the Copenhagen day before `expires_at`'s old day of grace. */
const mailedDayEnd = `((((expires_at - interval '1 day') at time zone 'Europe/Copenhagen')::date + 1)::timestamp
  at time zone 'Europe/Copenhagen')`;

/** Moves the open links' expiry to the end of their mailed day. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `update hearing_requests set expires_at = ${mailedDayEnd} where closed_at is null and answered_at is null`,
  );
  await knex.raw(
    `update booking_invitations set expires_at = ${mailedDayEnd} where closed_at is null and used_at is null`,
  );
}

/** Nothing to undo that matters: the links keep the end of the day their mail named. */
export async function down(): Promise<void> {}
