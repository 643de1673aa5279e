// What the case-file specs share: a case file on a fresh database with a clock the spec moves, a valid
// application form with unique identifiers, tiny files of each type, and a helper to catch rejections.
import type { Knex } from 'knex';
import type { NewApplication } from '../../cases/applications.js';
import type { Clock } from '../../cases/clock.js';
import { createCaseFile, type CaseFile, type CaseFileConfig } from '../../cases/index.js';
import { loadConfig } from '../../lib/config/index.js';
import { createLogger } from '../../lib/logger/index.js';
import { migratedDatabase } from './database.js';

/** A clock that stands still until the spec moves it. */
export class FakeClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
  set(at: Date): void {
    this.at = at;
  }
}

export const dayMs = 86_400_000;

/** A case file on its own freshly migrated database. */
export async function freshCaseFile(
  options: { clock?: Clock; config?: Partial<CaseFileConfig>; pool?: number } = {},
): Promise<{ knex: Knex; caseFile: CaseFile; config: CaseFileConfig }> {
  const knex = await migratedDatabase({ pool: options.pool ?? 4 });
  const config = { ...loadConfig({}, {}), ...options.config };
  const caseFile = createCaseFile({ knex, config, log: createLogger({ level: 'silent' }), clock: options.clock });
  return { knex, caseFile, config };
}

let serial = 0;

/** A unique passport number, so no spec depends on another's data. */
export function passportNumber(): string {
  serial += 1;
  return `P${process.pid}${serial}`.slice(0, 20).toUpperCase();
}

/** A valid application: a married engineer from India with one child, moving to Copenhagen on `moveInDate`. */
export function newApplication(overrides: Partial<NewApplication> = {}, moveInDate = '2026-03-01'): NewApplication {
  return {
    applicant: {
      givenName: 'Asha',
      familyName: 'Raghunathan',
      birthDate: '1990-04-12',
      sex: 'female',
      nationality: 'IN',
      passportNumber: passportNumber(),
      address: { street: 'Gyldenløvesgade 11, 3. tv', postcode: '1600', city: 'København V' },
    },
    family: [
      {
        relation: 'child',
        givenName: 'Kavi',
        familyName: 'Raghunathan',
        birthDate: '2019-06-30',
        sex: 'male',
        nationality: 'IN',
        passportNumber: passportNumber(),
      },
    ],
    profile: { purpose: 'work', citizenshipGroup: 'other', moveInDate, isMarried: true },
    email: 'asha@example.org',
    language: 'en',
    ...overrides,
  };
}

/** The smallest files each detector accepts, plus a Windows executable. */
export const files = {
  pdf: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  exe: Buffer.concat([
    Buffer.from('MZ', 'latin1'),
    Buffer.alloc(62),
    Buffer.from('This program cannot be run in DOS mode'),
  ]),
};

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
