// The authorities the case talks to (DOMAIN.md, "Authorities"), each behind an interface with a local
// implementation: SIRI for residence documents, the tax agency (SKAT) notified after issue, and the CPR
// register. `createAuthorities` is what workers use: it reads what an authority needs from the case, so
// the process variables never carry a passport or CPR number, and it audits without them too.
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import { lockApplication, transitionStatus } from './case-state.js';
import { addDays, isIsoDate, localDate, type Clock } from './clock.js';
import { isValidCprNumber, parseCprNumber, type Sex } from './cpr-number.js';
import type { CprRegister, IssueResult } from './cpr-register.js';

/** The residence documents SIRI (or Statsforvaltningen) issues. */
export type ResidenceDocumentKind = 'residence-permit' | 'study-residence-permit' | 'eu-residence-document';

/** A residence document as the authority records it. */
export interface ResidenceRecord {
  passportNumber: string;
  kind: ResidenceDocumentKind;
  /** YYYY-MM-DD */
  validUntil: string;
  /** SIRI, or Statsforvaltningen for EU documents issued before April 2019 */
  issuer: string;
  administrativeCprNumber?: string | undefined;
}

/** What SIRI says about a passport. */
export interface ResidenceLookup {
  found: boolean;
  kind?: ResidenceDocumentKind | undefined;
  validUntil?: string | undefined;
  issuer?: string | undefined;
  administrativeCprNumber?: string | undefined;
}

/** The SIRI adapter. `expectedKind` lets a stand-in answer in kind; a real registry ignores it. */
export interface Siri {
  lookup(passportNumber: string, expectedKind: ResidenceDocumentKind): Promise<ResidenceLookup>;
}

/** The local SIRI: a table, plus `register` to put records in it (demos, specs, a simulation). */
export interface LocalSiri extends Siri {
  register(record: ResidenceRecord): Promise<void>;
}

/** The tax agency adapter. Idempotent per application. */
export interface TaxAgency {
  notify(notice: {
    applicationId: string;
    reference: string;
    municipalityCode: string;
  }): Promise<{ noticeId: string; isNew: boolean }>;
}

/** What the worker gets from a residence check: no numbers, only whether and what. */
export interface ResidenceCheck {
  /** false for Nordic citizens, who need no residence document */
  isRequired: boolean;
  found: boolean;
  kind: ResidenceDocumentKind | null;
  validUntil: string | null;
  issuer: string | null;
  /** SIRI had already given a CPR number; it is now on the applicant, and issuing records it instead of a new one */
  hasAdministrativeCprNumber: boolean;
}

/** The authorities as the case file uses them. */
export interface Authorities {
  /** Looks up the applicant's residence document with SIRI and records an administrative CPR number it carries. */
  checkResidence(applicationId: string, actor: string): Promise<ResidenceCheck>;
  /** Issues (or records) the applicant's CPR number and moves the case to cpr-issued. Idempotent. */
  issueCprNumber(applicationId: string, actor: string): Promise<IssueResult>;
  /** The applicant's CPR number, for the desk; undefined before issue. Each read is audited. */
  cprNumberOf(applicationId: string, actor: string): Promise<string | undefined>;
  /** The number with the moment it was issued, for the registration confirmation; audited as cprNumberOf. */
  registrationOf(applicationId: string, actor: string): Promise<{ cprNumber: string; issuedAt: Date } | undefined>;
  /** Tells the tax agency about the new number. Idempotent; ConflictError before a number is issued. */
  notifyTaxAgency(applicationId: string, actor: string): Promise<{ noticeId: string; isNew: boolean }>;
}

/** How the local SIRI answers for a passport it has no row for. */
export type SiriLocalMode = 'table' | 'fake';

/** The date SIRI took over EU residence documents from Statsforvaltningen. */
export const siriEuAuthoritySince = '2019-04-01';

/** Which authority issued an EU residence document on a date; configurable for offices with other history. */
export function euResidenceIssuer(issuedOn: string, since = siriEuAuthoritySince): string {
  return issuedOn < since ? 'Statsforvaltningen' : 'SIRI';
}

/**
 * The local SIRI. `table`: only passports in siri_residence_records are found. `fake`: those, and for any
 * other passport a deterministic answer derived from its hash (about one in ten not found), so a demo or a
 * simulation gets a plausible mix without setting anything up.
 */
