// Messages over the gateway: PublishMessage correlating to catch events, receive tasks, boundary events,
// event-based gateways and message start events; buffering with a time to live; messageId uniqueness.
import { expect } from 'chai';
import {
  boundary,
  catchEvent,
  end,
  message,
  messageDef,
  path,
  receiveTask,
  serviceTask,
  start,
  uid,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectNoJob, expectStatus, nextJob } from '../support/probe.js';
import { theIncident } from '../support/incidents.js';
import { publishUntilJob, replyOrTimeout } from '../support/waits.js';

const BUFFERED = 60_000;

describe('engine: messages', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** start → (Task_Gate) → Event_Received (message keyed by `=orderId`) → Task_After → end. */
  async function catchProcess(options: { gate?: boolean } = {}) {
    const id = uid('awaits-documents');
    const name = uid('documents-submitted');
    const after = uid('review-documents');
    const gate = uid('request-documents');
    const steps = options.gate
      ? ['start', 'Task_Gate', 'Event_Received', 'Task_After', 'end']
      : ['start', 'Event_Received', 'Task_After', 'end'];
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        ...(options.gate ? [serviceTask('Task_Gate', gate)] : []),
        catchEvent('Event_Received', messageDef('Message_Submitted')),
        serviceTask('Task_After', after),
        end(),
        path(...steps),
      ],
      [message('Message_Submitted', name, '=orderId')],
    );
    return { id, name, after, gate };
  }

  /** start → Task_Work (with a message boundary event) → Task_Normal → end; the boundary leads to Task_Caught. */
  async function boundaryProcess(interrupting: boolean) {
    const id = uid('awaits-cancellation');
    const name = uid('application-withdrawn');
    const types = {
      work: uid('assess-application'),
      normal: uid('approve-application'),
      caught: uid('handle-withdrawal'),
    };
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        serviceTask('Task_Work', types.work),
        boundary('Event_Withdrawn', 'Task_Work', messageDef('Message_Withdrawn'), interrupting),
        serviceTask('Task_Normal', types.normal),
        serviceTask('Task_Caught', types.caught),
        end(),
        end('end_caught'),
        path('start', 'Task_Work', 'Task_Normal', 'end'),
        path('Event_Withdrawn', 'Task_Caught', 'end_caught'),
      ],
      [message('Message_Withdrawn', name, '=orderId')],
    );
    return { id, name, types };
  }

  /** A process that a message starts: message start event → Task_After → end. */
  async function messageStartProcess() {
    const id = uid('started-by-message');
    const name = uid('application-received');
    const after = uid('register-application');
    await deploy(
      engine.zeebe,
      id,
      [
        start('start', messageDef('Message_Received')),
        serviceTask('Task_After', after),
        end(),
        path('start', 'Task_After', 'end'),
      ],
      [message('Message_Received', name)],
    );
    return { id, name, after };
  }

  it('PublishMessage: correlates to a waiting intermediate message catch event and merges its variables into the process (Zeebe message correlation)', async () => {
    // given an instance waiting at a catch event keyed by its orderId
    const { id, name, after } = await catchProcess();
    const orderId = uid('order');
    const instance = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { orderId, status: 'open' },
    });
    // when a message with that correlation key is published
    const job = await publishUntilJob(
      engine.zeebe,
      { name, correlationKey: orderId, variables: { status: 'submitted', pages: 3 } },
      after,
    );
    // then the instance continues, and the message variables are process variables
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
    expect(job.variables).to.deep.equal({ orderId, status: 'submitted', pages: 3 });
  });

  it('PublishMessage: a message with timeToLive > 0 published before the instance reaches the catch event is buffered and correlates when it gets there (Zeebe message buffering)', async () => {
    // given an instance held at a service task before the catch event
    const { id, name, after, gate } = await catchProcess({ gate: true });
    const orderId = uid('order');
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId } });
    const gateJob = await nextJob(engine.zeebe, gate);
    // when the message is published with a time to live, and only then the instance moves on to the catch event
    await engine.zeebe.publishMessage({ name, correlationKey: orderId, timeToLive: BUFFERED, variables: { pages: 1 } });
    await engine.zeebe.completeJob({ jobKey: gateJob.key, variables: {} });
    // then the buffered message correlates
    const job = await nextJob(engine.zeebe, after);
    expect(job.variables).to.deep.equal({ orderId, pages: 1 });
  });

  it('PublishMessage: a message with timeToLive 0 is not buffered, so an instance that reaches the catch event later keeps waiting (Zeebe message time to live)', async () => {
    // given an instance held at a service task before the catch event
    const { id, name, after, gate } = await catchProcess({ gate: true });
    const orderId = uid('order');
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId } });
    const gateJob = await nextJob(engine.zeebe, gate);
    // when a message without a time to live is published before the instance reaches the catch event
    await engine.zeebe.publishMessage({ name, correlationKey: orderId, timeToLive: 0, variables: { attempt: 1 } });
    await engine.zeebe.completeJob({ jobKey: gateJob.key, variables: {} });
    // then the instance keeps waiting: it is the next (buffered) message that it takes, not the first one
    await expectNoJob(engine.zeebe, after);
    await engine.zeebe.publishMessage({
      name,
      correlationKey: orderId,
      timeToLive: BUFFERED,
      variables: { attempt: 2 },
    });
    const job = await nextJob(engine.zeebe, after);
    expect(job.variables).to.deep.equal({ orderId, attempt: 2 });
  });

  it('PublishMessage: a messageId already used by a buffered message with the same name and correlation key is ALREADY_EXISTS (Zeebe message idempotency)', async () => {
    // given a buffered message with a messageId
    const name = uid('documents-submitted');
    const correlationKey = uid('order');
    const messageId = uid('submission');
    await engine.zeebe.publishMessage({ name, correlationKey, messageId, timeToLive: BUFFERED, variables: {} });
    // when the same messageId is published again
    const rejection = await expectStatus(
      engine.zeebe.publishMessage({ name, correlationKey, messageId, timeToLive: BUFFERED, variables: {} }),
      'ALREADY_EXISTS',
    );
    // then it is rejected naming the id, while another id for the same name and key is accepted
    expect(rejection).to.contain(`'${messageId}'`);
    const other = await engine.zeebe.publishMessage({
      name,
      correlationKey,
      messageId: uid('submission'),
      timeToLive: BUFFERED,
      variables: {},
    });
    expect(other.key).to.be.a('string');
  });

  it('PublishMessage: a messageId is only unique while its message is buffered, so one published with timeToLive 0 can be reused at once (Zeebe message idempotency)', async () => {
    const name = uid('documents-submitted');
    const correlationKey = uid('order');
    const messageId = uid('submission');
    const first = await engine.zeebe.publishMessage({ name, correlationKey, messageId, timeToLive: 0, variables: {} });
    const second = await engine.zeebe.publishMessage({ name, correlationKey, messageId, timeToLive: 0, variables: {} });
    expect(second.key).not.to.equal(first.key);
  });

  it('PublishMessage: a message correlates at most once per process, so of two instances waiting on the same key only one continues per message (Zeebe message cardinality)', async () => {
    // given two instances of one process waiting with the same correlation key
    const { id, name, after } = await catchProcess();
    const orderId = uid('order');
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId } });
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId } });
    // when one message is published
    await engine.zeebe.publishMessage({ name, correlationKey: orderId, timeToLive: BUFFERED, variables: { n: 1 } });
    const first = await nextJob(engine.zeebe, after);
    // then one instance continues with it, and the other only continues with the next message
    expect(first.variables).to.include({ n: 1 });
    await engine.zeebe.publishMessage({ name, correlationKey: orderId, timeToLive: BUFFERED, variables: { n: 2 } });
    const second = await nextJob(engine.zeebe, after);
    expect(second.variables).to.include({ n: 2 });
    expect(second.processInstanceKey).not.to.equal(first.processInstanceKey);
    await expectNoJob(engine.zeebe, after);
  });

  it('PublishMessage: correlates to a waiting receive task, whose message variables are merged into the process (Zeebe receive task)', async () => {
    // given an instance waiting at a receive task
    const id = uid('awaits-payment');
    const name = uid('payment-received');
    const after = uid('confirm-payment');
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        receiveTask('Task_ReceivePayment', 'Message_Payment'),
        serviceTask('Task_After', after),
        end(),
        path('start', 'Task_ReceivePayment', 'Task_After', 'end'),
      ],
      [message('Message_Payment', name, '=paymentId')],
    );
    const paymentId = uid('payment');
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { paymentId } });
    // when the message arrives
    const job = await publishUntilJob(
      engine.zeebe,
      { name, correlationKey: paymentId, variables: { amount: 250 } },
      after,
    );
    // then the receive task completes with the message variables
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
    expect(job.variables).to.deep.equal({ paymentId, amount: 250 });
  });

  it('PublishMessage: a message start event creates an instance whose variables are the message variables (Zeebe message start event)', async () => {
    // given a deployed process with a message start event
    const { id, name, after } = await messageStartProcess();
    // when its message is published
    await engine.zeebe.publishMessage({ name, correlationKey: '', timeToLive: 0, variables: { applicantId: 'a-17' } });
    // then an instance of the process starts with the message variables
    const job = await nextJob(engine.zeebe, after);
    expect(job.bpmnProcessId).to.equal(id);
    expect(job.variables).to.deep.equal({ applicantId: 'a-17' });
  });

  it('PublishMessage: a message start event does not start a second instance for a correlation key while one it started with that key is active (Zeebe message start uniqueness)', async () => {
    // given an instance started by a message with a correlation key, still active
    const { name, after } = await messageStartProcess();
    const applicantId = uid('applicant');
    await engine.zeebe.publishMessage({ name, correlationKey: applicantId, timeToLive: BUFFERED, variables: { n: 1 } });
    const first = await nextJob(engine.zeebe, after);
    expect(first.variables).to.include({ n: 1 });
    // when a second message with the same key is published, and then one with another key
    await engine.zeebe.publishMessage({ name, correlationKey: applicantId, timeToLive: BUFFERED, variables: { n: 2 } });
    await engine.zeebe.publishMessage({
      name,
      correlationKey: uid('applicant'),
      timeToLive: BUFFERED,
      variables: { n: 3 },
    });
    // then only the other key starts an instance; the same key waits, buffered, until the first instance ends
    const other = await nextJob(engine.zeebe, after);
    expect(other.variables).to.include({ n: 3 });
    await expectNoJob(engine.zeebe, after);
    await engine.zeebe.completeJob({ jobKey: first.key, variables: {} });
    const next = await nextJob(engine.zeebe, after);
    expect(next.variables).to.include({ n: 2 });
    expect(next.processInstanceKey).not.to.equal(first.processInstanceKey);
  });

  it('PublishMessage: an interrupting message boundary event terminates the service task (its job is gone) and takes the boundary path (Zeebe interrupting boundary event)', async () => {
    // given an instance whose service task has an activated job
    const { id, name, types } = await boundaryProcess(true);
    const orderId = uid('order');
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId } });
    const work = await nextJob(engine.zeebe, types.work);
    // when the boundary message is published
    await engine.zeebe.publishMessage({
      name,
      correlationKey: orderId,
      timeToLive: BUFFERED,
      variables: { reason: 'withdrawn' },
    });
    // then the boundary path runs with the message variables, and the task's job can no longer be completed
    const caught = await nextJob(engine.zeebe, types.caught);
    expect(caught.variables).to.deep.equal({ orderId, reason: 'withdrawn' });
    await expectStatus(engine.zeebe.completeJob({ jobKey: work.key, variables: {} }), 'NOT_FOUND');
    await expectNoJob(engine.zeebe, types.normal);
  });

  it('PublishMessage: a non-interrupting message boundary event takes the boundary path for each message while the service task stays active (Zeebe non-interrupting boundary event)', async () => {
    // given an instance whose service task has an activated job
    const { id, name, types } = await boundaryProcess(false);
    const orderId = uid('order');
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { orderId } });
    const work = await nextJob(engine.zeebe, types.work);
    // when two boundary messages are published, one after the other
    await engine.zeebe.publishMessage({ name, correlationKey: orderId, timeToLive: BUFFERED, variables: { n: 1 } });
    const firstCaught = await nextJob(engine.zeebe, types.caught);
    await engine.zeebe.publishMessage({ name, correlationKey: orderId, timeToLive: BUFFERED, variables: { n: 2 } });
    const secondCaught = await nextJob(engine.zeebe, types.caught);
    // then each takes the boundary path, and the task still completes along its normal path
    expect(firstCaught.variables).to.include({ n: 1 });
    expect(secondCaught.variables).to.include({ n: 2 });
    await engine.zeebe.completeJob({ jobKey: work.key, variables: { assessed: true } });
    const normal = await nextJob(engine.zeebe, types.normal);
    expect(normal.variables).to.include({ orderId, assessed: true });
  });

  it('PublishMessage: at an event-based gateway the message branch is taken when its message arrives first (Zeebe event-based gateway)', async () => {
    // given an instance waiting at an event-based gateway for a message or a long timer
    const id = uid('awaits-reply');
    const name = uid('reply-received');
    const replied = uid('process-reply');
    const timedOut = uid('chase-reply');
    await deploy(engine.zeebe, id, ...replyOrTimeout({ name, replied, timedOut, timer: 'PT1H' }));
    const caseId = uid('case');
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { caseId } });
    // when the message is published
    await engine.zeebe.publishMessage({
      name,
      correlationKey: caseId,
      timeToLive: BUFFERED,
      variables: { answer: 'yes' },
    });
    // then the message branch runs with its variables and the timer branch does not
    const job = await nextJob(engine.zeebe, replied);
    expect(job.variables).to.deep.equal({ caseId, answer: 'yes' });
    await expectNoJob(engine.zeebe, timedOut);
    await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
  });

  it('PublishMessage: a correlation key expression that evaluates to null raises an incident and the instance does not continue (Zeebe EXTRACT_VALUE_ERROR)', async () => {
    // given a catch event keyed by a variable the instance does not have
    const { id, name, after } = await catchProcess();
    // when an instance reaches it
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { other: 1 } });
    // then (on the embedded engine, where incidents are readable) an incident is raised on the catch event
    if (engine.kind === 'embedded') {
      const incident = await theIncident(engine, instance.processInstanceKey);
      expect(incident).to.include({ elementId: 'Event_Received', errorType: 'EXTRACT_VALUE_ERROR' });
      expect(incident.errorMessage)
        .to.contain("Failed to extract the correlation key for 'orderId'")
        .and.to.contain("but was 'NULL'");
    }
    // and no message moves it on: it is still active, short of the next task
    await engine.zeebe.publishMessage({ name, correlationKey: 'null', timeToLive: 0, variables: {} });
    await engine.zeebe.publishMessage({ name, correlationKey: '', timeToLive: 0, variables: {} });
    await expectNoJob(engine.zeebe, after);
    await engine.zeebe.cancelProcessInstance(instance.processInstanceKey);
  });

  it('PublishMessage: the message that started an instance does not also correlate to that instance (once per process)', async () => {
    // given a process started by message M that later waits for M with the same correlation key
    const id = uid('started-then-waits');
    const [name, after] = [uid('request'), uid('after')];
    await deploy(
      engine.zeebe,
      id,
      [
        start('start', messageDef('Message_Start')),
        catchEvent('wait', messageDef('Message_Again')),
        serviceTask('after', after),
        end(),
        path('start', 'wait', 'after', 'end'),
      ],
      [message('Message_Start', name), message('Message_Again', name, '=requestId')],
    );
    const requestId = uid('request-id');
    // when M is published once with a time to live
    await engine.zeebe.publishMessage({
      name,
      correlationKey: requestId,
      timeToLive: 60_000,
      variables: { requestId },
    });
    // then an instance starts and waits, because the buffered start message is not correlated to it again
    await expectNoJob(engine.zeebe, after);
    await new Promise((r) => setTimeout(r, 500));
    await expectNoJob(engine.zeebe, after);
    // and a second M reaches the waiting catch event
    await engine.zeebe.publishMessage({
      name,
      correlationKey: requestId,
      timeToLive: 60_000,
      variables: { second: true },
    });
    const job = await nextJob(engine.zeebe, after);
    expect(job.variables).to.include({ requestId, second: true });
  });
});
