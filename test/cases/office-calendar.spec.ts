// cases/office-calendar: Denmark's public holidays from Easter, the days public offices close, and the
// working days the user tasks' due dates count, across Christmas and the change of year.
import { expect } from 'chai';
import { planSlots, internationalHousePattern } from '../../cases/appointments.js';
import { localDate } from '../../cases/clock.js';
import { danishPublicHolidays, easterSunday, isWorkingDay, workingDayEnds } from '../../cases/office-calendar.js';

describe('cases/office-calendar', () => {
  it('finds Easter Sunday, and the holidays that hang on it', () => {
    expect(['2024', '2025', '2026', '2027'].map((year) => easterSunday(Number(year)))).to.deep.equal([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
    ]);
    const dates = danishPublicHolidays(2027).map((holiday) => holiday.date);
    expect(dates).to.deep.equal([
      '2027-01-01',
      '2027-03-25',
      '2027-03-26',
      '2027-03-28',
      '2027-03-29',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
    // Store Bededag is a holiday until 2023 only
    expect(danishPublicHolidays(2023).map((holiday) => holiday.date)).to.include('2023-05-05');
  });

  it('counts Monday to Friday without holidays, Constitution Day, Christmas Eve or New Year’s Eve', () => {
    expect(isWorkingDay('2027-01-04')).to.equal(true);
    for (const closed of ['2027-01-01', '2027-03-26', '2026-06-05', '2026-12-24', '2026-12-31', '2027-01-02'])
      expect(isWorkingDay(closed), closed).to.equal(false);
    expect(isWorkingDay('2027-01-05', ['2027-01-05']), "a site's own closed date").to.equal(false);
  });

  it('lists the ends of the working days after today in Copenhagen, across Christmas and the new year', () => {
    // Friday 18 December 2026, late in the evening in Copenhagen but still that day
    const ends = workingDayEnds(new Date('2026-12-18T22:30:00Z'), 7);
    expect(ends).to.deep.equal([
      '2026-12-21T23:00:00Z',
      '2026-12-22T23:00:00Z',
      '2026-12-23T23:00:00Z',
      '2026-12-28T23:00:00Z',
      '2026-12-29T23:00:00Z',
      '2026-12-30T23:00:00Z',
      '2027-01-04T23:00:00Z',
    ]);
    // just after midnight in Copenhagen it is already Saturday: the list is the same
    expect(workingDayEnds(new Date('2026-12-18T23:30:00Z'), 7)).to.deep.equal(ends);
    // in summer time the day ends at 22:00 UTC
    expect(workingDayEnds(new Date('2027-06-01T10:00:00Z'), 2)).to.deep.equal([
      '2027-06-02T22:00:00Z',
      '2027-06-03T22:00:00Z',
    ]);
  });

  it('opens no appointment slots on a public holiday or a closing day', () => {
    const slots = planSlots({ from: '2026-12-21', to: '2027-01-08' }, internationalHousePattern);
    const days = new Set(slots.map((slot) => localDate(slot.startsAt)));
    for (const closed of ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'])
      expect(days.has(closed), closed).to.equal(false);
    expect(days.has('2026-12-21')).to.equal(true);
  });
});
