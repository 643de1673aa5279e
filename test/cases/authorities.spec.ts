// cases/authorities with the local stand-ins: SIRI's answer by passport (and the administrative CPR number
// it may carry, so nobody gets two), the CPR register behind the case, and the tax agency told once.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createLocalSiri, euResidenceIssuer } from '../../cases/authorities.js';
import { systemClock } from '../../cases/clock.js';
import type { CaseFile } from '../../cases/index.js';
import { ConflictError } from '../../lib/errors/index.js';
import { freshCaseFile, newApplication, passportNumber, rejection } from './fixtures.js';

describe('cases/authorities', function () {
  this.timeout(60_000);
  let knex: Knex;
  let caseFile: CaseFile;
  before(async () => {
    ({ knex, caseFile } = await freshCaseFile({ config: { siriLocalMode: 'table' } }));
  });

  it('finds the residence permit SIRI recorded and uses its administrative CPR number instead of a new one', async () => {
    // given a permit for the applicant's passport that already carries a CPR number for her birth date
    const input = newApplication();
    await createLocalSiri({ knex, mode: 'table', clock: systemClock }).register({
      passportNumber: input.applicant.passportNumber,
      kind: 'residence-permit',
      validUntil: '2028-12-31',
      issuer: 'SIRI',
      administrativeCprNumber: '120490-4006',
    });
    const { applicationId } = await caseFile.applications.create(input);
    // when the residence is checked and the number issued
    const check = await caseFile.authorities.checkResidence(applicationId, 'worker:automatic-checklist');
    const issued = await caseFile.authorities.issueCprNumber(applicationId, 'worker:issue-cpr-number');
    // then the permit is found, and the number recorded is SIRI's
    expect(check).to.deep.equal({
      isRequired: true,
      found: true,
      kind: 'residence-permit',
      validUntil: '2028-12-31',
      issuer: 'SIRI',
      hasAdministrativeCprNumber: true,
    });
    expect(issued).to.deep.equal({ cprNumber: '1204904006', source: 'administrative', isNew: true });
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('cpr-issued');
    // and the audit log says it happened without saying the number
    const audit = JSON.stringify(await caseFile.audit.listForApplication(applicationId));
    expect(audit).to.contain('cpr-number-issued').and.not.contain('1204904006').and.not.contain('120490-4006');
  });

  it('issues a new number once: a retried issue returns it', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    const first = await caseFile.authorities.issueCprNumber(applicationId, 'worker:issue-cpr-number');
    const retry = await caseFile.authorities.issueCprNumber(applicationId, 'worker:issue-cpr-number');
    expect(first).to.include({ source: 'issued', isNew: true });
    expect(retry).to.deep.equal({ ...first, isNew: false });
    expect(first.cprNumber.slice(0, 6)).to.equal('120490');
    expect(await caseFile.authorities.cprNumberOf(applicationId, 'worker:send-confirmation')).to.equal(first.cprNumber);
  });

  it('finds nothing for an unknown passport in table mode, and asks nothing for a Nordic citizen', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    expect((await caseFile.authorities.checkResidence(applicationId, 'worker:automatic-checklist')).found).to.be.false;
    const nordic = newApplication();
    nordic.profile.citizenshipGroup = 'nordic';
    const { applicationId: nordicId } = await caseFile.applications.create(nordic);
    expect(await caseFile.authorities.checkResidence(nordicId, 'worker:automatic-checklist')).to.include({
      isRequired: false,
      found: false,
    });
  });

  it('answers the same for the same passport in fake mode, with the kind the profile calls for', async () => {
    const siri = createLocalSiri({ knex, mode: 'fake', clock: systemClock });
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => passportNumber()).map(async (passport) => [
        await siri.lookup(passport, 'eu-residence-document'),
        await siri.lookup(passport, 'eu-residence-document'),
      ]),
    );
    for (const [first, second] of answers) expect(second).to.deep.equal(first);
    const found = answers.map(([first]) => first).filter((answer) => answer?.found);
    expect(found.length).to.be.within(20, 40);
    expect(found.every((answer) => answer?.kind === 'eu-residence-document')).to.be.true;
    expect(euResidenceIssuer('2019-03-31')).to.equal('Statsforvaltningen');
    expect(euResidenceIssuer('2019-04-01')).to.equal('SIRI');
  });

  it('tells the tax agency once, and only after a number is issued', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    expect(
      await rejection(caseFile.authorities.notifyTaxAgency(applicationId, 'worker:notify-tax-agency')),
    ).to.be.instanceOf(ConflictError);
    await caseFile.authorities.issueCprNumber(applicationId, 'worker:issue-cpr-number');
    const first = await caseFile.authorities.notifyTaxAgency(applicationId, 'worker:notify-tax-agency');
    const retry = await caseFile.authorities.notifyTaxAgency(applicationId, 'worker:notify-tax-agency');
    expect(first.isNew).to.be.true;
    expect(retry).to.deep.equal({ noticeId: first.noticeId, isNew: false });
    expect(await knex('tax_agency_notices').where({ application_id: applicationId }).count({ n: '*' })).to.deep.equal([
      { n: '1' },
    ]);
  });
});
