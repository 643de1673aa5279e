// Camunda's string extensions (FEEL Scala's StringBuiltinFunctions): `extract`, `trim`, `uuid`, `to base64`
// and `is blank`. A wrong argument type gives null, as in FEEL Scala.
import { randomBytes } from 'node:crypto';
import { feelFunction } from './define.js';

/** Java's String.trim(): removes every leading and trailing code unit up to U+0020 (spaces and controls). */
function javaTrim(string: string): string {
  let [start, end] = [0, string.length];
  while (start < end && string.charCodeAt(start) <= 0x20) start++;
  while (end > start && string.charCodeAt(end - 1) <= 0x20) end--;
  return string.slice(start, end);
}

/** Java's Character.isWhitespace, which String.isBlank() uses: no-break spaces are not whitespace. */
const javaSpaces = /[ \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]/;
function isJavaWhitespace(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f) || javaSpaces.test(char);
}

/** A version 7 UUID (RFC 9562), as FEEL Scala generates: the Unix time in milliseconds, then random bits. */
function uuidV7(now = Date.now()): string {
  const bytes = randomBytes(16);
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(now / 2 ** (8 * (5 - i))) % 256;
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

/** A Java regular expression as a JavaScript one; without the `u` flag, like Java, it accepts any escape. */
function pattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'g');
  } catch {
    return undefined;
  }
}

export const stringFunctions = {
  /** Every match of the pattern in the string; null for an invalid pattern. */
  extract: feelFunction(['input', 'pattern'], (input, source) => {
    if (typeof input !== 'string' || typeof source !== 'string') return null;
    const regex = pattern(source);
    return regex ? Array.from(input.matchAll(regex), (match) => match[0]) : null;
  }),

  /** The string without leading and trailing spaces and control characters. */
  trim: feelFunction(['string'], (string) => (typeof string === 'string' ? javaTrim(string) : null)),

  /** A new UUID, 36 characters; time-ordered (version 7) like FEEL Scala's. */
  uuid: feelFunction([], () => uuidV7()),

  /** The string's UTF-8 bytes in Base64. */
  'to base64': feelFunction(['value'], (value) =>
    typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : null,
  ),

  /** True when the string is empty or only whitespace. */
  'is blank': feelFunction(['string'], (string) =>
    typeof string === 'string' ? [...string].every(isJavaWhitespace) : null,
  ),
};
