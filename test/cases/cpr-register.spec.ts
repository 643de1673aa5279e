// cases/cpr-register on a real PostgreSQL: one number per application, never one number twice, modulus 11
// numbers first, and all of it under many concurrent issues.
import { expect } from 'chai';
import type { Knex } from 'knex';
import {
  candidateSerials,
  datePrefix,
  isValidCprNumber,
  parseCprNumber,
  passesModulus11,
} from '../../cases/cpr-number.js';
import { createCprRegister, type CprRegister } from '../../cases/cpr-register.js';
import { ConflictError, ValidationError } from '../../lib/errors/index.js';
import { migratedDatabase } from './database.js';

let nextId = 0;
/** A fresh application id, so no spec depends on another's data. */
function applicationId(): string {
  nextId += 1;
  return `application-${process.pid}-${Date.now()}-${nextId}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('cases/cpr-register', function () {
  this.timeout(60_000);
  let knex: Knex;
  let register: CprRegister;
  before(async () => {
    knex = await migratedDatabase({ pool: 4 });
    register = createCprRegister({ knex });
  });

  it('issues once per application: asking again returns the same number', async () => {
    // given an applicant born 3 March 1985
    const id = applicationId();
    // when the number is issued twice (a retried job)
    const first = await register.issueFor({ applicationId: id, birthDate: '1985-03-03', sex: 'female' });
    const again = await register.issueFor({ applicationId: id, birthDate: '1985-03-03', sex: 'female' });
    // then the second call returns the first number
    expect(first).to.include({ source: 'issued', isNew: true });
    expect(again).to.deep.equal({ ...first, isNew: false });
    expect(parseCprNumber(first.cprNumber)).to.deep.include({ birthDate: '1985-03-03', sex: 'female' });
    expect(passesModulus11(first.cprNumber), 'a modulus 11 serial is free, so one is used').to.be.true;
    expect(await register.find(id)).to.deep.include({
      cprNumber: first.cprNumber,
      applicationId: id,
      birthDate: '1985-03-03',
      sex: 'female',
      source: 'issued',
    });
  });

  it('records an administrative number as it is instead of making one', async () => {
    // given an applicant whose residence permit carries a number that fails modulus 11
    const id = applicationId();
    // when the number is issued with it
    const result = await register.issueFor({
      applicationId: id,
      birthDate: '1961-07-07',
      sex: 'female',
      administrativeCprNumber: '070761-4286',
    });
    // then that number is recorded, as administrative, and a retry returns it
    expect(result).to.deep.equal({ cprNumber: '0707614286', source: 'administrative', isNew: true });
    expect((await register.find(id))?.source).to.equal('administrative');
    expect(await register.issueFor({ applicationId: id, birthDate: '1961-07-07', sex: 'female' })).to.deep.equal({
      ...result,
      isNew: false,
    });
  });

  it("refuses an administrative number that another application holds, and one that isn't the birth date's", async () => {
    // given an administrative number recorded for one applicant
    await register.issueFor({
      applicationId: applicationId(),
      birthDate: '1961-07-07',
      sex: 'male',
      administrativeCprNumber: '0707614285',
    });
    // when another application brings the same number
    const other = applicationId();
    const conflict = await rejection(
      register.issueFor({
        applicationId: other,
        birthDate: '1961-07-07',
        sex: 'male',
        administrativeCprNumber: '0707614285',
      }),
    );
    // then that is a conflict, and the other application holds nothing
    expect(conflict).to.be.instanceOf(ConflictError);
    expect(await register.find(other)).to.equal(undefined);
    // and a number for another birth date, or no CPR number at all, is invalid input
    for (const administrativeCprNumber of ['0807614285', '3102901234', 'abc'])
      expect(
        await rejection(
          register.issueFor({ applicationId: other, birthDate: '1961-07-07', sex: 'male', administrativeCprNumber }),
        ),
        administrativeCprNumber,
      ).to.be.instanceOf(ValidationError);
  });

  it('never issues a number already recorded administratively', async () => {
    // given the first candidate for 12 December 1974, men, already held administratively
    const first = `${datePrefix('1974-12-12')}${candidateSerials('1974-12-12', 'male').next().value as string}`;
    await register.issueFor({
      applicationId: applicationId(),
      birthDate: '1974-12-12',
      sex: 'male',
      administrativeCprNumber: first,
    });
    // when a number is issued for another man born that day
    const issued = await register.issueFor({ applicationId: applicationId(), birthDate: '1974-12-12', sex: 'male' });
    // then it is the next candidate
    const second = [...candidateSerials('1974-12-12', 'male')][1];
    expect(issued.cprNumber).to.equal(`${datePrefix('1974-12-12')}${second}`);
  });

  it('refuses an application already holding a number for another birth date', async () => {
    const id = applicationId();
    await register.issueFor({ applicationId: id, birthDate: '1992-08-08', sex: 'male' });
    const error = await rejection(register.issueFor({ applicationId: id, birthDate: '1992-08-09', sex: 'male' }));
    expect(error).to.be.instanceOf(ConflictError);
  });

  it('refuses birth dates a CPR number cannot express, and unknown sexes', async () => {
    for (const [birthDate, sex] of [
      ['1857-12-31', 'male'],
      ['2058-01-01', 'female'],
      ['1990-02-30', 'female'],
      ['1990-01-01', 'other'],
    ] as const)
      expect(
        await rejection(register.issueFor({ applicationId: applicationId(), birthDate, sex: sex as 'male' })),
        `${birthDate} ${sex}`,
      ).to.be.instanceOf(ValidationError);
  });

  it('says so when every number of a birth date and sex is taken', async () => {
    // given every serial for women born 2 February 1902 already in the register
    const prefix = datePrefix('1902-02-02');
    const rows = [...candidateSerials('1902-02-02', 'female')].map((serial, i) => ({
      cpr_number: prefix + serial,
      application_id: `${applicationId()}-${i}`,
      birth_date: '1902-02-02',
      sex: 'female',
      source: 'issued',
    }));
    await knex.batchInsert('cpr_register', rows, 500);
    // when one more is asked for
    const error = await rejection(
      register.issueFor({ applicationId: applicationId(), birthDate: '1902-02-02', sex: 'female' }),
    );
    // then the answer is a conflict, while men born that day still get numbers
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).message).to.contain('no free CPR number');
    const man = await register.issueFor({ applicationId: applicationId(), birthDate: '1902-02-02', sex: 'male' });
    expect(parseCprNumber(man.cprNumber).sex).to.equal('male');
  });

  it('gives concurrent issues for one application one number', async () => {
    const id = applicationId();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => register.issueFor({ applicationId: id, birthDate: '1988-11-30', sex: 'male' })),
    );
    expect(new Set(results.map((r) => r.cprNumber)).size).to.equal(1);
    expect(results.filter((r) => r.isNew)).to.have.length(1);
  });

  describe('1,000 applicants born the same day, issued in parallel', function () {
    const birthDate = '1990-05-17';
    const prefix = datePrefix(birthDate);
    let crowd: Knex;
    before(async () => {
      // a database of its own, so the register holds only these; ten connections so the inserts interleave
      crowd = await migratedDatabase({ pool: 10 });
    });

    it('gives 1,000 valid, unique numbers matching each applicant, modulus 11 ones first', async () => {
      // given 1,000 applicants, half women and half men, all born 17 May 1990
      const crowdRegister = createCprRegister({ knex: crowd });
      const applicants = Array.from({ length: 1000 }, (_, i) => ({
        applicationId: `crowd-${i}`,
        birthDate,
        sex: i % 2 === 0 ? ('female' as const) : ('male' as const),
      }));
      // when all are issued at once
      const results = await Promise.all(applicants.map((applicant) => crowdRegister.issueFor(applicant)));
      // then every number is new, valid, unique, and says the applicant's birth date and sex
      expect(results.every((r) => r.isNew && r.source === 'issued')).to.be.true;
      const numbers = results.map((r) => r.cprNumber);
      expect(numbers.every((n) => isValidCprNumber(n))).to.be.true;
      expect(new Set(numbers).size).to.equal(1000);
      applicants.forEach((applicant, i) =>
        expect(parseCprNumber(numbers[i]!), applicant.applicationId).to.include({ birthDate, sex: applicant.sex }),
      );
      // and the register holds exactly those
      expect(await crowdRegister.allNumbers()).to.deep.equal([...numbers].sort());
      const [{ count }] = (await crowd('cpr_register').count({ count: '*' })) as [{ count: string }];
      expect(Number(count)).to.equal(1000);
      // and, per sex, a number failing modulus 11 is issued only once every modulus 11 number is taken
      for (const sex of ['female', 'male'] as const) {
        const issued = numbers.filter((_, i) => applicants[i]!.sex === sex);
        const modulus11Numbers = allSerials()
          .map((serial) => prefix + serial)
          .filter((n) => isValidCprNumber(n) && parseCprNumber(n).birthDate === birthDate)
          .filter((n) => parseCprNumber(n).sex === sex && passesModulus11(n));
        const issuedPassing = issued.filter((n) => passesModulus11(n));
        const issuedFailing = issued.filter((n) => !passesModulus11(n));
        console.log(
          `      ${sex}: ${issuedPassing.length} of ${modulus11Numbers.length} modulus 11 numbers used, ` +
            `${issuedFailing.length} numbers failing it`,
        );
        expect(issuedPassing).to.have.length(Math.min(issued.length, modulus11Numbers.length));
        if (issuedFailing.length > 0) expect(issuedPassing).to.have.members(modulus11Numbers);
        // and no number was skipped: the lane issued exactly its first 500 candidates
        const firstCandidates = [...candidateSerials(birthDate, sex)].slice(0, issued.length).map((s) => prefix + s);
        expect([...issued].sort()).to.deep.equal(firstCandidates.sort());
      }
    });
  });
});

/** 0000 to 9999. */
function allSerials(): string[] {
  return Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));
}
