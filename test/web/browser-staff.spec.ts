// The staff pages in a real browser (headless Chromium), on the real cpr-application model with the real workers
// and the user-task inbox, on the engine in use. One case from application to its CPR number: a back-office
// caseworker logs in through the login page, finds the review on the task list, reads the case file (documents
// previewed, checklist), completes the review with the form-js form (documents missing) and then the prefilled
// hearing request; the citizen answers the hearing mail and books from the invitation mail (through cases/, as
// bin/simulation/citizen.ts does); the back office finds the case complete; a front-office caseworker checks the
// applicant in on the appointment's day, completes the attendance task and sees the CPR number once issued.
// Every staff page on the way passes axe (WCAG 2.1 A/AA) with no console errors or CSP violations.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { localDate } from '../../cases/clock.js';
import { formatCprNumber } from '../../cases/cpr-number.js';
import type { OutboxMessage } from '../../cases/outbox.js';
import { documentLabel } from '../../cases/mail-templates.js';
import type { Tasks, UserTask } from '../../cases/tasks.js';
import { createLogger } from '../../lib/logger/index.js';
import { startCaseProcess } from '../../web/citizen/process.js';
import { workerDefinitions } from '../../workers/index.js';
import { startWorkers, type RunningWorkers } from '../../workers/run-workers.js';
import { startUserTaskInbox, type UserTaskInbox } from '../../workers/user-task-inbox.js';
import { files, newApplication } from '../cases/fixtures.js';
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

/** How long a step of the process may take to reach the next user task or mail. */
const stepMs = 45_000;

