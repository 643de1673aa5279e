// The paths through processes/cpr-application.bpmn on the engine in use, driven job by job through the SDK
// with chosen outcomes (the scenario specs run the same model with the real workers). Each spec follows
// one path of the reference flow in DOMAIN.md and checks the order of the steps the engine hands out.
import { expect } from 'chai';
import { workingDayEnds } from '../../cases/office-calendar.js';
import fs from 'node:fs/promises';
import { uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { expectNoJob, nextJob, type Job } from '../support/probe.js';
import { deadlineVariable } from '../../workers/timer-variables.js';

const USER_TASK = 'io.camunda.zeebe:userTask';
const dayMs = 86_400_000;

/** A deadline `ms` from now, as the link-sending workers return it for the hearing and booking timers. */
const deadlineIn = (ms: number) => deadlineVariable(new Date(Date.now() + ms));

describe('processes/cpr-application.bpmn: paths', function () {
  this.timeout(60_000);
  let engine: TestEngine;
  let processId: string;
  const types: Record<string, string> = {};

  /**
   * Deploys a copy of the model whose job types carry a unique suffix, so these specs never take jobs of
   * another run or another spec (user task jobs share one type, so those are told apart by instance).
   */
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
    const suffix = uid('paths');
    processId = `cpr-application-${suffix}`;
    let xml = (await fs.readFile('processes/cpr-application.bpmn', 'utf8')).replace(
      'id="cpr-application"',
      `id="${processId}"`,
    );
    xml = xml.replace(/bpmnElement="cpr-application"/, `bpmnElement="${processId}"`);
    xml = xml.replace(/<zeebe:taskDefinition type="([^"]+)"/g, (_m, type: string) => {
      types[type] = `${type}-${suffix}`;
      return `<zeebe:taskDefinition type="${types[type]}"`;
    });
    await engine.zeebe.deployResources([
      { process: Buffer.from(xml), name: `${processId}.bpmn` },
      { decision: await fs.readFile('processes/required-documents.dmn'), name: 'required-documents.dmn' },
      ...(await Promise.all(
        ['back-office-review', 'hearing-request', 'front-office-attendance'].map(async (id) => ({
          form: await fs.readFile(`forms/${id}.form`),
          name: `${id}.form`,
        })),
      )),
    ]);
  });

  const typeOf = (type: string) => types[type] ?? type;

  /** The instance the running spec drives: `work` takes only its jobs. */
  let current = '';

  async function start(variables: Record<string, unknown>) {
    const applicationId = uid('application');
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: { applicationId, purpose: 'work', citizenshipGroup: 'eu', ...variables } as never,
    });
    current = processInstanceKey;
    return { applicationId, processInstanceKey };
  }

  /** Takes the next job of a worker type and completes it with `variables`. */
  async function work(type: string, variables: Record<string, unknown> = {}): Promise<Job> {
    // the job types are this file's, but an earlier spec may have left a job of the same type unworked: that one
    // is set aside (activated, never completed), so only this instance's job can make the step pass
    for (let attempt = 0; attempt < 20; attempt++) {
      const job = await nextJob(engine.zeebe, typeOf(type));
      if (job.processInstanceKey !== current) continue;
      // the checklist worker always hands over the working days the user tasks' due dates count in
      const output =
        type === 'automatic-checklist' ? { workingDayEnds: workingDayEnds(new Date()), ...variables } : variables;
      await engine.zeebe.completeJob({ jobKey: job.key, variables: output as never });
      return job;
    }
    throw new Error(`no '${type}' job of instance ${current}`);
  }

  /** Takes this instance's user task job (other instances' jobs are handed back by their short timeout). */
  async function userTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown>) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const jobs = await engine.zeebe.activateJobs({
        type: USER_TASK,
        worker: 'paths-spec',
        maxJobsToActivate: 32,
        timeout: 500,
        requestTimeout: 200,
      });
      const mine = jobs.find((j) => j.processInstanceKey === processInstanceKey && j.elementId === elementId);
      if (mine) {
        await engine.zeebe.completeJob({ jobKey: mine.key, variables: variables as never });
        return mine;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${elementId} user task for instance ${processInstanceKey}`);
  }

  const publish = (name: string, applicationId: string) =>
    engine.zeebe.publishMessage({ name, correlationKey: applicationId, variables: {}, timeToLive: 60_000 });

  it('complete file: checklist from the decision, review, invitation, booking, attendance, CPR issue, tax notice, confirmation', async () => {
    const { applicationId, processInstanceKey } = await start({ purpose: 'study', citizenshipGroup: 'other' });
    const checklist = await work('automatic-checklist', { hasMissingDocuments: false });
    expect(
      (checklist.variables as { requiredDocuments: { document: string }[] }).requiredDocuments.map((d) => d.document),
    ).to.include.members(['passport', 'proof-of-address', 'admission-letter', 'study-residence-permit']);
    const review = await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    expect(review.customHeaders).to.have.property('io.camunda.zeebe:formKey');
    expect(review.customHeaders['io.camunda.zeebe:candidateGroups']).to.equal('["back-office"]');
    await work('send-invitation', { bookingDeadline: deadlineIn(30 * dayMs) });
    await publish('appointment-booked', applicationId);
    await work('confirm-booking', { appointmentAt: '2026-12-01T09:30:00+01:00' });
    await userTask(processInstanceKey, 'Task_AttendAppointment', {
      attendanceOutcome: 'issue',
      isIdentityVerified: true,
      areOriginalsSeen: true,
    });
    await work('issue-cpr-number');
    await work('notify-tax-agency');
    await work('send-confirmation');
  });

  it('missing documents: hearing request, documents submitted, checklist and review again', async () => {
    const { applicationId, processInstanceKey } = await start({});
    await work('automatic-checklist', { hasMissingDocuments: true });
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'missing-documents' });
    await userTask(processInstanceKey, 'Task_PrepareHearingRequest', { missingDocuments: ['passport'] });
    await work('request-documents', { hearingRound: 1, hearingDeadline: deadlineIn(30 * dayMs) });
    await publish('documents-submitted', `${applicationId}/hearing-1`);
    await work('automatic-checklist', { hasMissingDocuments: false });
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(30 * dayMs) });
  });

  it('unanswered hearing: the reminder after hearingReminderAfter, then closing at the hearingDeadline the worker returned', async () => {
    const { processInstanceKey } = await start({ hearingReminderAfter: 'PT1S' });
    await work('automatic-checklist', { hasMissingDocuments: true });
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'missing-documents' });
    await userTask(processInstanceKey, 'Task_PrepareHearingRequest', { missingDocuments: ['passport'] });
    await work('request-documents', { hearingRound: 1, hearingDeadline: deadlineIn(2000) });
    await work('send-hearing-reminder');
    await work('close-unanswered');
  });

  it('an answer that reaches the process only after the hearing expired: HEARING_ANSWERED takes the case back to the checklist', async () => {
    const { processInstanceKey } = await start({ hearingReminderAfter: 'PT1S' });
    await work('automatic-checklist', { hasMissingDocuments: true });
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'missing-documents' });
    await userTask(processInstanceKey, 'Task_PrepareHearingRequest', { missingDocuments: ['passport'] });
    await work('request-documents', { hearingRound: 1, hearingDeadline: deadlineIn(2000) });
    await work('send-hearing-reminder');
    const closing = await nextJob(engine.zeebe, typeOf('close-unanswered'));
    expect(closing.processInstanceKey).to.equal(current);
    await engine.zeebe.throwError({ jobKey: closing.key, errorCode: 'HEARING_ANSWERED', errorMessage: 'answered' });
    await work('automatic-checklist', { hasMissingDocuments: false });
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(30 * dayMs) });
  });

  it('booking link lapsed: closing at the bookingDeadline the worker returned when no booking came', async () => {
    const { processInstanceKey } = await start({});
    await work('automatic-checklist');
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(1000) });
    await work('close-unbooked');
    await expectNoJob(engine.zeebe, typeOf('confirm-booking'));
  });

  it('a booking that reaches the process only after the link lapsed: APPOINTMENT_BOOKED takes the case on to the confirmation', async () => {
    const { processInstanceKey } = await start({});
    await work('automatic-checklist');
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(1000) });
    const closing = await nextJob(engine.zeebe, typeOf('close-unbooked'));
    expect(closing.processInstanceKey).to.equal(current);
    await engine.zeebe.throwError({ jobKey: closing.key, errorCode: 'APPOINTMENT_BOOKED', errorMessage: 'booked' });
    await work('confirm-booking', { appointmentAt: '2026-12-01T09:30:00+01:00' });
    await userTask(processInstanceKey, 'Task_AttendAppointment', {
      attendanceOutcome: 'issue',
      isIdentityVerified: true,
      areOriginalsSeen: true,
    });
    await work('issue-cpr-number');
  });

  it('no-show: invited to book again, then attends', async () => {
    const { applicationId, processInstanceKey } = await start({});
    await work('automatic-checklist');
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(30 * dayMs) });
    await publish('appointment-booked', applicationId);
    await work('confirm-booking', { appointmentAt: '2026-12-01T09:30:00+01:00' });
    await userTask(processInstanceKey, 'Task_AttendAppointment', { attendanceOutcome: 'no-show' });
    await work('handle-no-show', { bookingDeadline: deadlineIn(30 * dayMs) });
    await publish('appointment-booked', applicationId);
    await work('confirm-booking', { appointmentAt: '2026-12-02T09:30:00+01:00' });
    await userTask(processInstanceKey, 'Task_AttendAppointment', {
      attendanceOutcome: 'issue',
      isIdentityVerified: true,
      areOriginalsSeen: true,
    });
    await work('issue-cpr-number');
  });

  it('an outcome the gateways do not know stops the case (no CPR number without identity and originals checked)', async () => {
    const { applicationId, processInstanceKey } = await start({});
    await work('automatic-checklist');
    await userTask(processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(30 * dayMs) });
    await publish('appointment-booked', applicationId);
    await work('confirm-booking', { appointmentAt: '2026-12-01T09:30:00+01:00' });
    await userTask(processInstanceKey, 'Task_AttendAppointment', {
      attendanceOutcome: 'issue',
      isIdentityVerified: false,
    });
    await expectNoJob(engine.zeebe, typeOf('issue-cpr-number'));
  });

  it('rejection at review, and withdrawal while waiting for a booking', async () => {
    const rejected = await start({});
    await work('automatic-checklist');
    await userTask(rejected.processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'reject' });
    await work('send-rejection');

    const withdrawn = await start({});
    await work('automatic-checklist');
    await userTask(withdrawn.processInstanceKey, 'Task_ReviewApplication', { reviewOutcome: 'complete' });
    await work('send-invitation', { bookingDeadline: deadlineIn(30 * dayMs) });
    await publish('application-withdrawn', withdrawn.applicationId);
    await work('close-withdrawn');
    await publish('appointment-booked', withdrawn.applicationId);
    await expectNoJob(engine.zeebe, typeOf('confirm-booking'));
  });
});
