// cases/applications on a real PostgreSQL: references, the stored case, the status and its group, and the
// profile the process gets, which identifies no one.
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { CaseFile } from '../../cases/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors/index.js';
import { dayMs, FakeClock, freshCaseFile, newApplication, passportNumber, rejection } from './fixtures.js';

describe('cases/applications', function () {
  this.timeout(60_000);
  const clock = new FakeClock(new Date('2026-02-16T10:00:00Z'));
  let knex: Knex;
  let caseFile: CaseFile;
  before(async () => {
    ({ knex, caseFile } = await freshCaseFile({ clock, pool: 8 }));
  });
  beforeEach(() => clock.set(new Date('2026-02-16T10:00:00Z')));

  it('gives applications submitted at once consecutive, unique references of the year', async () => {
    // when 30 citizens submit at the same moment
    const created = await Promise.all(Array.from({ length: 30 }, () => caseFile.applications.create(newApplication())));
    // then every reference is IH-2026-nnnnnn, all different, and together they leave no gap
    const numbers = created.map(({ reference }) => {
      expect(reference).to.match(/^IH-2026-\d{6}$/);
      return Number(reference.slice(-6));
    });
    expect(new Set(numbers).size).to.equal(30);
    expect(Math.max(...numbers) - Math.min(...numbers)).to.equal(29);
  });

  it('starts every year at 000001, by the Copenhagen calendar', async () => {
    // given New Year's Eve 23:30 UTC, which is already 1 January 2027 in Copenhagen
    clock.set(new Date('2026-12-31T23:30:00Z'));
    const { reference } = await caseFile.applications.create(newApplication({}, '2027-01-15'));
    expect(reference).to.equal('IH-2027-000001');
  });

  it('makes one case of one submission sent twice at once (a double click), with one mail', async () => {
    const input = { ...newApplication(), submissionId: `submission-${passportNumber()}` };
    const [first, second] = await Promise.all([
      caseFile.applications.create(input, 'citizen'),
      caseFile.applications.create(input, 'citizen'),
    ]);
    expect(first?.applicationId).to.equal(second?.applicationId);
    expect([first?.isNew, second?.isNew].sort()).to.deep.equal([false, true]);
    const rows = await knex('applications').where({ submission_id: input.submissionId });
    expect(rows).to.have.length(1);
    const mails = await caseFile.outbox.listForApplication(first?.applicationId ?? '', 'spec');
    expect(mails.filter((m) => m.template === 'application-received')).to.have.length(1);
  });

  it('stores the case with its applicant and family, status submitted', async () => {
    const input = newApplication();
    const { applicationId, reference } = await caseFile.applications.create(input);
    const application = await caseFile.applications.get(applicationId, 'caseworker:cw-1');
    expect(application).to.deep.include({
      id: applicationId,
      reference,
      status: 'submitted',
      statusGroup: 'in-progress',
      purpose: 'work',
      citizenshipGroup: 'other',
      isMarried: true,
      moveInDate: '2026-03-01',
      municipalityCode: '101',
      language: 'en',
      closedAt: null,
      processInstanceKey: null,
    });
    expect(application.applicant).to.deep.equal({ ...input.applicant, administrativeCprNumber: null });
    expect(application.family.map(({ id: _id, ...member }) => member)).to.deep.equal(
      (input.family ?? []).map((member) => ({ ...member, passportNumber: member.passportNumber ?? null })),
    );
    expect(application.documents).to.deep.equal([]);
  });

  it('gives the process the profile with ages on the given day, and no names, numbers, dates or addresses', async () => {
    // given an applicant with a child born 30 June 2019
    const input = newApplication();
    const { applicationId, reference } = await caseFile.applications.create(input);
    // when the checklist's variables are read the day before and on the child's 7th birthday
    const before = await caseFile.applications.profileVariables(
      applicationId,
      'worker:automatic-checklist',
      '2026-06-29',
    );
    const on = await caseFile.applications.profileVariables(applicationId, 'worker:automatic-checklist', '2026-06-30');
    // then they hold the profile and ages only
    expect(before).to.deep.equal({
      applicationId,
      reference,
      purpose: 'work',
      citizenshipGroup: 'other',
      isMarried: true,
      children: [{ age: 6 }],
    });
    expect(on.children).to.deep.equal([{ age: 7 }]);
    const text = JSON.stringify(before);
    const child = input.family?.[0];
    for (const personal of [
      input.applicant.givenName,
      input.applicant.familyName,
      input.applicant.passportNumber,
      input.applicant.birthDate,
      input.applicant.address.street,
      input.applicant.address.postcode,
      input.email,
      child?.passportNumber ?? '',
      child?.birthDate ?? '',
    ])
      expect(text).not.to.contain(personal);
  });

  it('refuses an invalid form with every problem, by field', async () => {
    const input = newApplication({
      email: 'not-an-address',
      profile: { ...newApplication().profile, moveInDate: '2026-05-01' },
    });
    input.applicant.birthDate = '1990-02-30';
    const error = await rejection(caseFile.applications.create(input));
    expect(error).to.be.instanceOf(ValidationError);
    const problems = (error as ValidationError).details.problems as { field: string }[];
    expect(problems.map((p) => p.field)).to.include('email');
    // the schema failed first, so rules beyond it are reported once the form is well-formed
    const second = await rejection(caseFile.applications.create({ ...input, email: 'asha@example.org' }));
    expect(((second as ValidationError).details.problems as { field: string }[]).map((p) => p.field)).to.have.members([
      'applicant.birthDate',
      'profile.moveInDate',
    ]);
  });

  it('refuses an address outside the area International House Copenhagen serves', async () => {
    const input = newApplication();
    input.applicant.address = { street: 'Vestergade 1', postcode: '5000', city: 'Odense C' };
    const error = await rejection(caseFile.applications.create(input));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).details.problems).to.deep.equal([
      {
        field: 'applicant.address.postcode',
        message: 'postcode is outside the area International House Copenhagen serves',
      },
    ]);
  });

  it('moves the status, stamps the closing time, and refuses to reopen a closed case', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    expect(
      await caseFile.applications.setStatus(applicationId, 'in-review', 'worker:automatic-checklist'),
    ).to.deep.equal({
      previous: 'submitted',
      status: 'in-review',
      changed: true,
    });
    expect((await caseFile.applications.setStatus(applicationId, 'in-review', 'worker:automatic-checklist')).changed).to
      .be.false;
    await caseFile.applications.setStatus(applicationId, 'closed-rejected', 'worker:send-rejection');
    const closed = await caseFile.applications.get(applicationId, 'caseworker:cw-1');
    expect(closed.statusGroup).to.equal('closed');
    expect(closed.closedAt).to.be.instanceOf(Date);
    expect(
      await rejection(caseFile.applications.setStatus(applicationId, 'in-review', 'caseworker:cw-1')),
    ).to.be.instanceOf(ConflictError);
  });

  it('lists and counts cases by the caseworkers’ groups', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    await caseFile.applications.setStatus(applicationId, 'booked', 'citizen');
    const before = await caseFile.applications.countByGroup();
    const listed = await caseFile.applications.list({ group: 'ready-for-attendance' }, 'caseworker:cw-1');
    expect(listed.map((summary) => summary.id)).to.include(applicationId);
    expect(listed.every((summary) => summary.statusGroup === 'ready-for-attendance')).to.be.true;
    expect(before['ready-for-attendance']).to.equal(listed.length);
    const total = Number(((await knex('applications').count({ n: '*' })) as [{ n: string }])[0].n);
    expect(Object.values(before).reduce((sum, n) => sum + n, 0)).to.equal(total);
  });

  it('opens the case behind the private link in the receipt mail, until 90 days after closing', async () => {
    const { applicationId, accessToken } = await caseFile.applications.create(newApplication());
    const [receipt] = await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    expect(receipt?.template).to.equal('application-received');
    expect(receipt?.bodyText).to.contain(`/case/${accessToken}`);
    expect((await caseFile.applications.findByAccessToken(accessToken)).id).to.equal(applicationId);
    expect(await rejection(caseFile.applications.findByAccessToken('x'.repeat(43)))).to.be.instanceOf(NotFoundError);
    // and the database holds only the hash of the token
    const row = (await knex('applications').where({ id: applicationId }).first()) as { access_token_hash: string };
    expect(row.access_token_hash)
      .to.match(/^[0-9a-f]{64}$/)
      .and.not.equal(accessToken);
    await caseFile.applications.setStatus(applicationId, 'closed-withdrawn', 'citizen');
    clock.advance(91 * dayMs);
    expect(await rejection(caseFile.applications.findByAccessToken(accessToken))).to.be.instanceOf(ForbiddenError);
  });

  it('records the process instance once, and refuses another', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    await caseFile.applications.attachProcessInstance(applicationId, '2251799813685249', 'web');
    await caseFile.applications.attachProcessInstance(applicationId, '2251799813685249', 'web');
    expect((await caseFile.applications.get(applicationId, 'web')).processInstanceKey).to.equal('2251799813685249');
    expect(
      await rejection(caseFile.applications.attachProcessInstance(applicationId, '2251799813685250', 'web')),
    ).to.be.instanceOf(ConflictError);
  });
});