export function createLocalSiri({ knex, mode, clock }: { knex: Knex; mode: SiriLocalMode; clock: Clock }): LocalSiri {
  return {
    async register(record) {
      if (!isIsoDate(record.validUntil)) throw new ValidationError('valid-until must be a date YYYY-MM-DD');
      if (record.administrativeCprNumber !== undefined && !isValidCprNumber(record.administrativeCprNumber))
        throw new ValidationError('administrative CPR number is not a valid CPR number');
      await knex('siri_residence_records')
        .insert({
          passport_number: record.passportNumber,
          kind: record.kind,
          valid_until: record.validUntil,
          issuer: record.issuer,
          administrative_cpr_number: record.administrativeCprNumber
            ? parseCprNumber(record.administrativeCprNumber).cprNumber
            : null,
        })
        .onConflict('passport_number')
        .merge();
    },

    async lookup(passportNumber, expectedKind) {
      const row = (await knex('siri_residence_records')
        .select(
          'kind',
          knex.raw(`to_char(valid_until, 'YYYY-MM-DD') as valid_until`),
          'issuer',
          'administrative_cpr_number',
        )
        .where({ passport_number: passportNumber })
        .first()) as
        | { kind: ResidenceDocumentKind; valid_until: string; issuer: string; administrative_cpr_number: string | null }
        | undefined;
      if (row)
        return {
          found: true,
          kind: row.kind,
          validUntil: row.valid_until,
          issuer: row.issuer,
          administrativeCprNumber: row.administrative_cpr_number ?? undefined,
        };
      if (mode === 'table') return { found: false };
      const hash = createHash('sha256').update(passportNumber).digest();
      if ((hash[0] ?? 0) < 26) return { found: false };
      const today = localDate(clock.now());
      const issuedOn = addDays(today, -((hash[1] ?? 0) * 8));
      return {
        found: true,
        kind: expectedKind,
        validUntil: addDays(today, 180 + (hash[2] ?? 0) * 4),
        issuer: expectedKind === 'eu-residence-document' ? euResidenceIssuer(issuedOn) : 'SIRI',
      };
    },
  };
}

/** The local tax agency: a notice row per application in tax_agency_notices. */
export function createLocalTaxAgency({ knex }: { knex: Knex }): TaxAgency {
  return {
    async notify({ applicationId, reference, municipalityCode }) {
      const [inserted] = await knex('tax_agency_notices')
        .insert({ id: randomUUID(), application_id: applicationId, reference, municipality_code: municipalityCode })
        .onConflict('application_id')
        .ignore()
        .returning<{ id: string }[]>('id');
      if (inserted) return { noticeId: inserted.id, isNew: true };
      const existing = (await knex('tax_agency_notices')
        .select('id')
        .where({ application_id: applicationId })
        .first()) as {
        id: string;
      };
      return { noticeId: existing.id, isNew: false };
    },
  };
}

/** The residence document the applicant's profile calls for, or undefined when none is needed. */
export function expectedResidenceDocument(profile: {
  purpose: string;
  citizenshipGroup: string;
}): ResidenceDocumentKind | undefined {
  if (profile.citizenshipGroup === 'nordic') return undefined;
  if (profile.citizenshipGroup === 'eu') return 'eu-residence-document';
  return profile.purpose === 'study' ? 'study-residence-permit' : 'residence-permit';
}

interface ApplicantFacts {
  purpose: string;
  citizenship_group: string;
  status: string;
  reference: string;
  municipality_code: string;
  passport_number: string;
  birth_date: string;
  sex: Sex;
  administrative_cpr_number: string | null;
}

