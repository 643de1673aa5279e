// Applications: the case itself, its applicant and family, and the status the process moves it through.
// The applicant and family tables are the only ones with names, passport numbers and addresses; the
// process gets `profileVariables`, which carry the profile the checklist decision needs and nothing that
// identifies a person. Every read and write is audited with its actor, in the transaction of the write.
import { randomUUID } from 'node:crypto';
import { Ajv, type JSONSchemaType } from 'ajv';
import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import { addDays, ageOn, isIsoDate, localDate, type Clock } from './clock.js';
import { transitionStatus, type StatusChange } from './case-state.js';
import { isValidCprNumber, parseBirthDate, parseCprNumber, type Sex } from './cpr-number.js';
import { latestDocuments, type DocumentMetadata } from './documents.js';
import type { Language } from './mail-templates.js';
import type { Municipalities } from './municipalities.js';
import type { Outbox } from './outbox.js';
import { statusesIn, statusGroup, statusGroups, type ApplicationStatus, type StatusGroup } from './statuses.js';
import { createToken, hashToken, isTokenShaped } from './tokens.js';

export type { StatusChange } from './case-state.js';

/** Why the applicant comes to Denmark. */
export type Purpose = 'work' | 'study' | 'family' | 'other';

/** The citizenship groups the rules tell apart. */
export type CitizenshipGroup = 'eu' | 'nordic' | 'other';

/** The applicant's address in Denmark. */
export interface Address {
  street: string;
  /** four digits */
  postcode: string;
  city: string;
}

/** What the form asks about every person. */
export interface PersonInput {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** ISO 3166-1 alpha-2, e.g. DE */
  nationality: string;
}

/** The main person of an application. */
export interface ApplicantInput extends PersonInput {
  passportNumber: string;
  address: Address;
  /** the number on a residence permit, if SIRI already gave one */
  administrativeCprNumber?: string | undefined;
}

/** A spouse or child coming along. */
export interface FamilyMemberInput extends PersonInput {
  relation: 'spouse' | 'child';
  passportNumber?: string | undefined;
}

/** What decides the checklist and the eligibility. */
export interface ProfileInput {
  purpose: Purpose;
  citizenshipGroup: CitizenshipGroup;
  /** YYYY-MM-DD, when the lease starts */
  moveInDate: string;
  /** married, even if the spouse stays abroad */
  isMarried: boolean;
}

/** A submitted application form. */
export interface NewApplication {
  applicant: ApplicantInput;
  family?: FamilyMemberInput[] | undefined;
  profile: ProfileInput;
  email: string;
  language: Language;
  /** the portal submission that sends it: the same id again returns the case the first one created */
  submissionId?: string | undefined;
}

/** What the citizen gets back: the reference, and the private link's token (only ever returned here). */
export interface CreatedApplication {
  applicationId: string;
  reference: string;
  /** empty when `isNew` is false: the token went out with the first submission's mail and nowhere else */
  accessToken: string;
  /** false when this submission had already created the case */
  isNew: boolean;
}

/** The applicant as stored. */
export interface Applicant extends PersonInput {
  passportNumber: string;
  address: Address;
  administrativeCprNumber: string | null;
}

/** A family member as stored. */
export interface FamilyMember extends PersonInput {
  id: string;
  relation: 'spouse' | 'child';
  passportNumber: string | null;
}

