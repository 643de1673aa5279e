// Camunda's temporal extensions: `last day of month`, `date and time(date, timezone)`, and
// `years and months duration` as FEEL Scala computes it (feelin's adds the leftover days).
import { duration, FeelDate, FeelDateTime, parseDate } from 'feelin';
import { feelFunction, feelinBuiltin } from './define.js';

const dateAndTime = feelinBuiltin('date and time');

/** The calendar date of a date or date-time value (its wall-clock date), or undefined for anything else. */
function calendarDate(value: unknown): { year: number; month: number; day: number } | undefined {
  return value instanceof FeelDate || value instanceof FeelDateTime ? value : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The last day of the month of a date or date-time. */
function lastDayOfMonth(value: unknown): FeelDate | null {
  const date = calendarDate(value);
  if (!date) return null;
  const last = new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
  return parseDate(`${pad(date.year, 4)}-${pad(date.month)}-${pad(last)}`);
}

/**
 * The date-time at a time zone (Java's ZoneId: `Z`, an offset or a region). A zoned value keeps its
 * instant and moves to the zone; a local one is placed in the zone. An unknown zone fails the evaluation,
 * as Java's ZoneId.of throws.
 */
function atZone(value: FeelDateTime, zone: string): FeelDateTime {
  const target = zone === 'Z' ? 'UTC' : zone;
  try {
    const instant = value.value.toZonedDateTime(value.zone ?? target);
    return new FeelDateTime(value.zone === null ? value.value : instant.withTimeZone(target).toPlainDateTime(), target);
  } catch {
    throw new Error(`Unknown time-zone ID: ${zone}`);
  }
}

/** feelin's `date and time`, plus FEEL Scala's (date-time, timezone) overload. */
function dateAndTimeWithZone(...args: unknown[]): unknown {
  const [date, time, from] = args;
  if (typeof time === 'string' && from === undefined) return date instanceof FeelDateTime ? atZone(date, time) : null;
  const text = args.length === 1 ? date : from;
  // FEEL Scala 1.19 has no `+01:00[Europe/Berlin]` form; feelin would drop the zone
  if (typeof text === 'string' && text.includes('[')) return null;
  return dateAndTime(...args);
}

/** Java's Period.between(from, to) in whole months: a month only counts once its day is reached. */
function yearsAndMonths(from: unknown, to: unknown): unknown {
  const [start, end] = [calendarDate(from), calendarDate(to)];
  if (!start || !end) return null;
  let months = end.year * 12 + end.month - (start.year * 12 + start.month);
  const days = end.day - start.day;
  if (months > 0 && days < 0) months--;
  else if (months < 0 && days > 0) months++;
  const size = Math.abs(months);
  return duration(`${months < 0 ? '-' : ''}P${Math.floor(size / 12)}Y${size % 12}M`);
}

export const temporalFunctions = {
  'last day of month': feelFunction(['date'], lastDayOfMonth),
  'date and time': feelFunction(dateAndTime.$args, dateAndTimeWithZone),
  'years and months duration': feelFunction(['from', 'to'], yearsAndMonths),
};
