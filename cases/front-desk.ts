// The front desk's day (DOMAIN.md step 6): the appointments of a Copenhagen day with their case and the
// attendance task waiting for them, and the check-in when the applicant arrives. Read-only over bookings,
// slots, cases and the task list; the check-in is an audit entry (appointment-checked-in), so the arrival is
// part of the case's history and needs no table of its own. No personal data: the desk opens the task page
// (audited) to see who they meet.
//
// Check-in is for the applicant standing at the desk: only on the appointment's Copenhagen day, and only while
// the office is open that day (from its first slot to the end of its last). A check-in days early, or at night,
// is refused with the day and hours it would be possible, so the desk can tell the citizen.
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import { addDays, isIsoDate, localDate, zonedInstant, type Clock } from './clock.js';
import type { ApplicationStatus } from './statuses.js';

/** The task the front office completes at the appointment. */
export const attendanceElementId = 'Task_AttendAppointment';

/** One appointment of the day. */
export interface DeskAppointment {
  bookingId: string;
  applicationId: string;
  reference: string;
  applicationStatus: ApplicationStatus;
  desk: string;
  startsAt: Date;
  endsAt: Date;
  bookingStatus: 'booked' | 'attended' | 'no-show' | 'cancelled';
  /** when the applicant was checked in, if they were */
  checkedInAt: Date | null;
  /** the open attendance task, if the process waits at it */
  attendanceJobKey: string | null;
  /** whether the CPR number has been issued (the number itself is read on request, audited) */
  isCprIssued: boolean;
  /** when the applicant can be checked in: the office's hours on the appointment's day */
  checkIn: CheckInWindow;
}

/** The office's hours on one Copenhagen day, the only time its appointments can be checked in. */
export interface CheckInWindow {
  day: string;
  opens: Date;
  closes: Date;
}

/** Why a check-in was refused, with the window it would be possible in. */
export class CheckInRefusedError extends ConflictError {
  constructor(
    readonly reason: 'not-the-day' | 'office-closed',
    readonly window: CheckInWindow,
    bookingId: string,
  ) {
    super(
      reason === 'not-the-day'
        ? 'check-in is only possible on the day of the appointment'
        : 'check-in is only possible while the office is open',
      { bookingId, reason, day: window.day },
    );
  }
}

/** Whether `at` falls within the window. */
export function isWithin(window: CheckInWindow, at: Date): boolean {
  return window.opens.getTime() <= at.getTime() && at.getTime() < window.closes.getTime();
}

/** The front desk's queries and its check-in. */
export interface FrontDesk {
  /** The appointments of a day (YYYY-MM-DD, Copenhagen), in time order. */
  appointmentsOn(date: string): Promise<DeskAppointment[]>;
  /** Records the applicant's arrival for a booking; idempotent. ConflictError for a booking that is not held. */
  checkIn(bookingId: string, actor: string): Promise<{ applicationId: string; isNew: boolean }>;
}

interface AppointmentRow {
  booking_id: string;
  application_id: string;
  reference: string;
  application_status: ApplicationStatus;
  desk: string;
  starts_at: Date;
  ends_at: Date;
  booking_status: DeskAppointment['bookingStatus'];
  checked_in_at: Date | null;
  attendance_job_key: string | null;
  is_cpr_issued: boolean;
}

/** Creates the front desk's service. */
export function createFrontDesk({ knex, audit, clock }: { knex: Knex; audit: AuditLog; clock: Clock }): FrontDesk {
  /** The office's hours on a day: its first slot's start to its last slot's end, over all desks. */
  async function windowOn(db: Knex, day: string): Promise<CheckInWindow> {
    const row = (await db('appointment_slots')
      .min('starts_at as opens')
      .max('ends_at as closes')
      .where('starts_at', '>=', zonedInstant(day, '00:00'))
      .andWhere('starts_at', '<', zonedInstant(addDays(day, 1), '00:00'))
      .first()) as { opens: Date | null; closes: Date | null };
    // a day with appointments has slots; the fallback only keeps the type honest
    const opens = row.opens ?? zonedInstant(day, '00:00');
    return { day, opens, closes: row.closes ?? opens };
  }

  return {
    async appointmentsOn(date) {
      if (!isIsoDate(date)) return [];
      const from = zonedInstant(date, '00:00');
      const to = zonedInstant(addDays(date, 1), '00:00');
      const rows = (await knex('bookings as b')
        .join('appointment_slots as s', 's.id', 'b.slot_id')
        .join('applications as a', 'a.id', 'b.application_id')
        .select(
          'b.id as booking_id',
          'b.application_id',
          'a.reference',
          'a.status as application_status',
          's.desk',
          's.starts_at',
          's.ends_at',
          'b.status as booking_status',
          knex.raw(
            `(select min(l.at) from audit_log l where l.application_id = b.application_id
               and l.action = 'appointment-checked-in' and l.detail->>'bookingId' = b.id) as checked_in_at`,
          ),
          knex.raw(
            `(select t.job_key from user_tasks t where t.application_id = b.application_id and t.status = 'open'
               and t.element_id = ? order by t.created_at desc limit 1) as attendance_job_key`,
            [attendanceElementId],
          ),
          knex.raw('exists (select 1 from cpr_register r where r.application_id = b.application_id) as is_cpr_issued'),
        )
        .where('s.starts_at', '>=', from)
        .andWhere('s.starts_at', '<', to)
        .orderBy('s.starts_at')
        .orderBy('s.desk')) as AppointmentRow[];
      const checkIn = await windowOn(knex, date);
      return rows.map((row) => ({
        bookingId: row.booking_id,
        applicationId: row.application_id,
        reference: row.reference,
        applicationStatus: row.application_status,
        desk: row.desk,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        bookingStatus: row.booking_status,
        checkedInAt: row.checked_in_at,
        attendanceJobKey: row.attendance_job_key,
        isCprIssued: row.is_cpr_issued,
        checkIn,
      }));
    },

    async checkIn(bookingId, actor) {
      return knex.transaction(async (trx) => {
        const booking = (await trx('bookings as b')
          .join('appointment_slots as s', 's.id', 'b.slot_id')
          .select('b.id', 'b.application_id', 'b.status', 's.starts_at')
          .where('b.id', bookingId)
          .forUpdate('b')
          .first()) as { id: string; application_id: string; status: string; starts_at: Date } | undefined;
        if (!booking) throw new NotFoundError('booking not found', { bookingId });
        if (booking.status === 'cancelled' || booking.status === 'no-show')
          throw new ConflictError('booking is not held', { bookingId, status: booking.status });
        const already = (await trx('audit_log')
          .select('id')
          .where({ application_id: booking.application_id, action: 'appointment-checked-in' })
          .whereRaw("detail->>'bookingId' = ?", [bookingId])
          .first()) as { id: string } | undefined;
        if (already) return { applicationId: booking.application_id, isNew: false };
        const now = clock.now();
        const window = await windowOn(trx, localDate(booking.starts_at));
        if (localDate(now) !== window.day) throw new CheckInRefusedError('not-the-day', window, bookingId);
        if (!isWithin(window, now)) throw new CheckInRefusedError('office-closed', window, bookingId);
        await audit.record(
          { actor, action: 'appointment-checked-in', applicationId: booking.application_id, detail: { bookingId } },
          trx,
        );
        return { applicationId: booking.application_id, isNew: true };
      });
    },
  };
}
