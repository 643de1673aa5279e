// The DMN range relations that feelin leaves unimplemented (`overlaps before`, `overlaps after`, `finishes`,
// `finished by`, `during`, `starts`, `started by`, `coincides`), with the formulas of the DMN 1.3 spec as
// FEEL Scala implements them. Points are numbers, dates, times, date-times or durations of one kind; other
// values, such as strings, give null.
import { FeelDate, FeelDateTime, FeelDuration, FeelRange, FeelTime } from 'feelin';
import { feelFunction } from './define.js';

/** The kind of a point; only points of the same kind compare. Zoned and local temporals differ in FEEL Scala. */
function kind(value: unknown): string | undefined {
  if (typeof value === 'number') return 'number';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return value.zone === null ? 'local time' : 'time';
  if (value instanceof FeelDateTime) return value.zone === null ? 'local date and time' : 'date and time';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'years and months duration' : 'days and time duration';
  return undefined;
}

/** Whether the range from `start` (included; null for no lower bound) to `end` holds `value`, by feelin's ordering. */
function within(start: unknown, end: unknown, endIncluded: boolean, value: unknown): boolean {
  const range = new FeelRange({ start, end, 'start included': true, 'end included': endIncluded, valueType: null });
  return range.includes(value) === true;
}

/** Thrown by `cmp` when two points do not compare; the relation then gives null. */
const incomparable = new Error('incomparable points');

/** Compares two points of one kind: negative, zero or positive. */
function cmp(a: unknown, b: unknown): number {
  const kindOfA = kind(a);
  if (kindOfA === undefined || kindOfA !== kind(b)) throw incomparable;
  if (within(a, a, true, b)) return 0;
  return within(null, b, false, a) ? -1 : 1;
}

interface Bounds {
  start: unknown;
  end: unknown;
  startIncluded: boolean;
  endIncluded: boolean;
}

function isBounds(value: unknown): value is Bounds {
  return typeof value === 'object' && value !== null && 'startIncluded' in value;
}

function bounds(range: FeelRange): Bounds {
  return {
    start: range.start,
    end: range.end,
    startIncluded: range['start included'],
    endIncluded: range['end included'],
  };
}

/** Evaluates a relation over points and ranges; null when a point does not compare or a range is open. */
function relation(test: (first: unknown, second: unknown) => boolean | null, ...values: [unknown, unknown]) {
  const [first, second] = values.map((value) => (value instanceof FeelRange ? bounds(value) : value));
  if ([first, second].some((arg) => isBounds(arg) && (arg.start === null || arg.end === null))) return null;
  try {
    return test(first, second);
  } catch (error) {
    if (error === incomparable) return null;
    throw error;
  }
}

const overlapsBefore = (a: Bounds, b: Bounds) =>
  (cmp(a.start, b.start) < 0 || (cmp(a.start, b.start) === 0 && a.startIncluded && !b.startIncluded)) &&
  (cmp(a.end, b.start) > 0 || (cmp(a.end, b.start) === 0 && a.endIncluded && b.startIncluded)) &&
  (cmp(a.end, b.end) < 0 || (cmp(a.end, b.end) === 0 && (!a.endIncluded || b.endIncluded)));

const finishes = (a: Bounds, b: Bounds) =>
  a.endIncluded === b.endIncluded &&
  cmp(a.end, b.end) === 0 &&
  (cmp(a.start, b.start) > 0 || (cmp(a.start, b.start) === 0 && (!a.startIncluded || b.startIncluded)));

const starts = (a: Bounds, b: Bounds) =>
  cmp(a.start, b.start) === 0 &&
  a.startIncluded === b.startIncluded &&
  (cmp(a.end, b.end) < 0 || (cmp(a.end, b.end) === 0 && (!a.endIncluded || b.endIncluded)));

const during = (a: Bounds, b: Bounds) =>
  (cmp(b.start, a.start) < 0 || (cmp(b.start, a.start) === 0 && (b.startIncluded || !a.startIncluded))) &&
  (cmp(b.end, a.end) > 0 || (cmp(b.end, a.end) === 0 && (b.endIncluded || !a.endIncluded)));

const coincides = (a: Bounds, b: Bounds) =>
  cmp(a.start, b.start) === 0 &&
  a.startIncluded === b.startIncluded &&
  cmp(a.end, b.end) === 0 &&
  a.endIncluded === b.endIncluded;

const isRange = (value: unknown): value is FeelRange => value instanceof FeelRange;

/**
 * A relation with a point overload and a range overload. Arguments come positionally, or by FEEL Scala's
 * parameter names: `pointNames` for the point overload, `range1`/`range2` for the range overload.
 */
function rangeFunction(
  pointNames: [string, string],
  onPoint: (first: unknown, second: unknown) => boolean | null,
  onRanges: (a: Bounds, b: Bounds) => boolean,
) {
  return feelFunction([...pointNames, 'range1', 'range2'], (first, second, range1, range2) => {
    if (range1 !== undefined || range2 !== undefined) {
      if (first !== undefined || second !== undefined || !isRange(range1) || !isRange(range2)) return null;
      return relation((a, b) => onRanges(a as Bounds, b as Bounds), range1, range2);
    }
    if (isRange(first) && isRange(second)) return relation((a, b) => onRanges(a as Bounds, b as Bounds), first, second);
    return relation(onPoint, first, second);
  });
}

/** A relation of two ranges only. */
function rangesFunction(onRanges: (a: Bounds, b: Bounds) => boolean) {
  return feelFunction(['range1', 'range2'], (range1, range2) =>
    isRange(range1) && isRange(range2) ? relation((a, b) => onRanges(a as Bounds, b as Bounds), range1, range2) : null,
  );
}

const pointAtEnd = (range: unknown, point: unknown) =>
  isBounds(range) ? range.endIncluded && cmp(range.end, point) === 0 : null;
const pointAtStart = (range: unknown, point: unknown) =>
  isBounds(range) ? range.startIncluded && cmp(range.start, point) === 0 : null;

export const rangeFunctions = {
  'overlaps before': rangesFunction(overlapsBefore),
  'overlaps after': rangesFunction((a, b) => overlapsBefore(b, a)),
  finishes: rangeFunction(['point', 'range'], (point, range) => pointAtEnd(range, point), finishes),
  'finished by': rangeFunction(
    ['range', 'point'],
    (range, point) => pointAtEnd(range, point),
    (a, b) => finishes(b, a),
  ),
  during: rangeFunction(
    ['point', 'range'],
    (point, range) =>
      isBounds(range)
        ? (cmp(range.start, point) < 0 && cmp(range.end, point) > 0) ||
          (cmp(range.start, point) === 0 && range.startIncluded) ||
          (cmp(range.end, point) === 0 && range.endIncluded)
        : null,
    during,
  ),
  starts: rangeFunction(['point', 'range'], (point, range) => pointAtStart(range, point), starts),
  'started by': rangeFunction(
    ['range', 'point'],
    (range, point) => pointAtStart(range, point),
    (a, b) => starts(b, a),
  ),
  coincides: rangeFunction(['point1', 'point2'], (a, b) => cmp(a, b) === 0, coincides),
};
