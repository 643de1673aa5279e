// The apply form's answers, step by step, and how they become a NewApplication. Pure: the routes keep the
// answers in the session between steps and call these to check them. The rules the case file enforces
// (cases/applications.ts checkNewApplication) are run here too, so a problem shows beside its field in the
// reader's language instead of as a refused submit at the end.
import type { TFunction } from 'i18next';
import {
  checkNewApplication,
  maxDaysBeforeMoveIn,
  type FamilyMemberInput,
  type NewApplication,
  type PersonInput,
  type ProfileInput,
  type Purpose,
} from '../../cases/applications.js';
import { addDays, ageOn, isIsoDate, longDate } from '../../cases/clock.js';
import type { Language } from '../i18n.js';
import { citizenshipGroupOf, isNationality } from './countries.js';
import { ErrorCollector, type FormErrors } from './form-errors.js';

/** How long the applicant stays, in the ranges the rules tell apart. */
export type StayLength = 'up-to-3-months' | '3-to-6-months' | 'over-6-months';

/** Step 1: the move, which decides eligibility and the checklist. */
export interface MoveAnswers {
  nationality: string;
  purpose: string;
  stay: string;
  hadCprNumber: string;
  moveInDate: string;
  isMarried: string;
  /** 'yes' once the applicant confirmed a move-in date more than a year back (see `checkMove`) */
  confirmOldMoveIn: string;
}

/** A person as typed into the form. */
export interface PersonAnswers {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string;
  nationality: string;
  passportNumber: string;
}

/** Step 2: the applicant, the address in Denmark and the family coming along. */
export interface AboutAnswers {
  applicant: PersonAnswers;
  email: string;
  street: string;
  postcode: string;
  city: string;
  spouseComing: string;
  spouse: PersonAnswers;
  /** the question asked before the child rows: 'yes', 'no' or '' (not answered) */
  childrenComing: string;
  children: PersonAnswers[];
}

/** Everything answered so far, kept in the session. */
export interface ApplyDraft {
  move?: MoveAnswers;
  about?: AboutAnswers;
}

/** Why an applicant cannot apply here (DOMAIN.md "Eligibility"). */
export type Refusal = 'short-stay' | 'nordic-short-stay' | 'has-cpr-number' | 'too-early';

export const purposes: readonly Purpose[] = ['work', 'study', 'family', 'other'];
export const stayLengths: readonly StayLength[] = ['up-to-3-months', '3-to-6-months', 'over-6-months'];
/** Child rows the form shows at most. */
export const maxChildren = 10;
/** Older than this, a date of birth is a typing error (a year of 1925 for 2025), not a person. */
export const maxAgeYears = 120;
/** A move-in date further back than this is asked about: people apply within days of moving in. */
export const oldMoveInDays = 365;

const personFields = ['givenName', 'familyName', 'birthDate', 'sex', 'nationality', 'passportNumber'] as const;

const text = (value: unknown, max = 300): string => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** Reads step 1 from a posted body. */
export function parseMove(body: Record<string, unknown>): MoveAnswers {
  return {
    nationality: text(body.nationality).toUpperCase(),
    purpose: text(body.purpose),
    stay: text(body.stay),
    hadCprNumber: text(body.hadCprNumber),
    moveInDate: text(body.moveInDate),
    isMarried: text(body.isMarried),
    confirmOldMoveIn: body.confirmOldMoveIn === 'yes' ? 'yes' : '',
  };
}

function parsePerson(value: unknown): PersonAnswers {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    givenName: text(raw.givenName, 100),
    familyName: text(raw.familyName, 100),
    birthDate: text(raw.birthDate, 10),
    sex: text(raw.sex, 10),
    nationality: text(raw.nationality, 2).toUpperCase(),
    passportNumber: text(raw.passportNumber, 30),
  };
}

const isBlankChild = (p: PersonAnswers, defaultNationality: string) =>
  !p.givenName && !p.familyName && !p.birthDate && !p.sex && !p.passportNumber && p.nationality === defaultNationality;

/** Reads step 2 from a posted body; child rows left empty are dropped, and all of them after "no children". */
export function parseAbout(body: Record<string, unknown>, move: MoveAnswers): AboutAnswers {
  const rows = Array.isArray(body.children) ? (body.children as unknown[]) : Object.values(body.children ?? {});
  const childrenComing = text(body.childrenComing);
  return {
    applicant: { ...parsePerson(body.applicant), nationality: move.nationality },
    email: text(body.email, 254),
    street: text(body.street, 200),
    postcode: text(body.postcode, 10),
    city: text(body.city, 100),
    spouseComing: move.isMarried === 'yes' ? text(body.spouseComing) : 'no',
    spouse: parsePerson(body.spouse),
    childrenComing,
    children:
      childrenComing === 'no'
        ? []
        : rows
            .slice(0, maxChildren)
            .map(parsePerson)
            .filter((child) => !isBlankChild(child, move.nationality)),
  };
}

