// cases/clock: ISO 8601 durations read the way the process's timers read them, so a private link lives as
// long as the wait it belongs to.
import { expect } from 'chai';
import { addIsoDurations, parseIsoDuration } from '../../cases/clock.js';

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
