// The rules of a CPR number (DOMAIN.md, "CPR numbers"): DDMMYY-SSSS, where the first serial digit (the 7th)
// together with YY gives the century and the last digit's parity gives the sex. Modulus 11 is only a
// preference for numbers issued here: a number that fails it is still a valid CPR number.
import { ValidationError } from '../lib/errors/index.js';

/** The sex a CPR number records: odd last digit is male, even is female. */
export type Sex = 'female' | 'male';

/** The earliest birth year a CPR number can express (century digit 5–8 with YY 58). */
export const earliestBirthYear = 1858;

/** The latest birth year a CPR number can express (century digit 5–8 with YY 57). */
export const latestBirthYear = 2057;

const modulus11Weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/** What a valid CPR number says about its holder. */
export interface ParsedCprNumber {
  /** The canonical form: ten digits, no dash. */
  cprNumber: string;
  /** YYYY-MM-DD, the century taken from the 7th digit. */
  birthDate: string;
  sex: Sex;
  passesModulus11: boolean;
}

type Sextuple = [number, number, number, number, number, number];

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isCalendarDate({ year, month, day }: CalendarDate): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // day 0 of the next month is the last day of this one
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function digitsOf(value: string): number[] {
  return [...value].map(Number);
}

/** The birth year that a two-digit year and a century digit (the 7th digit) stand for. */
export function birthYearFor(twoDigitYear: number, centuryDigit: number): number {
  if (!Number.isInteger(twoDigitYear) || twoDigitYear < 0 || twoDigitYear > 99)
    throw new ValidationError('two-digit year must be 0-99', { twoDigitYear });
  if (!Number.isInteger(centuryDigit) || centuryDigit < 0 || centuryDigit > 9)
    throw new ValidationError('century digit must be 0-9', { centuryDigit });
  if (centuryDigit <= 3) return 1900 + twoDigitYear;
  if (centuryDigit === 4 || centuryDigit === 9) return twoDigitYear <= 36 ? 2000 + twoDigitYear : 1900 + twoDigitYear;
  return twoDigitYear <= 57 ? 2000 + twoDigitYear : 1800 + twoDigitYear;
}

/** The 7th digits that express `year`, ascending; a year outside 1858–2057 has none and is refused. */
export function centuryDigitsFor(year: number): number[] {
  if (!Number.isInteger(year) || year < earliestBirthYear || year > latestBirthYear)
    throw new ValidationError('birth year cannot be expressed in a CPR number', { year });
  const digits: number[] = [];
  for (let digit = 0; digit <= 9; digit++) if (birthYearFor(year % 100, digit) === year) digits.push(digit);
  return digits;
}

/** The sex a last digit stands for. */
export function sexOfDigit(digit: number): Sex {
  return digit % 2 === 1 ? 'male' : 'female';
}

/** Whether ten digits pass the old modulus 11 check (weights 4,3,2,7,6,5,4,3,2,1). False for anything else. */
export function passesModulus11(cprNumber: string): boolean {
  if (typeof cprNumber !== 'string') return false;
  const canonical = cprNumber.replace('-', '');
  if (!/^\d{10}$/.test(canonical)) return false;
  const sum = digitsOf(canonical).reduce((total, digit, i) => total + digit * (modulus11Weights[i] ?? 0), 0);
  return sum % 11 === 0;
}

/** Parses a CPR number, with or without the dash; ValidationError unless the date exists in its century. */
export function parseCprNumber(input: string): ParsedCprNumber {
  const match = typeof input === 'string' && /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{2})(\d)$/.exec(input.trim());
  if (!match) throw new ValidationError('CPR number must be DDMMYY-SSSS');
  const [dd, mm, yy, centuryDigit, middle, last] = match.slice(1).map(Number) as Sextuple;
  const date = { year: birthYearFor(yy, centuryDigit), month: mm, day: dd };
  if (!isCalendarDate(date)) throw new ValidationError('CPR number does not start with a real birth date');
  const cprNumber = `${pad2(dd)}${pad2(mm)}${pad2(yy)}${centuryDigit}${pad2(middle)}${last}`;
  return {
    cprNumber,
    birthDate: `${date.year}-${pad2(date.month)}-${pad2(date.day)}`,
    sex: sexOfDigit(last),
    passesModulus11: passesModulus11(cprNumber),
  };
}

/** Whether `input` is a CPR number: a real date in the century its 7th digit gives. Never judges modulus 11. */
export function isValidCprNumber(input: string): boolean {
  try {
    parseCprNumber(input);
    return true;
  } catch {
    return false;
  }
}

/** The written form DDMMYY-SSSS of a valid CPR number. */
export function formatCprNumber(cprNumber: string): string {
  const canonical = parseCprNumber(cprNumber).cprNumber;
  return `${canonical.slice(0, 6)}-${canonical.slice(6)}`;
}

/** Parses a birth date YYYY-MM-DD; ValidationError unless it is a real date a CPR number can express. */
export function parseBirthDate(birthDate: string): CalendarDate {
  const match = typeof birthDate === 'string' && /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const date = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!date || !isCalendarDate(date)) throw new ValidationError('birth date must be a real date YYYY-MM-DD');
  centuryDigitsFor(date.year);
  return date;
}

/** The first six digits, DDMMYY, of every CPR number for this birth date. */
export function datePrefix(birthDate: string): string {
  const { year, month, day } = parseBirthDate(birthDate);
  return `${pad2(day)}${pad2(month)}${pad2(year % 100)}`;
}

/**
 * Every serial SSSS that a person born on `birthDate` with this sex can hold: the serials that pass
 * modulus 11 first, then the others, each group ascending. Its first digit expresses the century and its
 * last digit the sex, so the candidates of two different (birth date, sex) pairs never overlap.
 * Validates eagerly: a bad date or year throws here, not on the first iteration.
 */
export function candidateSerials(birthDate: string, sex: Sex): Generator<string, void, undefined> {
  if (sex !== 'male' && sex !== 'female') throw new ValidationError('sex must be female or male');
  const prefix = datePrefix(birthDate);
  const centuryDigits = centuryDigitsFor(parseBirthDate(birthDate).year);
  const lastDigits = sex === 'male' ? [1, 3, 5, 7, 9] : [0, 2, 4, 6, 8];
  const prefixSum = digitsOf(prefix).reduce((sum, digit, i) => sum + digit * (modulus11Weights[i] ?? 0), 0);
  // For nine fixed digits exactly one last digit (weight 1) can make the sum divisible by 11, and none
  // when it would have to be 10: computing it is much cheaper than testing all ten.
  function* serials(wantModulus11: boolean): Generator<string, void, undefined> {
    for (const centuryDigit of centuryDigits) {
      for (let middle = 0; middle <= 99; middle++) {
        const sum = prefixSum + 4 * centuryDigit + 3 * Math.floor(middle / 10) + 2 * (middle % 10);
        const checkDigit = (11 - (sum % 11)) % 11;
        for (const last of lastDigits) {
          if ((last === checkDigit) === wantModulus11) yield `${centuryDigit}${pad2(middle)}${last}`;
        }
      }
    }
  }
  return (function* () {
    yield* serials(true);
    yield* serials(false);
  })();
}
