// cases/hearings: the link's token is stored only as its hash, expires, and answers exactly what is
// missing; a retried worker opens no second round and sends no second mail.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { parseIsoDuration } from '../../cases/clock.js';
import type { CaseFile } from '../../cases/index.js';
import { hashToken } from '../../cases/tokens.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors/index.js';
import { dayMs, FakeClock, files, freshCaseFile, newApplication, rejection } from './fixtures.js';

describe('cases/hearings', function () {
  this.timeout(60_000);
  const start = new Date('2026-02-16T10:00:00Z');
  const clock = new FakeClock(start);
  let knex: Knex;
  let caseFile: CaseFile;
  let applicationId: string;
  let jobKey = 2251799813690000;
  const request = () => ({
    idempotencyKey: String((jobKey += 1)),
    missingDocuments: ['passport', 'marriage-certificate'],
    message: 'The passport scan is unreadable.',
    messageDa: 'Scanningen af passet kan ikke læses.',
  });
  const mails = async (template: string) =>
    (await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1')).filter((m) => m.template === template);

  before(async () => {
    ({ knex, caseFile } = await freshCaseFile({ clock }));
  });
  beforeEach(async () => {
    clock.set(start);
    ({ applicationId } = await caseFile.applications.create(newApplication()));
  });

  it('stores only the hash of the token, and mails the link with what is missing', async () => {
    const opened = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    expect(opened).to.include({ round: 1, isNew: true });
    const token = opened.token ?? '';
    const row = (await knex('hearing_requests').where({ id: opened.hearingId }).first()) as Record<string, unknown>;
    expect(row.token_hash).to.equal(hashToken(token));
    expect(JSON.stringify(row)).not.to.contain(token);
    const [mail] = await mails('hearing-request');
    expect(mail?.bodyText).to.contain(`/hearing/${token}`).and.contain('Marriage certificate');
    expect(mail?.bodyText).to.contain('The passport scan is unreadable.');
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('awaiting-documents');
  });

  it('gives a retried worker the round it opened, without a new token or a second mail', async () => {
    const same = request();
    const first = await caseFile.hearings.open(applicationId, same, 'worker:request-documents');
    const retry = await caseFile.hearings.open(applicationId, same, 'worker:request-documents');
    expect(retry).to.deep.include({ hearingId: first.hearingId, round: 1, isNew: false, token: undefined });
    expect(await mails('hearing-request')).to.have.length(1);
    // while the process coming back to the task (a new job) opens round 2 and ends round 1
    const second = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    expect(second.round).to.equal(2);
    expect(await rejection(caseFile.hearings.findByToken(first.token ?? ''))).to.be.instanceOf(ForbiddenError);
  });

  it('has one deadline: the mail, the reminder and the hearing print its last day, and the link lapses after it', async () => {
    // given a hearing opened at 00:30 on 25 October in Copenhagen (22:30 UTC the day before), the night summer
    // time ends, with the process's waits of 14 and 30 days
    clock.set(new Date('2026-10-24T22:30:00Z'));
    const answerWithin = ['P14D', 'P30D'].map((d) => parseIsoDuration(d) ?? expect.fail(d));
    const opened = await caseFile.hearings.open(
      applicationId,
      { ...request(), answerWithin },
      'worker:request-documents',
    );
    // then 44 Copenhagen dates on, 8 December is the last day, whole, until midnight there (23:00 UTC)
    expect(opened.answerBy).to.equal('2026-12-08');
    expect(opened.expiresAt.toISOString()).to.equal('2026-12-08T23:00:00.000Z');
    clock.set(new Date('2026-11-07T22:30:00Z'));
    await caseFile.hearings.remind(applicationId, 'worker:send-hearing-reminder');
    for (const template of ['hearing-request', 'hearing-reminder']) {
      const [mail] = await mails(template);
      expect(mail?.bodyText, template).to.contain('by 8 December 2026');
    }
    expect((await caseFile.hearings.findByToken(opened.token ?? '')).answerBy).to.equal('2026-12-08');
    // the last minute of 8 December still opens the page; midnight does not
    clock.set(new Date('2026-12-08T22:59:59Z'));
    expect((await caseFile.hearings.findByToken(opened.token ?? '')).round).to.equal(1);
    clock.set(new Date('2026-12-08T23:00:00Z'));
    expect(await rejection(caseFile.hearings.findByToken(opened.token ?? ''))).to.be.instanceOf(ForbiddenError);
  });

  it('opens the hearing by its token until it expires, and not by any other string', async () => {
    const { token = '' } = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    const hearing = await caseFile.hearings.findByToken(token);
    expect(hearing).to.deep.include({
      applicationId,
      round: 1,
      missingDocuments: ['passport', 'marriage-certificate'],
    });
    expect(
      await rejection(caseFile.hearings.findByToken(token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))),
    ).to.be.instanceOf(NotFoundError);
    expect(await rejection(caseFile.hearings.findByToken('../../etc/passwd'))).to.be.instanceOf(NotFoundError);
    clock.advance(46 * dayMs);
    expect(await rejection(caseFile.hearings.findByToken(token))).to.be.instanceOf(ForbiddenError);
  });

  it('stores the answer as new document versions and returns the case to review', async () => {
    const { token = '' } = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    const answer = await caseFile.hearings.answer(token, [
      { kind: 'passport', filename: 'passport.png', content: files.png, expiresOn: '2031-05-01' },
      { kind: 'marriage-certificate', filename: 'marriage.pdf', content: files.pdf },
    ]);
    expect(answer.documents.map((d) => [d.kind, d.version, d.uploadedBy])).to.deep.equal([
      ['passport', 1, 'citizen'],
      ['marriage-certificate', 1, 'citizen'],
    ]);
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('documents-received');
    expect(await caseFile.hearings.findByToken(token)).to.deep.include({ outcome: 'answered' });
    expect(
      await rejection(caseFile.hearings.answer(token, [{ kind: 'passport', filename: 'p.pdf', content: files.pdf }])),
    ).to.be.instanceOf(ConflictError);
  });

  it('refuses an answer with a document nobody asked for, or a bad file, and stores none of it', async () => {
    const { token = '' } = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    const wrongKind = await rejection(
      caseFile.hearings.answer(token, [{ kind: 'admission-letter', filename: 'a.pdf', content: files.pdf }]),
    );
    const badFile = await rejection(
      caseFile.hearings.answer(token, [
        { kind: 'passport', filename: 'p.pdf', content: files.pdf },
        { kind: 'marriage-certificate', filename: 'm.pdf', content: files.exe },
      ]),
    );
    expect(wrongKind).to.be.instanceOf(ValidationError);
    expect(badFile).to.be.instanceOf(ValidationError);
    expect(await caseFile.documents.latest(applicationId, 'caseworker:cw-1')).to.deep.equal([]);
    expect((await caseFile.hearings.findByToken(token)).answeredAt).to.equal(null);
  });

  it('reminds once, with a link of its own that opens the same hearing', async () => {
    const opened = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    clock.advance(14 * dayMs);
    const reminder = await caseFile.hearings.remind(applicationId, 'worker:send-hearing-reminder');
    const again = await caseFile.hearings.remind(applicationId, 'worker:send-hearing-reminder');
    expect(reminder.isNew).to.be.true;
    expect(again).to.deep.include({ isNew: false, token: undefined });
    expect((await caseFile.hearings.findByToken(reminder.token ?? '')).id).to.equal(opened.hearingId);
    expect((await caseFile.hearings.findByToken(opened.token ?? '')).remindedAt).to.be.instanceOf(Date);
    const [mail] = await mails('hearing-reminder');
    expect(mail?.bodyText).to.contain(`/hearing/${reminder.token ?? ''}`);
    expect(await mails('hearing-reminder')).to.have.length(1);
  });

  it('closes an unanswered hearing and the case once, with one mail, and the link stops working', async () => {
    const { token = '' } = await caseFile.hearings.open(applicationId, request(), 'worker:request-documents');
    clock.advance(44 * dayMs);
    expect((await caseFile.hearings.closeUnanswered(applicationId, 'worker:close-unanswered')).isNew).to.be.true;
    expect((await caseFile.hearings.closeUnanswered(applicationId, 'worker:close-unanswered')).isNew).to.be.false;
    expect((await caseFile.applications.get(applicationId, 'caseworker:cw-1')).status).to.equal('closed-unanswered');
    expect(await mails('closed-unanswered')).to.have.length(1);
    expect(await rejection(caseFile.hearings.findByToken(token))).to.be.instanceOf(ForbiddenError);
  });
});
