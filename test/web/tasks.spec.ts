// The task list and the task page through HTTP, on the real cpr-application model and the engine in use: the
// inbox turns the review's user task into one task with its form key, groups and case; each role sees its
// groups; claims, assignments (team leads only) and the document preview are checked on the server; the task
// page shows the form and the case file; completing moves the process on to the hearing request, which opens
// with the missing documents; a task the engine ended is cancelled here too.
import { expect } from 'chai';
import type { Tasks, UserTask } from '../../cases/tasks.js';
import { createLogger } from '../../lib/logger/index.js';
import automaticChecklist from '../../workers/automatic-checklist.js';
import type { JobPort } from '../../workers/define-worker.js';
import { startUserTaskInbox, type UserTaskInbox } from '../../workers/user-task-inbox.js';
import { files, newApplication } from '../cases/fixtures.js';
import { eventually } from '../support/probe.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

describe('web: task list and task page', function () {
  this.timeout(90_000);
  let web: TestWeb;
  let tasks: Tasks;
  let inbox: UserTaskInbox;
  const instances: string[] = [];
  const log = createLogger({ level: 'silent' });

  before(async function () {
    this.timeout(180_000);
    web = await startTestWeb();
    tasks = web.caseFile.tasks;
    inbox = startUserTaskInbox(web.engine.zeebe, { tasks, log }, { timeoutMs: 120_000, requestTimeoutMs: 500 });
  });
  after(async () => {
    await inbox.close();
    for (const key of instances) await web.engine.zeebe.cancelProcessInstance(key).catch(() => undefined);
  });

  /** Runs the real automatic checklist on this spec's case file for one instance's job. */
  async function runChecklist(processInstanceKey: string): Promise<void> {
    await eventually(async () => {
      const jobs = await web.engine.zeebe.activateJobs({
        type: 'automatic-checklist',
        worker: 'spec',
        maxJobsToActivate: 32,
        timeout: 2000,
        requestTimeout: 200,
      });
      const mine = jobs.find((j) => j.processInstanceKey === processInstanceKey);
      expect(mine, 'the automatic checklist job').to.not.equal(undefined);
      if (!mine) return;
      const port: JobPort = {
        key: mine.key,
        processInstanceKey: mine.processInstanceKey,
        elementId: mine.elementId,
        retries: mine.retries,
        variables: mine.variables,
        complete: (variables) => web.engine.zeebe.completeJob({ jobKey: mine.key, variables: variables as never }),
        fail: (errorMessage, retries) =>
          web.engine.zeebe.failJob({ jobKey: mine.key, errorMessage, retries, retryBackOff: 0 }),
        throwError: (errorCode, errorMessage) =>
          web.engine.zeebe.throwError({ jobKey: mine.key, errorCode, errorMessage }),
      };
      await automaticChecklist.run(port, { caseFile: web.caseFile }, log);
    }, 30_000);
  }

  /** The open task of an instance at an element, once the inbox has stored it. */
  const taskAt = (processInstanceKey: string, elementId: string) =>
    eventually(async () => {
      const rows = (await web.knex('user_tasks').where({
        process_instance_key: processInstanceKey,
        element_id: elementId,
      })) as unknown[];
      expect(rows, `${elementId} in user_tasks`).to.have.length(1);
      const task = (await tasks.byApplication(String((rows[0] as { application_id: string }).application_id))).find(
        (t) => t.elementId === elementId,
      );
      if (!task) throw new Error('task not linked to the case');
      return task;
    }, 30_000);

  /** Applies (passport uploaded, the rest missing), starts the process, runs the checklist: the review waits. */
  async function applyToReview() {
    const { applicationId, reference } = await web.caseFile.applications.create(newApplication());
    const document = await web.caseFile.documents.upload(
      { applicationId, kind: 'passport', filename: 'passport.pdf', content: files.pdf, uploadedBy: 'citizen' },
      'citizen',
    );
    const variables = await web.caseFile.applications.profileVariables(applicationId, 'citizen');
    const { processInstanceKey } = await web.engine.zeebe.createProcessInstance({
      bpmnProcessId: 'cpr-application',
      variables: { ...variables } as never,
    });
    instances.push(processInstanceKey);
    await web.caseFile.applications.attachProcessInstance(applicationId, processInstanceKey, 'citizen');
    await runChecklist(processInstanceKey);
    const task = await taskAt(processInstanceKey, 'Task_ReviewApplication');
    return { applicationId, reference, processInstanceKey, task, documentId: document.id };
  }

  /** A logged-in agent and its username. */
  async function login(roles: Parameters<TestWeb['staff']>[0]) {
    const { username, password } = await web.staff(roles);
    const agent = web.agent();
    const page = await agent.get('/staff/login');
    await agent
      .post('/staff/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username, password })
      .expect(303);
    return { agent, username };
  }

  let review: Awaited<ReturnType<typeof applyToReview>>;
  before(async function () {
    this.timeout(120_000);
    review = await applyToReview();
  });

  it('the inbox stores the review once, with its form key, candidate group and case', async () => {
    const { task } = review;
    expect(task.candidateGroups).to.deep.equal(['back-office']);
    expect(task.applicationId).to.equal(review.applicationId);
    const form = await web.caseFile.deployedResources.formByKey(task.formKey ?? '');
    expect(form?.formId).to.equal('back-office-review');
    expect(task.variables.checklist).to.be.an('array').that.is.not.empty;
    // the inbox keeps polling; the job is still one task
    await new Promise((r) => setTimeout(r, 700));
    expect(await web.knex('user_tasks').where({ process_instance_key: review.processInstanceKey })).to.have.length(1);
  });

  it("lists the task for the back office's groups with filters, and not for the front office", async () => {
    const back = await web.staffAgent(['back-office']);
    const page = (await back.get('/staff/tasks?tab=unassigned').expect(200)).text;
    expect(page).to.contain(review.reference).and.contain(`/staff/tasks/${review.task.jobKey}`);
    expect((await back.get('/staff/tasks?tab=unassigned&purpose=study').expect(200)).text).to.not.contain(
      review.reference,
    );
    expect((await back.get('/staff/tasks?tab=unassigned&municipality=999').expect(200)).text).to.not.contain(
      review.reference,
    );
    expect((await back.get('/staff/tasks?tab=unassigned&overdue=1').expect(200)).text).to.not.contain(review.reference);
    expect((await back.get('/staff/tasks?tab=mine').expect(200)).text).to.not.contain(review.reference);
    const front = await web.staffAgent(['front-office']);
    expect((await front.get('/staff/tasks?tab=all').expect(200)).text).to.not.contain(review.reference);
    await front.get(`/staff/tasks/${review.task.jobKey}`).expect(403);
    await web.agent().get('/staff/tasks').expect(303);
  });

  it('claims, refuses a second claim, and lets only a team lead assign', async () => {
    const { agent: bo, username: boName } = await login(['back-office']);
    const list = await bo.get('/staff/tasks?tab=unassigned').expect(200);
    await bo
      .post(`/staff/tasks/${review.task.jobKey}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(list.text), returnTo: '/staff/tasks?tab=mine' })
      .expect(303)
      .expect('location', '/staff/tasks?tab=mine');
    expect((await tasks.get(review.task.jobKey))?.assignee).to.equal(boName);
    expect((await bo.get('/staff/tasks?tab=mine').expect(200)).text).to.contain(review.reference);

    const other = await web.staffAgent(['back-office']);
    const token = csrfOf((await other.get('/staff/tasks').expect(200)).text);
    await other.post(`/staff/tasks/${review.task.jobKey}/claim`).type('form').send({ _csrf: token }).expect(409);
    await other
      .post(`/staff/tasks/${review.task.jobKey}/assign`)
      .type('form')
      .send({ _csrf: token, assignee: boName })
      .expect(403);

    const lead = await web.staffAgent(['team-lead']);
    const leadPage = (await lead.get('/staff/tasks?tab=all').expect(200)).text;
    expect(leadPage).to.contain(review.reference).and.contain('name="assignee"');
    const { username: second } = await web.staff(['back-office']);
    await lead
      .post(`/staff/tasks/${review.task.jobKey}/assign`)
      .type('form')
      .send({ _csrf: csrfOf(leadPage), assignee: second })
      .expect(303);
    expect((await tasks.get(review.task.jobKey))?.assignee).to.equal(second);
    await lead
      .post(`/staff/tasks/${review.task.jobKey}/assign`)
      .type('form')
      .send({ _csrf: csrfOf(leadPage), assignee: boName })
      .expect(303);
  });

  it('shows the form and the case file (applicant, documents, checklist, history), audited', async () => {
    const lead = await web.staffAgent(['team-lead']);
    const page = (await lead.get(`/staff/tasks/${review.task.jobKey}`).expect(200)).text;
    // the form in the design system's own fields, posted as they are
    expect(page).to.contain('id="complete-form"').and.contain('name="_taskForm" value="back-office-review"');
    expect(page).to.contain('name="checklist[0][verdict]"').and.not.contain('data-schema=');
    expect(page)
      .to.contain('/assets/task-form.js')
      .and.not.match(/<script(?![^>]*src=)[^>]*>/);
    expect(page).to.contain('Raghunathan').and.contain(`/staff/documents/${review.documentId}`);
    // the history in words (the readable timeline), not the audit log's action names
    expect(page).to.contain('Application submitted').and.not.contain('application-created');
    const audit = await web.caseFile.audit.listForApplication(review.applicationId);
    expect(audit.some((e) => e.action === 'application-read' && e.actor.startsWith('staff:staff-'))).to.equal(true);
  });

  it("shows the latest hearing with the citizen's reply beside the form, escaped", async () => {
    const again = await applyToReview();
    const opened = await web.caseFile.hearings.open(
      again.applicationId,
      {
        idempotencyKey: `hearing-${again.task.jobKey}`,
        missingDocuments: ['proof-of-address'],
        message: 'Lease',
        messageDa: 'Lejekontrakt',
      },
      'worker:request-documents',
    );
    await web.caseFile.hearings.answer(opened.token ?? '', [], { reply: '<b>The lease</b> comes next week' });
    const lead = await web.staffAgent(['team-lead']);
    const page = (await lead.get(`/staff/tasks/${again.task.jobKey}`).expect(200)).text;
    expect(page)
      .to.contain('Hearing, round 1')
      .and.contain('Lease or landlord declaration (at least one month)')
      .and.match(/Answered \d+ \w+ 2026/);
    expect(page).to.contain('&lt;b&gt;The lease&lt;/b&gt; comes next week').and.not.contain('<b>The lease</b>');
  });

  it('previews a document inline to staff who work cases, audited, and to no one else', async () => {
    const back = await web.staffAgent(['back-office']);
    const response = await back.get(`/staff/documents/${review.documentId}`).expect(200);
    expect(response.headers['content-type']).to.equal('application/pdf');
    expect(response.headers['content-disposition']).to.match(/^inline; filename="passport-v1\.pdf"$/);
    expect(response.headers['cache-control']).to.contain('no-store');
    const designer = await web.staffAgent(['process-designer']);
    await designer.get(`/staff/documents/${review.documentId}`).expect(403);
    await web.agent().get(`/staff/documents/${review.documentId}`).expect(303);
    await back.get('/staff/documents/00000000-0000-4000-8000-000000000000').expect(404);
    const audit = await web.caseFile.audit.listForApplication(review.applicationId);
    expect(audit.filter((e) => e.action === 'document-content-read')).to.have.length(1);
  });

  it('completes the review: refuses bad data, then moves the process to a prefilled hearing request', async () => {
    const { agent: lead, username } = await login(['team-lead', 'back-office']);
    const page = (await lead.get(`/staff/tasks/${review.task.jobKey}`).expect(200)).text;
    const csrf = csrfOf(page);
    // claimed by someone else: the lead takes it over before completing
    await lead
      .post(`/staff/tasks/${review.task.jobKey}/complete`)
      .set('x-csrf-token', csrf)
      .set('accept', 'application/json')
      .send({
        variables: {
          reviewOutcome: 'reject',
          checklist: (review.task.variables.checklist as unknown[]).map(() => ({ verdict: 'accepted' })),
        },
      })
      .expect(409);
    expect((await tasks.get(review.task.jobKey))?.status).to.equal('open');
    await lead
      .post(`/staff/tasks/${review.task.jobKey}/assign`)
      .type('form')
      .send({ _csrf: csrf, assignee: username })
      .expect(303);
    expect((await lead.get(`/staff/tasks/${review.task.jobKey}`).expect(200)).text).to.contain('id="complete-form"');
    const items = review.task.variables.checklist as { document: string }[];
    const bad = await lead
      .post(`/staff/tasks/${review.task.jobKey}/complete`)
      .set('x-csrf-token', csrf)
      .set('accept', 'application/json')
      .send({ variables: { reviewOutcome: 'perhaps', checklist: items.map(() => ({ verdict: 'accepted' })) } })
      .expect(400);
    expect(bad.headers['content-type']).to.contain('application/problem+json');
    // a form post with problems comes back to the page, which lists them
    await lead
      .post(`/staff/tasks/${review.task.jobKey}/complete`)
      .type('form')
      .send({ _csrf: csrf, variables: JSON.stringify({ checklist: [] }) })
      .expect(303)
      .expect('location', `/staff/tasks/${review.task.jobKey}`);
    expect((await lead.get(`/staff/tasks/${review.task.jobKey}`).expect(200)).text).to.contain('task-problems');

    const missing = items.filter((i) => i.document !== 'passport').map((i) => i.document);
    const checklist = items.map((i) =>
      i.document === 'passport' ? { verdict: 'accepted' } : { verdict: 'rejected', reason: 'Not uploaded' },
    );
    const done = await lead
      .post(`/staff/tasks/${review.task.jobKey}/complete`)
      .set('x-csrf-token', csrf)
      .set('accept', 'application/json')
      .send({ variables: { reviewOutcome: 'missing-documents', checklist } })
      .expect(200);
    const completed = await tasks.get(review.task.jobKey);
    expect(completed?.status).to.equal('completed');
    expect(completed?.completedBy).to.match(/^staff-/);

    // the next step follows the person: the hearing request is the reviewer's, and the completion opens it
    const hearing: UserTask = await taskAt(review.processInstanceKey, 'Task_PrepareHearingRequest');
    expect(hearing.assignee).to.equal(completed?.completedBy);
    expect(done.body).to.deep.equal({ status: 'completed', next: `/staff/tasks/${hearing.jobKey}` });
    expect(hearing.variables.missingDocuments).to.deep.equal(missing);
    const hearingPage = (await lead.get(`/staff/tasks/${hearing.jobKey}`).expect(200)).text;
    expect(hearingPage).to.contain('name="_taskForm" value="hearing-request"');
    expect(hearingPage).to.match(new RegExp(`name="missingDocuments\\[\\]" value="${missing[0] ?? ''}" checked`));

    // the page's own way: a form post with the form's data in a hidden field
    await lead
      .post(`/staff/tasks/${hearing.jobKey}/complete`)
      .type('form')
      .send({
        _csrf: csrfOf(hearingPage),
        variables: JSON.stringify({ missingDocuments: missing, hearingMessage: 'Please upload the lease.' }),
      })
      .expect(303)
      .expect('location', '/staff/tasks');
    expect((await tasks.get(hearing.jobKey))?.status).to.equal('completed');
    await eventually(async () => {
      const jobs = await web.engine.zeebe.activateJobs({
        type: 'request-documents',
        worker: 'spec',
        maxJobsToActivate: 32,
        timeout: 1000,
        requestTimeout: 200,
      });
      const mine = jobs.find((j) => j.processInstanceKey === review.processInstanceKey);
      expect(mine, 'the request-documents job').to.not.equal(undefined);
      expect(mine?.variables).to.include({ hearingMessage: 'Please upload the lease.' });
    }, 30_000);
  });

  it('cancels a task the engine ended (NOT_FOUND on completion) and the tasks of a closed case', async () => {
    const lead = await web.staffAgent(['team-lead']);
    const gone = await applyToReview();
    await web.engine.zeebe.cancelProcessInstance(gone.processInstanceKey);
    const page = (await lead.get(`/staff/tasks/${gone.task.jobKey}`).expect(200)).text;
    const checklist = (gone.task.variables.checklist as unknown[]).map(() => ({ verdict: 'accepted' }));
    await lead
      .post(`/staff/tasks/${gone.task.jobKey}/complete`)
      .type('form')
      .send({ _csrf: csrfOf(page), variables: JSON.stringify({ reviewOutcome: 'reject', checklist }) })
      .expect(303)
      .expect('location', '/staff/tasks');
    expect((await tasks.get(gone.task.jobKey))?.status).to.equal('cancelled');

    const closed = await applyToReview();
    await web.caseFile.applications.setStatus(closed.applicationId, 'closed-withdrawn', 'spec');
    const closedPage = (await lead.get(`/staff/tasks/${closed.task.jobKey}`).expect(200)).text;
    expect(closedPage).to.contain('no longer exists').and.not.contain('id="complete-form"');
    expect((await tasks.get(closed.task.jobKey))?.status).to.equal('cancelled');
    expect((await lead.get('/staff/tasks?tab=all').expect(200)).text).to.not.contain(closed.reference);
  });
});
