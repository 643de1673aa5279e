// The simulation's summary, read back from the case file and the CPR register rather than counted along
// the way, so it reports what the system really holds.
import type { Knex } from 'knex';
import { isValidCprNumber } from '../../cases/cpr-number.js';

export interface SimulationSummary {
  applications: number;
  closedByStatus: Record<string, number>;
  stillOpen: number;
  /** Cases that did not close within the deadline. */
  stuck: number;
  hearingsPerCase: number;
  rebookings: number;
  appointmentsWithIncompleteFile: number;
  cprIssued: number;
  cprAllValidAndUnique: boolean;
  mailsQueued: number;
  /** Mails whose subject or body holds an issued CPR number, with or without its dash: must be 0. */
  mailsWithCprNumber: number;
  seconds: number;
  casesPerSecond: number;
}

const count = (rows: unknown[]) => Number((rows[0] as { count?: string | number } | undefined)?.count ?? 0);

export async function summarise(
  knex: Knex,
  measured: { applications: number; seconds: number; appointmentsWithIncompleteFile: number; stuck: number },
): Promise<SimulationSummary> {
  const { rows: statuses } = await knex.raw<{ rows: { status: string; count: number }[] }>(
    'select status, count(*)::int as count from applications group by status',
  );
  const closedByStatus = Object.fromEntries(
    statuses.filter((s) => s.status.startsWith('closed-')).map((s) => [s.status, Number(s.count)]),
  );
  const stillOpen = statuses.filter((s) => !s.status.startsWith('closed-')).reduce((n, s) => n + Number(s.count), 0);
  const hearings = count(await knex('hearing_requests').count({ count: '*' }));
  const bookings = count(await knex('bookings').count({ count: '*' }));
  const bookedCases = count(await knex('bookings').countDistinct({ count: 'application_id' }));
  const { rows: numbers } = await knex.raw<{ rows: { cpr_number: string; application_id: string }[] }>(
    'select cpr_number, application_id from cpr_register',
  );
  const unique = new Set(numbers.map((n) => n.cpr_number)).size === numbers.length;
  const onePerCase = new Set(numbers.map((n) => n.application_id)).size === numbers.length;
  return {
    applications: measured.applications,
    closedByStatus,
    stillOpen,
    stuck: measured.stuck,
    hearingsPerCase: Number((hearings / Math.max(1, measured.applications)).toFixed(3)),
    rebookings: bookings - bookedCases,
    appointmentsWithIncompleteFile: measured.appointmentsWithIncompleteFile,
    cprIssued: numbers.length,
    cprAllValidAndUnique: numbers.every((n) => isValidCprNumber(n.cpr_number)) && unique && onePerCase,
    mailsQueued: count(await knex('notification_outbox').count({ count: '*' })),
    mailsWithCprNumber: await mailsWithCprNumber(knex),
    seconds: Number(measured.seconds.toFixed(1)),
    casesPerSecond: Number((measured.applications / measured.seconds).toFixed(2)),
  };
}

/** Mails to a case that hold the CPR number issued to it, written either way (DDMMYYSSSS or DDMMYY-SSSS). */
async function mailsWithCprNumber(knex: Knex): Promise<number> {
  const { rows } = await knex.raw<{ rows: { count: number }[] }>(
    `select count(*)::int as count
       from notification_outbox o join cpr_register r on r.application_id = o.application_id
      where strpos(o.subject || ' ' || o.body_text, r.cpr_number) > 0
         or strpos(o.subject || ' ' || o.body_text, substr(r.cpr_number, 1, 6) || '-' || substr(r.cpr_number, 7)) > 0`,
  );
  return Number(rows[0]?.count ?? 0);
}
