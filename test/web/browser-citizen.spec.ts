// The citizen's whole journey in a real browser (headless Chromium) on the engine in use: apply in four steps
// (typing, radio buttons, the child rows that appear after "yes", Enter to continue, check your answers, uploads) with one required document left out, the receipt; the back office's part
// through the SDK with the real workers (review finds the document missing, the hearing request is written,
// the second review completes); then the hearing link from the mail, the booking link, and My case. Every page
// the citizen sees, including the error summary and an eligibility refusal, passes axe-core's WCAG 2.1 A/AA
// rules with no console errors or CSP violations. Screenshots go to SCREENSHOT_DIR when it is set.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, localDate } from '../../cases/clock.js';
import { createLogger } from '../../lib/logger/index.js';
import { workerDefinitions } from '../../workers/index.js';
import { startWorkers, type RunningWorkers } from '../../workers/run-workers.js';
import { files } from '../cases/fixtures.js';
import {
  axeCheck,
  browserOrSkip,
  collectConsoleErrors,
  newContext,
  screenshot,
  type PageProblems,
} from '../support/browser.js';
import { eventually } from '../support/probe.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

const USER_TASK = 'io.camunda.zeebe:userTask';

describe('web: the citizen journey in the browser (apply, hearing, booking, my case)', function () {
  this.timeout(240_000);
  let web: TestWeb;
  let browser: Browser;
  let workers: RunningWorkers | undefined;
  let context: BrowserContext | undefined;

  before(async function () {
    this.timeout(180_000);
    browser = await browserOrSkip(this);
    web = await startTestWeb();
    workers = startWorkers(
      web.engine.zeebe,
      workerDefinitions,
      { caseFile: web.caseFile },
      createLogger({ level: 'silent' }),
    );
  });
  after(async () => {
    await workers?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A page in a new context (its own cookies) that records console errors and CSP violations. */
  async function newPage(): Promise<{ page: Page; problems: PageProblems }> {
    context = await newContext(browser);
    const page = await context.newPage();
    // a page that asks the engine (the checklist decision) may wait on a busy shared Zeebe
    page.setDefaultTimeout(60_000);
    return { page, problems: await collectConsoleErrors(page) };
  }

  /** What axe and the console found on each page, by page name: all asserted empty at the end of a test. */
  type Findings = Record<string, string[]>;

  /** Runs axe on the page as it is now, saves a screenshot and records what was found under `name`. */
  async function inspect(page: Page, problems: PageProblems, findings: Findings, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    const violations = await axeCheck(page);
    await screenshot(page, `citizen-${name}`);
    const found = [...violations.map((v) => `axe ${v.summary}`), ...problems.all.splice(0)];
    if (found.length > 0) findings[name] = found;
  }

  /**
   * A form sent back with its errors answers 400, and Chromium logs that for the document as a console error:
   * expected here, so it is taken off the list (and must be there, which shows the status).
   */
  function expectRefusedForm(problems: PageProblems, path: string): void {
    const line = `console: Failed to load resource: the server responded with a status of 400 (Bad Request) (${web.url}${path})`;
    const index = problems.all.indexOf(line);
    expect(index, `the 400 of ${path} among ${JSON.stringify(problems.all)}`).to.not.equal(-1);
    problems.all.splice(index, 1);
  }

  /** Clicks `button` and waits for the page it leads to. */
  async function submit(page: Page, button: string, url: RegExp): Promise<void> {
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
  }

  /** Answers step 1 (the move) by typing and choosing, as a person would. */
  async function answerMove(page: Page, stay: 'over-6-months' | 'up-to-3-months'): Promise<void> {
    await page.locator('#nationality').selectOption('IN');
    await page.locator('#purpose-work').check();
    await page.locator(`#stay-${stay}`).check();
    await page.locator('#hadCprNumber-no').check();
    await page.locator('#moveInDate').fill(addDays(localDate(new Date()), 10));
    await page.locator('#isMarried-no').check();
  }

  // ---- the synthetic caseworker, through the SDK (the task pages are another engineer's work) ----

  /** Completes this case's user task `elementId` with what `decide` makes of the job's variables. */
  async function caseworker(
    processInstanceKey: string,
    elementId: string,
    decide: (variables: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<void> {
    await eventually(async () => {
      const jobs = await web.engine.zeebe.activateJobs({
        type: USER_TASK,
        worker: 'browser-citizen-caseworker',
        maxJobsToActivate: 32,
        timeout: 1000,
        requestTimeout: 200,
      });
      const mine = jobs.find((j) => j.processInstanceKey === processInstanceKey && j.elementId === elementId);
      expect(mine, `${elementId} of ${processInstanceKey}`).to.not.equal(undefined);
      if (mine) await web.engine.zeebe.completeJob({ jobKey: mine.key, variables: decide(mine.variables) as never });
    }, 30_000);
  }

  /** The review form's checklist: `rejected` documents rejected with the automatic check's reason, the rest accepted. */
  const reviewed = (variables: Record<string, unknown>, rejected: string[]) =>
    (variables.checklist as { document: string; uploadStatus: string }[]).map((item) =>
      rejected.includes(item.document)
        ? { ...item, verdict: 'rejected', reason: item.uploadStatus }
        : { ...item, verdict: 'accepted' },
    );

  /** The private link's token in the newest mail of a template, once the outbox holds it. */
  async function linkFrom(applicationId: string, template: string, path: string): Promise<string> {
    return eventually(async () => {
      const mails = (await web.caseFile.outbox.listForApplication(applicationId, 'spec')).filter(
        (m) => m.template === template,
      );
      const token = new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(mails.at(-1)?.bodyText ?? '')?.[1];
      expect(token, `link in the ${template} mail`).to.be.a('string');
      return token ?? '';
    }, 30_000);
  }

  it('the first page and its error summary in Danish pass axe', async () => {
    const { page, problems } = await newPage();
    const findings: Findings = {};
    await page.goto(`${web.url}/apply?lang=da`);
    expect(await page.locator('h1').innerText()).to.equal('Om din flytning til Danmark');
    expect(await page.locator('html').getAttribute('lang')).to.equal('da');
    await inspect(page, problems, findings, 'da-apply-move');
    await submit(page, 'Fortsæt', /\/apply$/);
    expect(await page.getByRole('alert').innerText()).to.contain('Der er et problem');
    expectRefusedForm(problems, '/apply');
    await inspect(page, problems, findings, 'da-apply-move-errors');
    expect(findings, 'axe violations, console errors and CSP violations by page').to.deep.equal({});
  });

  it('the eligibility refusal page explains itself and passes axe', async () => {
    const { page, problems } = await newPage();
    const findings: Findings = {};
    await page.goto(`${web.url}/apply`);
    await answerMove(page, 'up-to-3-months');
    await submit(page, 'Continue', /\/apply\/not-eligible\?reason=short-stay$/);
    expect(await page.locator('h1').innerText()).to.equal('You do not need a CPR number');
    await inspect(page, problems, findings, 'apply-refused');
    expect(findings, 'axe violations, console errors and CSP violations by page').to.deep.equal({});
  });

  it('applies with a document missing, answers the hearing, books a time and reads the status, every page accessible', async () => {
    const { page, problems } = await newPage();
    const findings: Findings = {};

    // step 1: submitted empty once, then answered
    await page.goto(`${web.url}/apply`);
    expect(await page.locator('h1').innerText()).to.equal('About your move to Denmark');
    await inspect(page, problems, findings, 'apply-move');
    await submit(page, 'Continue', /\/apply$/);
    const summary = page.getByRole('alert');
    expect(await summary.innerText()).to.contain('There is a problem');
    expect(await summary.getByRole('link').count(), 'one link per field in the error summary').to.equal(6);
    expectRefusedForm(problems, '/apply');
    await inspect(page, problems, findings, 'apply-move-errors');
    await answerMove(page, 'over-6-months');
    await submit(page, 'Continue', /\/apply\/about-you$/);

    // step 2: the applicant and the address
    await inspect(page, problems, findings, 'apply-about');
    await page.locator('#applicant-givenName').fill('Priya');
    await page.locator('#applicant-familyName').fill('Natarajan');
    await page.locator('#applicant-birthDate').fill('1991-02-17');
    await page.locator('#applicant-sex-female').check();
    await page.locator('#applicant-passportNumber').fill(`B${Date.now()}`.slice(0, 12));
    await page.locator('#email').fill('priya@example.org');
    await page.locator('#street').fill('Gyldenløvesgade 11, 3. tv');
    await page.locator('#postcode').fill('1600');
    await page.locator('#city').fill('København V');
    // the child rows follow the question, and only after "yes"
    expect(await page.locator('#children-0-givenName').isVisible(), 'child rows before the answer').to.equal(false);
    await page.locator('#childrenComing-yes').check();
    expect(await page.locator('#children-0-givenName').isVisible(), 'child rows after yes').to.equal(true);
    await page.locator('#childrenComing-no').check();
    expect(await page.locator('#children-0-givenName').isVisible(), 'child rows after no').to.equal(false);
    // Enter in a text field continues (it does not add a child)
    await Promise.all([page.waitForURL(/\/apply\/check$/), page.locator('#city').press('Enter')]);

    // step 3: check your answers, then on to the documents
    await inspect(page, problems, findings, 'apply-check');
    const answers = await page.locator('main').innerText();
    expect(answers).to.contain('Priya Natarajan').and.contain('17 February 1991');
    await Promise.all([
      page.waitForURL(/\/apply\/documents$/),
      page.getByRole('link', { name: 'Continue to the documents' }).click(),
    ]);

    // step 4: the checklist, every upload but one
    await inspect(page, problems, findings, 'apply-documents');
    const fields = await page.locator('input[type=file]').evaluateAll((inputs) => inputs.map((input) => input.id));
    const kinds = fields.map((id) => id.replace(/^document-/, ''));
    expect(kinds[0]).to.equal('passport');
    expect(kinds.length, 'documents on the checklist').to.be.greaterThan(1);
    const missing = kinds.at(-1) ?? '';
    for (const kind of kinds.filter((k) => k !== missing)) {
      const upload =
        kind === 'passport'
          ? { name: 'passport.pdf', mimeType: 'application/pdf', buffer: files.pdf }
          : { name: `${kind}.png`, mimeType: 'image/png', buffer: files.png };
      await page.locator(`#document-${kind}`).setInputFiles(upload);
    }
    await submit(page, 'Send application', /\/apply\/received$/);

    // the receipt
    const receipt = await page.locator('main').innerText();
    const reference = /IH-\d{4}-\d{6}/.exec(receipt)?.[0] ?? '';
    expect(reference, 'the reference on the receipt').to.match(/^IH-/);
    expect(receipt).to.contain('priya@example.org');
    await inspect(page, problems, findings, 'apply-received');
    const row = (await web.knex('applications').where({ reference }).first()) as
      { id: string; process_instance_key: string | null } | undefined;
    if (!row) expect.fail(`no application ${reference}`);
    const applicationId = row.id;
    const processInstanceKey = row.process_instance_key ?? expect.fail('the process was not started');

    // the back office finds the document missing and writes the hearing request
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      expect(variables.missingDocuments).to.deep.equal([missing]);
      return {
        reviewOutcome: 'missing-documents',
        checklist: reviewed(variables, [missing]),
        missingDocuments: [missing],
      };
    });
    await caseworker(processInstanceKey, 'Task_PrepareHearingRequest', () => ({
      missingDocuments: [missing],
      hearingMessage: 'Please upload the document that was missing from your application.',
      hearingMessageDa: 'Upload venligst det dokument, der manglede i din ansøgning.',
    }));

    // the hearing, from the link in the mail
    const hearingToken = await linkFrom(applicationId, 'hearing-request', 'hearing');
    await page.goto(`${web.url}/hearing/${hearingToken}`);
    expect(await page.locator('main').innerText())
      .to.contain(reference)
      .and.contain('Please upload the document that was missing from your application.');
    await inspect(page, problems, findings, 'hearing');
    await page
      .locator(`#document-${missing}`)
      .setInputFiles({ name: `${missing}.pdf`, mimeType: 'application/pdf', buffer: files.pdf });
    await submit(page, 'Send', new RegExp(`/hearing/${hearingToken}/received$`));
    expect(await page.locator('h1').innerText()).to.equal('We have received your answer');
    expect(await page.locator('main').innerText()).to.contain(reference);
    await inspect(page, problems, findings, 'hearing-received');

    // the second review finds everything in order
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      expect(variables.missingDocuments).to.deep.equal([]);
      return { reviewOutcome: 'complete', checklist: reviewed(variables, []) };
    });

    // booking, from the link in the invitation
    const bookingToken = await linkFrom(applicationId, 'booking-invitation', 'booking');
    await page.goto(`${web.url}/booking/${bookingToken}`);
    expect(await page.locator('h1').innerText()).to.equal('Book a time at International House');
    await inspect(page, problems, findings, 'booking');
    const slot = page.locator('input[name=slotId]').first();
    const time = await page.locator(`label[for="${await slot.getAttribute('id')}"]`).innerText();
    await slot.check();
    await submit(page, 'Book this time', new RegExp(`/booking/${bookingToken}/confirmed$`));
    expect(await page.locator('h1').innerText()).to.equal('Your appointment is booked');
    const confirmation = await page.locator('main').innerText();
    expect(confirmation).to.contain(reference).and.contain(time).and.contain('What to bring');
    expect(confirmation).to.contain('The originals of the documents you uploaded.');
    await inspect(page, problems, findings, 'booking-confirmed');

    // My case, from the link in the receipt mail: the status in plain words
    const caseToken = await linkFrom(applicationId, 'application-received', 'case');
    await eventually(async () => {
      expect((await web.caseFile.applications.get(applicationId, 'spec')).status).to.equal('booked');
    }, 30_000);
    await page.goto(`${web.url}/case/${caseToken}`);
    const myCase = await page.locator('main').innerText();
    expect(myCase).to.contain(reference).and.contain('Appointment booked').and.contain(time);
    expect(myCase).to.contain('You have booked a time at International House Copenhagen.');
    await inspect(page, problems, findings, 'case');

    expect(findings, 'axe violations, console errors and CSP violations by page').to.deep.equal({});
  });
});