/** Blank answers for the first view of step 2. */
export function emptyAbout(move: MoveAnswers): AboutAnswers {
  const person = (): PersonAnswers => ({
    givenName: '',
    familyName: '',
    birthDate: '',
    sex: '',
    nationality: move.nationality,
    passportNumber: '',
  });
  return {
    applicant: person(),
    email: '',
    street: '',
    postcode: '',
    city: '',
    spouseComing: '',
    spouse: person(),
    childrenComing: '',
    children: [],
  };
}

/** Whether step 1 must ask "is that date right?" about the move-in date. */
export const isOldMoveIn = (move: MoveAnswers, today: string): boolean =>
  isIsoDate(move.moveInDate) && move.moveInDate < addDays(today, -oldMoveInDays);

/**
 * Checks step 1 for gaps, and asks about a move-in date over a year back (most likely a mistyped year; if it
 * is true, the applicant confirms it). An eligibility refusal is decided separately, by `refusalOf`.
 */
export function checkMove(move: MoveAnswers, t: TFunction, today: string, language: Language): FormErrors {
  const errors = new ErrorCollector(t);
  if (!isNationality(move.nationality)) errors.add('nationality', 'apply.errors.nationality');
  if (!(purposes as readonly string[]).includes(move.purpose)) errors.add('purpose-work', 'apply.errors.purpose');
  if (!(stayLengths as readonly string[]).includes(move.stay)) errors.add('stay-up-to-3-months', 'apply.errors.stay');
  if (move.hadCprNumber !== 'yes' && move.hadCprNumber !== 'no')
    errors.add('hadCprNumber-no', 'apply.errors.hadCprNumber');
  if (!isIsoDate(move.moveInDate)) errors.add('moveInDate', 'apply.errors.moveInDate');
  else if (isOldMoveIn(move, today) && move.confirmOldMoveIn !== 'yes')
    errors.add('confirmOldMoveIn', 'apply.errors.oldMoveIn', { date: longDate(move.moveInDate, language) });
  if (move.isMarried !== 'yes' && move.isMarried !== 'no') errors.add('isMarried-no', 'apply.errors.isMarried');
  return errors.result();
}

/** Why step 1's answers rule the applicant out here, if they do. Assumes `checkMove` found nothing. */
export function refusalOf(move: MoveAnswers, today: string): Refusal | undefined {
  if (move.hadCprNumber === 'yes') return 'has-cpr-number';
  if (move.stay === 'up-to-3-months') return 'short-stay';
  if (move.stay === '3-to-6-months' && citizenshipGroupOf(move.nationality) === 'nordic') return 'nordic-short-stay';
  if (move.moveInDate > addDays(today, maxDaysBeforeMoveIn)) return 'too-early';
  return undefined;
}

/** The first day one may apply for a move on `moveInDate`. */
export const earliestApplyDate = (moveInDate: string): string => addDays(moveInDate, -maxDaysBeforeMoveIn);

/** The profile the checklist decision and the case file read. */
export function profileOf(move: MoveAnswers): ProfileInput {
  return {
    purpose: move.purpose as Purpose,
    citizenshipGroup: citizenshipGroupOf(move.nationality),
    moveInDate: move.moveInDate,
    isMarried: move.isMarried === 'yes',
  };
}

/** What the required-documents decision reads. */
export interface DecisionVariables {
  purpose: string;
  citizenshipGroup: string;
  isMarried: boolean;
  children: { age: number }[];
}

/** The variables of the required-documents decision, as cases/applications.ts profileVariables builds them. */
export function decisionVariables(draft: Required<ApplyDraft>, today: string): DecisionVariables {
  const profile = profileOf(draft.move);
  return {
    purpose: profile.purpose,
    citizenshipGroup: profile.citizenshipGroup,
    isMarried: profile.isMarried,
    children: draft.about.children
      .filter((child) => isIsoDate(child.birthDate))
      .map((child) => ({ age: ageOn(child.birthDate, today) })),
  };
}

function toPerson(p: PersonAnswers): PersonInput {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    sex: p.sex as PersonInput['sex'],
    nationality: p.nationality,
  };
}

