// Booking (GET/POST /booking/:token): the free times for this applicant (students also see the student
// days), grouped by weekday a week at a time, never before the move-in date where the checklist demands
// that the citizen already lives at the address; booking one, then a confirmation with the time, the place and what
// to bring. Until 24 hours before, the citizen may move to another free time or cancel. Booking publishes
// appointment-booked; changing and cancelling leave the process where it is (at the front office's
// attendance task, which ends a cancelled appointment as not attended and sends a new link).
import { Router, type Response } from 'express';
import { addDays, localDate } from '../../cases/clock.js';
import { beforeMoveIn, isChangeable, type InvitationView, type Slot } from '../../cases/appointments.js';
import { officeAddress } from '../../cases/mail-templates.js';
import { AppError, ConflictError, ValidationError } from '../../lib/errors/index.js';
import type { WebDeps } from '../deps.js';
import { languageOf, todayOf, tOf, tokenOf } from './context.js';
import { ErrorCollector, type FormErrors } from './form-errors.js';
import { appointmentBooked, publishOnce } from './process.js';

/** How far ahead slots are opened and offered. */
export const bookingHorizonDays = 56;

/** A day of free times, for the page. */
interface SlotDay {
  date: string;
  times: { slotId: string; time: string }[];
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/Copenhagen',
});

