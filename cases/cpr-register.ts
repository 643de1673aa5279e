// The CPR register: which application holds which CPR number. The table's constraints make the guarantees
// (a number is never given twice, an application never gets two); this module decides which free number
// to take, and does it without a herd of retries when many applicants share a birth date.
//
// How a number is issued: a transaction takes an advisory lock on the applicant's (birth date, sex) lane,
// reads the numbers already used with that date prefix in one query, and inserts the first free candidate
// (modulus 11 first). The lanes' candidates never overlap (the 7th digit fixes the century, the last the
// sex), so concurrent issues for one lane queue for a few milliseconds each instead of colliding, and
// other lanes run in parallel. The lock only orders the work; correctness comes from the unique
// constraints: the insert says `on conflict do nothing`, and a conflict (a number recorded
// administratively meanwhile, or the same application issued by another process) is looked at and
// resolved: the existing row for this application is returned, or the next candidate is tried.
import type { Knex } from 'knex';
import { ConflictError, ValidationError } from '../lib/errors/index.js';
import {
  candidateSerials,
  datePrefix,
  isValidCprNumber,
  parseBirthDate,
  parseCprNumber,
  type Sex,
} from './cpr-number.js';

/** Where a number came from: made here, or already given to the applicant by SIRI and recorded here. */
export type CprSource = 'issued' | 'administrative';

/** A row of the register. */
export interface CprRegistration {
  cprNumber: string;
  applicationId: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  source: CprSource;
  issuedAt: Date;
}

/** What issuing needs to know about the applicant. */
export interface IssueRequest {
  applicationId: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** A number from the applicant's residence permit, with or without the dash: recorded instead of a new one. */
  administrativeCprNumber?: string | undefined;
}

/** The applicant's number; `isNew` is false when the application already had it. */
export interface IssueResult {
  cprNumber: string;
  source: CprSource;
  isNew: boolean;
}

/** The register's operations. */
export interface CprRegister {
  /** Gives the application its CPR number, or returns the one it has. Idempotent per application. */
  issueFor(request: IssueRequest): Promise<IssueResult>;
  /** The application's registration, if it has one. */
  find(applicationId: string): Promise<CprRegistration | undefined>;
  /** Every number in the register, ascending: for consistency checks, not for case handling. */
  allNumbers(): Promise<string[]>;
}

interface RegisterRow {
  cpr_number: string;
  application_id: string;
  birth_date: string;
  sex: Sex;
  source: CprSource;
  issued_at: Date;
}

const table = 'cpr_register';

// The lanes' advisory locks take the two-key form with a namespace of their own, as the engine's locks do.
const laneLockNamespace = 'cpr_register.lane';
// PostgreSQL reports a deadlock with this code; the transaction is rolled back and can simply run again.
const deadlockDetected = '40P01';
const deadlockAttempts = 3;

function toRegistration(row: RegisterRow): CprRegistration {
  return {
    cprNumber: row.cpr_number,
    applicationId: row.application_id,
    birthDate: row.birth_date,
    sex: row.sex,
    source: row.source,
    issuedAt: row.issued_at,
  };
}

function checkRequest(request: IssueRequest): void {
  if (typeof request.applicationId !== 'string' || request.applicationId.trim() === '')
    throw new ValidationError('application id is required');
  if (request.sex !== 'female' && request.sex !== 'male')
    throw new ValidationError('sex must be female or male', { applicationId: request.applicationId });
  parseBirthDate(request.birthDate);
}

/** The lane's lock key: a (birth date, sex) pair as one int4, e.g. 1990-05-17 male = 19900517 * 2 + 1. */
function laneKey(birthDate: string, sex: Sex): number {
  const { year, month, day } = parseBirthDate(birthDate);
  return (year * 10_000 + month * 100 + day) * 2 + (sex === 'male' ? 1 : 0);
}

function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === deadlockDetected;
}

