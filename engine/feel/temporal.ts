// ISO 8601 durations, dates and repeating intervals, and cron cycles, for timer events, computed in UTC
// milliseconds.
import { CronExpressionParser } from 'cron-parser';

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

// Cron cycles, in Spring's six-field syntax (seconds first, `?`, `L`, `#` and the @hourly-style macros),
// which Zeebe uses; they run in UTC.
const macros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Why `text` is not a cron expression Zeebe accepts, or undefined when it is one. */
export function cronProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (macros.has(trimmed)) return undefined;
  const parts = trimmed.split(/\s+/).length;
  if (parts !== 6) return `Cron expression contains ${parts} parts but we expect one of [6]`;
  try {
    CronExpressionParser.parse(trimmed, { tz: 'UTC' });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether `text` looks like a cron expression rather than an ISO repetition. */
export const isCron = (text: string) => !text.trim().startsWith('R');

/** The first time after `after` that an interval (ISO duration or cron) leads to. */
export function nextDue(interval: string, after: number): number | undefined {
  if (!isCron(interval) || interval.startsWith('P')) {
    const duration = parseDuration(interval);
    return duration ? addDuration(after, duration) : undefined;
  }
  try {
    return CronExpressionParser.parse(interval.trim(), { currentDate: new Date(after), tz: 'UTC' })
      .next()
      .getTime();
  } catch {
    return undefined;
  }
}