describe('web: staff pages in the browser (real workers and inbox)', function () {
  this.timeout(240_000);
  let web: TestWeb;
  let browser: Browser;
  let tasks: Tasks;
  let workers: RunningWorkers | undefined;
  let inbox: UserTaskInbox | undefined;
  const contexts: BrowserContext[] = [];
  const instances: string[] = [];

  before(async function () {
    this.timeout(180_000);
    browser = await browserOrSkip(this);
    web = await startTestWeb();
    const log = createLogger({ level: 'silent' });
    tasks = web.caseFile.tasks;
    workers = startWorkers(web.engine.zeebe, workerDefinitions, { caseFile: web.caseFile }, log);
    // a short job timeout: a task this spec leaves behind goes back to the engine soon
    inbox = startUserTaskInbox(web.engine.zeebe, { tasks, log }, { timeoutMs: 120_000, requestTimeoutMs: 500 });
  });

  after(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    await inbox?.close();
    await workers?.close();
    for (const key of instances) await web.engine.zeebe.cancelProcessInstance(key).catch(() => undefined);
  });

  // ---- the case, the mails and the tasks ----

  /** An EU worker who uploads the passport and the proof of address but not the EU residence document. */
  async function applyWithADocumentMissing() {
    // moved in today: the appointment, which is today too, may not come before the move-in date
    const base = newApplication({}, localDate(new Date()));
    const { applicationId, reference } = await web.caseFile.applications.create(
      {
        ...base,
        applicant: { ...base.applicant, nationality: 'DE' },
        family: [],
        profile: { ...base.profile, purpose: 'work', citizenshipGroup: 'eu', isMarried: false },
      },
      'citizen',
    );
    for (const [kind, content] of [
      ['passport', files.pdf],
      ['proof-of-address', files.png],
    ] as const)
      await web.caseFile.documents.upload(
        {
          applicationId,
          kind,
          filename: `${kind}.${kind === 'passport' ? 'pdf' : 'png'}`,
          content,
          uploadedBy: 'citizen',
        },
        'citizen',
      );
    const processInstanceKey = await startCaseProcess(web.engine.zeebe, web.caseFile, applicationId);
    instances.push(processInstanceKey);
    return { applicationId, reference, processInstanceKey };
  }

  /** The open user task of an instance at an element, once the inbox has stored it. */
  const openTaskAt = (processInstanceKey: string, elementId: string): Promise<UserTask> =>
    eventually(async () => {
      const row = (await web
        .knex('user_tasks')
        .where({ process_instance_key: processInstanceKey, element_id: elementId, status: 'open' })
        .first()) as { job_key: string } | undefined;
      expect(row, `an open ${elementId}`).to.not.equal(undefined);
      const task = await tasks.get(row?.job_key ?? '');
      if (!task) throw new Error('task vanished');
      return task;
    }, stepMs);

  /** The newest mail of a template to the citizen, once the outbox holds it. */
  const mailOf = (applicationId: string, template: string): Promise<OutboxMessage> =>
    eventually(async () => {
      const mails = await web.caseFile.outbox.listForApplication(applicationId, 'spec');
      const mail = mails.filter((m) => m.template === template).at(-1);
      expect(mail, `a ${template} mail`).to.not.equal(undefined);
      if (!mail) throw new Error('no mail');
      return mail;
    }, stepMs);

  const linkToken = (mail: OutboxMessage, path: string) => {
    const token = new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(mail.bodyText)?.[1];
    expect(token, `the ${path} link in the ${mail.template} mail`).to.be.a('string');
    return token ?? '';
  };

  // ---- the browser ----

  /** Logs a new account with `roles` in through the login page, in a context of its own. */
  async function loginAs(roles: Parameters<TestWeb['staff']>[0]): Promise<{ page: Page; problems: PageProblems }> {
    const { username, password } = await web.staff(roles);
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    const problems = await collectConsoleErrors(page);
    await page.goto(`${web.url}/staff/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    expect(response.status(), 'the login post').to.equal(303);
    expect(response.headers().location).to.equal('/staff');
    // opened again by its address: the redirect can overtake the session's save (reported), and land on the login
    await page.goto(`${web.url}/staff`, { waitUntil: 'networkidle' });
    expect(page.url()).to.equal(`${web.url}/staff`);
    return { page, problems };
  }

  /** axe's violations (WCAG 2.1 A/AA) on the page as it is now, one line each. */
  const violationsOn = async (page: Page): Promise<string[]> => (await axeCheck(page)).map((v) => v.summary);

  /** Reloads `page` until `locator` shows, for what a worker or the inbox does in the background. */
  async function reloadUntilVisible(page: Page, locator: Locator, what: string): Promise<void> {
    await eventually(async () => {
      await page.reload({ waitUntil: 'networkidle' });
      expect(await locator.count(), what).to.be.greaterThan(0);
    }, stepMs);
  }

  /** Opens a task page and waits for form-js to render the form. */
  async function openTaskPage(page: Page, jobKey: string): Promise<void> {
    await page.goto(`${web.url}/staff/tasks/${jobKey}`, { waitUntil: 'networkidle' });
    await page.locator('#task-form .fjs-form').waitFor();
  }

  /**
   * Completes the open task on the page: the browser lands on the task list and the task is completed. The
   * "completed" message is not asserted: express-session sends a redirect's headers before it has saved the
   * session, so the next page sometimes misses a message set before the redirect (reported as a bug).
   */
  async function completeTask(page: Page, jobKey: string, next: string | RegExp = `${web.url}/staff/tasks`) {
    await Promise.all([page.waitForURL(next), page.getByRole('button', { name: 'Complete task' }).click()]);
    expect((await tasks.get(jobKey))?.status, 'the task after completing it').to.equal('completed');
  }

  /**
   * Gives every checklist item of the review form its verdict: rejected for the `rejected` documents. form-js
   * renders a list without add and remove as the items' fields one after the other, so the n-th "Document" field
   * and the n-th "Accepted" and "Rejected" radios are the n-th item's.
   */
  async function judgeChecklist(page: Page, checklist: { basis: string; document: string }[], rejected: string[]) {
    const form = page.locator('#task-form');
    const documents = form.getByLabel('Document', { exact: true });
    const bases = form.getByLabel('Required because', { exact: true });
    expect(await documents.count(), 'checklist items in the form').to.equal(checklist.length);
    for (const [i, item] of checklist.entries()) {
      // the document by its title, not its code, and why the decision asks for it
      expect(await documents.nth(i).inputValue()).to.equal(documentLabel(item.document, 'en'));
      expect(await bases.nth(i).inputValue()).to.equal(item.basis);
      const verdict = rejected.includes(item.document) ? 'Rejected' : 'Accepted';
      await form.getByLabel(verdict, { exact: true }).nth(i).check();
    }
  }

  it('works a case with a document missing from the review through the hearing to the CPR number at the desk', async () => {
    const { applicationId, reference, processInstanceKey } = await applyWithADocumentMissing();

    // ---- the back office: the task list, the task page, the review with a document missing ----
    const review = await openTaskAt(processInstanceKey, 'Task_ReviewApplication');
    const checklist = review.variables.checklist as { basis: string; document: string; uploadStatus: string }[];
    const missing = checklist.filter((item) => item.uploadStatus !== 'present').map((item) => item.document);
    expect(missing, 'the documents the automatic check misses').to.deep.equal(['eu-residence-document']);

    const { page: back, problems: backProblems } = await loginAs(['back-office']);
    await back.goto(`${web.url}/staff/tasks?tab=unassigned`, { waitUntil: 'networkidle' });
    const row = back.locator(`tr[data-job-key="${review.jobKey}"]`);
    expect(await row.innerText())
      .to.contain('Review application')
      .and.contain(reference);
    expect(await violationsOn(back), 'axe on the task list').to.deep.equal([]);
    await screenshot(back, 'staff-task-list');

    await Promise.all([
      back.waitForURL(`${web.url}/staff/tasks/${review.jobKey}`),
      row.getByRole('link', { name: 'Review application' }).click(),
    ]);
    await back.locator('#task-form .fjs-form').waitFor();
    const caseFile = back.getByRole('region', { name: 'Case file' });
    expect(await caseFile.innerText())
      .to.contain('Raghunathan')
      .and.contain(reference);
    // the checklist table: one row per required document, with the automatic check's finding
    const checklistTable = caseFile.locator('table').first();
    for (const item of checklist)
      expect(await checklistTable.innerText()).to.contain(documentLabel(item.document, 'en'));
    expect(await checklistTable.innerText()).to.contain('Missing');
    // the documents, each previewed from the staff document route when opened
    const documents = caseFile.locator('.document-list > li');
    expect(await documents.count()).to.equal(2);
    for (let i = 0; i < 2; i += 1) await documents.nth(i).locator('summary').click();
    expect(await caseFile.locator('iframe.document-preview').getAttribute('src'), 'the passport preview').to.match(
      /^\/staff\/documents\/[0-9a-f-]{36}$/,
    );
    const image = caseFile.locator('img.document-preview');
    expect(await image.getAttribute('alt')).to.equal(documentLabel('proof-of-address', 'en'));
    const imageStatus = await back.evaluate(
      async (src) => (await fetch(src)).status,
      (await image.getAttribute('src')) ?? '',
    );
    expect(imageStatus, 'the image preview loads').to.equal(200);
    expect(await violationsOn(back), 'axe on the task page (form-js and case file)').to.deep.equal([]);
    await screenshot(back, 'staff-task-page');

    await judgeChecklist(back, checklist, missing);
    // a rejected document shows the reason field, and the form does not go without a reason
    const reason = back.locator('#task-form').getByLabel('Reason for rejecting');
    expect(await reason.count()).to.equal(1);
    await back.getByLabel('Documents missing: hearing').check();
    await back.locator('#task-form').getByLabel('Note for the case file').fill('EU residence document not uploaded.');
    await back.getByRole('button', { name: 'Complete task' }).click();
    await back.locator('#task-form .fjs-form-field-error').first().waitFor();
    expect(back.url(), 'still on the review').to.equal(`${web.url}/staff/tasks/${review.jobKey}`);
    expect((await tasks.get(review.jobKey))?.status, 'the review without a reason').to.equal('open');
    await reason.fill('It was not among your uploads.');
    // form-js takes the value and drops its error before the form may go
    await back.locator('#task-form .fjs-form-field-error').first().waitFor({ state: 'detached' });
    await completeTask(back, review.jobKey, /\/staff\/tasks\/\d+$/);

    // ---- the hearing request opens prefilled with the missing document and a message ----
    // the next step follows the person: completing the review opened the hearing request, the reviewer's
    const hearingTask = await openTaskAt(processInstanceKey, 'Task_PrepareHearingRequest');
    expect(back.url(), 'the review opens the hearing request').to.equal(`${web.url}/staff/tasks/${hearingTask.jobKey}`);
    expect((await tasks.get(hearingTask.jobKey))?.assignee, 'the hearing request is the reviewer’s').to.equal(
      (await tasks.get(review.jobKey))?.completedBy,
    );
    await back.locator('#task-form .fjs-form').waitFor();
    const form = back.locator('#task-form');
    const residence = checklist.find((item) => item.document === 'eu-residence-document')?.basis ?? '';
    expect(
      await form.getByLabel(documentLabel('eu-residence-document', 'en')).isChecked(),
      'the missing document is ticked',
    ).to.equal(true);
    for (const item of checklist.filter((i) => i.document !== 'eu-residence-document'))
      expect(
        await form.getByLabel(documentLabel(item.document, 'en')).isChecked(),
        `${item.document} is not asked for`,
      ).to.equal(false);
    const message = form.getByLabel('Message to the citizen (English)');
    // written for the citizen: the document by its name, not the checklist's basis
    const prefilled = await message.inputValue();
    expect(prefilled).to.contain('Please send us these documents').and.contain('EU residence document');
    expect(prefilled).not.to.contain(residence);
    await form.getByLabel('Besked til borgeren (dansk)').fill('Upload venligst dit EU-opholdsdokument.');
    expect(await violationsOn(back), 'axe on the hearing request').to.deep.equal([]);
    await completeTask(back, hearingTask.jobKey);

    const hearingMail = await mailOf(applicationId, 'hearing-request');
    expect(hearingMail.bodyText).to.contain('Please send us these documents');

    // ---- the citizen answers the hearing through its link (cases/, as the simulation's citizen does) ----
    const hearing = await web.caseFile.hearings.findByToken(linkToken(hearingMail, 'hearing'));
    expect(hearing.missingDocuments).to.deep.equal(['eu-residence-document']);
    await web.caseFile.hearings.answer(linkToken(hearingMail, 'hearing'), [
      { kind: 'eu-residence-document', filename: 'residence.pdf', content: files.pdf },
    ]);
    await web.engine.zeebe.publishMessage({
      name: 'documents-submitted',
      correlationKey: `${applicationId}/hearing-${hearing.round}`,
      variables: {},
      timeToLive: 600_000,
    });

    // ---- the back office finds the case complete ----
    const second = await openTaskAt(processInstanceKey, 'Task_ReviewApplication');
    const secondChecklist = second.variables.checklist as { basis: string; document: string; uploadStatus: string }[];
    expect(secondChecklist.map((item) => item.uploadStatus)).to.deep.equal(secondChecklist.map(() => 'present'));
    await openTaskPage(back, second.jobKey);
    // round 2 remembers round 1: untouched documents keep their verdict, the re-sent one shows the old verdict
    const secondForm = back.locator('#task-form');
    const accepted = secondForm.getByLabel('Accepted', { exact: true });
    for (const [i, item] of secondChecklist.entries())
      expect(await accepted.nth(i).isChecked(), `${item.document} keeps its verdict`).to.equal(
        item.document !== 'eu-residence-document',
      );
    const earlier = secondForm.getByLabel('Last review', { exact: true });
    expect(await earlier.count(), 'one document was sent again').to.equal(1);
    expect(await earlier.inputValue()).to.equal('Rejected: It was not among your uploads.');
    expect(await violationsOn(back), 'axe on the second review').to.deep.equal([]);
    await screenshot(back, 'staff-second-review');
    await judgeChecklist(back, secondChecklist, []);
    await back.getByLabel('Complete: invite to book').check();
    await completeTask(back, second.jobKey);
    expect(backProblems.all, 'console errors and CSP violations in the back office').to.deep.equal([]);

    // ---- the citizen books a time of its own from the invitation link ----
    const invitation = await mailOf(applicationId, 'booking-invitation');
    const startsAt = new Date(Date.now() + 2 * 3_600_000);
    const slotId = randomUUID();
    await web.knex('appointment_slots').insert({
      id: slotId,
      desk: `desk-${slotId.slice(0, 8)}`,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 15 * 60_000),
      capacity: 1,
      kind: 'regular',
    });
    const booking = await web.caseFile.appointments.book(linkToken(invitation, 'booking'), slotId);
    // the day of the appointment has come: the desk may check in only then, while the office is open
    const startsNow = new Date(Date.now() - 60_000);
    await web
      .knex('appointment_slots')
      .where({ id: slotId })
      .update({ starts_at: startsNow, ends_at: new Date(startsNow.getTime() + 15 * 60_000) });
    await web.engine.zeebe.publishMessage({
      name: 'appointment-booked',
      correlationKey: applicationId,
      variables: {},
      timeToLive: 600_000,
    });

    // ---- the front office: the appointment's day, check-in, the attendance task, the CPR number ----
    const { page: desk, problems: deskProblems } = await loginAs(['front-office']);
    // the appointment may fall on tomorrow (Copenhagen); the page shows the day its ?date= names
    const day = localDate(startsNow);
    await desk.goto(`${web.url}/staff/front-office?date=${day}`, { waitUntil: 'networkidle' });
    const appointment = desk.locator(`tr[data-booking-id="${booking.id}"]`);
    expect(await appointment.innerText()).to.contain(reference);
    const attendance = await openTaskAt(processInstanceKey, 'Task_AttendAppointment');
    await reloadUntilVisible(
      desk,
      appointment.getByRole('link', { name: 'Open the attendance task' }),
      'the attendance task link',
    );
    expect(await appointment.getByRole('link', { name: 'Open the attendance task' }).getAttribute('href')).to.equal(
      `/staff/tasks/${attendance.jobKey}`,
    );
    expect(await violationsOn(desk), 'axe on the front office').to.deep.equal([]);
    // checking in hands the meeting to the one who checked in: the attendance task opens, theirs
    await Promise.all([
      desk.waitForURL(`${web.url}/staff/tasks/${attendance.jobKey}`),
      appointment.getByRole('button', { name: 'Check in' }).click(),
    ]);
    expect((await web.caseFile.tasks.get(attendance.jobKey))?.assignee).to.match(/^staff-/);
    await desk.locator('#task-form .fjs-form').waitFor();
    const attend = desk.locator('#task-form');
    await attend.getByLabel('Attended: issue the CPR number').check();
    await attend.getByLabel('Identity verified in person').check();
    await attend.getByLabel('Originals seen and match the file').check();
    expect(await violationsOn(desk), 'axe on the attendance task').to.deep.equal([]);
    await completeTask(desk, attendance.jobKey);

    await desk.goto(`${web.url}/staff/front-office?date=${day}`, { waitUntil: 'networkidle' });
    expect(await appointment.locator('.checked-in').count(), 'checked in').to.equal(1);
    await reloadUntilVisible(desk, appointment.locator('.cpr-number'), 'the CPR number');
    const issued = await web.caseFile.authorities.cprNumberOf(applicationId, 'spec');
    expect(await appointment.locator('.cpr-number').innerText()).to.equal(formatCprNumber(issued ?? ''));
    expect(await violationsOn(desk), 'axe on the front office with the CPR number').to.deep.equal([]);
    await screenshot(desk, 'staff-front-office-cpr-number');
    expect(deskProblems.all, 'console errors and CSP violations at the front office').to.deep.equal([]);
  });
});