/** The family as the case file stores it, with the form prefix each member came from (for error links). */
function familyOf(about: AboutAnswers): { member: FamilyMemberInput; prefix: string }[] {
  const passport = (p: PersonAnswers) => (p.passportNumber === '' ? {} : { passportNumber: p.passportNumber });
  return [
    ...(about.spouseComing === 'yes'
      ? [
          {
            member: { relation: 'spouse' as const, ...toPerson(about.spouse), ...passport(about.spouse) },
            prefix: 'spouse',
          },
        ]
      : []),
    ...about.children.map((child, i) => ({
      member: { relation: 'child' as const, ...toPerson(child), ...passport(child) },
      prefix: `children-${i}`,
    })),
  ];
}

/** The application the case file takes. */
export function toNewApplication(draft: Required<ApplyDraft>, language: Language): NewApplication {
  const { about } = draft;
  const family = familyOf(about).map((f) => f.member);
  return {
    applicant: {
      ...toPerson(about.applicant),
      passportNumber: about.applicant.passportNumber,
      address: { street: about.street, postcode: about.postcode, city: about.city },
    },
    ...(family.length > 0 ? { family } : {}),
    profile: profileOf(draft.move),
    email: about.email,
    language,
  };
}

/** The input id of a case-file field path (applicant.address.postcode -> postcode, family.1.birthDate -> children-0-birthDate). */
export function fieldIdOf(path: string, about: AboutAnswers): string {
  const prefixes = familyOf(about).map((f) => f.prefix);
  const family = /^family\.(\d+)\.(\w+)$/.exec(path);
  if (family) return `${prefixes[Number(family[1])] ?? 'family'}-${family[2]}`;
  if (path.startsWith('applicant.address.')) return path.slice('applicant.address.'.length);
  if (path.startsWith('applicant.')) return `applicant-${path.slice('applicant.'.length)}`;
  return path.replace(/\./g, '-');
}

/** The message key of a problem the case file found, by the field it concerns. */
function problemKey(path: string, message: string): string {
  const field = path.split('.').pop() ?? path;
  if (field === 'birthDate' && message === 'is in the future') return 'apply.errors.birthDateFuture';
  if (field === 'birthDate') return 'apply.errors.birthDate';
  if (path === 'applicant.administrativeCprNumber') return 'apply.errors.hadCprNumber';
  return `apply.errors.${field}`;
}

/** Checks step 2: presence first (with messages that say what to enter), then the case file's own rules. */
export function checkAbout(draft: Required<ApplyDraft>, t: TFunction, today: string, language: Language): FormErrors {
  const errors = new ErrorCollector(t);
  const { about } = draft;
  const people: [string, PersonAnswers, boolean][] = [
    ['applicant', about.applicant, true],
    ...(about.spouseComing === 'yes' ? [['spouse', about.spouse, false] as [string, PersonAnswers, boolean]] : []),
    ...about.children.map((child, i): [string, PersonAnswers, boolean] => [`children-${i}`, child, false]),
  ];
  for (const [prefix, person, passportRequired] of people)
    for (const field of personFields) {
      if (field === 'passportNumber' && !passportRequired) continue;
      const id = field === 'sex' ? `${prefix}-sex-female` : `${prefix}-${field}`;
      if (person[field] === '') errors.add(id, `apply.errors.${field}`);
    }
  if (draft.move.isMarried === 'yes' && about.spouseComing !== 'yes' && about.spouseComing !== 'no')
    errors.add('spouseComing-yes', 'apply.errors.spouseComing');
  if (about.childrenComing !== 'yes' && about.childrenComing !== 'no')
    errors.add('childrenComing-yes', 'apply.errors.childrenComing');
  else if (about.childrenComing === 'yes' && about.children.length === 0)
    errors.add('children-0-givenName', 'apply.errors.childMissing');
  for (const [prefix, person] of people)
    if (isIsoDate(person.birthDate) && ageOn(person.birthDate, today) > maxAgeYears)
      errors.add(`${prefix}-birthDate`, 'apply.errors.birthDateTooOld', { date: longDate(person.birthDate, language) });
  for (const field of ['email', 'street', 'postcode', 'city'] as const)
    if (about[field] === '') errors.add(field, `apply.errors.${field}`);
  if (errors.isEmpty)
    for (const problem of checkNewApplication(toNewApplication(draft, language), today)) {
      const id = fieldIdOf(problem.field, about);
      errors.add(id.endsWith('-sex') ? `${id}-female` : id, problemKey(problem.field, problem.message));
    }
  return errors.result();
}

/** Errors for a case-file ValidationError's problems (a rule that changed between the steps and the submit). */
export function problemErrors(
  problems: { field: string; message: string }[],
  about: AboutAnswers,
  t: TFunction,
): FormErrors {
  const errors = new ErrorCollector(t);
  for (const problem of problems)
    errors.add(fieldIdOf(problem.field, about), problemKey(problem.field, problem.message));
  return errors.result();
}