/** The case without its people: what lists and the overview show. */
export interface ApplicationSummary {
  id: string;
  reference: string;
  status: ApplicationStatus;
  statusGroup: StatusGroup;
  purpose: Purpose;
  citizenshipGroup: CitizenshipGroup;
  municipalityCode: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** The whole case as a caseworker or the citizen sees it. */
export interface Application extends ApplicationSummary {
  isMarried: boolean;
  moveInDate: string;
  language: Language;
  email: string;
  processInstanceKey: string | null;
  applicant: Applicant;
  family: FamilyMember[];
  /** the newest version of each kind, without content */
  documents: DocumentMetadata[];
}

/** The process variables the checklist decision reads: no names, no numbers, ages instead of birth dates. */
export interface ProfileVariables {
  applicationId: string;
  reference: string;
  purpose: Purpose;
  citizenshipGroup: CitizenshipGroup;
  isMarried: boolean;
  children: { age: number }[];
}

/** Applications' operations. */
export interface Applications {
  /** Stores a new application with its people, gives it the next reference of the year, and enqueues the receipt mail. */
  create(input: NewApplication, actor?: string): Promise<CreatedApplication>;
  /** The whole case; NotFoundError when there is none. */
  get(applicationId: string, actor: string): Promise<Application>;
  /** The case behind a private link; NotFoundError for an unknown token, ForbiddenError once the link has lapsed. */
  findByAccessToken(token: string): Promise<Application>;
  /** Moves the case to a status; a no-op when it is there already, ConflictError when the case is closed. */
  setStatus(applicationId: string, status: ApplicationStatus, actor: string): Promise<StatusChange>;
  /** Records the process instance that runs the case; idempotent, ConflictError for a different one. */
  attachProcessInstance(
    applicationId: string,
    processInstanceKey: string,
    actor: string,
    definition?: ProcessDefinitionRef,
  ): Promise<void>;
  /** Records the administrative CPR number SIRI already gave the applicant, so no second one is issued. */
  recordAdministrativeCprNumber(applicationId: string, cprNumber: string, actor: string): Promise<void>;
  /** Cases in a group (or one status), newest first, without personal data. */
  list(
    filter: { group?: StatusGroup; status?: ApplicationStatus; limit?: number; offset?: number },
    actor: string,
  ): Promise<ApplicationSummary[]>;
  /** How many cases each group holds, for the production overview. */
  countByGroup(): Promise<Record<StatusGroup, number>>;
  /** The variables the checklist decision needs, with ages on `today` (YYYY-MM-DD, default: today). */
  profileVariables(applicationId: string, actor: string, today?: string): Promise<ProfileVariables>;
}

/** The process version a case runs on, as createProcessInstance answers it (for the designer's version view). */
export interface ProcessDefinitionRef {
  processDefinitionKey: string;
  version: number;
}

/** How long a closed case's private link still opens it. */
export const accessLinkDaysAfterClose = 90;
/** How far ahead of moving in one may apply (DOMAIN.md: at most one month before the lease starts). */
export const maxDaysBeforeMoveIn = 31;
const maxFamilyMembers = 15;

const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const sex = { type: 'string', enum: ['female', 'male'] } as const;
const nationality = { type: 'string', pattern: '^[A-Z]{2}$' } as const;
const passportNumber = { type: 'string', pattern: '^[A-Z0-9]{5,20}$' } as const;

const newApplicationSchema: JSONSchemaType<NewApplication> = {
  type: 'object',
  required: ['applicant', 'profile', 'email', 'language'],
  additionalProperties: false,
  properties: {
    applicant: {
      type: 'object',
      required: ['givenName', 'familyName', 'birthDate', 'sex', 'nationality', 'passportNumber', 'address'],
      additionalProperties: false,
      properties: {
        givenName: name,
        familyName: name,
        birthDate: date,
        sex,
        nationality,
        passportNumber,
        address: {
          type: 'object',
          required: ['street', 'postcode', 'city'],
          additionalProperties: false,
          properties: {
            street: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            postcode: { type: 'string', pattern: '^[1-9][0-9]{3}$' },
            city: name,
          },
        },
        administrativeCprNumber: { type: 'string', nullable: true, pattern: '^\\d{6}-?\\d{4}$' },
      },
    },
    family: {
      type: 'array',
      nullable: true,
      maxItems: maxFamilyMembers,
      items: {
        type: 'object',
        required: ['relation', 'givenName', 'familyName', 'birthDate', 'sex', 'nationality'],
        additionalProperties: false,
        properties: {
          relation: { type: 'string', enum: ['spouse', 'child'] },
          givenName: name,
          familyName: name,
          birthDate: date,
          sex,
          nationality,
          passportNumber: { ...passportNumber, nullable: true },
        },
      },
    },
    profile: {
      type: 'object',
      required: ['purpose', 'citizenshipGroup', 'moveInDate', 'isMarried'],
      additionalProperties: false,
      properties: {
        purpose: { type: 'string', enum: ['work', 'study', 'family', 'other'] },
        citizenshipGroup: { type: 'string', enum: ['eu', 'nordic', 'other'] },
        moveInDate: date,
        isMarried: { type: 'boolean' },
      },
    },
    email: { type: 'string', maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' },
    language: { type: 'string', enum: ['en', 'da'] },
    submissionId: { type: 'string', nullable: true, minLength: 1, maxLength: 64 },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateNewApplication = ajv.compile(newApplicationSchema);

/** A problem with one field of a form, for the error summary that links to it. */
export interface FieldProblem {
  field: string;
  message: string;
}

const normalisePassport = (value: unknown) =>
  typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : value;

/** Trims text fields and upper-cases codes, so "dk " and "DK" are the same nationality. */
function normalise(input: NewApplication): NewApplication {
  const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
  const person = <T extends PersonInput>(p: T): T => ({
    ...p,
    givenName: trim(p.givenName),
    familyName: trim(p.familyName),
    nationality: typeof p.nationality === 'string' ? p.nationality.trim().toUpperCase() : p.nationality,
  });
  if (typeof input !== 'object' || input === null) return input;
  const applicant = input.applicant && {
    ...person(input.applicant),
    passportNumber: normalisePassport(input.applicant.passportNumber) as string,
    address: input.applicant.address && {
      street: trim(input.applicant.address.street) as string,
      postcode: trim(input.applicant.address.postcode) as string,
      city: trim(input.applicant.address.city) as string,
    },
  };
  const family = Array.isArray(input.family)
    ? input.family.map((member) => ({
        ...person(member),
        ...(member.passportNumber === undefined
          ? {}
          : { passportNumber: normalisePassport(member.passportNumber) as string }),
      }))
    : input.family;
  return { ...input, applicant, family, email: trim(input.email) as string };
}

/** Checks a form against the schema and the rules a schema cannot say; every problem at once. */
export function checkNewApplication(input: NewApplication, today: string): FieldProblem[] {
  if (!validateNewApplication(input))
    return (validateNewApplication.errors ?? []).map((error) => ({
      field:
        error.instancePath.replace(/^\//, '').replace(/\//g, '.') +
        (error.keyword === 'required' ? `${error.instancePath ? '.' : ''}${String(error.params.missingProperty)}` : ''),
      message: error.message ?? 'is invalid',
    }));
  const problems: FieldProblem[] = [];
  const people: [string, PersonInput][] = [
    ['applicant', input.applicant],
    ...(input.family ?? []).map((member, i): [string, PersonInput] => [`family.${i}`, member]),
  ];
  for (const [field, person] of people) {
    try {
      parseBirthDate(person.birthDate);
      if (person.birthDate > today) problems.push({ field: `${field}.birthDate`, message: 'is in the future' });
    } catch {
      problems.push({ field: `${field}.birthDate`, message: 'is not a real date' });
    }
  }
  const { moveInDate, isMarried } = input.profile;
  if (!isIsoDate(moveInDate)) problems.push({ field: 'profile.moveInDate', message: 'is not a real date' });
  else if (moveInDate > addDays(today, maxDaysBeforeMoveIn))
    problems.push({
      field: 'profile.moveInDate',
      message: 'is more than a month away; apply at most one month before',
    });
  const spouses = (input.family ?? []).filter((member) => member.relation === 'spouse').length;
  if (spouses > 1) problems.push({ field: 'family', message: 'lists more than one spouse' });
  if (spouses > 0 && !isMarried) problems.push({ field: 'profile.isMarried', message: 'must be true with a spouse' });
  const administrative = input.applicant.administrativeCprNumber;
  if (administrative !== undefined && administrative !== null) {
    if (!isValidCprNumber(administrative))
      problems.push({ field: 'applicant.administrativeCprNumber', message: 'is not a valid CPR number' });
    else if (parseCprNumber(administrative).birthDate !== input.applicant.birthDate)
      problems.push({ field: 'applicant.administrativeCprNumber', message: 'does not match the birth date' });
  }
  return problems;
}

interface ApplicationRow {
  id: string;
  reference: string;
  status: ApplicationStatus;
  purpose: Purpose;
  citizenship_group: CitizenshipGroup;
  is_married: boolean;
  move_in_date: string;
  municipality_code: string;
  language: Language;
  email: string;
  process_instance_key: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

interface PersonRow {
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: Sex;
  nationality: string;
}

interface ApplicantRow extends PersonRow {
  passport_number: string;
  street: string;
  postcode: string;
  city: string;
  administrative_cpr_number: string | null;
}

interface FamilyRow extends PersonRow {
  id: string;
  relation: 'spouse' | 'child';
  passport_number: string | null;
}

const summaryColumns = [
  'id',
  'reference',
  'status',
  'purpose',
  'citizenship_group',
  'municipality_code',
  'created_at',
  'updated_at',
  'closed_at',
];

function toSummary(row: ApplicationRow): ApplicationSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    statusGroup: statusGroup(row.status),
    purpose: row.purpose,
    citizenshipGroup: row.citizenship_group,
    municipalityCode: row.municipality_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

function toPerson(row: PersonRow): PersonInput {
  return {
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    sex: row.sex,
    nationality: row.nationality,
  };
}

const asDate = (db: Knex, column: string) => db.raw(`to_char(??, 'YYYY-MM-DD') as ??`, [column, column]);

/** Creates the applications service. */
export function createApplications({
  knex,
  audit,
  outbox,
  municipalities,
  clock,
  publicUrl,
}: {
  knex: Knex;
  audit: AuditLog;
  outbox: Outbox;
  municipalities: Municipalities;
  clock: Clock;
  /** start of the private links in mails, without a trailing slash */
  publicUrl: string;
}): Applications {
  async function load(db: Knex, where: Record<string, string>): Promise<Application | undefined> {
    const row = (await db('applications')
      .select([
        ...summaryColumns,
        'is_married',
        asDate(db, 'move_in_date'),
        'language',
        'email',
        'process_instance_key',
      ])
      .where(where)
      .first()) as ApplicationRow | undefined;
    if (!row) return undefined;
    const applicant = (await db('applicants')
      .select([
        'given_name',
        'family_name',
        asDate(db, 'birth_date'),
        'sex',
        'nationality',
        'passport_number',
        'street',
        'postcode',
        'city',
        'administrative_cpr_number',
      ])
      .where({ application_id: row.id })
      .first()) as ApplicantRow | undefined;
    if (!applicant) throw new Error('application has no applicant row');
    const family = (await db('family_members')
      .select([
        'id',
        'relation',
        'given_name',
        'family_name',
        asDate(db, 'birth_date'),
        'sex',
        'nationality',
        'passport_number',
      ])
      .where({ application_id: row.id })
      .orderBy('position')) as FamilyRow[];
    return {
      ...toSummary(row),
      isMarried: row.is_married,
      moveInDate: row.move_in_date,
      language: row.language,
      email: row.email,
      processInstanceKey: row.process_instance_key,
      applicant: {
        ...toPerson(applicant),
        passportNumber: applicant.passport_number,
        address: { street: applicant.street, postcode: applicant.postcode, city: applicant.city },
        administrativeCprNumber: applicant.administrative_cpr_number,
      },
      family: family.map((member) => ({
        ...toPerson(member),
        id: member.id,
        relation: member.relation,
        passportNumber: member.passport_number,
      })),
      documents: await latestDocuments(db, row.id),
    };
  }

  async function nextReference(db: Knex, year: string): Promise<string> {
    // the counter row's lock orders concurrent creates, and it rolls back with a failed one: no gaps, no twins
    const result = await db.raw<{ rows: { last_value: number }[] }>(
      `insert into application_reference_counters (year, last_value) values (?, 1)
       on conflict (year) do update set last_value = application_reference_counters.last_value + 1
       returning last_value`,
      [Number(year)],
    );
    const value = result.rows[0]?.last_value;
    if (value === undefined) throw new Error('reference counter returned no value');
    if (value > 999_999) throw new ConflictError('no references left this year', { year });
    return `IH-${year}-${String(value).padStart(6, '0')}`;
  }

  return {
    async create(raw, actor = 'citizen') {
      const now = clock.now();
      const today = localDate(now);
      const input = normalise(raw);
      const problems = checkNewApplication(input, today);
      if (problems.length > 0) throw new ValidationError('application is invalid', { problems });
      const { applicant, profile } = input;
      const family = input.family ?? [];
      return knex.transaction(async (trx) => {
        let municipalityCode: string;
        try {
          municipalityCode = (await municipalities.municipalityForPostcode(applicant.address.postcode, trx)).code;
        } catch (error) {
          if (error instanceof NotFoundError)
            throw new ValidationError('application is invalid', {
              problems: [{ field: 'applicant.address.postcode', message: error.message }],
            });
          throw error;
        }
        if (raw.submissionId) {
          // two requests of one submission queue here; the second finds what the first made
          await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [raw.submissionId]);
          const existing = await trx('applications')
            .select('id', 'reference')
            .where({ submission_id: raw.submissionId })
            .first<{ id: string; reference: string } | undefined>();
          if (existing)
            return { applicationId: existing.id, reference: existing.reference, accessToken: '', isNew: false };
        }
        const applicationId = randomUUID();
        const { token, tokenHash } = createToken();
        const reference = await nextReference(trx, today.slice(0, 4));
        await trx('applications').insert({
          id: applicationId,
          reference,
          status: 'submitted',
          purpose: profile.purpose,
          citizenship_group: profile.citizenshipGroup,
          is_married: profile.isMarried,
          move_in_date: profile.moveInDate,
          municipality_code: municipalityCode,
          language: input.language,
          email: input.email,
          access_token_hash: tokenHash,
          submission_id: raw.submissionId ?? null,
          created_at: now,
          updated_at: now,
        });
        await trx('applicants').insert({
          application_id: applicationId,
          given_name: applicant.givenName,
          family_name: applicant.familyName,
          birth_date: applicant.birthDate,
          sex: applicant.sex,
          nationality: applicant.nationality,
          passport_number: applicant.passportNumber,
          street: applicant.address.street,
          postcode: applicant.address.postcode,
          city: applicant.address.city,
          administrative_cpr_number: applicant.administrativeCprNumber
            ? parseCprNumber(applicant.administrativeCprNumber).cprNumber
            : null,
        });
        if (family.length > 0)
          await trx('family_members').insert(
            family.map((member, position) => ({
              id: randomUUID(),
              application_id: applicationId,
              position,
              relation: member.relation,
              given_name: member.givenName,
              family_name: member.familyName,
              birth_date: member.birthDate,
              sex: member.sex,
              nationality: member.nationality,
              passport_number: member.passportNumber ?? null,
            })),
          );
        await audit.record(
          {
            actor,
            action: 'application-created',
            applicationId,
            detail: {
              reference,
              purpose: profile.purpose,
              citizenshipGroup: profile.citizenshipGroup,
              municipalityCode,
              familyMembers: family.length,
            },
          },
          trx,
        );
        await outbox.notify(
          applicationId,
          { template: 'application-received', caseUrl: `${publicUrl}/case/${token}` },
          { actor, db: trx },
        );
        return { applicationId, reference, accessToken: token, isNew: true };
      });
    },

    async get(applicationId, actor) {
      const application = await load(knex, { id: applicationId });
      await audit.record({
        actor,
        action: application ? 'application-read' : 'application-not-found',
        applicationId,
      });
      if (!application) throw new NotFoundError('application not found', { applicationId });
      return application;
    },

    async findByAccessToken(token) {
      if (!isTokenShaped(token)) throw new NotFoundError('case link not found');
      const application = await load(knex, { access_token_hash: hashToken(token) });
      if (!application) throw new NotFoundError('case link not found');
      const lapsed =
        application.closedAt !== null &&
        clock.now().getTime() - application.closedAt.getTime() > accessLinkDaysAfterClose * 86_400_000;
      await audit.record({
        actor: 'citizen',
        action: lapsed ? 'case-link-lapsed' : 'application-read',
        applicationId: application.id,
        detail: { via: 'case-link' },
      });
      if (lapsed) throw new ForbiddenError('case link has expired', { applicationId: application.id });
      return application;
    },

    async setStatus(applicationId, status, actor) {
      return knex.transaction((trx) => transitionStatus({ db: trx, audit, clock }, applicationId, status, actor));
    },

    async attachProcessInstance(applicationId, processInstanceKey, actor, definition) {
      if (!/^\d{1,20}$/.test(processInstanceKey))
        throw new ValidationError('process instance key must be a decimal string', { applicationId });
      await knex.transaction(async (trx) => {
        const row = (await trx('applications')
          .select('process_instance_key')
          .where({ id: applicationId })
          .forUpdate()
          .first()) as { process_instance_key: string | null } | undefined;
        if (!row) throw new NotFoundError('application not found', { applicationId });
        if (row.process_instance_key === processInstanceKey) return;
        if (row.process_instance_key !== null)
          throw new ConflictError('application already runs in another process instance', { applicationId });
        await trx('applications')
          .where({ id: applicationId })
          .update({
            process_instance_key: processInstanceKey,
            process_definition_key: definition?.processDefinitionKey ?? null,
            process_version: definition?.version ?? null,
            updated_at: clock.now(),
          });
        await audit.record(
          { actor, action: 'process-instance-attached', applicationId, detail: { processInstanceKey } },
          trx,
        );
      });
    },

    async recordAdministrativeCprNumber(applicationId, cprNumber, actor) {
      if (!isValidCprNumber(cprNumber))
        throw new ValidationError('administrative CPR number is not a valid CPR number', { applicationId });
      const canonical = parseCprNumber(cprNumber);
      await knex.transaction(async (trx) => {
        const row = (await trx('applicants')
          .select(asDate(trx, 'birth_date'), 'administrative_cpr_number')
          .where({ application_id: applicationId })
          .forUpdate()
          .first()) as { birth_date: string; administrative_cpr_number: string | null } | undefined;
        if (!row) throw new NotFoundError('application not found', { applicationId });
        if (row.birth_date !== canonical.birthDate)
          throw new ValidationError('administrative CPR number does not match the birth date', { applicationId });
        if (row.administrative_cpr_number === canonical.cprNumber) return;
        if (row.administrative_cpr_number !== null)
          throw new ConflictError('applicant already has another administrative CPR number', { applicationId });
        await trx('applicants')
          .where({ application_id: applicationId })
          .update({ administrative_cpr_number: canonical.cprNumber });
        await audit.record({ actor, action: 'administrative-cpr-number-recorded', applicationId }, trx);
      });
    },

    async list({ group, status, limit = 50, offset = 0 }, actor) {
      const query = knex('applications')
        .select(summaryColumns)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(Math.max(1, limit), 500))
        .offset(Math.max(0, offset));
      if (status !== undefined) query.where({ status });
      if (group !== undefined) query.whereIn('status', statusesIn(group));
      const rows = (await query) as ApplicationRow[];
      await audit.record({
        actor,
        action: 'applications-listed',
        applicationId: null,
        detail: { group: group ?? null, status: status ?? null, count: rows.length },
      });
      return rows.map(toSummary);
    },

    async countByGroup() {
      const rows = await knex('applications')
        .select('status')
        .count<{ status: ApplicationStatus; count: string }[]>({ count: '*' })
        .groupBy('status');
      const counts = Object.fromEntries(statusGroups.map((group) => [group, 0])) as Record<StatusGroup, number>;
      for (const row of rows) counts[statusGroup(row.status)] += Number(row.count);
      return counts;
    },

    async profileVariables(applicationId, actor, today = localDate(clock.now())) {
      const row = (await knex('applications')
        .select('id', 'reference', 'purpose', 'citizenship_group', 'is_married')
        .where({ id: applicationId })
        .first()) as
        Pick<ApplicationRow, 'id' | 'reference' | 'purpose' | 'citizenship_group' | 'is_married'> | undefined;
      if (!row) throw new NotFoundError('application not found', { applicationId });
      const children = (await knex('family_members')
        .select(asDate(knex, 'birth_date'))
        .where({ application_id: applicationId, relation: 'child' })
        .orderBy('position')) as { birth_date: string }[];
      await audit.record({ actor, action: 'profile-read', applicationId });
      return {
        applicationId: row.id,
        reference: row.reference,
        purpose: row.purpose,
        citizenshipGroup: row.citizenship_group,
        isMarried: row.is_married,
        children: children.map((child) => ({ age: ageOn(child.birth_date, today) })),
      };
    },
  };
}
