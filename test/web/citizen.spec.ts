// The citizen portal through HTTP, without JavaScript: the start page, apply in four steps (check your
// answers, the checklist from the DMN before the uploads, the error summary, the questions about unlikely
// dates, each eligibility refusal), my case by its private link,
// withdrawal, the hearing page and booking with change and cancel.
import { expect } from 'chai';
import type TestAgent from 'supertest/lib/agent.js';
import { addDays, localDate, longDate } from '../../cases/clock.js';
import { hashToken } from '../../cases/tokens.js';
import { files, newApplication } from '../cases/fixtures.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

const today = () => localDate(new Date());

/** Posts step 1 with sensible answers, changed by `overrides`. */
async function answerMove(agent: TestAgent, overrides: Record<string, string> = {}) {
  const page = await agent.get('/apply').expect(200);
  return await agent
    .post('/apply')
    .type('form')
    .send({
      _csrf: csrfOf(page.text),
      nationality: 'IN',
      purpose: 'work',
      stay: 'over-6-months',
      hadCprNumber: 'no',
      moveInDate: addDays(today(), 10),
      isMarried: 'yes',
      ...overrides,
    });
}

const about = (csrf: string) => ({
  _csrf: csrf,
  'applicant[givenName]': 'Asha',
  'applicant[familyName]': 'Raghunathan',
  'applicant[birthDate]': '1990-04-12',
  'applicant[sex]': 'female',
  'applicant[passportNumber]': `Z${Date.now()}`.slice(0, 12),
  email: 'asha@example.org',
  street: 'Gyldenløvesgade 11, 3. tv',
  postcode: '1600',
  city: 'København V',
  spouseComing: 'no',
  childrenComing: 'yes',
  'children[0][givenName]': 'Kavi',
  'children[0][familyName]': 'Raghunathan',
  'children[0][birthDate]': '2019-06-30',
  'children[0][sex]': 'male',
  'children[0][nationality]': 'IN',
  action: 'continue',
});

