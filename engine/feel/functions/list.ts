// Camunda's list extensions (FEEL Scala's ListBuiltinFunctions): `is empty`, `partition`, `duplicate values`,
// and `string join` with Camunda's overloads (a null delimiter; delimiter, prefix and suffix).
import { feelFunction, intValue, isList, sameValue } from './define.js';

/** Joins the strings of a list, skipping null items; null when an item is neither a string nor null. */
function joinStrings(list: unknown[], delimiter = '', prefix = '', suffix = ''): string | null {
  if (!list.every((item) => item === null || typeof item === 'string')) return null;
  return prefix + list.filter((item) => item !== null).join(delimiter) + suffix;
}

/** FEEL Scala's overloads: (list), (list, delimiter) and (list, delimiter, prefix, suffix); null stands in for "". */
function stringJoin(list: unknown, delimiter: unknown, prefix: unknown, suffix: unknown): string | null {
  if (!isList(list)) return null;
  const text = (value: unknown) => (value === null ? '' : typeof value === 'string' ? value : undefined);
  if (prefix === undefined && suffix === undefined) {
    if (delimiter === undefined) return joinStrings(list);
    const separator = text(delimiter);
    return separator === undefined ? null : joinStrings(list, separator);
  }
  const [separator, start, end] = [text(delimiter), text(prefix), text(suffix)];
  if (separator === undefined || start === undefined || end === undefined) return null;
  // FEEL Scala has no overload for a prefix without a suffix, or the other way round
  if ((prefix === null) !== (suffix === null)) return null;
  return joinStrings(list, separator, start, end);
}

export const listFunctions = {
  /** True for a list without items. */
  'is empty': feelFunction(['list'], (list) => (isList(list) ? list.length === 0 : null)),

  /** Consecutive sublists of the given size (the last may be shorter); null for a size below 1. */
  partition: feelFunction(['list', 'size'], (list, size) => {
    if (!isList(list) || typeof size !== 'number') return null;
    const length = intValue(size);
    if (length < 1) return null;
    const parts: unknown[][] = [];
    for (let i = 0; i < list.length; i += length) parts.push(list.slice(i, i + length));
    return parts;
  }),

  /** Each value that occurs more than once in the list, in order of first occurrence. */
  'duplicate values': feelFunction(['list'], (list) => {
    if (!isList(list)) return null;
    const distinct: unknown[] = [];
    for (const item of list) if (!distinct.some((seen) => sameValue(seen, item))) distinct.push(item);
    return distinct.filter((value) => list.filter((item) => sameValue(item, value)).length > 1);
  }),

  'string join': feelFunction(['list', 'delimiter', 'prefix', 'suffix'], stringJoin),
};
