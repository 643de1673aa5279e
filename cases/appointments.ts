// Appointments (DOMAIN.md step 5-6): slots opened from a weekly pattern per desk, booking invitations as
// private links, and bookings that never overbook a slot.
//
// A link may carry a first day (not_before): where the checklist demands that the applicant already lives at
// the address, no time before the move-in date is offered, booked or moved to. The link stores the day, so
// the page, the booking and a change read the same value.
//
// Capacity: a slot counts its bookings in `booked`, and a booking takes a seat with one conditional update
// (booked = booked + 1 where booked < capacity). The update row-locks the slot, so concurrent bookings queue
// on it and each re-checks the condition after the one before commits; the check constraint
// booked <= capacity stands behind it. A seat is given back only by cancelling, never by a no-show (the
// time has passed by then). Changing a booking moves its seat: both slots are locked in id order (after the
// case, its invitation and its booking, the order every case transaction locks in), the new seat is taken
// with the same conditional update, then the old one is given back.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import { lockApplication, transitionStatus } from './case-state.js';
import type { AuditLog } from './audit.js';
import {
  addDays,
  deadlineAfter,
  lastDayOf,
  isIsoDate,
  isoWeekday,
  localDate,
  zonedInstant,
  type Clock,
  type IsoDuration,
} from './clock.js';
import { isClosedDate } from './office-calendar.js';
import type { Outbox } from './outbox.js';
import { createToken, hashToken, isTokenShaped } from './tokens.js';

/** Regular slots, or the extra ones opened for students at the peaks. */
export type SlotKind = 'regular' | 'student';

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A stretch of opening hours in Copenhagen wall-clock time, HH:MM to HH:MM. */
export interface OpeningHours {
  from: string;
  to: string;
}

/** One desk's week: how many applicants a slot seats, and its hours per weekday. */
export interface DeskPattern {
  desk: string;
  capacity: number;
  hours: Partial<Record<Weekday, OpeningHours[]>>;
}

/** The office's week. */
export interface WeeklyPattern {
  slotMinutes: number;
  desks: DeskPattern[];
  /** weekdays with no regular slots (Tuesdays at International House) */
  closedWeekdays: Weekday[];
  /** YYYY-MM-DD days with no slots at all, besides the public holidays and closing days of the office calendar */
  closedDates?: string[];
}

/** An extra day for students: opened on its date even if the weekday is closed, but not on a closed date. */
export interface StudentDay {
  date: string;
  desks: { desk: string; capacity: number }[];
  hours: OpeningHours[];
}

/** A slot as planned, before it is stored. */
export interface PlannedSlot {
  desk: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  kind: SlotKind;
}

/** A stored slot. */
export interface Slot extends PlannedSlot {
  id: string;
  booked: number;
  available: number;
}