describe('web: citizen portal', function () {
  this.timeout(60_000);
  let web: TestWeb;

  before(async function () {
    this.timeout(120_000);
    web = await startTestWeb();
  });

  describe('apply', () => {
    it('shows the checklist for the profile before the uploads, then creates the case and starts its process', async () => {
      const agent = web.agent();
      expect((await answerMove(agent)).headers.location).to.equal('/apply/about-you');
      const step2 = await agent.get('/apply/about-you').expect(200);
      await agent
        .post('/apply/about-you')
        .type('form')
        .send(about(csrfOf(step2.text)))
        .expect(303)
        .expect('location', '/apply/check');
      // check your answers: in words, each with a link to its field
      const check = await agent.get('/apply/check').expect(200);
      expect(check.text).to.contain('Check your answers').and.contain('Step 3 of 4');
      for (const answer of ['India', '12 April 1990', 'Asha Raghunathan', 'Kavi Raghunathan', '30 June 2019', 'Work'])
        expect(check.text).to.contain(answer);
      expect(check.text).to.contain('href="/apply/about-you#children-0-givenName"');
      expect(check.text).to.contain('href="/apply#moveInDate"');
      expect(check.text).to.contain('Marriage certificate').and.contain('href="/apply/documents"');
      const step3 = await agent.get('/apply/documents').expect(200);
      expect(step3.text).to.contain('Step 4 of 4');
      // married, a child under 18, from outside the EU: the decision's documents for that profile
      for (const label of [
        'Passport or national ID card',
        'Marriage certificate',
        'Birth certificates of your children',
        'Residence permit',
      ])
        expect(step3.text).to.contain(label);
      expect(step3.text).to.contain('10 MiB');
      // a document the checklist requires is never called optional, and the lead reads as a sentence
      expect(step3.text).not.to.contain('(optional)');
      expect(step3.text).to.contain('If you do not have it yet, you can send it later.');
      expect(step3.text).to.match(
        /As a citizen of a country outside the EU\/EEA and the Nordic countries coming to \w+, we need/,
      );
      const csrf = csrfOf(step3.text);
      const received = await agent
        .post(`/apply/documents?_csrf=${encodeURIComponent(csrf)}`)
        .attach('document-passport', files.pdf, 'passport.pdf')
        .attach('document-marriage-certificate', files.png, 'marriage.png')
        // neither a second file in one field nor a file in a field that is no document is read
        .attach('document-passport', files.png, 'second.png')
        .attach('not-a-document', files.pdf, 'other.pdf')
        .expect(303)
        .expect('location', '/apply/received');
      expect(received.status).to.equal(303);
      const receipt = await agent.get('/apply/received').expect(200);
      const reference = /IH-\d{4}-\d{6}/.exec(receipt.text)?.[0];
      expect(reference, 'the reference on the receipt').to.be.a('string');
      expect(receipt.text).to.contain('asha@example.org');
      const row = (await web.knex('applications').where({ reference }).first()) as {
        id: string;
        process_instance_key: string | null;
        process_version: number | null;
      };
      expect(row.process_instance_key).to.match(/^\d+$/);
      const application = await web.caseFile.applications.get(row.id, 'spec');
      expect(application.family).to.have.length(1);
      expect(application.documents.map((d) => d.kind)).to.have.members(['passport', 'marriage-certificate']);
      expect(application.documents.find((d) => d.kind === 'passport')?.detectedType).to.equal('application/pdf');
      const mails = await web.caseFile.outbox.listForApplication(row.id, 'spec');
      expect(mails.map((m) => m.template)).to.include('application-received');
    });

    it('starts from a page that says who can apply, what it takes and how long', async () => {
      const agent = web.agent();
      const home = await agent.get('/').expect(200);
      expect(home.text).to.contain('href="/apply/start"');
      const start = await agent.get('/apply/start').expect(200);
      expect(start.text).to.contain('about 15 minutes').and.contain('Your passport or national ID card');
      expect(start.text).to.contain('10 MiB').and.contain('href="/apply"');
      const da = await agent.get('/apply/start?lang=da').expect(200);
      expect(da.text).to.contain('cirka 15 minutter').and.contain('Start nu');
    });

    it('asks about children first: "no" drops child rows, "yes" needs a child, an unanswered question is an error', async () => {
      const agent = web.agent();
      expect((await answerMove(agent)).status).to.equal(303);
      const csrf = csrfOf((await agent.get('/apply/about-you').expect(200)).text);
      const unanswered = await agent
        .post('/apply/about-you')
        .type('form')
        .send({ ...about(csrf), childrenComing: '' })
        .expect(400);
      expect(unanswered.text).to.contain('href="#childrenComing-yes"');
      expect(unanswered.text).to.contain('Answer whether children are moving with you');
      const noChild = Object.fromEntries(Object.entries(about(csrf)).filter(([key]) => !key.startsWith('children[')));
      const yesWithout = await agent.post('/apply/about-you').type('form').send(noChild).expect(400);
      expect(yesWithout.text).to.contain('href="#children-0-givenName"');
      expect(yesWithout.text).to.contain('Fill in the child’s details, or answer no');
      // "no" with a row still filled in (without script the rows stay visible): the rows are dropped
      await agent
        .post('/apply/about-you')
        .type('form')
        .send({ ...about(csrf), childrenComing: 'no' })
        .expect(303)
        .expect('location', '/apply/check');
      const check = await agent.get('/apply/check').expect(200);
      expect(check.text).to.contain('Are children under 18 moving to Denmark with you?');
      expect(check.text).not.to.contain('Kavi');
      expect(check.text).not.to.contain('Birth certificates of your children');
    });

    it('asks about a date of birth over 120 years back and a move-in over a year back', async () => {
      const agent = web.agent();
      const old = await answerMove(agent, { moveInDate: addDays(today(), -400) });
      expect(old.status).to.equal(400);
      expect(old.text).to.contain('href="#confirmOldMoveIn"').and.contain('is more than a year ago');
      expect(old.text).to.contain('Yes, I moved in on ' + longDate(addDays(today(), -400), 'en'));
      const confirmed = await answerMove(agent, { moveInDate: addDays(today(), -400), confirmOldMoveIn: 'yes' });
      expect(confirmed.status).to.equal(303);
      expect(confirmed.headers.location).to.equal('/apply/about-you');
      const csrf = csrfOf((await agent.get('/apply/about-you').expect(200)).text);
      const aged = await agent
        .post('/apply/about-you')
        .type('form')
        .send({ ...about(csrf), 'applicant[birthDate]': '1890-02-01' })
        .expect(400);
      expect(aged.text).to.contain('href="#applicant-birthDate"');
      expect(aged.text).to.contain('1 February 1890 is more than 120 years ago: check the year');
    });

    it('sends a citizen who skips ahead back to the first step with a gap', async () => {
      const agent = web.agent();
      await agent.get('/apply/check').expect(303).expect('location', '/apply');
      expect((await answerMove(agent)).status).to.equal(303);
      const csrf = csrfOf((await agent.get('/apply/about-you').expect(200)).text);
      await agent
        .post('/apply/about-you')
        .type('form')
        .send({ ...about(csrf), email: '' })
        .expect(400);
      await agent.get('/apply/check').expect(303).expect('location', '/apply/about-you');
      await agent.get('/apply/documents').expect(303).expect('location', '/apply/about-you');
    });

    it('re-renders a step with an error summary that links to each field, keeping what was entered', async () => {
      const agent = web.agent();
      expect((await answerMove(agent)).status).to.equal(303);
      const step2 = await agent.get('/apply/about-you').expect(200);
      const bad = {
        ...about(csrfOf(step2.text)),
        'applicant[givenName]': '',
        'applicant[birthDate]': addDays(today(), 3),
        postcode: '12',
      };
      const page = await agent.post('/apply/about-you').type('form').send(bad).expect(400);
      expect(page.text).to.contain('class="alert alert-error" role="alert" aria-atomic="true"');
      expect(page.text).to.contain('href="#applicant-givenName"');
      expect(page.text).to.contain('Enter the given name as in the passport');
      expect(page.text).to.contain('value="Raghunathan"');
      // the first step's gaps too
      const empty = await agent
        .post('/apply')
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(400);
      expect(empty.text).to.contain('href="#nationality"').and.contain('href="#purpose-work"');
    });

    it('refuses a postcode outside the area, and a missing passport upload, beside the field', async () => {
      const agent = web.agent();
      expect((await answerMove(agent)).status).to.equal(303);
      const step2 = await agent.get('/apply/about-you').expect(200);
      const outside = await agent
        .post('/apply/about-you')
        .type('form')
        .send({ ...about(csrfOf(step2.text)), postcode: '9990' })
        .expect(400);
      expect(outside.text).to.contain('href="#postcode"');
      await agent
        .post('/apply/about-you')
        .type('form')
        .send(about(csrfOf(step2.text)))
        .expect(303);
      const step3 = await agent.get('/apply/documents').expect(200);
      const csrf = csrfOf(step3.text);
      const missing = await agent
        .post(`/apply/documents?_csrf=${encodeURIComponent(csrf)}`)
        .attach('document-marriage-certificate', files.exe, 'x.pdf')
        .expect(400);
      expect(missing.text).to.contain('href="#document-passport"').and.contain('href="#document-marriage-certificate"');
    });

    for (const [name, answers, reason] of [
      ['a stay of 3 months or less', { stay: 'up-to-3-months' }, 'short-stay'],
      ['an earlier CPR number', { hadCprNumber: 'yes' }, 'has-cpr-number'],
      ['a move-in more than a month away', { moveInDate: addDays(localDate(new Date()), 45) }, 'too-early'],
      ['a Nordic stay of up to 6 months', { nationality: 'SE', stay: '3-to-6-months' }, 'nordic-short-stay'],
    ] as const)
      it(`refuses ${name} with an explanation`, async () => {
        const agent = web.agent();
        const refused = await answerMove(agent, answers);
        expect(refused.status).to.equal(303);
        expect(refused.headers.location).to.contain(`/apply/not-eligible?reason=${reason}`);
        const page = await agent.get(String(refused.headers.location)).expect(200);
        expect(page.text).to.match(/<h1>[^<]+<\/h1>/);
        if (reason === 'has-cpr-number') expect(page.text).to.contain('flytning');
        if (reason === 'too-early') expect(page.text).to.contain('You can apply from');
      });
  });

  describe('my case', () => {
    it('shows the case of its link only, and withdraws it after a confirm step', async () => {
      const first = await web.caseFile.applications.create(newApplication({}, addDays(today(), 5)));
      const second = await web.caseFile.applications.create(newApplication({}, addDays(today(), 5)));
      const agent = web.agent();
      const page = await agent.get(`/case/${first.accessToken}`).expect(200);
      expect(page.text).to.contain(first.reference).and.not.contain(second.reference);
      expect(page.headers['cache-control']).to.equal('no-store');
      const other = await agent.get(`/case/${second.accessToken}`).expect(200);
      expect(other.text).to.contain(second.reference).and.not.contain(first.reference);
      await agent.get(`/case/${'A'.repeat(43)}`).expect(404);
      const confirm = await agent.get(`/case/${first.accessToken}/withdraw`).expect(200);
      await agent
        .post(`/case/${first.accessToken}/withdraw`)
        .type('form')
        .send({ _csrf: csrfOf(confirm.text) })
        .expect(303);
      // one confirmation: the case reads as withdrawn, with nothing left to withdraw
      const after = (await agent.get(`/case/${first.accessToken}`).expect(200)).text;
      expect(after.match(/received your withdrawal/g)).to.have.length(1);
      expect(after).to.contain('<strong>Withdrawn</strong>').and.not.contain(`/case/${first.accessToken}/withdraw`);
      expect(after).to.not.contain('class="alert alert-success"');
      await agent.get(`/case/${first.accessToken}/withdraw`).expect(303);
      const audit = await web.caseFile.audit.listForApplication(first.applicationId);
      expect(audit.map((a) => a.action)).to.include('withdrawal-requested');
    });
  });

  describe('hearing', () => {
    it('lists what is missing with the message, and takes uploads and a reply', async () => {
      const { applicationId, reference } = await web.caseFile.applications.create(
        newApplication({}, addDays(today(), 5)),
      );
      const { token = '' } = await web.caseFile.hearings.open(
        applicationId,
        {
          idempotencyKey: `spec-${Date.now()}`,
          missingDocuments: ['passport', 'marriage-certificate'],
          reasons: { passport: 'The scan is unreadable', 'marriage-certificate': 'missing', lease: 'not asked' },
          message: 'The passport scan is unreadable.',
          messageDa: 'Scanningen af passet kan ikke læses.',
        },
        'spec',
      );
      const agent = web.agent();
      const page = await agent.get(`/hearing/${token}`).expect(200);
      expect(page.text)
        .to.contain('The passport scan is unreadable.')
        .and.contain('Marriage certificate')
        .and.contain(reference);
      // each document with the review's reason: the caseworker's words, the automatic check's in the language
      expect(page.text).to.contain('Why: The scan is unreadable').and.contain('Why: we have not received it');
      expect(page.text).to.not.contain('not asked');
      const danish = (await web.agent().get(`/hearing/${token}?lang=da`).expect(200)).text;
      expect(danish).to.contain('Scanningen af passet').and.contain('Hvorfor: vi har ikke modtaget det');
      const csrf = csrfOf(page.text);
      const nothing = await agent
        .post(`/hearing/${token}?_csrf=${encodeURIComponent(csrf)}`)
        .field('reply', '')
        .expect(400);
      expect(nothing.text).to.contain('href="#document-passport"');
      await agent
        .post(`/hearing/${token}?_csrf=${encodeURIComponent(csrf)}`)
        .attach('document-passport', files.png, 'passport.png')
        .field('reply', 'The marriage certificate is on its way from the embassy.')
        .expect(303)
        .expect('location', `/hearing/${token}/received`);
      const hearing = await web.caseFile.hearings.findByToken(token);
      expect(hearing.answeredAt).to.be.instanceOf(Date);
      expect(hearing.reply).to.equal('The marriage certificate is on its way from the embassy.');
      expect((await web.caseFile.applications.get(applicationId, 'spec')).status).to.equal('documents-received');
      expect((await agent.get(`/hearing/${token}/received`).expect(200)).text).to.contain(reference);
      expect((await agent.get(`/hearing/${token}`).expect(303)).headers.location).to.equal(
        `/hearing/${token}/received`,
      );
    });
  });

  describe('booking', () => {
    async function invited(): Promise<{ applicationId: string; token: string }> {
      const { applicationId } = await web.caseFile.applications.create(newApplication({}, addDays(today(), 5)));
      const { token = '' } = await web.caseFile.appointments.invite(applicationId, `spec-${Date.now()}`, 'spec');
      return { applicationId, token };
    }

    /** The first free time on a booking page, skipping the next two days so it can be changed. */
    function laterSlot(html: string, skip = 0): string {
      const ids = [...html.matchAll(/name="slotId" value="([^"]+)"/g)].map((m) => m[1] ?? '');
      const id = ids[skip];
      if (!id) throw new Error('no free time on the page');
      return id;
    }

    it('offers no time before the move-in date when the applicant must live at the address, by weekday', async () => {
      const moveIn = addDays(today(), 9);
      const { applicationId } = await web.caseFile.applications.create(newApplication({}, moveIn));
      const { token = '' } = await web.caseFile.appointments.invite(applicationId, `spec-${Date.now()}`, 'spec', {
        notBeforeMoveIn: true,
      });
      const page = (await web.agent().get(`/booking/${token}`).expect(200)).text;
      expect(page).to.contain(`The times start on your move-in date, ${longDate(moveIn, 'en')}`);
      // the week starts on the move-in day: its heading, and each day under its weekday name
      expect(page).to.contain(`${longDate(moveIn, 'en')} to ${longDate(addDays(moveIn, 6), 'en')}`);
      const headings = [...page.matchAll(/<legend class="h4">([^<]+)<\/legend>/g)].map((m) => m[1] ?? '');
      expect(headings).to.not.be.empty;
      for (const heading of headings) expect(heading).to.match(/^(Monday|Wednesday|Thursday|Friday) \d{1,2} \w+$/);
      const slots = await web
        .knex('appointment_slots')
        .whereIn('id', [...[...page.matchAll(/name="slotId" value="([^"]+)"/g)].map((m) => m[1] ?? '')]);
      expect(slots).to.not.be.empty;
      for (const slot of slots as { starts_at: Date }[]) expect(localDate(slot.starts_at) >= moveIn).to.equal(true);
    });

    it('books a free time and confirms it with the time, the place and what to bring', async () => {
      const { applicationId, token } = await invited();
      const agent = web.agent();
      const page = await agent.get(`/booking/${token}?week=1`).expect(200);
      const slotId = laterSlot(page.text);
      await agent
        .post(`/booking/${token}`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), slotId })
        .expect(303)
        .expect('location', `/booking/${token}/confirmed`);
      const confirmed = await agent.get(`/booking/${token}/confirmed`).expect(200);
      expect(confirmed.text).to.contain('Gyldenløvesgade 11').and.contain('passport').and.contain('originals');
      expect((await web.caseFile.applications.get(applicationId, 'spec')).status).to.equal('booked');
      const booking = await web.caseFile.appointments.currentBooking(applicationId, 'spec');
      expect(booking?.slotId).to.equal(slotId);
    });

    it('moves the booking to another free time, then cancels it and gives the seat back', async () => {
      const { applicationId, token } = await invited();
      const agent = web.agent();
      const page = await agent.get(`/booking/${token}?week=1`).expect(200);
      const first = laterSlot(page.text);
      await agent
        .post(`/booking/${token}`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), slotId: first })
        .expect(303);
      const change = await agent.get(`/booking/${token}/change?week=2`).expect(200);
      const second = laterSlot(change.text);
      await agent
        .post(`/booking/${token}/change`)
        .type('form')
        .send({ _csrf: csrfOf(change.text), slotId: second })
        .expect(303);
      expect((await web.caseFile.appointments.currentBooking(applicationId, 'spec'))?.slotId).to.equal(second);
      const seats = async (id: string) =>
        ((await web.knex('appointment_slots').where({ id }).first()) as { booked: number }).booked;
      expect(await seats(first)).to.equal(0);
      expect(await seats(second)).to.equal(1);
      const cancel = await agent.get(`/booking/${token}/cancel`).expect(200);
      await agent
        .post(`/booking/${token}/cancel`)
        .type('form')
        .send({ _csrf: csrfOf(cancel.text) })
        .expect(303)
        .expect('location', `/booking/${token}/cancelled`);
      expect((await agent.get(`/booking/${token}/cancelled`).expect(200)).text).to.contain('will not expect you');
      expect(await seats(second)).to.equal(0);
      // the front office's "not attended" then invites again, with a plain invitation
      const { invitation } = await web.caseFile.appointments.markNoShow(applicationId, `spec-ns-${Date.now()}`, 'spec');
      expect(invitation.isNew).to.equal(true);
      expect((await web.caseFile.applications.get(applicationId, 'spec')).status).to.equal('awaiting-booking');
    });

    it('does not open a link that is not a booking link', async () => {
      await web
        .agent()
        .get(`/booking/${'B'.repeat(43)}`)
        .expect(404);
      expect(hashToken('x')).to.have.length(64);
    });
  });
});
