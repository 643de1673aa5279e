// Process scenarios: the real cpr-application model with the real workers and the real case file, through
// the SDK, on the engine in use. A synthetic citizen applies, uploads, follows the links in the mails the
// outbox holds, answers hearings and books; a synthetic caseworker completes the user tasks. Each scenario
// drives one case from the application to its closing and checks the case file at the end.
import { expect } from 'chai';
import type { NewApplication } from '../../cases/applications.js';
import type { CaseFile } from '../../cases/index.js';
import { isValidCprNumber } from '../../cases/cpr-number.js';
import { localDate } from '../../cases/clock.js';
import { deployModels } from '../../lib/engine-client/deploy-models.js';
import { createLogger } from '../../lib/logger/index.js';
import { workerDefinitions } from '../../workers/index.js';
import { startWorkers, type RunningWorkers } from '../../workers/run-workers.js';
import { files, freshCaseFile, newApplication, passportNumber, rejection } from '../cases/fixtures.js';
import { ForbiddenError } from '../../lib/errors/index.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { eventually } from '../support/probe.js';

const USER_TASK = 'io.camunda.zeebe:userTask';

describe('processes: CPR application scenarios (real model, real workers)', function () {
  this.timeout(90_000);
  let engine: TestEngine;
  let caseFile: CaseFile;
  let workers: RunningWorkers;

  before(async function () {
    this.timeout(180_000);
    engine = await testEngine();
    ({ caseFile } = await freshCaseFile({ pool: 8 }));
    await deployModels(engine.zeebe);
    const today = new Date();
    const in60Days = new Date(today.getTime() + 60 * 86_400_000);
    await caseFile.appointments.openSlots({
      from: today.toISOString().slice(0, 10),
      to: in60Days.toISOString().slice(0, 10),
    });
    workers = startWorkers(engine.zeebe, workerDefinitions, { caseFile }, createLogger({ level: 'silent' }));
  });
  after(async () => {
    await workers.close();
  });

  // ---- the synthetic citizen ----

  /** Applies with `profile`, uploads `documents` (all required ones when omitted) and starts the process. */
  async function apply(overrides: Partial<NewApplication>, timers: Record<string, string> = {}, upload?: string[]) {
    const { applicationId } = await caseFile.applications.create(newApplication(overrides), 'citizen');
    const variables = await caseFile.applications.profileVariables(applicationId, 'citizen');
    const decision = await engine.zeebe.evaluateDecision({
      decisionId: 'required-documents',
      variables: { ...variables },
    });
    const required = (JSON.parse(decision.decisionOutput) as { document: string }[]).map((d) => d.document);
    for (const kind of upload ?? required) {
      await caseFile.documents.upload(
        { applicationId, kind, filename: `${kind}.pdf`, content: files.pdf, uploadedBy: 'citizen' },
        'citizen',
      );
    }
    const { processInstanceKey, processDefinitionKey, version } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: 'cpr-application',
      variables: { ...variables, ...timers } as never,
    });
    await caseFile.applications.attachProcessInstance(applicationId, processInstanceKey, 'citizen', {
      processDefinitionKey,
      version,
    });
    return { applicationId, processInstanceKey, required };
  }

  /** The private link of the newest mail of a template, once the outbox holds it. */
  async function linkFrom(applicationId: string, template: string, path: string, after = 0): Promise<string> {
    return eventually(async () => {
      const mails = (await caseFile.outbox.listForApplication(applicationId, 'citizen')).filter(
        (m) => m.template === template,
      );
      expect(mails.length, `mails of ${template}`).to.be.greaterThan(after);
      const token = new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(mails.at(-1)?.bodyText ?? '')?.[1];
      expect(token, `link in the ${template} mail`).to.be.a('string');
      return token ?? '';
    }, 20_000);
  }

  /**
   * The first free slot a booking link offers: the checklist demands proof of address from everyone, so the
   * send-invitation worker gave the link the move-in date as its first day.
   */
  async function firstFreeSlot(token: string) {
    const invitation = await caseFile.appointments.findInvitation(token);
    const { moveInDate } = await caseFile.applications.get(invitation.applicationId, 'spec');
    expect(invitation.notBefore, 'the link starts at the move-in date').to.equal(moveInDate);
    const from = caseFile.appointments.firstBookable(invitation);
    const [slot] = await caseFile.appointments.listBookable(
      from,
      new Date(from.getTime() + 60 * 86_400_000),
      'regular',
    );
    expect(localDate(slot?.startsAt ?? new Date(0)) >= moveInDate, 'no time before moving in').to.equal(true);
    return slot;
  }

  /** Books the first free slot with the link of the newest invitation and tells the process. */
  async function book(applicationId: string, template = 'booking-invitation', after = 0) {
    const token = await linkFrom(applicationId, template, 'booking', after);
    const slot = await firstFreeSlot(token);
    if (!slot) throw new Error('no bookable slot');
    await caseFile.appointments.book(token, slot.id);
    await engine.zeebe.publishMessage({
      name: 'appointment-booked',
      correlationKey: applicationId,
      variables: {},
      timeToLive: 60_000,
    });
  }

  // ---- the synthetic caseworker ----

  /** Completes this case's user task `elementId` with the variables `decide` returns from the job's own. */
  async function caseworker(
    processInstanceKey: string,
    elementId: string,
    decide: (variables: Record<string, unknown>) => Record<string, unknown>,
  ) {
    await eventually(async () => {
      const jobs = await engine.zeebe.activateJobs({
        type: USER_TASK,
        worker: 'scenario-caseworker',
        maxJobsToActivate: 32,
        timeout: 1000,
        requestTimeout: 200,
      });
      const mine = jobs.find((j) => j.processInstanceKey === processInstanceKey && j.elementId === elementId);
      expect(mine, `${elementId} of ${processInstanceKey}`).to.not.equal(undefined);
      if (!mine) return;
      // every user task is due by the model's taskSchedule; the review five working days after the checklist
      const dueDate = (mine.customHeaders as Record<string, string>)['io.camunda.zeebe:dueDate'];
      expect(dueDate, `${elementId} has a due date`).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      if (elementId === 'Task_ReviewApplication')
        expect(Date.parse(dueDate ?? '')).to.equal(Date.parse((mine.variables.workingDayEnds as string[])[4] ?? ''));
      await engine.zeebe.completeJob({ jobKey: mine.key, variables: decide(mine.variables) as never });
    }, 30_000);
  }

  const review = (outcome: 'complete' | 'missing-documents' | 'reject') => (variables: Record<string, unknown>) => ({
    reviewOutcome: outcome,
    checklist: (variables.checklist as { document: string }[]).map((item) => ({ ...item, verdict: 'accepted' })),
  });
  const attend = (outcome: 'issue' | 'no-show') => () => ({
    attendanceOutcome: outcome,
    isIdentityVerified: outcome === 'issue',
    areOriginalsSeen: outcome === 'issue',
  });

  const statusOf = async (applicationId: string) => (await caseFile.applications.get(applicationId, 'spec')).status;
  const closedAs = (applicationId: string, status: string) =>
    eventually(async () => expect(await statusOf(applicationId)).to.equal(status), 30_000);

  async function expectIssued(applicationId: string) {
    await closedAs(applicationId, 'closed-issued');
    const cprNumber = await caseFile.authorities.cprNumberOf(applicationId, 'spec');
    expect(isValidCprNumber(cprNumber ?? '')).to.equal(true);
    const mails = await caseFile.outbox.listForApplication(applicationId, 'spec');
    const templates = mails.map((m) => m.template);
    expect(templates).to.include.members(['application-received', 'booking-invitation', 'booking-confirmation']);
    expect(templates).to.include('cpr-issued');
    // and no mail holds the number, written either way
    const digits = (cprNumber ?? '').replace('-', '');
    for (const mail of mails)
      for (const written of [digits, `${digits.slice(0, 6)}-${digits.slice(6)}`])
        expect(`${mail.subject}\n${mail.bodyText}`, mail.template).not.to.contain(written);
  }

  /** A complete file, from application to the issued number. */
  async function happyPath(overrides: Partial<NewApplication>) {
    const { applicationId, processInstanceKey, required } = await apply(overrides);
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      expect(variables.missingDocuments).to.deep.equal([]);
      return review('complete')(variables);
    });
    await book(applicationId);
    await caseworker(processInstanceKey, 'Task_AttendAppointment', attend('issue'));
    await expectIssued(applicationId);
    return { applicationId, required };
  }

  const profile = (purpose: string, citizenshipGroup: string, isMarried = false) =>
    ({ profile: { purpose, citizenshipGroup, moveInDate: inDays(20), isMarried } }) as Partial<NewApplication>;
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it('happy path, EU worker: checklist from the decision, review, booking, attendance, CPR number, tax notice, confirmation', async () => {
    const { applicationId, required } = await happyPath({ ...profile('work', 'eu'), family: [] });
    expect(required).to.include('eu-residence-document');
    const notices = await eventually(async () => {
      const rows = await caseFile.authorities.notifyTaxAgency(applicationId, 'spec');
      return rows;
    });
    expect(notices.isNew, 'the worker notified the tax agency already').to.equal(false);
  });

  it('happy path, Nordic citizen: proof of the home personal ID instead of a residence document', async () => {
    const { required } = await happyPath({ ...profile('work', 'nordic'), family: [] });
    expect(required).to.include('nordic-personal-id').and.not.include('eu-residence-document');
  });

  it('happy path, non-EU student: admission letter and study residence permit', async () => {
    const { required } = await happyPath({ ...profile('study', 'other'), family: [] });
    expect(required).to.include.members(['admission-letter', 'study-residence-permit']);
  });

  it('happy path, accompanying family with children: marriage and birth certificates', async () => {
    const child = {
      relation: 'child' as const,
      givenName: 'Mia',
      familyName: 'Jensen',
      birthDate: '2018-02-03',
      sex: 'female' as const,
      nationality: 'US',
      passportNumber: passportNumber(),
    };
    const { required } = await happyPath({ ...profile('family', 'other', true), family: [child] });
    expect(required).to.include.members(['marriage-certificate', 'child-birth-certificates', 'residence-permit']);
  });

  it('missing documents: hearing, the citizen uploads through the hearing link, checklist and review again, then complete', async () => {
    const { applicationId, processInstanceKey } = await apply({ ...profile('work', 'eu'), family: [] }, {}, [
      'passport',
    ]);
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      expect(variables.missingDocuments).to.include.members(['proof-of-address', 'eu-residence-document']);
      return review('missing-documents')(variables);
    });
    await caseworker(processInstanceKey, 'Task_PrepareHearingRequest', (variables) => ({
      missingDocuments: variables.missingDocuments,
      hearingMessage: 'Please upload your lease and your EU residence document.',
      hearingMessageDa: 'Upload venligst din lejekontrakt og dit EU-opholdsdokument.',
    }));
    const token = await linkFrom(applicationId, 'hearing-request', 'hearing');
    const hearing = await caseFile.hearings.findByToken(token);
    await caseFile.hearings.answer(
      token,
      hearing.missingDocuments.map((kind) => ({ kind, filename: `${kind}.png`, content: files.png })),
    );
    await engine.zeebe.publishMessage({
      name: 'documents-submitted',
      correlationKey: `${applicationId}/hearing-${hearing.round}`,
      variables: {},
      timeToLive: 60_000,
    });
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      expect(variables.missingDocuments).to.deep.equal([]);
      return review('complete')(variables);
    });
    await book(applicationId);
    await caseworker(processInstanceKey, 'Task_AttendAppointment', attend('issue'));
    await expectIssued(applicationId);
  });

  it('unanswered hearing: the reminder goes out after hearingReminderAfter, the case closes after hearingExpiresAfter', async () => {
    const { applicationId, processInstanceKey } = await apply(
      { ...profile('work', 'eu'), family: [] },
      { hearingReminderAfter: 'PT1S', hearingExpiresAfter: 'PT2S' },
      ['passport'],
    );
    await caseworker(processInstanceKey, 'Task_ReviewApplication', review('missing-documents'));
    await caseworker(processInstanceKey, 'Task_PrepareHearingRequest', (variables) => ({
      missingDocuments: variables.missingDocuments,
      hearingMessage: 'Please upload the missing documents.',
    }));
    await linkFrom(applicationId, 'hearing-request', 'hearing');
    await linkFrom(applicationId, 'hearing-reminder', 'hearing');
    await closedAs(applicationId, 'closed-unanswered');
    const templates = (await caseFile.outbox.listForApplication(applicationId, 'spec')).map((m) => m.template);
    expect(templates).to.include('closed-unanswered');
  });

  it('an answer that arrives as the hearing expires: the worker sees it, and the case goes back to the checklist instead of closing', async () => {
    const { applicationId, processInstanceKey } = await apply(
      { ...profile('work', 'eu'), family: [] },
      { hearingReminderAfter: 'PT1S', hearingExpiresAfter: 'PT1S' },
      ['passport'],
    );
    await caseworker(processInstanceKey, 'Task_ReviewApplication', review('missing-documents'));
    await caseworker(processInstanceKey, 'Task_PrepareHearingRequest', (variables) => ({
      missingDocuments: variables.missingDocuments,
      hearingMessage: 'Please upload the missing documents.',
    }));
    // the citizen answers, but the message that would tell the process is lost (or late)
    const token = await linkFrom(applicationId, 'hearing-request', 'hearing');
    const hearing = await caseFile.hearings.findByToken(token);
    await caseFile.hearings.answer(
      token,
      hearing.missingDocuments.map((kind) => ({ kind, filename: `${kind}.png`, content: files.png })),
    );
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      expect(variables.missingDocuments).to.deep.equal([]);
      return review('complete')(variables);
    });
    expect(await statusOf(applicationId)).to.not.equal('closed-unanswered');
  });

  it('no booking: the case closes after bookingExpiresAfter with a mail, and the link stops working', async () => {
    const { applicationId, processInstanceKey } = await apply(
      { ...profile('work', 'eu'), family: [] },
      { bookingExpiresAfter: 'PT1S' },
    );
    await caseworker(processInstanceKey, 'Task_ReviewApplication', review('complete'));
    const token = await linkFrom(applicationId, 'booking-invitation', 'booking');
    await closedAs(applicationId, 'closed-unbooked');
    const templates = (await caseFile.outbox.listForApplication(applicationId, 'spec')).map((m) => m.template);
    expect(templates).to.include('closed-unbooked');
    expect(await rejection(caseFile.appointments.findInvitation(token))).to.be.instanceOf(ForbiddenError);
  });

  it('a booking made as the link lapses: the worker sees it, and the case goes on to the appointment instead of closing', async () => {
    const { applicationId, processInstanceKey } = await apply(
      { ...profile('work', 'eu'), family: [] },
      // time enough to book from the mail before the timer fires, even on a slow machine
      { bookingExpiresAfter: 'PT5S' },
    );
    await caseworker(processInstanceKey, 'Task_ReviewApplication', review('complete'));
    // the citizen books, but the message that would tell the process is lost (or late)
    const token = await linkFrom(applicationId, 'booking-invitation', 'booking');
    const slot = await firstFreeSlot(token);
    await caseFile.appointments.book(token, slot?.id ?? expect.fail('no bookable slot'));
    await caseworker(processInstanceKey, 'Task_AttendAppointment', attend('issue'));
    await expectIssued(applicationId);
  });

  it('no-show: the citizen is invited to book again, books, attends and gets the number', async () => {
    const { applicationId, processInstanceKey } = await apply({ ...profile('work', 'eu'), family: [] });
    await caseworker(processInstanceKey, 'Task_ReviewApplication', review('complete'));
    await book(applicationId);
    await caseworker(processInstanceKey, 'Task_AttendAppointment', attend('no-show'));
    await book(applicationId, 'no-show');
    await caseworker(processInstanceKey, 'Task_AttendAppointment', attend('issue'));
    await expectIssued(applicationId);
  });

  it('rejection: the caseworker rejects at review and the case closes as rejected with a mail', async () => {
    const { applicationId, processInstanceKey } = await apply({ ...profile('work', 'eu'), family: [] });
    await caseworker(processInstanceKey, 'Task_ReviewApplication', review('reject'));
    await closedAs(applicationId, 'closed-rejected');
    const templates = (await caseFile.outbox.listForApplication(applicationId, 'spec')).map((m) => m.template);
    expect(templates).to.include('rejection');
    expect(await caseFile.authorities.cprNumberOf(applicationId, 'spec')).to.equal(undefined);
  });

  it("the process variables never carry the applicant's name, passport number or CPR number", async () => {
    const { applicationId, processInstanceKey } = await apply({ ...profile('work', 'eu'), family: [] });
    const application = await caseFile.applications.get(applicationId, 'spec');
    let seen = '';
    await caseworker(processInstanceKey, 'Task_ReviewApplication', (variables) => {
      seen = JSON.stringify(variables);
      return review('reject')(variables);
    });
    expect(seen).to.not.contain(application.applicant.familyName);
    expect(seen).to.not.contain(application.applicant.passportNumber);
    expect(seen).to.contain(applicationId);
  });
});