/** A booking with its slot's time and place. */
export interface Booking {
  id: string;
  applicationId: string;
  slotId: string;
  status: 'booked' | 'attended' | 'no-show' | 'cancelled';
  desk: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

/** An invitation as created; `token` only when this call created it. */
export interface Invitation {
  invitationId: string;
  token: string | undefined;
  isNew: boolean;
  /** the deadline, which the process's booking timer waits for (as the workers' bookingDeadline) */
  expiresAt: Date;
  /** its last day (YYYY-MM-DD), which the mail and the page print */
  bookBy: string;
  /** the first day (YYYY-MM-DD) it may book, when the applicant must live at the address by then */
  notBefore: string | null;
}

/** What the booking page needs to know about a link. */
export interface InvitationView {
  invitationId: string;
  applicationId: string;
  reference: string;
  /** the slot kinds this applicant may book */
  slotKinds: SlotKind[];
  expiresAt: Date;
  bookBy: string;
  /** the first day (YYYY-MM-DD) it offers times on: the move-in date, where the checklist demands it */
  notBefore: string | null;
  booking: Booking | undefined;
}

/** International House Copenhagen's week: closed on Tuesdays, open late on Thursdays, four desks. */
export const internationalHousePattern: WeeklyPattern = {
  slotMinutes: 15,
  closedWeekdays: [2],
  desks: ['desk-1', 'desk-2', 'desk-3', 'desk-4'].map((desk) => ({
    desk,
    capacity: 1,
    hours: {
      1: [{ from: '10:00', to: '15:00' }],
      3: [{ from: '10:00', to: '15:00' }],
      4: [{ from: '10:00', to: '17:00' }],
      5: [{ from: '10:00', to: '13:00' }],
    },
  })),
};

const maxRangeDays = 366;
const minuteMs = 60_000;
const dayMs = 86_400_000;

function minutesOf(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new ValidationError('opening hours must be HH:MM', { time });
  return Number(match[1]) * 60 + Number(match[2]);
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function slotsOfDay(
  date: string,
  desk: string,
  capacity: number,
  hours: readonly OpeningHours[],
  slotMinutes: number,
  kind: SlotKind,
): PlannedSlot[] {
  const slots: PlannedSlot[] = [];
  for (const period of hours) {
    const end = minutesOf(period.to);
    for (let start = minutesOf(period.from); start + slotMinutes <= end; start += slotMinutes) {
      const startsAt = zonedInstant(date, hhmm(start));
      slots.push({ desk, startsAt, endsAt: new Date(startsAt.getTime() + slotMinutes * minuteMs), capacity, kind });
    }
  }
  return slots;
}

/**
 * The slots a pattern opens from `from` to `to` (YYYY-MM-DD, both included): regular slots except on closed
 * weekdays and closed dates, and student slots on the student days in the range, except on closed dates.
 * Closed dates are the pattern's and the office calendar's: public holidays, Christmas Eve and the like.
 */
export function planSlots(
  range: { from: string; to: string },
  pattern: WeeklyPattern,
  studentDays: readonly StudentDay[] = [],
): PlannedSlot[] {
  if (!isIsoDate(range.from) || !isIsoDate(range.to) || range.to < range.from)
    throw new ValidationError('slot range must be two dates, from before to');
  if (Date.parse(range.to) - Date.parse(range.from) > maxRangeDays * dayMs)
    throw new ValidationError('slot range must be at most a year');
  if (!Number.isInteger(pattern.slotMinutes) || pattern.slotMinutes < 5 || pattern.slotMinutes > 240)
    throw new ValidationError('slot length must be 5 to 240 minutes');
  for (const desk of pattern.desks)
    if (!Number.isInteger(desk.capacity) || desk.capacity < 1)
      throw new ValidationError('desk capacity must be a positive integer', { desk: desk.desk });
  const closedDates = pattern.closedDates ?? [];
  const closedWeekdays = new Set<number>(pattern.closedWeekdays);
  const slots: PlannedSlot[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
    if (isClosedDate(date, closedDates)) continue;
    const weekday = isoWeekday(date) as Weekday;
    if (!closedWeekdays.has(weekday))
      for (const desk of pattern.desks)
        slots.push(
          ...slotsOfDay(date, desk.desk, desk.capacity, desk.hours[weekday] ?? [], pattern.slotMinutes, 'regular'),
        );
    for (const day of studentDays.filter((d) => d.date === date))
      for (const desk of day.desks)
        slots.push(...slotsOfDay(date, desk.desk, desk.capacity, day.hours, pattern.slotMinutes, 'student'));
  }
  return slots;
}

/** How long a new booking link works. */
export interface InvitationOptions {
  /** the process's booking timer; without it, `bookWithinDays` */
  bookWithin?: IsoDuration | undefined;
  /** the checklist demands that the applicant already lives at the address: no time before the move-in date */
  notBeforeMoveIn?: boolean | undefined;
}

/** Appointments' operations. */
export interface Appointments {
  /** Stores the planned slots of a range; slots that exist (same desk and start) are left as they are. */
  openSlots(
    range: { from: string; to: string },
    options?: { pattern?: WeeklyPattern; studentDays?: StudentDay[] },
  ): Promise<{ planned: number; created: number }>;
  /** Future slots of a kind with a free seat, from `from` up to `to`, in time order. */
  listBookable(from: Date, to: Date, kind: SlotKind): Promise<Slot[]>;
  /** The first moment a link's times start at: now, or the start of its first day if that is later. */
  firstBookable(invitation: Pick<InvitationView, 'notBefore'>): Date;
  /**
   * Invites the applicant to book: a new link (earlier unused ones stop working), the case awaiting booking,
   * and the invitation mail. Idempotent per key (use the job key).
   */
  invite(
    applicationId: string,
    idempotencyKey: string,
    actor: string,
    options?: InvitationOptions,
  ): Promise<Invitation>;
  /** The invitation behind a link; NotFoundError for an unknown one, ForbiddenError once lapsed. */
  findInvitation(token: string): Promise<InvitationView>;
  /**
   * Books a seat in a slot with an invitation link, at most capacity per slot whatever the concurrency.
   * The same link and slot again return the booking. ConflictError: full, passed, or link used for another slot.
   */
  book(token: string, slotId: string): Promise<Booking & { isNew: boolean }>;
  /**
   * Moves the link's booking to another free slot, until `changeNoticeHours` before the appointment, and
   * mails the new time. The same slot again changes nothing. ConflictError: too late, not booked, or full.
   */
  changeBooking(token: string, slotId: string): Promise<Booking & { isNew: boolean }>;
  /**
   * Cancels the link's booking, until `changeNoticeHours` before the appointment; the seat goes back to the
   * slot. The process still waits at the attendance task, which the front office ends as not attended: that
   * sends a new booking link. Idempotent.
   */
  cancelBooking(token: string): Promise<Booking & { isNew: boolean }>;
  /**
   * Enqueues the confirmation mail (time and place) for the current booking, once per booking. When the
   * citizen cancelled before this ran, returns the cancelled booking without a mail.
   */
  confirm(applicationId: string, actor: string): Promise<Booking>;
  /**
   * Marks the current booking no-show and invites again (the no-show mail carries the new link). When the
   * citizen cancelled the booking instead, it stays cancelled and the new link comes as a plain invitation.
   * Idempotent per key.
   */
  markNoShow(
    applicationId: string,
    idempotencyKey: string,
    actor: string,
    options?: InvitationOptions,
  ): Promise<{ bookingId: string; invitation: Invitation }>;
  /**
   * Closes the case as unbooked (closed-unbooked) when the booking link lapsed unused, and enqueues the mail.
   * If the citizen booked in the meantime nothing is closed and `booked` is true, so the process can go on to
   * the appointment. Idempotent.
   */
  closeUnbooked(applicationId: string, actor: string): Promise<{ booked: boolean; isNew: boolean }>;
  /** Marks the current booking attended. Idempotent. */
  markAttended(applicationId: string, actor: string): Promise<Booking>;
  /** The booking that holds a seat now, or the latest one. */
  currentBooking(applicationId: string, actor: string): Promise<Booking | undefined>;
}

interface SlotRow {
  id: string;
  desk: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
  kind: SlotKind;
}

interface BookingRow {
  id: string;
  application_id: string;
  slot_id: string;
  status: Booking['status'];
  desk: string;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
}

interface InvitationRow {
  id: string;
  application_id: string;
  expires_at: Date;
  not_before: string | null;
  used_at: Date | null;
  booking_id: string | null;
  closed_at: Date | null;
}

function toSlot(row: SlotRow): Slot {
  return {
    id: row.id,
    desk: row.desk,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    booked: row.booked,
    available: row.capacity - row.booked,
    kind: row.kind,
  };
}

function toBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    applicationId: row.application_id,
    slotId: row.slot_id,
    status: row.status,
    desk: row.desk,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.created_at,
  };
}

