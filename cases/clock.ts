// Time for the case file: a clock passed in (so specs can move it) and the calendar of the office, which is
// Copenhagen's whatever the server's time zone. Dates are YYYY-MM-DD strings throughout, never Date objects
// at some midnight, because a date has no time zone and a Date always has one.

/** Where the case file gets "now" from. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The office's time zone: dates and opening hours are Copenhagen's. */
export const officeTimeZone = 'Europe/Copenhagen';

const dayMs = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): Record<string, number> {
  // building a formatter costs far more than using one, and slot planning asks thousands of times
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = newFormatter(timeZone);
    formatters.set(timeZone, formatter);
  }
  const result: Record<string, number> = {};
  for (const part of formatter.formatToParts(at)) if (part.type !== 'literal') result[part.type] = Number(part.value);
  return result;
}

function newFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The calendar date (YYYY-MM-DD) at `at` in the office's time zone. */
export function localDate(at: Date, timeZone = officeTimeZone): string {
  const p = parts(at, timeZone);
  return `${p.year}-${pad(p.month ?? 0)}-${pad(p.day ?? 0)}`;
}

/** The wall-clock time (HH:MM, 24-hour) at `at` in the office's time zone, as the desk's hours are written. */
export function clockTime(at: Date, timeZone = officeTimeZone): string {
  const p = parts(at, timeZone);
  return `${pad(p.hour ?? 0)}:${pad(p.minute ?? 0)}`;
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The date `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whole years from `birthDate` to `onDate`: the age someone born then has that day. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The instant a Copenhagen wall-clock time (date, HH:MM) happens, across daylight saving changes. */
export function zonedInstant(date: string, time: string, timeZone = officeTimeZone): Date {
  const [y = 0, mo = 0, d = 0] = date.split('-').map(Number);
  const [h = 0, mi = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // the zone's offset at a guess, then again at the corrected instant, which settles it except inside the
  // hour a spring-forward skips (office hours never fall there)
  const offsetAt = (instant: number) => {
    const p = parts(new Date(instant), timeZone);
    return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - instant;
  };
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess));
}

/** An ISO 8601 duration taken apart: calendar parts added on the calendar, the rest as elapsed time. */
export interface IsoDuration {
  years: number;
  months: number;
  days: number;
  milliseconds: number;
}

const isoDurationPattern =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Reads a duration the way the process's timers do (`duration("P14D")`, `PT30S`, `P1M`), so a private link
 * lives exactly as long as the wait it belongs to. Undefined for anything else, including `P` and `PT`.
 */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const match = isoDurationPattern.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return {
    years: y ?? 0,
    months: mo ?? 0,
    days: (w ?? 0) * 7 + (d ?? 0),
    milliseconds: Math.round(((h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0)) * 1000),
  };
}

/** The instant `durations` after `start`, one after the other. */
export function addIsoDurations(start: Date, durations: readonly IsoDuration[]): Date {
  const at = new Date(start.getTime());
  for (const { years, months, days, milliseconds } of durations) {
    // 31 January plus a month overflows into March, where Zeebe stops at 28 February: a link lives a few
    // days longer, never shorter
    at.setUTCFullYear(at.getUTCFullYear() + years, at.getUTCMonth() + months, at.getUTCDate() + days);
    at.setTime(at.getTime() + milliseconds);
  }
  return at;
}

/** `date` moved on the calendar by whole years, months and days (31 January plus a month is 3 March). */
function addCalendar(date: string, { years, months, days }: IsoDuration): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCFullYear(at.getUTCFullYear() + years, at.getUTCMonth() + months, at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * The deadline `durations` after `now`, as one instant: the end of the last day it allows. A wait in
 * whole days, months or years ends with the Copenhagen day it reaches, counted on Copenhagen's calendar
 * (so "30 days" across a change of daylight saving time is still 30 dates on), and the instant is the
 * first moment after that day: "by 20 January" holds all of 20 January. A wait with hours, minutes or
 * seconds, as tests and simulations set, ends exactly then. Every mail, page and timer reads this one
 * instant, and `lastDayOf` gives the date they print.
 */
export function deadlineAfter(now: Date, durations: readonly IsoDuration[]): Date {
  if (durations.some((duration) => duration.milliseconds !== 0)) return addIsoDurations(now, durations);
  const lastDay = durations.reduce(addCalendar, localDate(now));
  return zonedInstant(addDays(lastDay, 1), '00:00');
}

/** The last day a deadline allows: the Copenhagen date of its final moment. */
export function lastDayOf(deadline: Date): string {
  return localDate(new Date(deadline.getTime() - 1));
}

/** A date (YYYY-MM-DD) written out for people, as every mail and page writes a deadline: "20 January 2027". */
export function longDate(date: string, language: 'en' | 'da'): string {
  return new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
