// ISO 8601 durations, dates and repeating intervals for timer events, computed in UTC milliseconds.

interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  negative: boolean;
}

const durationPattern =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses `P1DT2H`, `PT0.5S`, `P2W`... Returns undefined for anything else. */
export function parseDuration(text: string): DurationParts | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number) => (match[i] ? Number(match[i]) : 0);
  return {
    negative: match[1] === '-',
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/** Adds a duration to a point in time; calendar units (years, months) follow the UTC calendar. */
export function addDuration(from: number, d: DurationParts): number {
  const sign = d.negative ? -1 : 1;
  const date = new Date(from);
  if (d.years || d.months) date.setUTCMonth(date.getUTCMonth() + sign * (d.years * 12 + d.months));
  const fixedMs = ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1000;
  return date.getTime() + sign * fixedMs;
}

/** Parses an ISO date-time with an offset or zone; returns epoch milliseconds or undefined. */
export function parseDateTime(text: string): number | undefined {
  const trimmed = text.trim().replace(/@.*$/, '');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A repeating interval `R[n]/[start/]duration`; `repetitions` is -1 for unbounded. */
export interface Cycle {
  repetitions: number;
  start: number | undefined;
  interval: DurationParts;
}

export function parseCycle(text: string): Cycle | undefined {
  const parts = text.trim().split('/');
  const head = parts[0] ?? '';
  if (!/^R\d*$/.test(head) || parts.length < 2 || parts.length > 3) return undefined;
  const repetitions = head === 'R' ? -1 : Number(head.slice(1));
  const interval = parseDuration(parts[parts.length - 1] ?? '');
  if (!interval) return undefined;
  let start: number | undefined;
  if (parts.length === 3) {
    start = parseDateTime(parts[1] ?? '');
    if (start === undefined) return undefined;
  }
  return { repetitions, start, interval };
}