/** How long before the appointment a citizen may still change or cancel it. */
export const changeNoticeHours = 24;

/** Whether a booking can still be changed or cancelled at `now`. */
export function isChangeable(booking: Pick<Booking, 'status' | 'startsAt'>, now: Date): boolean {
  return booking.status === 'booked' && booking.startsAt.getTime() - now.getTime() > changeNoticeHours * 3_600_000;
}

/** The slot kinds an applicant with this purpose may book: students also get the student days. */
export function slotKindsFor(purpose: string): SlotKind[] {
  return purpose === 'study' ? ['regular', 'student'] : ['regular'];
}

/** Why a slot was refused to a link whose applicant must live at the address first. */
export const beforeMoveIn = 'slot is before the move-in date';

/** The link's first day as YYYY-MM-DD text (the driver would give a Date at local midnight). */
const notBeforeColumn = (db: Knex) => db.raw(`to_char(not_before, 'YYYY-MM-DD') as not_before`);

/** Creates the appointments service. */
export function createAppointments({
  knex,
  audit,
  outbox,
  clock,
  publicUrl,
  bookWithinDays = 30,
}: {
  knex: Knex;
  audit: AuditLog;
  outbox: Outbox;
  clock: Clock;
  publicUrl: string;
  /** how long a booking link works */
  bookWithinDays?: number;
}): Appointments {
  const bookingUrl = (token: string) => `${publicUrl}/booking/${token}`;
  const bookings = (db: Knex) =>
    db('bookings as b')
      .join('appointment_slots as s', 's.id', 'b.slot_id')
      .select(
        'b.id',
        'b.application_id',
        'b.slot_id',
        'b.status',
        'b.created_at',
        's.desk',
        's.starts_at',
        's.ends_at',
      );

  async function lockOpenApplication(db: Knex, applicationId: string): Promise<{ status: string; purpose: string }> {
    const row = await lockApplication(db, applicationId);
    if (row.status.startsWith('closed-')) throw new ConflictError('case is closed', { applicationId });
    return row;
  }

  /** A new invitation in the caller's transaction, with its mail; earlier unused ones are closed. */
  async function createInvitation(
    db: Knex,
    applicationId: string,
    idempotencyKey: string,
    template: 'booking-invitation' | 'no-show',
    actor: string,
    { bookWithin, notBeforeMoveIn }: InvitationOptions = {},
  ): Promise<Invitation> {
    const now = clock.now();
    const notBefore = notBeforeMoveIn
      ? (
          (await db('applications')
            .select(db.raw(`to_char(move_in_date, 'YYYY-MM-DD') as move_in_date`))
            .where({ id: applicationId })
            .first()) as { move_in_date: string }
        ).move_in_date
      : null;
    await db('booking_invitations')
      .where({ application_id: applicationId })
      .whereNull('used_at')
      .whereNull('closed_at')
      .update({ closed_at: now });
    const invitationId = randomUUID();
    const { token, tokenHash } = createToken();
    // one deadline, stored once as expires_at: the link lapses, the booking timer fires and the mail and
    // the page print its last day from this instant
    const expiresAt = deadlineAfter(now, [
      bookWithin ?? { years: 0, months: 0, days: bookWithinDays, milliseconds: 0 },
    ]);
    const bookBy = lastDayOf(expiresAt);
    await db('booking_invitations').insert({
      id: invitationId,
      application_id: applicationId,
      idempotency_key: idempotencyKey,
      token_hash: tokenHash,
      expires_at: expiresAt,
      not_before: notBefore,
      created_at: now,
    });
    await audit.record({ actor, action: 'booking-invited', applicationId, detail: { invitationId, template } }, db);
    await outbox.notify(
      applicationId,
      { template, bookingUrl: bookingUrl(token), bookBy },
      { actor, db, dedupeKey: `${template}:${invitationId}` },
    );
    return { invitationId, token, isNew: true, expiresAt, bookBy, notBefore };
  }

  async function existingInvitation(db: Knex, applicationId: string, idempotencyKey: string) {
    const row = (await db('booking_invitations')
      .select('id', 'expires_at', notBeforeColumn(db))
      .where({ application_id: applicationId, idempotency_key: idempotencyKey })
      .first()) as { id: string; expires_at: Date; not_before: string | null } | undefined;
    return (
      row && {
        invitationId: row.id,
        token: undefined,
        isNew: false,
        expiresAt: row.expires_at,
        bookBy: lastDayOf(row.expires_at),
        notBefore: row.not_before,
      }
    );
  }

  async function invitationByToken(db: Knex, token: string, lock: boolean): Promise<InvitationRow> {
    if (!isTokenShaped(token)) throw new NotFoundError('booking link not found');
    const query = db('booking_invitations')
      .select('id', 'application_id', 'expires_at', notBeforeColumn(db), 'used_at', 'booking_id', 'closed_at')
      .where({ token_hash: hashToken(token) });
    if (lock) query.forUpdate();
    const row = (await query.first()) as InvitationRow | undefined;
    if (!row) throw new NotFoundError('booking link not found');
    return row;
  }

  const isLapsed = (row: InvitationRow) =>
    row.used_at === null && (row.closed_at !== null || row.expires_at.getTime() <= clock.now().getTime());

  /** The booking a used link made, locked with its case and invitation; ConflictError when it cannot change. */
  async function lockChangeableBooking(db: Knex, token: string): Promise<BookingRow & { not_before: string | null }> {
    const applicationId = (await invitationByToken(db, token, false)).application_id;
    await lockOpenApplication(db, applicationId);
    const invitation = await invitationByToken(db, token, true);
    if (invitation.booking_id === null)
      throw new ConflictError('booking link has no booking', { invitationId: invitation.id });
    const row = (await bookings(db).where('b.id', invitation.booking_id).forUpdate('b').first()) as BookingRow;
    const booking = { ...row, not_before: invitation.not_before };
    if (booking.status !== 'booked') return booking;
    if (!isChangeable(toBooking(booking), clock.now()))
      throw new ConflictError('the appointment is less than 24 hours away', { bookingId: booking.id });
    return booking;
  }

  /**
   * Takes a seat in a slot that has not started, of a kind the applicant may book, on or after the link's
   * first day: one conditional update, so concurrent bookings queue on the slot's row. Empty when refused.
   */
  function seatIn(db: Knex, slotId: string, purpose: string, notBefore: string | null) {
    const query = db('appointment_slots')
      .where({ id: slotId })
      .andWhere('starts_at', '>', clock.now())
      .whereIn('kind', slotKindsFor(purpose))
      .andWhereRaw('booked < capacity');
    if (notBefore !== null) query.andWhere('starts_at', '>=', zonedInstant(notBefore, '00:00'));
    return query.increment('booked', 1).returning<{ id: string }[]>('id');
  }

  /** Explains why the conditional seat update took nothing. */
  async function whyNotBookable(db: Knex, slotId: string, purpose: string, notBefore: string | null): Promise<never> {
    const slot = (await db('appointment_slots').where({ id: slotId }).first()) as SlotRow | undefined;
    if (!slot) throw new NotFoundError('slot not found', { slotId });
    if (!slotKindsFor(purpose).includes(slot.kind))
      throw new ValidationError('this slot is reserved for students', { slotId });
    if (notBefore !== null && localDate(slot.starts_at) < notBefore)
      throw new ConflictError(beforeMoveIn, { slotId, notBefore });
    if (slot.starts_at.getTime() <= clock.now().getTime()) throw new ConflictError('slot has passed', { slotId });
    throw new ConflictError('slot is full', { slotId });
  }

  return {
    async openSlots(range, { pattern = internationalHousePattern, studentDays = [] } = {}) {
      const planned = planSlots(range, pattern, studentDays);
      let created = 0;
      for (let i = 0; i < planned.length; i += 500) {
        const rows = planned.slice(i, i + 500).map((slot) => ({
          id: randomUUID(),
          desk: slot.desk,
          starts_at: slot.startsAt,
          ends_at: slot.endsAt,
          capacity: slot.capacity,
          kind: slot.kind,
        }));
        const inserted = await knex('appointment_slots')
          .insert(rows)
          .onConflict(['desk', 'starts_at'])
          .ignore()
          .returning<{ id: string }[]>('id');
        created += inserted.length;
      }
      return { planned: planned.length, created };
    },

    firstBookable({ notBefore }) {
      const now = clock.now();
      if (notBefore === null) return now;
      const firstDay = zonedInstant(notBefore, '00:00');
      return firstDay.getTime() > now.getTime() ? firstDay : now;
    },

    async listBookable(from, to, kind) {
      const now = clock.now();
      const rows = (await knex('appointment_slots')
        .where('starts_at', '>=', from.getTime() > now.getTime() ? from : now)
        .andWhere('starts_at', '<', to)
        .andWhere({ kind })
        .andWhereRaw('booked < capacity')
        .orderBy('starts_at')
        .orderBy('desk')) as SlotRow[];
      return rows.map(toSlot);
    },

    async invite(applicationId, idempotencyKey, actor, options) {
      if (!idempotencyKey) throw new ValidationError('invitation needs an idempotency key', { applicationId });
      return knex.transaction(async (trx) => {
        const application = await lockApplication(trx, applicationId);
        const existing = await existingInvitation(trx, applicationId, idempotencyKey);
        if (existing) return existing;
        if (application.status.startsWith('closed-')) throw new ConflictError('case is closed', { applicationId });
        const invitation = await createInvitation(
          trx,
          applicationId,
          idempotencyKey,
          'booking-invitation',
          actor,
          options,
        );
        await transitionStatus({ db: trx, audit, clock }, applicationId, 'awaiting-booking', actor);
        return invitation;
      });
    },

    async findInvitation(token) {
      const row = await invitationByToken(knex, token, false);
      const lapsed = isLapsed(row);
      await audit.record({
        actor: 'citizen',
        action: lapsed ? 'booking-link-lapsed' : 'booking-invitation-read',
        applicationId: row.application_id,
        detail: { invitationId: row.id },
      });
      if (lapsed) throw new ForbiddenError('booking link has expired', { invitationId: row.id });
      const application = (await knex('applications')
        .select('reference', 'purpose')
        .where({ id: row.application_id })
        .first()) as { reference: string; purpose: string };
      const booking = row.booking_id
        ? ((await bookings(knex).where('b.id', row.booking_id).first()) as BookingRow | undefined)
        : undefined;
      return {
        invitationId: row.id,
        applicationId: row.application_id,
        reference: application.reference,
        slotKinds: slotKindsFor(application.purpose),
        expiresAt: row.expires_at,
        bookBy: lastDayOf(row.expires_at),
        notBefore: row.not_before,
        booking: booking && toBooking(booking),
      };
    },

    async book(token, slotId) {
      return knex.transaction(async (trx) => {
        // the case first, then its invitation: the order every case transaction locks in
        const applicationId = (await invitationByToken(trx, token, false)).application_id;
        await lockApplication(trx, applicationId);
        const invitation = await invitationByToken(trx, token, true);
        if (invitation.booking_id !== null) {
          const booking = (await bookings(trx).where('b.id', invitation.booking_id).first()) as BookingRow;
          if (booking.slot_id === slotId && booking.status === 'booked') return { ...toBooking(booking), isNew: false };
          throw new ConflictError('booking link has been used', { invitationId: invitation.id });
        }
        if (isLapsed(invitation)) throw new ForbiddenError('booking link has expired', { invitationId: invitation.id });
        const application = await lockOpenApplication(trx, applicationId);
        const now = clock.now();
        // a booking made with a newer link replaces the seat an older one holds
        const held = await trx('bookings')
          .where({ application_id: applicationId, status: 'booked' })
          .update({ status: 'cancelled', updated_at: now })
          .returning<{ slot_id: string }[]>('slot_id');
        for (const { slot_id } of held) await trx('appointment_slots').where({ id: slot_id }).decrement('booked', 1);
        const seated = await seatIn(trx, slotId, application.purpose, invitation.not_before);
        if (seated.length === 0) await whyNotBookable(trx, slotId, application.purpose, invitation.not_before);
        const bookingId = randomUUID();
        await trx('bookings').insert({
          id: bookingId,
          application_id: applicationId,
          slot_id: slotId,
          invitation_id: invitation.id,
          status: 'booked',
          created_at: now,
          updated_at: now,
        });
        await trx('booking_invitations').where({ id: invitation.id }).update({ used_at: now, booking_id: bookingId });
        await audit.record(
          { actor: 'citizen', action: 'appointment-booked', applicationId, detail: { bookingId, slotId } },
          trx,
        );
        await transitionStatus({ db: trx, audit, clock }, applicationId, 'booked', 'citizen');
        const booking = (await bookings(trx).where('b.id', bookingId).first()) as BookingRow;
        return { ...toBooking(booking), isNew: true };
      });
    },

    async changeBooking(token, slotId) {
      return knex.transaction(async (trx) => {
        const booking = await lockChangeableBooking(trx, token);
        if (booking.status !== 'booked') throw new ConflictError('booking is not active', { bookingId: booking.id });
        if (booking.slot_id === slotId) return { ...toBooking(booking), isNew: false };
        const { purpose } = await lockApplication(trx, booking.application_id);
        // both seats' rows in one order, so two changes between the same slots cannot deadlock
        await trx('appointment_slots').select('id').whereIn('id', [booking.slot_id, slotId]).orderBy('id').forUpdate();
        const now = clock.now();
        const seated = await seatIn(trx, slotId, purpose, booking.not_before);
        if (seated.length === 0) await whyNotBookable(trx, slotId, purpose, booking.not_before);
        await trx('appointment_slots').where({ id: booking.slot_id }).decrement('booked', 1);
        await trx('bookings').where({ id: booking.id }).update({ slot_id: slotId, updated_at: now });
        await audit.record(
          {
            actor: 'citizen',
            action: 'appointment-changed',
            applicationId: booking.application_id,
            detail: { bookingId: booking.id, fromSlotId: booking.slot_id, toSlotId: slotId },
          },
          trx,
        );
        const moved = (await bookings(trx).where('b.id', booking.id).first()) as BookingRow;
        // the front office's attendance task is due at the appointment: it moves with it in the task list (the
        // job header keeps the first time, which nobody reads after the inbox stored it)
        await trx('user_tasks')
          .where({ application_id: booking.application_id, element_id: 'Task_AttendAppointment', status: 'open' })
          .update({ due_at: moved.starts_at });
        await outbox.notify(
          booking.application_id,
          { template: 'booking-confirmation', startsAt: moved.starts_at, desk: moved.desk },
          { actor: 'citizen', db: trx, dedupeKey: `booking-confirmation:${booking.id}:${slotId}` },
        );
        return { ...toBooking(moved), isNew: true };
      });
    },

    async cancelBooking(token) {
      return knex.transaction(async (trx) => {
        const booking = await lockChangeableBooking(trx, token);
        if (booking.status === 'cancelled') return { ...toBooking(booking), isNew: false };
        if (booking.status !== 'booked') throw new ConflictError('booking is not active', { bookingId: booking.id });
        const now = clock.now();
        await trx('bookings').where({ id: booking.id }).update({ status: 'cancelled', updated_at: now });
        await trx('appointment_slots').where({ id: booking.slot_id }).decrement('booked', 1);
        await audit.record(
          {
            actor: 'citizen',
            action: 'appointment-cancelled',
            applicationId: booking.application_id,
            detail: { bookingId: booking.id, slotId: booking.slot_id },
          },
          trx,
        );
        return { ...toBooking(booking), status: 'cancelled', isNew: true };
      });
    },

    async confirm(applicationId, actor) {
      return knex.transaction(async (trx) => {
        const row = (await bookings(trx)
          .where('b.application_id', applicationId)
          .whereIn('b.status', ['booked', 'cancelled'])
          .orderByRaw(`b.status = 'booked' desc`)
          .orderBy('b.updated_at', 'desc')
          .first()) as BookingRow | undefined;
        if (!row) throw new ConflictError('application has no booking to confirm', { applicationId });
        // cancelled before the confirmation went out: nothing to confirm, but the attendance task needs a time
        if (row.status !== 'booked') return toBooking(row);
        await outbox.notify(
          applicationId,
          { template: 'booking-confirmation', startsAt: row.starts_at, desk: row.desk },
          { actor, db: trx, dedupeKey: `booking-confirmation:${row.id}` },
        );
        return toBooking(row);
      });
    },

    async markNoShow(applicationId, idempotencyKey, actor, options) {
      if (!idempotencyKey) throw new ValidationError('no-show needs an idempotency key', { applicationId });
      return knex.transaction(async (trx) => {
        await lockOpenApplication(trx, applicationId);
        const existing = await existingInvitation(trx, applicationId, idempotencyKey);
        if (existing) {
          const missed = (await trx('bookings')
            .select('id')
            .where({ application_id: applicationId })
            .whereIn('status', ['no-show', 'cancelled'])
            .orderBy('updated_at', 'desc')
            .first()) as { id: string } | undefined;
          return { bookingId: missed?.id ?? '', invitation: existing };
        }
        const [missed] = await trx('bookings')
          .where({ application_id: applicationId, status: 'booked' })
          .update({ status: 'no-show', updated_at: clock.now() })
          .returning<{ id: string }[]>('id');
        if (!missed) {
          // the citizen cancelled in time: not a no-show, just a new link to book with
          const cancelled = (await trx('bookings')
            .select('id')
            .where({ application_id: applicationId, status: 'cancelled' })
            .orderBy('updated_at', 'desc')
            .first()) as { id: string } | undefined;
          if (!cancelled) throw new ConflictError('application has no booking to mark as no-show', { applicationId });
          await audit.record(
            { actor, action: 'appointment-rebook-after-cancel', applicationId, detail: { bookingId: cancelled.id } },
            trx,
          );
          const invitation = await createInvitation(
            trx,
            applicationId,
            idempotencyKey,
            'booking-invitation',
            actor,
            options,
          );
          await transitionStatus({ db: trx, audit, clock }, applicationId, 'awaiting-booking', actor);
          return { bookingId: cancelled.id, invitation };
        }
        await audit.record(
          { actor, action: 'appointment-no-show', applicationId, detail: { bookingId: missed.id } },
          trx,
        );
        const invitation = await createInvitation(trx, applicationId, idempotencyKey, 'no-show', actor, options);
        await transitionStatus({ db: trx, audit, clock }, applicationId, 'no-show', actor);
        return { bookingId: missed.id, invitation };
      });
    },

    async closeUnbooked(applicationId, actor) {
      return knex.transaction(async (trx) => {
        const { status } = await lockApplication(trx, applicationId);
        if (status === 'closed-unbooked') return { booked: false, isNew: false };
        // book() takes the same lock, so a booking is either in before this reads or refused after it closes
        const booked = await trx('bookings')
          .where({ application_id: applicationId, status: 'booked' })
          .first<{ id: string } | undefined>('id');
        if (booked) return { booked: true, isNew: false };
        await audit.record({ actor, action: 'booking-link-lapsed-unused', applicationId }, trx);
        await transitionStatus({ db: trx, audit, clock }, applicationId, 'closed-unbooked', actor);
        await outbox.notify(applicationId, { template: 'closed-unbooked' }, { actor, db: trx });
        return { booked: false, isNew: true };
      });
    },

    async markAttended(applicationId, actor) {
      return knex.transaction(async (trx) => {
        await lockApplication(trx, applicationId);
        const row = (await bookings(trx)
          .where('b.application_id', applicationId)
          .whereIn('b.status', ['booked', 'attended'])
          .orderBy('b.created_at', 'desc')
          .forUpdate('b')
          .first()) as BookingRow | undefined;
        if (!row) throw new ConflictError('application has no booking to attend', { applicationId });
        if (row.status === 'booked') {
          await trx('bookings').where({ id: row.id }).update({ status: 'attended', updated_at: clock.now() });
          await audit.record(
            { actor, action: 'appointment-attended', applicationId, detail: { bookingId: row.id } },
            trx,
          );
        }
        return { ...toBooking(row), status: 'attended' };
      });
    },

    async currentBooking(applicationId, actor) {
      const row = (await bookings(knex)
        .where('b.application_id', applicationId)
        .orderByRaw(`b.status = 'booked' desc`)
        .orderBy('b.created_at', 'desc')
        .first()) as BookingRow | undefined;
      await audit.record({ actor, action: 'booking-read', applicationId, detail: { bookingId: row?.id ?? null } });
      return row && toBooking(row);
    },
  };
}
