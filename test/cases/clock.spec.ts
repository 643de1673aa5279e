// cases/clock: ISO 8601 durations read the way the process's timers read them, so a private link lives as
// long as the wait it belongs to.
import { expect } from 'chai';
import { addIsoDurations, deadlineAfter, lastDayOf, longDate, parseIsoDuration } from '../../cases/clock.js';

describe('cases/clock durations', () => {
  it('reads days, weeks, calendar months and clock time', () => {
    expect(parseIsoDuration('P14D')).to.deep.equal({ years: 0, months: 0, days: 14, milliseconds: 0 });
    expect(parseIsoDuration('P2W')).to.deep.equal({ years: 0, months: 0, days: 14, milliseconds: 0 });
    expect(parseIsoDuration('P1Y2M')).to.deep.equal({ years: 1, months: 2, days: 0, milliseconds: 0 });
    expect(parseIsoDuration('PT1H30M2.5S')).to.deep.equal({ years: 0, months: 0, days: 0, milliseconds: 5_402_500 });
  });

  it('refuses what is not a duration, including the empty ones', () => {
    for (const text of ['', 'P', 'PT', '14D', 'P14', 'P-1D', 'P1DT', 'p14d', 'R/P1D'])
      expect(parseIsoDuration(text), text).to.equal(undefined);
  });

  it('adds durations one after the other, months on the calendar', () => {
    const start = new Date('2026-01-15T10:00:00Z');
    const reminderThenExpiry = [parseIsoDuration('P14D'), parseIsoDuration('P30D')].map((d) => d ?? expect.fail());
    expect(addIsoDurations(start, reminderThenExpiry).toISOString()).to.equal('2026-02-28T10:00:00.000Z');
    expect(addIsoDurations(start, [parseIsoDuration('P1M') ?? expect.fail()]).toISOString()).to.equal(
      '2026-02-15T10:00:00.000Z',
    );
    expect(addIsoDurations(start, [parseIsoDuration('PT30S') ?? expect.fail()]).toISOString()).to.equal(
      '2026-01-15T10:00:30.000Z',
    );
  });
});

describe('cases/clock deadlines', () => {
  const days = (n: number) => parseIsoDuration(`P${n}D`) ?? expect.fail('duration');
  const deadline = (at: string, ...durations: string[]) =>
    deadlineAfter(
      new Date(at),
      durations.map((d) => parseIsoDuration(d) ?? expect.fail(d)),
    );

  it('ends with the Copenhagen day the wait reaches, counted on its calendar across the end of summer time', () => {
    // 00:30 on 25 October in Copenhagen (22:30 UTC the day before); summer time ends at 03:00 that night
    const at = deadline('2026-10-24T22:30:00Z', 'P30D');
    // thirty dates on is 24 November, which the deadline holds until midnight there (23:00 UTC)
    expect(lastDayOf(at)).to.equal('2026-11-24');
    expect(at.toISOString()).to.equal('2026-11-24T23:00:00.000Z');
  });

  it('reads the start day in Copenhagen, not in UTC, near midnight and across the start of summer time', () => {
    // 23:59 on 5 January in Copenhagen, then 00:30 on 6 January: a minute apart, a day apart in deadlines
    expect(lastDayOf(deadline('2027-01-05T22:59:00Z', 'P14D'))).to.equal('2027-01-19');
    expect(lastDayOf(deadline('2027-01-05T23:30:00Z', 'P14D'))).to.equal('2027-01-20');
    // 23:30 on 28 March in Copenhagen; summer time starts at 02:00 the next night
    const spring = deadline('2026-03-28T22:30:00Z', 'P14D', 'P30D');
    expect(lastDayOf(spring)).to.equal('2026-05-11');
    expect(spring.toISOString()).to.equal('2026-05-11T22:00:00.000Z');
    expect(deadlineAfter(new Date('2026-03-28T22:30:00Z'), [days(44)]).getTime()).to.equal(spring.getTime());
  });

  it('ends a wait with clock time (tests, simulations) exactly, on the day it falls', () => {
    const at = deadline('2027-01-05T10:00:00Z', 'PT1S', 'PT2S');
    expect(at.toISOString()).to.equal('2027-01-05T10:00:03.000Z');
    expect(lastDayOf(at)).to.equal('2027-01-05');
  });

  it('writes the last day as the mails and pages do, in both languages', () => {
    expect(longDate('2027-01-20', 'en')).to.equal('20 January 2027');
    expect(longDate('2027-01-20', 'da')).to.equal('20. januar 2027');
  });
});
