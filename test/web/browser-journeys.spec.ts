// The three journeys a municipality's go-live review walks, end to end in headless Chromium, each in English
// and in Danish, with every person in a browser of their own: the citizen applies from the home page (the
// start page, the four steps, check your answers), the back office works the task list and the form-js forms,
// the citizen answers the hearing and books from the mails' links, the front office checks in and issues the
// CPR number at the desk, and the team lead reads the case's history and the overview.
//   1. an EU worker who leaves a document out: review (a rejection needs a reason), the hearing request opens
//      for the reviewer, the hearing page says why, the answer, round 2 remembers round 1, booking, check-in,
//      the CPR number at the desk (and in no mail);
//   2. a non-EU student family, spouse and two children: the family's checklist, all accepted at once;
//   3. a withdrawal: one confirmation, the case closed, the review gone from the task list.
// Each rule is asserted as the person sees it, in their language; axe (WCAG 2.1 A/AA) and the console are
// checked on every page, and all findings are asserted empty at the end of each journey.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { lastDayOf, localDate, longDate } from '../../cases/clock.js';
import { formatCprNumber } from '../../cases/cpr-number.js';
import { documentLabel } from '../../cases/mail-templates.js';
import { createLogger } from '../../lib/logger/index.js';
import type { Language } from '../../web/i18n.js';
import { workerDefinitions } from '../../workers/index.js';
import { startWorkers, type RunningWorkers } from '../../workers/run-workers.js';
import { startUserTaskInbox, type UserTaskInbox } from '../../workers/user-task-inbox.js';
import { files } from '../cases/fixtures.js';
import { browserOrSkip } from '../support/browser.js';
import { journeyKit, type JourneyKit, type Person } from '../support/journey-kit.js';
import { eventually } from '../support/probe.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

/** How long a step of the process may take to reach the next user task or mail. */
const stepMs = 45_000;
const languages: Language[] = ['en', 'da'];

/** A person in the application, as the passport says. */
interface PersonData {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  nationality: string;
  passportNumber: string;
}

/** Who applies, and which of the checklist's documents they leave out. */
interface Applicant extends PersonData {
  purpose: 'work' | 'study';
  email: string;
  spouse?: PersonData;
  children: PersonData[];
  leaveOut: string[];
}

/** What the review and hearing checklist lines carry. */
interface ChecklistLine {
  document: string;
  basis: string;
  basisDa?: string;
  uploadStatus: string;
}

/** The words of the rules, literally, as each reader must see them. */
const words = {
  en: {
    startTakes: 'about 15 minutes',
    euWorkerLead: 'As an EU/EEA/Swiss citizen coming to work, we need these documents from you',
    why: 'Why:',
    notReceived: 'we have not received it',
    rejected: 'Rejected',
    everyone: 'Everyone in the application, children included, must come in person.',
    issuedMail: 'at the desk',
    withdrawn: 'Withdrawn',
  },
  da: {
    startTakes: 'cirka 15 minutter',
    euWorkerLead:
      'Som EU/EØS- eller schweizisk statsborger, der kommer for at arbejde, skal vi have disse dokumenter fra dig',
    why: 'Hvorfor:',
    notReceived: 'vi har ikke modtaget det',
    rejected: 'Afvist',
    everyone: 'Alle i ansøgningen, også børn, skal møde personligt.',
    issuedMail: 'skranken',
    withdrawn: 'Trukket tilbage',
  },
} as const;

const passport = () => `P${randomUUID().replace(/-/g, '').slice(0, 9).toUpperCase()}`;