/** Creates the register on a knex whose database has been migrated. */
export function createCprRegister({ knex }: { knex: Knex }): CprRegister {
  // birth_date as text: pg would make a Date at local midnight, which moves with the time zone
  const columns = [
    'cpr_number',
    'application_id',
    knex.raw(`to_char(birth_date, 'YYYY-MM-DD') as birth_date`),
    'sex',
    'source',
    'issued_at',
  ];

  async function find(applicationId: string, db: Knex = knex): Promise<CprRegistration | undefined> {
    const row = (await db(table).select(columns).where({ application_id: applicationId }).first()) as
      RegisterRow | undefined;
    return row && toRegistration(row);
  }

  /** The existing registration as the answer to a repeated request, if it is the same person. */
  function existing(registration: CprRegistration, request: IssueRequest): IssueResult {
    if (registration.birthDate !== request.birthDate || registration.sex !== request.sex)
      throw new ConflictError('application already holds a CPR number for another birth date or sex', {
        applicationId: request.applicationId,
      });
    return { cprNumber: registration.cprNumber, source: registration.source, isNew: false };
  }

  /** Inserts a row unless its number or application is taken; true when it was inserted. */
  async function tryInsert(db: Knex, request: IssueRequest, cprNumber: string, source: CprSource): Promise<boolean> {
    const inserted = await db(table)
      .insert({
        cpr_number: cprNumber,
        application_id: request.applicationId,
        birth_date: request.birthDate,
        sex: request.sex,
        source,
      })
      .onConflict()
      .ignore()
      .returning('cpr_number');
    return inserted.length === 1;
  }

  async function record(request: IssueRequest, administrativeCprNumber: string): Promise<IssueResult> {
    if (!isValidCprNumber(administrativeCprNumber))
      throw new ValidationError('administrative CPR number is not a valid CPR number', {
        applicationId: request.applicationId,
      });
    const parsed = parseCprNumber(administrativeCprNumber);
    if (parsed.birthDate !== request.birthDate)
      throw new ValidationError('administrative CPR number does not match the birth date', {
        applicationId: request.applicationId,
      });
    if (await tryInsert(knex, request, parsed.cprNumber, 'administrative'))
      return { cprNumber: parsed.cprNumber, source: 'administrative', isNew: true };
    const registration = await find(request.applicationId);
    if (!registration)
      throw new ConflictError('administrative CPR number is held by another application', {
        applicationId: request.applicationId,
      });
    if (registration.cprNumber !== parsed.cprNumber)
      throw new ConflictError('application already holds another CPR number', {
        applicationId: request.applicationId,
      });
    return existing(registration, request);
  }

  async function issueInLane(request: IssueRequest): Promise<IssueResult> {
    return knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?), ?)', [
        laneLockNamespace,
        laneKey(request.birthDate, request.sex),
      ]);
      const prefix = datePrefix(request.birthDate);
      const usedRows = await trx<RegisterRow>(table)
        .select('cpr_number')
        .whereBetween('cpr_number', [`${prefix}0000`, `${prefix}9999`]);
      const used = new Set(usedRows.map((row) => row.cpr_number));
      for (const serial of candidateSerials(request.birthDate, request.sex)) {
        const cprNumber = prefix + serial;
        if (used.has(cprNumber)) continue;
        if (await tryInsert(trx, request, cprNumber, 'issued')) return { cprNumber, source: 'issued', isNew: true };
        const registration = await find(request.applicationId, trx);
        if (registration) return existing(registration, request);
      }
      throw new ConflictError('no free CPR number is left for this birth date and sex', {
        applicationId: request.applicationId,
      });
    });
  }

  return {
    find: (applicationId) => find(applicationId),

    async issueFor(request) {
      checkRequest(request);
      if (request.administrativeCprNumber !== undefined) return record(request, request.administrativeCprNumber);
      const registration = await find(request.applicationId);
      if (registration) return existing(registration, request);
      for (let attempt = 1; ; attempt++) {
        try {
          return await issueInLane(request);
        } catch (error) {
          if (!isDeadlock(error) || attempt === deadlockAttempts) throw error;
        }
      }
    },

    async allNumbers() {
      const rows = await knex<RegisterRow>(table).select('cpr_number').orderBy('cpr_number');
      return rows.map((row) => row.cpr_number);
    },
  };
}
