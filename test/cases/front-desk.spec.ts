// cases/front-desk: the check-in is for the applicant standing at the desk, so it is possible only on the
// appointment's Copenhagen day and only while the office is open that day; a refusal names that day and the
// hours, and records nothing.
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { WeeklyPattern } from '../../cases/appointments.js';
import { CheckInRefusedError } from '../../cases/front-desk.js';
import type { CaseFile } from '../../cases/index.js';
import { FakeClock, freshCaseFile, newApplication } from './fixtures.js';

// Monday 11 January 2027, winter time: 10:00 in Copenhagen is 09:00 UTC
const monday = '2027-01-11';
const pattern: WeeklyPattern = {
  slotMinutes: 15,
  closedWeekdays: [2],
  desks: [{ desk: 'desk-a', capacity: 10, hours: { 1: [{ from: '10:00', to: '15:00' }] } }],
};

describe('cases/front-desk', function () {
  this.timeout(60_000);
  const clock = new FakeClock(new Date('2027-01-08T11:00:00Z'));
  let knex: Knex;
  let caseFile: CaseFile;

  before(async () => {
    ({ knex, caseFile } = await freshCaseFile({ clock }));
    await caseFile.appointments.openSlots({ from: monday, to: monday }, { pattern });
  });

  /** A case booked on the Friday before, for Monday at noon. */
  async function bookedForMondayNoon() {
    clock.set(new Date('2027-01-08T11:00:00Z'));
    const { applicationId } = await caseFile.applications.create(newApplication());
    const invitation = await caseFile.appointments.invite(applicationId, `front-desk-${applicationId}`, 'spec');
    const slot = (await knex('appointment_slots')
      .select('id')
      .where({ starts_at: new Date('2027-01-11T11:00:00Z') })
      .first()) as { id: string };
    const booking = await caseFile.appointments.book(invitation.token ?? '', slot.id);
    return { applicationId, bookingId: booking.id };
  }

  async function refusal(bookingId: string): Promise<CheckInRefusedError> {
    try {
      await caseFile.frontDesk.checkIn(bookingId, 'staff:desk');
    } catch (error) {
      if (error instanceof CheckInRefusedError) return error;
      throw error;
    }
    throw new Error('the check-in was not refused');
  }

  const checkIns = async (applicationId: string) =>
    (await caseFile.audit.listForApplication(applicationId)).filter((e) => e.action === 'appointment-checked-in');

  it('refuses a check-in days early, naming the day and the hours, and records nothing', async () => {
    const { applicationId, bookingId } = await bookedForMondayNoon();
    const refused = await refusal(bookingId);
    expect(refused.reason).to.equal('not-the-day');
    expect(refused.status).to.equal(409);
    expect(refused.window.day).to.equal(monday);
    expect(refused.window.opens.toISOString()).to.equal('2027-01-11T09:00:00.000Z');
    expect(refused.window.closes.toISOString()).to.equal('2027-01-11T14:00:00.000Z');
    expect(await checkIns(applicationId)).to.have.length(0);
  });

  it('refuses a check-in on the day before the office opens and after it closes', async () => {
    const { applicationId, bookingId } = await bookedForMondayNoon();
    clock.set(new Date('2027-01-11T08:59:00Z'));
    expect((await refusal(bookingId)).reason).to.equal('office-closed');
    clock.set(new Date('2027-01-11T14:00:00Z'));
    expect((await refusal(bookingId)).reason).to.equal('office-closed');
    expect(await checkIns(applicationId)).to.have.length(0);
  });

  it('checks in from opening time on the day, earlier than the appointment too, once', async () => {
    const { applicationId, bookingId } = await bookedForMondayNoon();
    clock.set(new Date('2027-01-11T09:00:00Z'));
    expect(await caseFile.frontDesk.checkIn(bookingId, 'staff:desk')).to.deep.equal({ applicationId, isNew: true });
    // later the same day the check-in stands, and is not recorded again
    clock.set(new Date('2027-01-11T13:59:00Z'));
    expect(await caseFile.frontDesk.checkIn(bookingId, 'staff:desk')).to.deep.equal({ applicationId, isNew: false });
    expect(await checkIns(applicationId)).to.have.length(1);
  });

  it("gives the day view each appointment's check-in window", async () => {
    const [appointment] = await caseFile.frontDesk.appointmentsOn(monday);
    expect(appointment?.checkIn.opens.toISOString()).to.equal('2027-01-11T09:00:00.000Z');
    expect(appointment?.checkIn.closes.toISOString()).to.equal('2027-01-11T14:00:00.000Z');
  });
});