describe('web: the three journeys in the browser, in both languages (real workers and inbox)', function () {
  this.timeout(300_000);
  let web: TestWeb;
  let browser: Browser;
  let kit: JourneyKit;
  let workers: RunningWorkers | undefined;
  let inbox: UserTaskInbox | undefined;
  const instances: string[] = [];

  before(async function () {
    this.timeout(180_000);
    browser = await browserOrSkip(this);
    web = await startTestWeb();
    const log = createLogger({ level: 'silent' });
    workers = startWorkers(web.engine.zeebe, workerDefinitions, { caseFile: web.caseFile }, log);
    inbox = startUserTaskInbox(
      web.engine.zeebe,
      { tasks: web.caseFile.tasks, log },
      { timeoutMs: 120_000, requestTimeoutMs: 500 },
    );
    kit = journeyKit(web, browser, stepMs);
  });

  afterEach(async () => {
    await kit?.close();
  });

  after(async () => {
    await inbox?.close();
    await workers?.close();
    for (const key of instances) await web.engine.zeebe.cancelProcessInstance(key).catch(() => undefined);
  });

  /** Asserts that no page so far had an axe violation, a console error or a CSP violation. */
  function expectCleanPages(): void {
    const found = { ...kit.findings };
    for (const name of Object.keys(kit.findings)) delete kit.findings[name];
    expect(found, 'axe violations and console errors by page').to.deep.equal({});
  }

  // ---- the citizen applies, in the browser ----

  async function fillPerson(citizen: Person, prefix: string, who: PersonData, withNationality: boolean) {
    const { page } = citizen;
    await page.locator(`#${prefix}-givenName`).fill(who.givenName);
    await page.locator(`#${prefix}-familyName`).fill(who.familyName);
    await page.locator(`#${prefix}-birthDate`).fill(who.birthDate);
    await page.locator(`#${prefix}-sex-${who.sex}`).check();
    if (withNationality) await page.locator(`#${prefix}-nationality`).selectOption(who.nationality);
    await page.locator(`#${prefix}-passportNumber`).fill(who.passportNumber);
  }

  /** From the home page to the receipt; returns the case and the documents the checklist asked for. */
  async function applyInBrowser(citizen: Person, who: Applicant) {
    const { page, t, language } = citizen;
    const say = words[language];
    const today = localDate(new Date());

    await page.goto(`${web.url}/?lang=${language}`);
    await kit.inspect(citizen, 'home');
    await Promise.all([
      page.waitForURL(/\/apply\/start$/),
      page.getByRole('link', { name: t('citizen:home.start') }).click(),
    ]);
    expect(await page.locator('main').innerText(), 'the start page says how long it takes').to.contain(say.startTakes);
    await kit.inspect(citizen, 'apply-start');
    await Promise.all([
      page.waitForURL(/\/apply$/),
      page.getByRole('link', { name: t('citizen:start.button') }).click(),
    ]);

    // step 1: the move (moving in today: the appointment, today too, may not come before it)
    await page.locator('#nationality').selectOption(who.nationality);
    await page.locator(`#purpose-${who.purpose}`).check();
    await page.locator('#stay-over-6-months').check();
    await page.locator('#hadCprNumber-no').check();
    await page.locator('#moveInDate').fill(today);
    await page.locator(`#isMarried-${who.spouse ? 'yes' : 'no'}`).check();
    await kit.inspect(citizen, 'apply-move');
    await Promise.all([
      page.waitForURL(/\/apply\/about-you$/),
      page.getByRole('button', { name: t('citizen:continue'), exact: true }).click(),
    ]);

    // step 2: the applicant, the address, the family: "are children coming?" comes before the child rows
    await fillPerson(citizen, 'applicant', who, false);
    await page.locator('#email').fill(who.email);
    await page.locator('#street').fill('Gyldenløvesgade 11, 3. tv');
    await page.locator('#postcode').fill('1600');
    await page.locator('#city').fill('København V');
    if (who.spouse) {
      await page.locator('#spouseComing-yes').check();
      await fillPerson(citizen, 'spouse', who.spouse, true);
    }
    expect(await page.locator('#children-0-givenName').isVisible(), 'child rows before the answer').to.equal(false);
    await page.locator(`#childrenComing-${who.children.length > 0 ? 'yes' : 'no'}`).check();
    for (const [i, child] of who.children.entries()) {
      if (i > 0) {
        await Promise.all([
          page.waitForURL(/\/apply\/about-you/),
          page.getByRole('button', { name: t('citizen:apply.about.addChild') }).click(),
        ]);
        await page.locator(`#children-${i}-givenName`).waitFor();
      }
      await fillPerson(citizen, `children-${i}`, child, true);
    }
    await kit.inspect(citizen, 'apply-about');
    // Enter in a text field continues: it does not add a child
    await Promise.all([page.waitForURL(/\/apply\/check$/), page.locator('#city').press('Enter')]);

    // step 3: check your answers, in words, each with its change link
    const answers = await page.locator('main').innerText();
    expect(answers).to.contain(`${who.givenName} ${who.familyName}`).and.contain(longDate(who.birthDate, language));
    for (const child of who.children) expect(answers).to.contain(`${child.givenName} ${child.familyName}`);
    expect(
      await page.getByRole('link', { name: new RegExp(`^${t('citizen:check.change')}`) }).count(),
    ).to.be.greaterThan(10);
    await kit.inspect(citizen, 'apply-check');
    await Promise.all([
      page.waitForURL(/\/apply\/documents$/),
      page.getByRole('link', { name: t('citizen:check.continue') }).click(),
    ]);

    // step 4: the checklist, never "(optional)" for what it requires; every upload but those left out
    const documentsPage = await page.locator('main').innerText();
    expect(documentsPage).not.to.contain(`(${t('citizen:optional')})`);
    const kinds = (await page.locator('input[type=file]').evaluateAll((inputs) => inputs.map((i) => i.id))).map((id) =>
      id.replace(/^document-/, ''),
    );
    for (const kind of kinds) expect(documentsPage).to.contain(documentLabel(kind, language));
    await kit.inspect(citizen, 'apply-documents');
    for (const kind of kinds.filter((k) => !who.leaveOut.includes(k)))
      await page
        .locator(`#document-${kind}`)
        .setInputFiles(
          kind === 'passport'
            ? { name: 'passport.pdf', mimeType: 'application/pdf', buffer: files.pdf }
            : { name: `${kind}.png`, mimeType: 'image/png', buffer: files.png },
        );
    await Promise.all([
      page.waitForURL(/\/apply\/received$/),
      page.getByRole('button', { name: t('citizen:apply.documents.submit'), exact: true }).click(),
    ]);
    const reference = /IH-\d{4}-\d{6}/.exec(await page.locator('main').innerText())?.[0] ?? '';
    expect(reference, 'the reference on the receipt').to.match(/^IH-/);
    await kit.inspect(citizen, 'apply-received');
    const row = (await web.knex('applications').where({ reference }).first()) as
      { id: string; process_instance_key: string | null } | undefined;
    if (!row?.process_instance_key) expect.fail(`no started case ${reference}`);
    instances.push(row.process_instance_key);
    return { reference, applicationId: row.id, processInstanceKey: row.process_instance_key, documentsPage, kinds };
  }

  // ---- the back office, in the browser ----

  /** The review from the task list's default tab ("My work"), with the row's words checked. */
  async function openReviewFromList(worker: Person, jobKey: string, reference: string, applicant: string) {
    const { page, t } = worker;
    await page.goto(`${web.url}/staff/tasks`, { waitUntil: 'networkidle' });
    const row = page.locator(`tr[data-job-key="${jobKey}"]`);
    await kit.reloadUntilVisible(page, row, 'the review on "My work"');
    const text = await row.innerText();
    expect(text).to.contain(reference).and.contain(applicant).and.contain('København');
    expect(text).not.to.match(/\b101\b/);
    expect(await row.getByRole('link', { name: reference }).getAttribute('href')).to.match(
      /^\/staff\/cases\/[0-9a-f-]{36}$/,
    );
    await kit.inspect(worker, 'task-list');
    await Promise.all([
      page.waitForURL(`${web.url}/staff/tasks/${jobKey}`),
      row.getByRole('link', { name: t('tasks:element.Task_ReviewApplication') }).click(),
    ]);
    await page.locator('#complete-form').waitFor();
    // our forms in the design system's own fields: no form-js, so no bpmn.io watermark on the caseworker's screen
    expect(
      await page.locator('#task-form, .fjs-powered-by, a[href*="bpmn.io"]').count(),
      'form-js on the page',
    ).to.equal(0);
  }

  /**
   * The case file beside the review form, in the caseworker's words: the country by name, the checklist's
   * finding per document, and each uploaded document previewed from the staff document route.
   */
  async function expectCaseFile(worker: Person, who: Applicant, checklist: ChecklistLine[], uploaded: number) {
    const { page, t, language } = worker;
    const caseFile = page.getByRole('region', { name: t('tasks:case.title') });
    const facts = await caseFile.locator('.case-facts').innerText();
    expect(facts).to.contain(new Intl.DisplayNames([language], { type: 'region' }).of(who.nationality));
    expect(facts).to.contain(longDate(who.birthDate, language));
    const table = await caseFile.locator('table').first().innerText();
    for (const line of checklist) expect(table).to.contain(documentLabel(line.document, language));
    expect(table).to.contain(t('tasks:upload.missing'));
    const documents = caseFile.locator('.document-list > li');
    expect(await documents.count(), 'the uploaded documents').to.equal(uploaded);
    for (let i = 0; i < uploaded; i += 1) await documents.nth(i).locator('summary').click();
    expect(await caseFile.locator('iframe.document-preview').first().getAttribute('src')).to.match(
      /^\/staff\/documents\/[0-9a-f-]{36}$/,
    );
    const image = caseFile.locator('img.document-preview').first();
    expect(await image.getAttribute('alt')).to.equal(documentLabel('proof-of-address', language));
    const src = (await image.getAttribute('src')) ?? '';
    expect(await page.evaluate(async (href) => (await fetch(href)).status, src), 'the image preview loads').to.equal(
      200,
    );
  }

  /** Gives each checklist line its verdict, checking the titles and the basis in the page's language. */
  async function judgeChecklist(worker: Person, checklist: ChecklistLine[], rejected: string[]) {
    const { page, language, formLabel } = worker;
    const form = page.locator('#complete-form');
    const label = (english: string) => formLabel('back-office-review', english);
    const documents = form.getByLabel(label('Document'), { exact: true });
    const bases = form.getByLabel(label('Required because'), { exact: true });
    expect(await documents.count(), 'checklist lines in the form').to.equal(checklist.length);
    for (const [i, line] of checklist.entries()) {
      expect(await documents.nth(i).inputValue()).to.equal(documentLabel(line.document, language));
      expect(await bases.nth(i).inputValue()).to.equal(language === 'da' ? (line.basisDa ?? line.basis) : line.basis);
      const verdict = rejected.includes(line.document) ? 'Rejected' : 'Accepted';
      await form.getByLabel(label(verdict), { exact: true }).nth(i).check();
    }
  }

  // ---- booking and the desk ----

  /** The last day of a link's one stored deadline (its expiry), written out as every mail and page must. */
  async function storedLastDay(
    table: 'hearing_requests' | 'booking_invitations',
    applicationId: string,
    language: Language,
  ) {
    const row = (await web
      .knex(table)
      .where({ application_id: applicationId })
      .orderBy('expires_at', 'desc')
      .first()) as { expires_at: Date } | undefined;
    if (!row) expect.fail(`no ${table} row for the case`);
    return longDate(lastDayOf(row.expires_at), language);
  }

  /**
   * A seat of our own a day and two hours ahead (never today), at a minute no opened slot uses, so the
   * booking page offers it; once booked, `arrive` moves it to now, as if the day had come: the desk checks in
   * only on the day, while open.
   */
  async function ownSlot() {
    const at = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 60_000) * 60_000);
    if (at.getUTCMinutes() % 5 === 0) at.setUTCMinutes(at.getUTCMinutes() + 1);
    const id = randomUUID();
    await web.knex('appointment_slots').insert({
      id,
      desk: `desk-${id.slice(0, 8)}`,
      starts_at: at,
      ends_at: new Date(at.getTime() + 15 * 60_000),
      capacity: 1,
      kind: 'regular',
    });
    return {
      id,
      startsAt: at,
      async arrive() {
        const now = new Date(Date.now() - 60_000);
        await web
          .knex('appointment_slots')
          .where({ id })
          .update({ starts_at: now, ends_at: new Date(now.getTime() + 15 * 60_000) });
        return now;
      },
    };
  }

  /** The citizen books the slot from the invitation mail; the page and the mail give the same last day. */
  async function bookFromMail(citizen: Person, applicationId: string, family: boolean) {
    const { page, t, language } = citizen;
    const invitation = await kit.mailOf(applicationId, 'booking-invitation');
    const lastDay = await storedLastDay('booking_invitations', applicationId, language);
    expect(invitation.bodyText, 'the invitation mail’s last day').to.contain(lastDay);
    const slot = await ownSlot();
    await page.goto(`${web.url}${kit.linkIn(invitation, 'booking')}`);
    const offered = await page.locator('main').innerText();
    expect(offered, 'the booking page’s last day').to.contain(t('citizen:booking.bookBy', { date: lastDay }));
    const weekday = new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
      weekday: 'long',
      timeZone: 'Europe/Copenhagen',
    }).format(slot.startsAt);
    expect(offered.toLowerCase(), 'days carry their weekday names').to.contain(weekday.toLowerCase());
    if (family) expect(offered).to.contain(words[language].everyone);
    expect(await page.locator('.slot-grid').count(), 'times in a grid per day').to.be.greaterThan(0);
    await kit.inspect(citizen, 'booking');
    await page.locator(`input[name=slotId][value="${slot.id}"]`).check();
    await Promise.all([
      page.waitForURL(/\/booking\/[A-Za-z0-9_-]+\/confirmed$/),
      page.getByRole('button', { name: t('citizen:booking.bookSubmit'), exact: true }).click(),
    ]);
    await kit.inspect(citizen, 'booking-confirmed');
    await eventually(async () => {
      expect((await web.caseFile.applications.get(applicationId, 'spec')).status).to.equal('booked');
    }, stepMs);
    return slot;
  }

  /** The desk: the day's list, check-in (the attendance task opens, theirs), attendance, the CPR number. */
  async function attendAtDesk(
    language: Language,
    applicationId: string,
    processInstanceKey: string,
    reference: string,
    slot: Awaited<ReturnType<typeof ownSlot>>,
  ) {
    const desk = await kit.staff(['front-office'], language);
    const { page, t, formLabel } = desk;
    const booking = (await web.knex('bookings').where({ application_id: applicationId, slot_id: slot.id }).first()) as {
      id: string;
    };
    // before the appointment's day the desk cannot check in: the row says when it can
    await page.goto(`${web.url}/staff/front-office?date=${localDate(slot.startsAt)}`, { waitUntil: 'networkidle' });
    const early = page.locator(`tr[data-booking-id="${booking.id}"]`);
    expect(await early.locator('.check-in-later').count(), 'check-in on the day only').to.equal(1);
    expect(await early.getByRole('button', { name: t('tasks:frontOffice.checkIn') }).count()).to.equal(0);
    await kit.inspect(desk, 'front-office-before-the-day');
    const startsNow = await slot.arrive();
    const day = localDate(startsNow);
    await page.goto(`${web.url}/staff/front-office?date=${day}`, { waitUntil: 'networkidle' });
    const appointment = page.locator(`tr[data-booking-id="${booking.id}"]`);
    expect(await appointment.innerText()).to.contain(reference);
    const attendance = await kit.openTaskAt(processInstanceKey, 'Task_AttendAppointment');
    await kit.reloadUntilVisible(
      page,
      appointment.getByRole('link', { name: t('tasks:frontOffice.openTask') }),
      'the attendance task link',
    );
    await kit.inspect(desk, 'front-office');
    await Promise.all([
      page.waitForURL(`${web.url}/staff/tasks/${attendance.jobKey}`),
      appointment.getByRole('button', { name: t('tasks:frontOffice.checkIn') }).click(),
    ]);
    expect((await web.caseFile.tasks.get(attendance.jobKey))?.assignee, 'the meeting is the desk worker’s').to.equal(
      desk.username,
    );
    await page.locator('#complete-form').waitFor();
    const form = page.locator('#complete-form');
    const label = (english: string) => formLabel('front-office-attendance', english);
    await form.getByLabel(label('Attended: issue the CPR number')).check();
    await form.getByLabel(label('Identity verified in person')).check();
    await form.getByLabel(label('Originals seen and match the file')).check();
    await kit.inspect(desk, 'attendance-task');
    await kit.completeTask(desk, /\/staff\//);

    // the number at once on the desk's list, with the registration confirmation to print
    await page.goto(`${web.url}/staff/front-office?date=${day}`, { waitUntil: 'networkidle' });
    await kit.reloadUntilVisible(page, appointment.locator('.cpr-number'), 'the CPR number');
    const issued = (await web.caseFile.authorities.cprNumberOf(applicationId, 'spec')) ?? '';
    expect(await appointment.locator('.cpr-number').innerText()).to.equal(formatCprNumber(issued));
    const pdfHref =
      (await appointment.getByRole('link', { name: t('tasks:frontOffice.confirmation') }).getAttribute('href')) ?? '';
    const pdf = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        start: (await response.text()).slice(0, 5),
      };
    }, pdfHref);
    expect(pdf).to.deep.equal({ status: 200, type: 'application/pdf', start: '%PDF-' });
    await kit.inspect(desk, 'front-office-cpr-number');
    return issued;
  }

  /** No mail to the citizen holds the number: neither whole nor its serial part after the date. */
  async function expectNoCprNumberInMail(applicationId: string, issued: string, language: Language) {
    const issuedMail = await kit.mailOf(applicationId, 'cpr-issued');
    expect(issuedMail.bodyText, 'the mail says where to get the number').to.contain(words[language].issuedMail);
    for (const mail of await web.caseFile.outbox.listForApplication(applicationId, 'spec')) {
      const text = `${mail.subject}\n${mail.bodyText}`;
      expect(text, `${mail.template}: no CPR number`).not.to.contain(issued);
      expect(text, `${mail.template}: no formatted CPR number`).not.to.contain(formatCprNumber(issued));
      expect(text, `${mail.template}: no CPR-shaped digits`).not.to.match(/\b\d{6}-?\d{4}\b/);
    }
  }

  /** From the invitation mail to the CPR number at the desk, which no mail to the citizen holds. */
  async function bookAttendAndIssue(
    citizen: Person,
    applied: { applicationId: string; processInstanceKey: string; reference: string },
    family: boolean,
  ) {
    const slot = await bookFromMail(citizen, applied.applicationId, family);
    const { language } = citizen;
    const issued = await attendAtDesk(
      language,
      applied.applicationId,
      applied.processInstanceKey,
      applied.reference,
      slot,
    );
    await expectNoCprNumberInMail(applied.applicationId, issued, language);
  }

  /** The team lead reads the case: its timeline, the audit log tab, the diagram; and the overview. */
  async function readCaseAsLead(language: Language, applicationId: string, expected: string[]) {
    const lead = await kit.staff(['team-lead'], language);
    const { page, t } = lead;
    await page.goto(`${web.url}/staff/cases/${applicationId}`, { waitUntil: 'networkidle' });
    const timeline = await page.locator('.case-timeline').innerText();
    for (const key of expected)
      expect(timeline, `the timeline has "${key}"`).to.contain(t(`cases:timeline.${key}`, { round: 1 }));
    expect(await page.locator('main').innerText(), 'no raw JSON on the case page').not.to.match(/[{]"/);
    await page.locator('#case-diagram svg[data-element-id]').waitFor();
    await kit.inspect(lead, 'case-timeline');
    await page.goto(`${web.url}/staff/cases/${applicationId}?view=audit`, { waitUntil: 'networkidle' });
    expect(await page.locator('main table').count(), 'the audit log as a table').to.be.greaterThan(0);
    await kit.inspect(lead, 'case-audit');
    await page.goto(`${web.url}/staff/overview`, { waitUntil: 'networkidle' });
    await kit.inspect(lead, 'overview');
  }

  for (const language of languages) {
    it(`an EU worker with a missing document: hearing, answer, round 2, booking, attendance, CPR at the desk (${language})`, async () => {
      const say = words[language];
      const citizen = await kit.citizen(language);
      const applicant: Applicant = {
        givenName: 'Lena',
        familyName: language === 'da' ? 'Vogel' : 'Hartmann',
        birthDate: '1992-09-14',
        sex: 'female',
        nationality: 'DE',
        passportNumber: passport(),
        purpose: 'work',
        email: `lena.${language}@example.org`,
        children: [],
        leaveOut: ['eu-residence-document'],
      };
      const applied = await applyInBrowser(citizen, applicant);
      expect(applied.documentsPage, 'the lead reads as a sentence').to.contain(say.euWorkerLead);
      expect(applied.kinds).to.include('eu-residence-document');

      // the review, by a caseworker who works in the other language: the line left out is rejected with a
      // standard reason (the automatic check's, chosen already), which the citizen reads in their own
      const back = await kit.staff(['back-office'], language === 'en' ? 'da' : 'en');
      const review = await kit.openTaskAt(applied.processInstanceKey, 'Task_ReviewApplication');
      const checklist = review.variables.checklist as ChecklistLine[];
      await openReviewFromList(
        back,
        review.jobKey,
        applied.reference,
        `${applicant.givenName} ${applicant.familyName}`,
      );
      await expectCaseFile(back, applicant, checklist, applied.kinds.length - applicant.leaveOut.length);
      await kit.inspect(back, 'review');
      await judgeChecklist(back, checklist, ['eu-residence-document']);
      const form = back.page.locator('#complete-form');
      const label = (english: string) => back.formLabel('back-office-review', english);
      // the fields a condition hides stay in the page, hidden: what the caseworker sees is what is shown
      const shown = form.locator('.task-field:not([hidden])');
      const notReceived = shown.getByLabel(label('Not received'), { exact: true });
      expect(await notReceived.count(), 'a reason to choose on the rejected line only').to.equal(1);
      expect(await notReceived.isChecked(), 'the automatic check’s finding is the reason chosen').to.equal(true);
      // "other" needs the caseworker's own words: without them the form does not go
      await shown.getByLabel(label('Other reason (write it below)'), { exact: true }).check();
      expect(await shown.getByLabel(label('The reason in your own words')).count(), 'the own words field').to.equal(1);
      await back.page.getByLabel(label('Documents missing: hearing')).check();
      await back.page.getByRole('button', { name: back.t('tasks:actions.complete'), exact: true }).click();
      // refused: the page again, the problem beside the field and in the summary, the answers kept
      const problems = back.page.locator('#task-problems');
      await problems.waitFor();
      expect(back.page.url()).to.equal(`${web.url}/staff/tasks/${review.jobKey}`);
      expect(
        (await web.caseFile.tasks.get(review.jobKey))?.status,
        'a rejection without a reason does not complete',
      ).to.equal('open');
      expect(await problems.getByRole('link').count(), 'the summary links to the field').to.equal(1);
      expect(await form.locator('.form-error .form-error-message').count()).to.equal(1);
      expect(await back.page.getByLabel(label('Documents missing: hearing')).isChecked(), 'answers kept').to.equal(
        true,
      );
      await kit.inspect(back, 'review-refused');
      await notReceived.check();
      expect(await shown.getByLabel(label('The reason in your own words')).count(), 'own words hidden').to.equal(0);
      await kit.completeTask(back, /\/staff\/tasks\/\d+$/);

      // the next step follows the person: the hearing request opens, the reviewer's
      const hearingTask = await kit.openTaskAt(applied.processInstanceKey, 'Task_PrepareHearingRequest');
      expect(back.page.url()).to.equal(`${web.url}/staff/tasks/${hearingTask.jobKey}`);
      expect((await web.caseFile.tasks.get(hearingTask.jobKey))?.assignee).to.equal(back.username);
      await back.page.locator('#complete-form').waitFor();
      const missingBox = back.page
        .locator('#complete-form')
        .getByLabel(documentLabel('eu-residence-document', back.language));
      expect(await missingBox.isChecked(), 'the rejected document is ticked').to.equal(true);
      for (const line of checklist.filter((l) => l.document !== 'eu-residence-document'))
        expect(
          await back.page.locator('#complete-form').getByLabel(documentLabel(line.document, back.language)).isChecked(),
          `${line.document} is not asked for`,
        ).to.equal(false);
      const message = back.page
        .locator('#complete-form')
        .getByLabel(
          back.formLabel(
            'hearing-request',
            language === 'da' ? 'Besked til borgeren (dansk)' : 'Message to the citizen (English)',
          ),
        );
      const prefilled = await message.inputValue();
      expect(prefilled, 'written for the citizen').to.contain(
        `${documentLabel('eu-residence-document', language)}: ${say.notReceived}`,
      );
      expect(prefilled, 'no internal checklist text').not.to.match(/Everyone:|: missing|uploadStatus/);
      await kit.inspect(back, 'hearing-request');
      await kit.completeTask(back, `${web.url}/staff/tasks`);

      // the hearing: the mail's last day is the page's; the page says why, in the citizen's language
      const hearingMail = await kit.mailOf(applied.applicationId, 'hearing-request');
      const answerBy = await storedLastDay('hearing_requests', applied.applicationId, language);
      expect(hearingMail.bodyText, 'the hearing mail’s last day').to.contain(answerBy);
      await citizen.page.goto(`${web.url}${kit.linkIn(hearingMail, 'hearing')}`);
      const hearingPage = await citizen.page.locator('main').innerText();
      expect(hearingPage, 'the hearing page’s last day').to.contain(answerBy);
      expect(hearingPage)
        .to.contain(documentLabel('eu-residence-document', language))
        .and.contain(`${say.why} ${say.notReceived}`);
      // the document asked for is never labelled optional (only the message to the caseworker is)
      expect(await citizen.page.locator('label[for="document-eu-residence-document"]').innerText()).to.equal(
        documentLabel('eu-residence-document', language),
      );
      await kit.inspect(citizen, 'hearing');
      await citizen.page
        .locator('#document-eu-residence-document')
        .setInputFiles({ name: 'residence.pdf', mimeType: 'application/pdf', buffer: files.pdf });
      await Promise.all([
        citizen.page.waitForURL(/\/hearing\/[A-Za-z0-9_-]+\/received$/),
        citizen.page.getByRole('button', { name: citizen.t('citizen:hearing.submit'), exact: true }).click(),
      ]);
      await kit.inspect(citizen, 'hearing-received');

      // round 2 remembers round 1: the untouched lines keep their verdict, the re-sent one says what it was
      const second = await kit.openTaskAt(applied.processInstanceKey, 'Task_ReviewApplication');
      await kit.openTaskPage(back, second.jobKey);
      const secondChecklist = second.variables.checklist as ChecklistLine[];
      const accepted = form.getByLabel(label('Accepted'), { exact: true });
      for (const [i, line] of secondChecklist.entries())
        expect(await accepted.nth(i).isChecked(), `${line.document} keeps its verdict`).to.equal(
          line.document !== 'eu-residence-document',
        );
      const earlier = form.locator('.task-field:not([hidden])').getByLabel(label('Last review'), { exact: true });
      expect(await earlier.count(), 'one document was sent again').to.equal(1);
      expect(await earlier.inputValue()).to.equal(
        `${words[back.language].rejected}: ${words[back.language].notReceived}`,
      );
      await kit.inspect(back, 'second-review');
      await judgeChecklist(back, secondChecklist, []);
      await back.page.getByLabel(label('Complete: invite to book')).check();
      await kit.completeTask(back, `${web.url}/staff/tasks`);

      // booking, check-in, the CPR number at the desk and in no mail
      await bookAttendAndIssue(citizen, applied, false);
      await readCaseAsLead(language, applied.applicationId, [
        'submitted',
        'checked',
        'hearing-sent',
        'hearing-answered',
        'booked',
        'checked-in',
        'cpr-issued',
      ]);
      expectCleanPages();
    });

    it(`a non-EU student family with two children: the family's checklist, accepted, booked, attended (${language})`, async () => {
      const citizen = await kit.citizen(language);
      const child = (givenName: string, birthDate: string, sex: 'female' | 'male'): PersonData => ({
        givenName,
        familyName: 'Raghunathan',
        birthDate,
        sex,
        nationality: 'IN',
        passportNumber: passport(),
      });
      const applicant: Applicant = {
        givenName: 'Arjun',
        familyName: 'Raghunathan',
        birthDate: '1995-03-02',
        sex: 'male',
        nationality: 'IN',
        passportNumber: passport(),
        purpose: 'study',
        email: `arjun.${language}@example.org`,
        spouse: { ...child('Meera', '1996-07-21', 'female') },
        children: [child('Kavi', '2019-06-30', 'male'), child('Anya', '2022-01-15', 'female')],
        leaveOut: [],
      };
      const applied = await applyInBrowser(citizen, applicant);
      for (const kind of ['passport', 'marriage-certificate', 'child-birth-certificates', 'admission-letter'])
        expect(applied.kinds, `the family's checklist asks for ${kind}`).to.include(kind);
      expect(
        applied.kinds.some((k) => k.endsWith('residence-permit')),
        'a residence permit',
      ).to.equal(true);

      const back = await kit.staff(['back-office'], language);
      const review = await kit.openTaskAt(applied.processInstanceKey, 'Task_ReviewApplication');
      await openReviewFromList(
        back,
        review.jobKey,
        applied.reference,
        `${applicant.givenName} ${applicant.familyName}`,
      );
      // the case file names the whole family
      const caseFile = await back.page.locator('main').innerText();
      for (const person of [applicant.spouse, ...applicant.children])
        expect(caseFile).to.contain(person?.givenName ?? '');
      await kit.inspect(back, 'family-review');
      await judgeChecklist(back, review.variables.checklist as ChecklistLine[], []);
      await back.page.getByLabel(back.formLabel('back-office-review', 'Complete: invite to book')).check();
      await kit.completeTask(back, `${web.url}/staff/tasks`);
      expect(
        await web.knex('hearing_requests').where({ application_id: applied.applicationId }).count('* as n'),
      ).to.deep.equal([{ n: '0' }]);

      await bookAttendAndIssue(citizen, applied, true);
      expectCleanPages();
    });

    it(`a withdrawal: one confirmation, the case closed, the review gone from the task list (${language})`, async () => {
      const citizen = await kit.citizen(language);
      const { page, t } = citizen;
      const applied = await applyInBrowser(citizen, {
        givenName: 'Marco',
        familyName: 'Bianchi',
        birthDate: '1988-11-05',
        sex: 'male',
        nationality: 'IT',
        passportNumber: passport(),
        purpose: 'work',
        email: `marco.${language}@example.org`,
        children: [],
        leaveOut: [],
      });
      const review = await kit.openTaskAt(applied.processInstanceKey, 'Task_ReviewApplication');
      const receipt = await kit.mailOf(applied.applicationId, 'application-received');
      await page.goto(`${web.url}${kit.linkIn(receipt, 'case')}`);
      await kit.inspect(citizen, 'case');
      await Promise.all([
        page.waitForURL(/\/case\/[A-Za-z0-9_-]+\/withdraw$/),
        page.getByRole('link', { name: t('citizen:case.withdraw.start') }).click(),
      ]);
      await kit.inspect(citizen, 'case-withdraw');
      await Promise.all([
        page.waitForURL(/\/case\/[A-Za-z0-9_-]+$/),
        page.getByRole('button', { name: t('citizen:case.withdraw.confirm'), exact: true }).click(),
      ]);
      // one confirmation: the case page in its withdrawn state, with nothing left to withdraw or book
      const after = await page.locator('main').innerText();
      expect(after).to.contain(words[language].withdrawn);
      expect(await page.getByRole('link', { name: t('citizen:case.withdraw.start') }).count()).to.equal(0);
      expect(await page.locator('.alert-success').count(), 'no second confirmation').to.equal(0);
      await kit.inspect(citizen, 'case-withdrawn');
      await eventually(async () => {
        expect((await web.caseFile.applications.get(applied.applicationId, 'spec')).status).to.equal(
          'closed-withdrawn',
        );
      }, stepMs);
      // the back office no longer sees the review
      const back = await kit.staff(['back-office'], language);
      await eventually(async () => {
        await back.page.goto(`${web.url}/staff/tasks`, { waitUntil: 'networkidle' });
        expect(
          await back.page.locator(`tr[data-job-key="${review.jobKey}"]`).count(),
          'the review after the withdrawal',
        ).to.equal(0);
      }, stepMs);
      await readCaseAsLead(language, applied.applicationId, ['submitted', 'withdrawn']);
      expectCleanPages();
    });
  }
});
