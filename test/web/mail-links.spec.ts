// The links in citizens' mails open the portal that sent them, and the mails and the pages they open give
// the same deadline. Without PUBLIC_URL, lib/config makes the
// address from PORT as `npm start` does; a hearing mail's and a booking invitation's links, taken from
// the mails as written, then answer on that port.
import { expect } from 'chai';
import { addDays, localDate, longDate } from '../../cases/clock.js';
import { newApplication } from '../cases/fixtures.js';
import { freePort, startTestWeb, type TestWeb } from '../support/web.js';

/** The first address in a mail's text that starts with `prefix`. */
function linkIn(text: string, prefix: string): string {
  const link = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\S+`).exec(text)?.[0];
  if (!link) throw new Error(`no link starting ${prefix} in the mail`);
  return link;
}

describe('web: links in mails without PUBLIC_URL', function () {
  this.timeout(60_000);
  let web: TestWeb;
  let port: number;

  before(async function () {
    this.timeout(120_000);
    port = await freePort();
    web = await startTestWeb({ port, derivePublicUrl: true });
  });

  it('open the hearing page and the booking page on the port the portal runs on', async () => {
    // given an application with a hearing and a booking invitation, mailed as the workers mail them
    const { applicationId, reference } = await web.caseFile.applications.create(
      newApplication({}, addDays(localDate(new Date()), 5)),
    );
    await web.caseFile.hearings.open(
      applicationId,
      {
        idempotencyKey: 'links-hearing',
        missingDocuments: ['passport'],
        message: 'Unreadable.',
        messageDa: 'Ulæselig.',
      },
      'spec',
    );
    await web.caseFile.appointments.invite(applicationId, 'links-invitation', 'spec');
    const mails = await web.caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    const text = (template: string) => mails.find((mail) => mail.template === template)?.bodyText ?? '';
    // when the citizen opens the links as the mails give them
    const hearing = linkIn(text('hearing-request'), `http://localhost:${port}/hearing/`);
    const booking = linkIn(text('booking-invitation'), `http://localhost:${port}/booking/`);
    const [hearingPage, bookingPage] = await Promise.all([fetch(hearing), fetch(booking)]);
    // then both pages answer there, for this case
    expect(hearingPage.status, hearing).to.equal(200);
    expect(await hearingPage.text()).to.contain('Passport');
    expect(bookingPage.status, booking).to.equal(200);
    expect(await bookingPage.text()).to.contain(reference);
  });

  it('print the same deadline in the hearing mail, the reminder, the booking mail and their pages, in both languages', async () => {
    // given a hearing with its reminder, and a booking invitation, as the workers send them
    const { applicationId } = await web.caseFile.applications.create(
      newApplication({}, addDays(localDate(new Date()), 5)),
    );
    const hearing = await web.caseFile.hearings.open(
      applicationId,
      {
        idempotencyKey: 'deadline-hearing',
        missingDocuments: ['passport'],
        message: 'Unreadable.',
        messageDa: 'Ulæselig.',
      },
      'spec',
    );
    await web.caseFile.hearings.remind(applicationId, 'spec');
    const invitation = await web.caseFile.appointments.invite(applicationId, 'deadline-invitation', 'spec');
    const mails = await web.caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    const text = (template: string) => mails.find((mail) => mail.template === template)?.bodyText ?? '';
    /** The date a text gives after "by" (English) or "senest [den]" (Danish). */
    const deadlineIn = (body: string, word: 'by' | 'senest') =>
      new RegExp(`${word} (?:den )?(\\d{1,2}\\.? [a-zæøå]+ \\d{4})`, 'i').exec(body)?.[1] ??
      expect.fail(`no "${word} <date>"`);
    // when the citizen reads the mails and opens the pages in English and in Danish
    const hearingDate = deadlineIn(text('hearing-request'), 'by');
    const page = async (url: string, lang: string) => (await fetch(`${url}?lang=${lang}`)).text();
    const hearingUrl = linkIn(text('hearing-request'), `http://localhost:${port}/hearing/`);
    const bookingUrl = linkIn(text('booking-invitation'), `http://localhost:${port}/booking/`);
    // then every text gives one day: the hearing's last day, and the booking's
    expect(deadlineIn(text('hearing-reminder'), 'by')).to.equal(hearingDate);
    expect(hearingDate).to.equal(longDate(hearing.answerBy, 'en'));
    expect(deadlineIn(await page(hearingUrl, 'en'), 'by')).to.equal(hearingDate);
    expect(deadlineIn(await page(hearingUrl, 'da'), 'senest')).to.equal(longDate(hearing.answerBy, 'da'));
    const bookingDate = deadlineIn(text('booking-invitation'), 'by');
    expect(bookingDate).to.equal(longDate(invitation.bookBy, 'en'));
    expect(deadlineIn(await page(bookingUrl, 'en'), 'by')).to.equal(bookingDate);
    expect(deadlineIn(await page(bookingUrl, 'da'), 'senest')).to.equal(longDate(invitation.bookBy, 'da'));
  });
});
