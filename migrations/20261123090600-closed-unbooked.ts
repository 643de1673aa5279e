// A case can now also close because the citizen never booked an appointment (Timer_BookingLapsed in
// cpr-application): the status check admits closed-unbooked.
import type { Knex } from 'knex';

// written out rather than imported from cases/statuses.ts: a shipped migration must mean the same thing forever
const before = [
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

async function allowStatuses(knex: Knex, statuses: readonly string[]): Promise<void> {
  await knex.raw(`
    alter table applications
      drop constraint applications_status_check,
      add constraint applications_status_check check (status in (${list(statuses)}))`);
}

/** Admits closed-unbooked. */
export async function up(knex: Knex): Promise<void> {
  await allowStatuses(knex, [...before, 'closed-unbooked']);
}

/** Back to the statuses before (fails while a case is closed-unbooked, which is what a check should do). */
export async function down(knex: Knex): Promise<void> {
  await allowStatuses(knex, before);
}
