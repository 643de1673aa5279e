// cases/appointments: slots from a weekly pattern with Tuesdays closed and extra student days, booking by
// private link, and never more bookings in a slot than it has seats, however many arrive at once.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { beforeMoveIn, internationalHousePattern, planSlots, type WeeklyPattern } from '../../cases/appointments.js';
import { isoWeekday, localDate, parseIsoDuration } from '../../cases/clock.js';
import type { CaseFile } from '../../cases/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../lib/errors/index.js';
import { FakeClock, freshCaseFile, newApplication, rejection } from './fixtures.js';

const monday = '2026-02-16';
const sunday = '2026-02-22';
const oneDesk = (desk: string, capacity: number): WeeklyPattern => ({
  slotMinutes: 15,
  closedWeekdays: [2],
  desks: [{ desk, capacity, hours: { 1: [{ from: '12:00', to: '12:15' }] } }],
});

describe('cases/appointments', function () {
  this.timeout(60_000);
  const clock = new FakeClock(new Date('2026-02-16T06:00:00Z'));
  let knex: Knex;
  let caseFile: CaseFile;
  let jobKey = 4503599627370000;
  const key = () => String((jobKey += 1));

  /** A new case with a booking link. */
  async function invited(purpose: 'work' | 'study' = 'work') {
    const input = newApplication();
    input.profile.purpose = purpose;
    const { applicationId } = await caseFile.applications.create(input);
    const invitation = await caseFile.appointments.invite(applicationId, key(), 'worker:send-invitation');
    return { applicationId, token: invitation.token ?? '' };
  }

  /** The id of the one slot a single-desk pattern opens on Monday at noon. */
  async function slotAtNoon(desk: string, capacity: number): Promise<string> {
    await caseFile.appointments.openSlots({ from: monday, to: monday }, { pattern: oneDesk(desk, capacity) });
    const row = (await knex('appointment_slots').select('id').where({ desk }).first()) as { id: string };
    return row.id;
  }

  before(async () => {
    ({ knex, caseFile } = await freshCaseFile({ clock, pool: 10 }));
  });

  it('opens no slots on Tuesdays or at weekends, and opens the others in Copenhagen time', () => {
    const slots = planSlots({ from: monday, to: sunday }, internationalHousePattern);
    const days = new Set(slots.map((slot) => localDate(slot.startsAt)));
    expect([...days].map(isoWeekday).sort()).to.deep.equal([1, 3, 4, 5]);
    // 10:00 in Copenhagen in February is 09:00 UTC; four desks, 15-minute slots from 10 to 15
    const mondaySlots = slots.filter((slot) => localDate(slot.startsAt) === monday);
    expect(mondaySlots[0]?.startsAt.toISOString()).to.equal('2026-02-16T09:00:00.000Z');
    expect(mondaySlots).to.have.length(4 * 20);
    // and after the switch to summer time, 10:00 is 08:00 UTC
    const [april] = planSlots({ from: '2026-04-08', to: '2026-04-08' }, internationalHousePattern);
    expect(april?.startsAt.toISOString()).to.equal('2026-04-08T08:00:00.000Z');
  });

  it('opens extra student days on the dates given, a Tuesday too, but never on a closed date', () => {
    const pattern = { ...internationalHousePattern, closedDates: ['2026-02-19'] };
    const studentDays = ['2026-02-17', '2026-02-19'].map((date) => ({
      date,
      desks: [{ desk: 'student-1', capacity: 2 }],
      hours: [{ from: '09:00', to: '12:00' }],
    }));
    const slots = planSlots({ from: monday, to: sunday }, pattern, studentDays);
    const studentSlots = slots.filter((slot) => slot.kind === 'student');
    expect(new Set(studentSlots.map((slot) => localDate(slot.startsAt)))).to.deep.equal(new Set(['2026-02-17']));
    expect(studentSlots).to.have.length(12);
    expect(slots.some((slot) => localDate(slot.startsAt) === '2026-02-19')).to.be.false;
  });

  it('opens a range once: opening it again creates nothing new', async () => {
    const first = await caseFile.appointments.openSlots({ from: '2026-03-02', to: '2026-03-08' });
    const second = await caseFile.appointments.openSlots({ from: '2026-03-02', to: '2026-03-08' });
    expect(first.created).to.equal(first.planned).and.be.greaterThan(0);
    expect(second.created).to.equal(0);
  });

  it('seats exactly 3 of 20 applicants booking a 3-seat slot at the same moment', async () => {
    // given a slot with 3 seats and 20 invited applicants
    const slotId = await slotAtNoon('rush-desk', 3);
    const applicants = [];
    for (let i = 0; i < 20; i++) applicants.push(await invited());
    // when all 20 book it at once
    const results = await Promise.allSettled(applicants.map(({ token }) => caseFile.appointments.book(token, slotId)));
    // then 3 are booked, 17 are told it is full, and the slot says 3 of 3
    const booked = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(booked).to.have.length(3);
    expect(refused.every((r) => r.reason instanceof ConflictError && r.reason.message === 'slot is full')).to.be.true;
    expect(await knex('appointment_slots').select('booked', 'capacity').where({ id: slotId })).to.deep.equal([
      { booked: 3, capacity: 3 },
    ]);
    expect(await knex('bookings').where({ slot_id: slotId, status: 'booked' }).count({ n: '*' })).to.deep.equal([
      { n: '3' },
    ]);
  });

  it('books with the link from the invitation mail, and the same link again returns that booking', async () => {
    const slotId = await slotAtNoon('desk-link', 2);
    const { applicationId, token } = await invited();
    const [mail] = await caseFile.outbox
      .listForApplication(applicationId, 'caseworker:cw-1')
      .then((all) => all.filter((m) => m.template === 'booking-invitation'));
    expect(mail?.bodyText).to.contain(`/booking/${token}`);
    const booking = await caseFile.appointments.book(token, slotId);
    expect(booking).to.deep.include({ applicationId, slotId, status: 'booked', isNew: true });
    expect(await caseFile.appointments.book(token, slotId)).to.deep.include({ id: booking.id, isNew: false });
    const other = await slotAtNoon('desk-link-2', 1);
    expect(await rejection(caseFile.appointments.book(token, other))).to.be.instanceOf(ConflictError);
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).statusGroup).to.equal(
      'ready-for-attendance',
    );
  });

  it('keeps student slots for students', async () => {
    await caseFile.appointments.openSlots(
      { from: '2026-02-17', to: '2026-02-17' },
      {
        pattern: { ...internationalHousePattern, desks: [] },
        studentDays: [
          { date: '2026-02-17', desks: [{ desk: 'student-x', capacity: 5 }], hours: [{ from: '09:00', to: '09:15' }] },
        ],
      },
    );
    const [slot] = await caseFile.appointments.listBookable(
      new Date('2026-02-17T00:00:00Z'),
      new Date('2026-02-18T00:00:00Z'),
      'student',
    );
    const worker = await invited('work');
    const student = await invited('study');
    expect(await rejection(caseFile.appointments.book(worker.token, slot?.id ?? ''))).to.be.instanceOf(ValidationError);
    expect((await caseFile.appointments.book(student.token, slot?.id ?? '')).status).to.equal('booked');
  });

  it('confirms a booking once, with its time and place', async () => {
    const slotId = await slotAtNoon('desk-confirm', 1);
    const { applicationId, token } = await invited();
    await caseFile.appointments.book(token, slotId);
    await caseFile.appointments.confirm(applicationId, 'worker:confirm-booking');
    await caseFile.appointments.confirm(applicationId, 'worker:confirm-booking');
    const confirmations = (await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1')).filter(
      (m) => m.template === 'booking-confirmation',
    );
    expect(confirmations).to.have.length(1);
    expect(confirmations[0]?.bodyText)
      .to.contain('Gyldenløvesgade 11')
      .and.contain('12:00')
      .and.contain('desk-confirm');
  });

  it('moves a booking to another slot and cancels it until 24 hours before, giving the seats back', async () => {
    const from = await slotAtNoon('desk-move-a', 1);
    const to = await slotAtNoon('desk-move-b', 1);
    const { applicationId, token } = await invited();
    // two days ahead of the Monday noon slots
    clock.set(new Date('2026-02-14T10:00:00Z'));
    await caseFile.appointments.book(token, from);
    // the front office's attendance task, as the inbox stored it (both slots here start at noon, so the due time
    // it has is a stale one, to see it change)
    const jobKeyOfTask = key();
    await knex('user_tasks').insert({
      job_key: jobKeyOfTask,
      process_instance_key: key(),
      process_definition_key: key(),
      bpmn_process_id: 'cpr-application',
      element_id: 'Task_AttendAppointment',
      element_instance_key: key(),
      application_id: applicationId,
      due_at: new Date('2026-01-05T09:00:00Z'),
    });
    const moved = await caseFile.appointments.changeBooking(token, to);
    expect(moved).to.include({ slotId: to, status: 'booked', isNew: true });
    const task = (await knex('user_tasks').where({ job_key: jobKeyOfTask }).first()) as { due_at: Date };
    expect(task.due_at.toISOString()).to.equal(moved.startsAt.toISOString());
    const booked = async (id: string) =>
      ((await knex('appointment_slots').where({ id }).first()) as { booked: number }).booked;
    expect([await booked(from), await booked(to)]).to.deep.equal([0, 1]);
    const cancelled = await caseFile.appointments.cancelBooking(token);
    expect(cancelled).to.include({ status: 'cancelled', isNew: true });
    expect(await booked(to)).to.equal(0);
    expect(await caseFile.appointments.cancelBooking(token)).to.include({ isNew: false });
    // the confirm worker running late finds nothing to mail, and the no-show step invites again
    expect((await caseFile.appointments.confirm(applicationId, 'worker:confirm-booking')).status).to.equal('cancelled');
    await caseFile.appointments.markNoShow(applicationId, key(), 'worker:handle-no-show');
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('awaiting-booking');
    clock.set(new Date('2026-02-16T06:00:00Z'));
  });

  it('refuses to change or cancel less than 24 hours before the appointment', async () => {
    const slotId = await slotAtNoon('desk-late', 1);
    const other = await slotAtNoon('desk-late-b', 1);
    const { token } = await invited();
    await caseFile.appointments.book(token, slotId);
    // 06:00 UTC on the day of a 12:00 Copenhagen appointment
    expect(await rejection(caseFile.appointments.changeBooking(token, other))).to.be.instanceOf(ConflictError);
    expect(await rejection(caseFile.appointments.cancelBooking(token))).to.be.instanceOf(ConflictError);
  });

  it('marks a no-show and sends a new link once, which books again', async () => {
    const slotId = await slotAtNoon('desk-no-show', 1);
    const { applicationId, token } = await invited();
    await caseFile.appointments.book(token, slotId);
    const jobKeyOfNoShow = key();
    const noShow = await caseFile.appointments.markNoShow(applicationId, jobKeyOfNoShow, 'worker:handle-no-show');
    const retry = await caseFile.appointments.markNoShow(applicationId, jobKeyOfNoShow, 'worker:handle-no-show');
    expect(retry.invitation).to.deep.include({ invitationId: noShow.invitation.invitationId, isNew: false });
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('no-show');
    const mails = (await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1')).filter(
      (m) => m.template === 'no-show',
    );
    expect(mails).to.have.length(1);
    expect(mails[0]?.bodyText).to.contain(`/booking/${noShow.invitation.token ?? ''}`);
    const rebooked = await caseFile.appointments.book(
      noShow.invitation.token ?? '',
      await slotAtNoon('desk-rebook', 1),
    );
    expect(rebooked.status).to.equal('booked');
  });

  it('gives the seat back when the case is closed, and the link stops working', async () => {
    const slotId = await slotAtNoon('desk-withdraw', 1);
    const { applicationId, token } = await invited();
    await caseFile.appointments.book(token, slotId);
    await caseFile.applications.setStatus(applicationId, 'closed-withdrawn', 'citizen');
    expect(await knex('appointment_slots').select('booked').where({ id: slotId })).to.deep.equal([{ booked: 0 }]);
    expect((await caseFile.appointments.currentBooking(applicationId, 'caseworker:cw-1'))?.status).to.equal(
      'cancelled',
    );
    expect(await rejection(caseFile.appointments.book(token, slotId))).to.be.instanceOf(ConflictError);
  });

  it('offers, books and moves to no time before the move-in date where the checklist demands living there', async () => {
    // Monday 16 February (today) and Monday 23 February (moving in) at noon, on a desk of their own
    const pattern: WeeklyPattern = {
      slotMinutes: 15,
      closedWeekdays: [2],
      desks: [{ desk: 'desk-move-in', capacity: 5, hours: { 1: [{ from: '13:00', to: '13:30' }] } }],
    };
    await caseFile.appointments.openSlots({ from: monday, to: '2026-02-23' }, { pattern });
    const slots = (await knex('appointment_slots')
      .select('id', 'starts_at')
      .where({ desk: 'desk-move-in' })
      .orderBy('starts_at')) as { id: string; starts_at: Date }[];
    const [early, , onMoveIn, laterOnMoveIn] = slots;
    expect(slots.map((slot) => localDate(slot.starts_at))).to.deep.equal([monday, monday, '2026-02-23', '2026-02-23']);

    const { applicationId } = await caseFile.applications.create(newApplication({}, '2026-02-23'));
    const invitation = await caseFile.appointments.invite(applicationId, key(), 'worker:send-invitation', {
      notBeforeMoveIn: true,
    });
    expect(invitation.notBefore).to.equal('2026-02-23');
    const token = invitation.token ?? '';
    const view = await caseFile.appointments.findInvitation(token);
    expect(view.notBefore).to.equal('2026-02-23');
    // the page's times start at midnight of the move-in day in Copenhagen
    expect(caseFile.appointments.firstBookable(view).toISOString()).to.equal('2026-02-22T23:00:00.000Z');

    const refused = await rejection(caseFile.appointments.book(token, early?.id ?? ''));
    expect(refused).to.be.instanceOf(ConflictError);
    expect((refused as Error).message).to.equal(beforeMoveIn);
    const booking = await caseFile.appointments.book(token, onMoveIn?.id ?? '');
    expect(booking.status).to.equal('booked');
    // a change keeps to the same first day
    const moved = await rejection(caseFile.appointments.changeBooking(token, early?.id ?? ''));
    expect((moved as Error).message).to.equal(beforeMoveIn);
    expect((await caseFile.appointments.changeBooking(token, laterOnMoveIn?.id ?? '')).slotId).to.equal(
      laterOnMoveIn?.id,
    );

    // without the demand (no proof of address in the checklist), the same case may come before moving in
    const other = await caseFile.applications.create(newApplication({}, '2026-02-23'));
    const free = await caseFile.appointments.invite(other.applicationId, key(), 'worker:send-invitation');
    expect(free.notBefore).to.equal(null);
    expect((await caseFile.appointments.book(free.token ?? '', early?.id ?? '')).status).to.equal('booked');
  });

  it('lets a link live as long as the booking timer of the process, and tells the citizen that date', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    const bookWithin = parseIsoDuration('P45D');
    const invitation = await caseFile.appointments.invite(applicationId, key(), 'worker:send-invitation', {
      bookWithin,
    });
    // 45 days on Copenhagen's calendar, across the change to summer time: all of 2 April, until midnight there
    expect(invitation.expiresAt.toISOString()).to.equal('2026-04-02T22:00:00.000Z');
    expect(invitation.bookBy).to.equal('2026-04-02');
    const [mail] = (await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1')).filter(
      (m) => m.template === 'booking-invitation',
    );
    expect(mail?.bodyText).to.contain('2 April 2026');
  });

  it('closes an unbooked case once when the link lapses, and the link stops working', async () => {
    const slotId = await slotAtNoon('desk-lapse', 1);
    const { applicationId, token } = await invited();
    expect(await caseFile.appointments.closeUnbooked(applicationId, 'worker:close-unbooked')).to.deep.equal({
      booked: false,
      isNew: true,
    });
    expect(await caseFile.appointments.closeUnbooked(applicationId, 'worker:close-unbooked')).to.deep.equal({
      booked: false,
      isNew: false,
    });
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('closed-unbooked');
    const mails = (await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1')).filter(
      (m) => m.template === 'closed-unbooked',
    );
    expect(mails).to.have.length(1);
    expect(await rejection(caseFile.appointments.book(token, slotId))).to.be.instanceOf(ForbiddenError);
  });

  it('does not close a case the citizen booked at the last moment', async () => {
    const slotId = await slotAtNoon('desk-last-moment', 1);
    const { applicationId, token } = await invited();
    await caseFile.appointments.book(token, slotId);
    expect(await caseFile.appointments.closeUnbooked(applicationId, 'worker:close-unbooked')).to.deep.equal({
      booked: true,
      isNew: false,
    });
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('booked');
  });
});