/** Creates the authorities facade over the adapters. */
export function createAuthorities({
  knex,
  audit,
  clock,
  siri,
  taxAgency,
  register,
}: {
  knex: Knex;
  audit: AuditLog;
  clock: Clock;
  siri: Siri;
  taxAgency: TaxAgency;
  register: CprRegister;
}): Authorities {
  async function facts(applicationId: string): Promise<ApplicantFacts> {
    const row = (await knex('applications as a')
      .join('applicants as p', 'p.application_id', 'a.id')
      .select(
        'a.purpose',
        'a.citizenship_group',
        'a.status',
        'a.reference',
        'a.municipality_code',
        'p.passport_number',
        knex.raw(`to_char(p.birth_date, 'YYYY-MM-DD') as birth_date`),
        'p.sex',
        'p.administrative_cpr_number',
      )
      .where('a.id', applicationId)
      .first()) as ApplicantFacts | undefined;
    if (!row) throw new NotFoundError('application not found', { applicationId });
    return row;
  }

  /** The applicant's registration, with every read in the audit log. */
  async function registrationOf(applicationId: string, actor: string) {
    const registration = await register.find(applicationId);
    await audit.record({
      actor,
      action: 'cpr-number-read',
      applicationId,
      detail: { found: registration !== undefined },
    });
    return registration && { cprNumber: registration.cprNumber, issuedAt: registration.issuedAt };
  }

  return {
    async checkResidence(applicationId, actor) {
      const applicant = await facts(applicationId);
      const expected = expectedResidenceDocument({
        purpose: applicant.purpose,
        citizenshipGroup: applicant.citizenship_group,
      });
      if (!expected) {
        await audit.record({ actor, action: 'residence-check-skipped', applicationId, detail: { reason: 'nordic' } });
        return {
          isRequired: false,
          found: false,
          kind: null,
          validUntil: null,
          issuer: null,
          hasAdministrativeCprNumber: applicant.administrative_cpr_number !== null,
        };
      }
      const result = await siri.lookup(applicant.passport_number, expected);
      let hasAdministrativeCprNumber = applicant.administrative_cpr_number !== null;
      const administrative = result.administrativeCprNumber;
      if (
        administrative !== undefined &&
        !hasAdministrativeCprNumber &&
        isValidCprNumber(administrative) &&
        parseCprNumber(administrative).birthDate === applicant.birth_date
      ) {
        await knex('applicants')
          .where({ application_id: applicationId })
          .whereNull('administrative_cpr_number')
          .update({ administrative_cpr_number: parseCprNumber(administrative).cprNumber });
        hasAdministrativeCprNumber = true;
      }
      await audit.record({
        actor,
        action: 'residence-checked',
        applicationId,
        detail: {
          found: result.found,
          kind: result.kind ?? null,
          issuer: result.issuer ?? null,
          hasAdministrativeCprNumber,
        },
      });
      return {
        isRequired: true,
        found: result.found,
        kind: result.kind ?? null,
        validUntil: result.validUntil ?? null,
        issuer: result.issuer ?? null,
        hasAdministrativeCprNumber,
      };
    },

    async issueCprNumber(applicationId, actor) {
      const applicant = await facts(applicationId);
      if (applicant.status.startsWith('closed-') && applicant.status !== 'closed-issued')
        throw new ConflictError('case is closed', { applicationId, status: applicant.status });
      const result = await register.issueFor({
        applicationId,
        birthDate: applicant.birth_date,
        sex: applicant.sex,
        administrativeCprNumber: applicant.administrative_cpr_number ?? undefined,
      });
      await knex.transaction(async (trx) => {
        const { status } = await lockApplication(trx, applicationId);
        if (status !== 'cpr-issued' && status !== 'closed-issued')
          await transitionStatus({ db: trx, audit, clock }, applicationId, 'cpr-issued', actor);
        await audit.record(
          { actor, action: 'cpr-number-issued', applicationId, detail: { source: result.source, isNew: result.isNew } },
          trx,
        );
      });
      return result;
    },

    async cprNumberOf(applicationId, actor) {
      return (await registrationOf(applicationId, actor))?.cprNumber;
    },

    registrationOf,

    async notifyTaxAgency(applicationId, actor) {
      const applicant = await facts(applicationId);
      if (!(await register.find(applicationId)))
        throw new ConflictError('no CPR number issued yet; the tax agency is told after issue', { applicationId });
      const result = await taxAgency.notify({
        applicationId,
        reference: applicant.reference,
        municipalityCode: applicant.municipality_code,
      });
      if (result.isNew)
        await audit.record({
          actor,
          action: 'tax-agency-notified',
          applicationId,
          detail: { noticeId: result.noticeId },
        });
      return result;
    },
  };
}
