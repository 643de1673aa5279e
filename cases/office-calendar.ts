// The office's calendar: which days International House is closed, and the working days that service levels
// count. Closed are the weekends, Denmark's public holidays (helligdage; Store Bededag is no holiday from
// 2024) and the days public offices close although they are not holidays: Constitution Day (5 June),
// Christmas Eve and New Year's Eve. A site adds its own closed dates (a move, a staff day) to the pattern.
//
// The task list's due dates come from the model: cpr-application.bpmn's zeebe:taskSchedule picks from
// `workingDayEnds`, a list of the ends of the coming working days that the automatic checklist hands the
// process, so "5 working days" stays a FEEL expression a designer can edit and Zeebe can evaluate.
import { addDays, isoWeekday, localDate, zonedInstant } from './clock.js';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Denmark's public holidays in a year, with their names, in date order. */
export function danishPublicHolidays(year: number): { date: string; name: string }[] {
  const easter = easterSunday(year);
  const holidays = [
    { date: `${year}-01-01`, name: 'New Year’s Day' },
    { date: addDays(easter, -3), name: 'Maundy Thursday' },
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: easter, name: 'Easter Sunday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    // Store Bededag (Easter + 26) was abolished as a holiday from 2024
    ...(year < 2024 ? [{ date: addDays(easter, 26), name: 'General Prayer Day' }] : []),
    { date: addDays(easter, 39), name: 'Ascension Day' },
    { date: addDays(easter, 49), name: 'Whit Sunday' },
    { date: addDays(easter, 50), name: 'Whit Monday' },
    { date: `${year}-12-25`, name: 'Christmas Day' },
    { date: `${year}-12-26`, name: 'Boxing Day' },
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

/** The days public offices close although they are not public holidays. */
export function officeClosingDays(year: number): string[] {
  return [`${year}-06-05`, `${year}-12-24`, `${year}-12-31`];
}

/** Whether the office is closed all day on `date` (YYYY-MM-DD) for a reason other than the weekday. */
export function isClosedDate(date: string, extraClosedDates: readonly string[] = []): boolean {
  const year = Number(date.slice(0, 4));
  return (
    extraClosedDates.includes(date) ||
    officeClosingDays(year).includes(date) ||
    danishPublicHolidays(year).some((holiday) => holiday.date === date)
  );
}

/** Whether `date` is a working day: Monday to Friday and not a closed date. */
export function isWorkingDay(date: string, extraClosedDates: readonly string[] = []): boolean {
  return isoWeekday(date) <= 5 && !isClosedDate(date, extraClosedDates);
}

/**
 * The ends (the following midnight in Copenhagen, as `…Z` text that FEEL's `date and time()` reads) of the
 * `count` working days after the Copenhagen day of `now`. Element n (FEEL counts from 1) is the end of the
 * n-th working day after today: "within 5 working days" is `workingDayEnds[5]`.
 */
export function workingDayEnds(now: Date, count = 120, extraClosedDates: readonly string[] = []): string[] {
  const ends: string[] = [];
  for (let date = addDays(localDate(now), 1); ends.length < count; date = addDays(date, 1))
    if (isWorkingDay(date, extraClosedDates))
      ends.push(`${zonedInstant(addDays(date, 1), '00:00').toISOString().slice(0, 19)}Z`);
  return ends;
}
