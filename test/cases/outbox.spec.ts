// cases/outbox and cases/mail-templates: one row per dedupe key however often it is enqueued, and every
// mail in English and Danish.
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { CaseFile } from '../../cases/index.js';
import { mailTemplates, renderMail, type MailData, type MailTemplate } from '../../cases/mail-templates.js';
import { freshCaseFile, newApplication } from './fixtures.js';

const examples: { [T in MailTemplate]: Extract<MailData, { template: T }> } = {
  'application-received': { template: 'application-received', caseUrl: 'http://localhost:3000/case/T' },
  'hearing-request': {
    template: 'hearing-request',
    hearingUrl: 'http://localhost:3000/hearing/T',
    missingDocuments: ['passport', 'a-code-designers-added'],
    message: 'English note',
    messageDa: 'Dansk note',
    answerBy: '2026-04-01',
  },
  'hearing-reminder': {
    template: 'hearing-reminder',
    hearingUrl: 'http://localhost:3000/hearing/R',
    missingDocuments: ['passport'],
    answerBy: '2026-04-01',
  },
  'closed-unanswered': { template: 'closed-unanswered' },
  'closed-unbooked': { template: 'closed-unbooked' },
  rejection: { template: 'rejection', reason: 'The stay is shorter than 3 months.' },
  'booking-invitation': {
    template: 'booking-invitation',
    bookingUrl: 'http://localhost:3000/booking/B',
    bookBy: '2026-04-01',
  },
  'booking-confirmation': {
    template: 'booking-confirmation',
    startsAt: new Date('2026-03-02T09:15:00Z'),
    desk: 'desk-2',
  },
  'no-show': { template: 'no-show', bookingUrl: 'http://localhost:3000/booking/N', bookBy: '2026-04-01' },
  'cpr-issued': { template: 'cpr-issued' },
  withdrawn: { template: 'withdrawn' },
};

describe('cases/outbox', function () {
  this.timeout(60_000);
  let knex: Knex;
  let caseFile: CaseFile;
  before(async () => {
    ({ knex, caseFile } = await freshCaseFile());
  });

  it('keeps one row per dedupe key: enqueueing twice returns the first row', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    const mail = {
      dedupeKey: `rejection:${applicationId}`,
      applicationId,
      toAddress: 'asha@example.org',
      template: 'rejection' as const,
      language: 'en' as const,
      subject: 'first',
      bodyText: 'first',
    };
    const first = await caseFile.outbox.enqueue(mail, { actor: 'worker:send-rejection' });
    const second = await caseFile.outbox.enqueue({ ...mail, subject: 'second' }, { actor: 'worker:send-rejection' });
    expect(second).to.deep.equal(first);
    expect(second.subject).to.equal('first');
    expect(await knex('notification_outbox').where({ dedupe_key: mail.dedupeKey }).count({ n: '*' })).to.deep.equal([
      { n: '1' },
    ]);
  });

  it('keeps one row when the same mail is enqueued concurrently', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication());
    const rows = await Promise.all(
      Array.from({ length: 8 }, () =>
        caseFile.outbox.notify(applicationId, { template: 'withdrawn' }, { actor: 'worker:close-withdrawn' }),
      ),
    );
    expect(new Set(rows.map((row) => row.id)).size).to.equal(1);
    expect(rows[0]).to.deep.include({
      status: 'pending',
      toAddress: 'asha@example.org',
      dedupeKey: `withdrawn:${applicationId}`,
    });
  });

  it('renders the case’s language', async () => {
    const { applicationId, reference } = await caseFile.applications.create(newApplication({ language: 'da' }));
    const [receipt] = await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    expect(receipt).to.deep.include({ language: 'da', subject: `Vi har modtaget din ansøgning ${reference}` });
  });

  for (const template of mailTemplates)
    it(`writes the ${template} mail in English and Danish, with the reference`, () => {
      const en = renderMail(examples[template], { reference: 'IH-2026-000042', language: 'en' });
      const da = renderMail(examples[template], { reference: 'IH-2026-000042', language: 'da' });
      for (const mail of [en, da]) {
        expect(mail.subject).to.contain('IH-2026-000042');
        expect(mail.text).not.to.match(/undefined|null|\[object/);
      }
      expect(da.text).not.to.equal(en.text);
      expect(da.text).to.contain('Venlig hilsen');
      const url: unknown = Object.entries(examples[template]).find(([field]) => field.endsWith('Url'))?.[1];
      if (typeof url === 'string') for (const mail of [en, da]) expect(mail.text).to.contain(url);
    });

  it('puts no CPR number in any mail: the one that says it is issued says where to get it instead', () => {
    for (const template of mailTemplates)
      for (const language of ['en', 'da'] as const) {
        const text = renderMail(examples[template], { reference: 'IH-2026-000042', language }).text;
        expect(text, `${template} (${language})`).not.to.match(/\d{6}-?\d{4}/);
      }
    const issued = (language: 'en' | 'da') =>
      renderMail({ template: 'cpr-issued' }, { reference: 'IH-2026-000042', language }).text;
    expect(issued('en')).to.contain('registration confirmation').and.contain('Digital Post');
    expect(issued('da')).to.contain('registreringsbekræftelse').and.contain('Digital Post');
  });
});
