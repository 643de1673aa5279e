// Jobs over the gateway: activation (long polling and streaming), completion, failure, retries,
// time-outs and errors thrown by workers.
import { expect } from 'chai';
import { boundary, end, error, errorDef, io, path, serviceTask, start, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import {
  deploy,
  deployTaskThenProbe,
  eventually,
  expectNoJob,
  expectStatus,
  nextJob,
  type Job,
} from '../support/probe.js';

describe('engine: jobs', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const oneTask = (type: string) => deployTaskThenProbe(engine.zeebe, type);

  it('ActivateJobs: a long poll waits for a job created after the request and returns it (Zeebe long polling)', async function () {
    // given a long poll for a type nobody has created yet
    const type = uid('late');
    const { id } = await oneTask(type);
    const polling = engine.zeebe.activateJobs({
      type,
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 30_000,
      requestTimeout: 10_000,
    });
    // when the job appears while the request is parked
    await new Promise((r) => setTimeout(r, 300));
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    // then the parked request returns it
    const jobs = await polling;
    expect(jobs.map((j) => j.type)).to.deep.equal([type]);
  });

  it('ActivateJobs: with no job, the request ends empty when its requestTimeout elapses (Zeebe long polling timeout)', async function () {
    const asked = Date.now();
    const jobs = await engine.zeebe.activateJobs({
      type: uid('none'),
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 1000,
      requestTimeout: 500,
    });
    expect(jobs).to.deep.equal([]);
    // a lower bound only: the request was parked rather than answered at once (load can only lengthen it)
    expect(Date.now() - asked).to.be.at.least(450);
  });

  it('ActivateJobs: honours maxJobsToActivate, the worker name, the job timeout and fetchVariable', async () => {
    // given three instances waiting at a job
    const type = uid('batch');
    const { id } = await oneTask(type);
    for (let i = 0; i < 3; i++)
      await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { n: i, secret: 'x' } });
    // when two are activated with a worker name, a timeout and one fetched variable
    const before = Date.now();
    const jobs = await eventually(async () => {
      const found = await engine.zeebe.activateJobs({
        type,
        worker: 'batch-worker',
        maxJobsToActivate: 2,
        timeout: 60_000,
        fetchVariable: ['n'],
        requestTimeout: 1000,
      });
      expect(found).to.have.length(2);
      return found;
    });
    // then
    for (const job of jobs) {
      expect(job.worker).to.equal('batch-worker');
      expect(Number(job.deadline)).to.be.at.least(before + 59_000);
      expect(Object.keys(job.variables)).to.deep.equal(['n']);
    }
    expect((await nextJob(engine.zeebe, type)).type).to.equal(type);
  });

  it('StreamActivatedJobs: a job created while a stream is open is pushed to it (Zeebe job push)', async function () {
    // given an open stream
    const type = uid('pushed');
    const { id } = await oneTask(type);
    const received: unknown[] = [];
    const stream = await engine.zeebe.streamJobs({
      type,
      worker: 'streamer',
      timeout: 30_000,
      tenantIds: [],
      pollInterval: 0,
      taskHandler: async (job) => {
        received.push((job.variables as { origin?: string }).origin);
        return job.complete({ streamed: true });
      },
    });
    try {
      // when an instance creates the job
      await new Promise((r) => setTimeout(r, 200));
      await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { origin: 'stream' } });
      // then the stream receives it with the instance's variables
      await eventually(async () => expect(received).to.deep.equal(['stream']));
    } finally {
      stream.close();
    }
  });

  it('CompleteJob: completion variables propagate to the process (Zeebe variable propagation)', async () => {
    const type = uid('complete');
    const { id, probe } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { a: 1 } });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.completeJob({ jobKey: job.key, variables: { b: 2 } });
    const next = await nextJob(engine.zeebe, probe);
    expect(next.variables).to.deep.equal({ a: 1, b: 2 });
  });

  it('CompleteJob: an unknown job key is NOT_FOUND, and so is a second completion', async () => {
    const type = uid('twice');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
    await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'NOT_FOUND');
    await expectStatus(engine.zeebe.completeJob({ jobKey: '2251799813999999', variables: {} }), 'NOT_FOUND');
  });

  it('CompleteJob: variables that are not a JSON object are INVALID_ARGUMENT', async function () {
    const type = uid('badvars');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    const grpc = await (engine.zeebe as unknown as { grpc: Promise<{ completeJobSync(r: object): Promise<unknown> }> })
      .grpc;
    await expectStatus(grpc.completeJobSync({ jobKey: job.key, variables: '[1,2]' }), 'INVALID_ARGUMENT');
  });

  it('FailJob: with retries left the job comes back with those retries, after the back-off (Zeebe retries and retryBackOff)', async () => {
    // given an activated job
    const type = uid('retry');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    // when it fails with 2 retries and a back-off
    await engine.zeebe.failJob({ jobKey: job.key, errorMessage: 'try later', retries: 2, retryBackOff: 1500 });
    // then it is not activatable during the back-off, and is afterwards, with 2 retries
    await expectNoJob(engine.zeebe, type);
    const again = await nextJob(engine.zeebe, type);
    expect(again.key).to.equal(job.key);
    expect(again.retries).to.equal(2);
  });

  it('FailJob: a job in a back-off cannot be completed (FAILED_PRECONDITION)', async () => {
    const type = uid('backoff');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.failJob({ jobKey: job.key, errorMessage: 'wait', retries: 1, retryBackOff: 60_000 });
    await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'FAILED_PRECONDITION');
  });

  it('ActivateJobs: a job whose timeout passes is handed out again (Zeebe job timeout)', async () => {
    const type = uid('timeout');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const first = await eventually(async () => {
      const jobs = await engine.zeebe.activateJobs({
        type,
        worker: 'slow',
        maxJobsToActivate: 1,
        timeout: 1000,
        requestTimeout: 1000,
      });
      expect(jobs).to.have.length(1);
      return jobs[0] as Job;
    });
    const second = await nextJob(engine.zeebe, type);
    expect(second.key).to.equal(first.key);
    expect(second.worker).to.equal('spec');
  });

  it('UpdateJobTimeout: a job whose deadline was extended is not handed out again when the old one passes; unknown keys are NOT_FOUND', async () => {
    // given a job activated with a one-second timeout
    const type = uid('extend');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const [job] = await eventually(async () => {
      const jobs = await engine.zeebe.activateJobs({
        type,
        worker: 'w',
        maxJobsToActivate: 1,
        timeout: 1000,
        requestTimeout: 1000,
      });
      expect(jobs).to.have.length(1);
      return jobs;
    });
    // when its timeout is extended to two minutes
    await engine.zeebe.updateJobTimeout({ jobKey: (job as Job).key, timeout: 120_000 });
    // then it stays with its worker after the original second has passed
    await new Promise((r) => setTimeout(r, 2500));
    await expectNoJob(engine.zeebe, type);
    await expectStatus(engine.zeebe.updateJobTimeout({ jobKey: '2251799813999998', timeout: 1000 }), 'NOT_FOUND');
  });

  it('UpdateJobRetries: the next activation carries the new retries; fewer than 1 is INVALID_ARGUMENT', async () => {
    const type = uid('retries');
    const { id } = await oneTask(type);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.updateJobRetries({ jobKey: job.key, retries: 7 });
    await expectStatus(engine.zeebe.updateJobRetries({ jobKey: job.key, retries: 0 }), 'INVALID_ARGUMENT');
    await engine.zeebe.failJob({ jobKey: job.key, errorMessage: 'again', retries: 7, retryBackOff: 0 });
    expect((await nextJob(engine.zeebe, type)).retries).to.equal(7);
  });

  it('ThrowError: an error boundary event with the code catches it; its variables are local to the catch event (Zeebe error catching)', async () => {
    // given a task with an error boundary for CODE_A
    const id = uid('throw');
    const [type, caught, normal] = [uid('work'), uid('caught'), uid('normal')];
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        serviceTask('work', type),
        boundary('onError', 'work', errorDef('err_a'), true, io({}, { reasonSeen: '=reason' })),
        serviceTask('caught', caught),
        serviceTask('normal', normal),
        end('end1'),
        end('end2'),
        path('start', 'work', 'normal', 'end1'),
        path('onError', 'caught', 'end2'),
      ],
      [error('err_a', 'CODE_A')],
    );
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    // when the worker throws CODE_A with variables
    await engine.zeebe.throwError({
      jobKey: job.key,
      errorCode: 'CODE_A',
      errorMessage: 'business',
      variables: { reason: 'no' },
    });
    // then the boundary path runs and the task's path does not; only what the catch event maps out is visible
    const next = await nextJob(engine.zeebe, caught);
    expect(next.variables).to.deep.equal({ reasonSeen: 'no' });
    await expectNoJob(engine.zeebe, normal);
    await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'NOT_FOUND');
  });
});
