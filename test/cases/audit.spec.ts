// cases/audit: every read and write of a case leaves a row with its actor, and no row names the person.
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { AuditValue } from '../../cases/audit.js';
import type { CaseFile } from '../../cases/index.js';
import { ValidationError } from '../../lib/errors/index.js';
import { files, freshCaseFile, newApplication, rejection } from './fixtures.js';

describe('cases/audit', function () {
  this.timeout(60_000);
  let knex: Knex;
  let caseFile: CaseFile;
  before(async () => {
    ({ knex, caseFile } = await freshCaseFile());
  });

  it('records each read and write of a case with its actor, and never the person’s name, passport or address', async () => {
    // given a case that is created, read, given a document whose content is then read, and moved on
    const input = newApplication();
    const { applicationId } = await caseFile.applications.create(input);
    await caseFile.applications.get(applicationId, 'caseworker:cw-7');
    const document = await caseFile.documents.upload(
      {
        applicationId,
        kind: 'passport',
        filename: `${input.applicant.familyName}.pdf`,
        content: files.pdf,
        uploadedBy: 'citizen',
      },
      'citizen',
    );
    await caseFile.documents.content(document.id, 'caseworker:cw-7');
    await caseFile.applications.profileVariables(applicationId, 'worker:automatic-checklist');
    await caseFile.applications.setStatus(applicationId, 'in-review', 'worker:automatic-checklist');
    // then the log tells who did what, in order
    const entries = await caseFile.audit.listForApplication(applicationId);
    expect(entries.map((e) => [e.actor, e.action])).to.deep.equal([
      ['citizen', 'application-created'],
      ['citizen', 'mail-enqueued'],
      ['caseworker:cw-7', 'application-read'],
      ['citizen', 'document-uploaded'],
      ['caseworker:cw-7', 'document-content-read'],
      ['worker:automatic-checklist', 'profile-read'],
      ['worker:automatic-checklist', 'status-changed'],
    ]);
    expect(entries.at(-1)?.detail).to.deep.equal({ from: 'submitted', to: 'in-review' });
    // and no row, of this case or any other, holds anything that identifies the applicant
    const everything = JSON.stringify(await knex('audit_log').select('*'));
    for (const personal of [
      input.applicant.givenName,
      input.applicant.familyName,
      input.applicant.passportNumber,
      input.applicant.address.street,
      input.applicant.birthDate,
      input.email,
    ])
      expect(everything).not.to.contain(personal);
  });

  it('refuses a detail whose keys name personal data, wherever they are nested', async () => {
    for (const detail of [
      { passportNumber: 'X' },
      { applicant: { familyName: 'X' } },
      { list: [{ cprNumber: 'X' }] },
    ] as Record<string, AuditValue>[])
      expect(
        await rejection(caseFile.audit.record({ actor: 'system', action: 'spec', detail })),
        JSON.stringify(detail),
      ).to.be.instanceOf(ValidationError);
  });

  it('is append-only in the database', async () => {
    const error = await rejection(knex('audit_log').update({ actor: 'someone-else' }));
    expect(String(error)).to.contain('append-only');
  });
});
