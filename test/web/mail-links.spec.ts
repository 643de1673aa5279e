// The links in citizens' mails open the portal that sent them. Without PUBLIC_URL, lib/config makes the
// address from PORT as `npm start` does; a hearing mail's and a booking invitation's links, taken from
// the mails as written, then answer on that port.
import { expect } from 'chai';
import { addDays, localDate } from '../../cases/clock.js';
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
});