/** Free slots as days of times: one choice per start time, whichever desk has the seat. */
export function groupByDay(slots: readonly Slot[]): SlotDay[] {
  const days = new Map<string, Map<string, string>>();
  for (const slot of [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const date = localDate(slot.startsAt);
    const times = days.get(date) ?? new Map<string, string>();
    const time = timeFormat.format(slot.startsAt);
    if (!times.has(time)) times.set(time, slot.id);
    days.set(date, times);
  }
  return [...days].map(([date, times]) => ({
    date,
    times: [...times].map(([time, slotId]) => ({ slotId, time })),
  }));
}

/** The booking routes (behind the private-link rate limit). */
export function bookingRoutes({ caseFile, engine }: WebDeps): Router {
  const router = Router();
  const { appointments, clock } = caseFile;
  let openedOn = '';

  /** Opens the coming weeks' slots once a day; openSlots leaves existing slots alone, so a race costs nothing. */
  async function ensureSlots(): Promise<void> {
    const today = todayOf(clock);
    if (openedOn === today) return;
    await appointments.openSlots({ from: today, to: addDays(today, bookingHorizonDays) });
    openedOn = today;
  }

  /** The week's free days, and the week as two dates (YYYY-MM-DD) for its heading. */
  async function freeDays(
    invitation: InvitationView,
    week: number,
  ): Promise<{ days: SlotDay[]; hasMore: boolean; weekFrom: string; weekTo: string }> {
    await ensureSlots();
    const now = clock.now();
    const start = appointments.firstBookable(invitation);
    const horizon = new Date(now.getTime() + bookingHorizonDays * 86_400_000);
    const from = new Date(start.getTime() + week * 7 * 86_400_000);
    const until = new Date(Math.min(horizon.getTime(), from.getTime() + 7 * 86_400_000));
    const weekFrom = localDate(from);
    const weekTo = addDays(weekFrom, 6);
    if (until <= from) return { days: [], hasMore: false, weekFrom, weekTo };
    const slots = (
      await Promise.all(invitation.slotKinds.map((kind) => appointments.listBookable(from, until, kind)))
    ).flat();
    return { days: groupByDay(slots), hasMore: until < horizon, weekFrom, weekTo };
  }

  async function renderSlots(
    res: Response,
    token: string,
    invitation: InvitationView,
    { week, mode, errors }: { week: number; mode: 'book' | 'change'; errors?: FormErrors },
  ) {
    const { days, hasMore, weekFrom, weekTo } = await freeDays(invitation, week);
    res.status(errors ? 409 : 200).render('citizen/booking', {
      token,
      invitation,
      // the move-in date is worth saying only while it holds times back
      fromMoveIn: invitation.notBefore !== null && invitation.notBefore > todayOf(clock) ? invitation.notBefore : null,
      days,
      week,
      weekFrom,
      weekTo,
      hasMore,
      mode,
      errors,
    });
  }

  const weekOf = (value: unknown) => {
    const week = typeof value === 'string' ? Number.parseInt(value, 10) : 0;
    return Number.isInteger(week) && week >= 0 && week < 9 ? week : 0;
  };

  /** Turns a refused seat into a message beside the times, and lets anything else through. */
  async function refused(error: unknown, res: Response, token: string, mode: 'book' | 'change') {
    if (
      !(error instanceof ConflictError || error instanceof ValidationError) ||
      error.message === 'booking link has been used'
    )
      throw error;
    const errors = new ErrorCollector(tOf(res));
    errors.add(
      'times',
      error.message === 'the appointment is less than 24 hours away'
        ? 'booking.errors.tooLate'
        : error.message === beforeMoveIn
          ? 'booking.errors.beforeMoveIn'
          : 'booking.errors.taken',
    );
    await renderSlots(res, token, await appointments.findInvitation(token), { week: 0, mode, errors: errors.result() });
  }

  router.get('/booking/:token', async (req, res) => {
    const token = tokenOf(req);
    const invitation = await appointments.findInvitation(token);
    if (invitation.booking?.status === 'cancelled') return res.redirect(303, `/booking/${token}/cancelled`);
    if (invitation.booking) return res.redirect(303, `/booking/${token}/confirmed`);
    await renderSlots(res, token, invitation, { week: weekOf(req.query.week), mode: 'book' });
  });

  router.post('/booking/:token', async (req, res) => {
    const token = tokenOf(req);
    const slotId = (req.body as Record<string, unknown>).slotId;
    const invitation = await appointments.findInvitation(token);
    if (typeof slotId !== 'string' || slotId === '') {
      const errors = new ErrorCollector(tOf(res));
      errors.add('times', 'booking.errors.choose');
      return renderSlots(res, token, invitation, { week: 0, mode: 'book', errors: errors.result() });
    }
    try {
      const booking = await appointments.book(token, slotId);
      await publishOnce(engine, appointmentBooked(booking.applicationId, booking.id));
    } catch (error) {
      return refused(error, res, token, 'book');
    }
    res.redirect(303, `/booking/${token}/confirmed`);
  });

  router.get('/booking/:token/confirmed', async (req, res) => {
    const token = tokenOf(req);
    const invitation = await appointments.findInvitation(token);
    const booking = invitation.booking;
    if (!booking) return res.redirect(303, `/booking/${token}`);
    if (booking.status === 'cancelled') return res.redirect(303, `/booking/${token}/cancelled`);
    res.render('citizen/booking-confirmed', {
      token,
      invitation,
      booking,
      address: officeAddress[languageOf(res)],
      changeable: isChangeable(booking, clock.now()),
    });
  });

  router.get('/booking/:token/change', async (req, res) => {
    const token = tokenOf(req);
    const invitation = await appointments.findInvitation(token);
    if (!invitation.booking || !isChangeable(invitation.booking, clock.now()))
      return res.redirect(303, `/booking/${token}/confirmed`);
    await renderSlots(res, token, invitation, { week: weekOf(req.query.week), mode: 'change' });
  });

  router.post('/booking/:token/change', async (req, res) => {
    const token = tokenOf(req);
    const slotId = (req.body as Record<string, unknown>).slotId;
    if (typeof slotId !== 'string' || slotId === '') {
      const errors = new ErrorCollector(tOf(res));
      errors.add('times', 'booking.errors.choose');
      const invitation = await appointments.findInvitation(token);
      return renderSlots(res, token, invitation, { week: 0, mode: 'change', errors: errors.result() });
    }
    try {
      await appointments.changeBooking(token, slotId);
    } catch (error) {
      return refused(error, res, token, 'change');
    }
    req.session.flash = { kind: 'success', text: tOf(res)('citizen:booking.changed') };
    res.redirect(303, `/booking/${token}/confirmed`);
  });

  router.get('/booking/:token/cancel', async (req, res) => {
    const token = tokenOf(req);
    const invitation = await appointments.findInvitation(token);
    if (!invitation.booking || !isChangeable(invitation.booking, clock.now()))
      return res.redirect(303, `/booking/${token}/confirmed`);
    res.render('citizen/booking-cancel', { token, invitation, booking: invitation.booking });
  });

  router.post('/booking/:token/cancel', async (req, res) => {
    const token = tokenOf(req);
    try {
      await appointments.cancelBooking(token);
    } catch (error) {
      if (error instanceof AppError && error.message === 'the appointment is less than 24 hours away') {
        req.session.flash = { kind: 'error', text: tOf(res)('citizen:booking.errors.tooLate') };
        return res.redirect(303, `/booking/${token}/confirmed`);
      }
      throw error;
    }
    res.redirect(303, `/booking/${token}/cancelled`);
  });

  router.get('/booking/:token/cancelled', async (req, res) => {
    const token = tokenOf(req);
    const invitation = await appointments.findInvitation(token);
    if (invitation.booking?.status !== 'cancelled') return res.redirect(303, `/booking/${token}`);
    res.render('citizen/booking-cancelled', { invitation, booking: invitation.booking });
  });

  return router;
}
