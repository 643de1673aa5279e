// ISO 8601 timer values, as Zeebe accepts them in timeDuration, timeDate and timeCycle.
import { expect } from 'chai';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../../../engine/feel/temporal.js';
import { javaDateTime } from '../../../engine/runtime/job-headers.js';

describe('engine/feel/temporal', () => {
  it('parses durations with days and time parts, and rejects malformed ones', () => {
    const start = Date.UTC(2026, 0, 31, 12);
    expect(addDuration(start, parseDuration('PT1.5S')!) - start).to.equal(1500);
    expect(addDuration(start, parseDuration('P1DT2H')!) - start).to.equal(26 * 3_600_000);
    expect(new Date(addDuration(start, parseDuration('P1M')!)).toISOString()).to.equal('2026-03-03T12:00:00.000Z');
    for (const bad of ['P', 'PT', '5S', 'P1H', 'PT1D']) expect(parseDuration(bad), bad).to.equal(undefined);
  });

  it('requires a zone or offset on dates', () => {
    expect(parseDateTime('2026-11-22T10:00:00Z')).to.equal(Date.UTC(2026, 10, 22, 10));
    expect(parseDateTime('2026-11-22T11:00:00+01:00')).to.equal(Date.UTC(2026, 10, 22, 10));
    expect(parseDateTime('2026-11-22T10:00:00')).to.equal(undefined);
  });

  it('parses repeating intervals, bounded and unbounded', () => {
    expect(parseCycle('R3/PT10S')).to.include({ repetitions: 3, start: undefined });
    expect(parseCycle('R/P1D')?.repetitions).to.equal(-1);
    expect(parseCycle('R2/2026-01-01T00:00:00Z/PT1M')?.start).to.equal(Date.UTC(2026, 0, 1));
    expect(parseCycle('0 0 9 * * MON')).to.equal(undefined);
  });

  it("formats user task dates like Java's ZonedDateTime.toString(), as Zeebe does", () => {
    expect(javaDateTime('2023-02-28T08:16:00Z')).to.equal('2023-02-28T08:16Z');
    expect(javaDateTime('2023-02-28T08:16:23+01:00')).to.equal('2023-02-28T08:16:23+01:00');
    expect(javaDateTime('2023-02-28T08:16:23.5Z')).to.equal('2023-02-28T08:16:23.500Z');
    expect(javaDateTime('tomorrow')).to.equal(undefined);
  });
});
