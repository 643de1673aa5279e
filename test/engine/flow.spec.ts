// Sequence flow semantics: gateways, end events, error boundary events, and the task types that pass through
// or become jobs. Each path ends in a service task with its own job type, so the job that appears shows
// which path the engine took and with which variables.
import { expect } from 'chai';
import {
  boundary,
  end,
  error,
  errorDef,
  exclusive,
  flow,
  headers,
  manualTask,
  parallel,
  path,
  scriptTask,
  sendTask,
  serviceTask,
  start,
  task,
  terminateDef,
  uid,
  userTask,
} from '../support/bpmn.js';
import { embeddedOnly, testEngine, type TestEngine } from '../support/engine.js';
import { theIncident } from '../support/incidents.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob, type Client, type Job } from '../support/probe.js';

const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/**
 * The user task job of one process instance. All job-based user tasks share one job type, so on a shared
 * broker other instances' user tasks may be waiting too; they are activated briefly and left alone.
 */
async function userTaskJobOf(zeebe: Client, processInstanceKey: string): Promise<Job> {
  return eventually(async () => {
    const jobs = await zeebe.activateJobs({
      type: USER_TASK_JOB_TYPE,
      worker: 'spec',
      maxJobsToActivate: 100,
      timeout: 2_000,
      requestTimeout: -1,
    });
    const job = jobs.find((j) => j.processInstanceKey === processInstanceKey);
    if (!job) throw new Error(`no user task job of process instance ${processInstanceKey}`);
    return job;
  });
}

describe('engine: sequence flow, gateways, events and tasks', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const startInstance = (bpmnProcessId: string, variables: Record<string, string | number | boolean> = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });

  describe('exclusive gateway', () => {
    // amount > 100 and amount > 10 can both be true; the default flow goes to Task_Small
    const deployRouting = async () => {
      const id = uid('exclusive');
      const types = { large: uid('large'), medium: uid('medium'), small: uid('small') };
      await deploy(engine.zeebe, id, [
        start(),
        exclusive('Gateway_Amount', 'Flow_Default'),
        serviceTask('Task_Large', types.large),
        serviceTask('Task_Medium', types.medium),
        serviceTask('Task_Small', types.small),
        flow('start', 'Gateway_Amount'),
        flow('Gateway_Amount', 'Task_Large', '=amount > 100'),
        flow('Gateway_Amount', 'Task_Medium', '=amount > 10'),
        flow('Gateway_Amount', 'Task_Small', undefined, 'Flow_Default'),
      ]);
      return { id, types };
    };

    it('ExclusiveGateway: takes the outgoing flow whose FEEL condition is true', async () => {
      // given
      const { id, types } = await deployRouting();
      // when only amount > 10 holds
      await startInstance(id, { amount: 50 });
      // then
      const job = await nextJob(engine.zeebe, types.medium);
      expect(job.elementId).to.equal('Task_Medium');
      expect(job.variables).to.deep.equal({ amount: 50 });
      await expectNoJob(engine.zeebe, types.large);
      await expectNoJob(engine.zeebe, types.small);
    });

    it('ExclusiveGateway: when several conditions are true, takes the first one Zeebe evaluates: the flow declared last in the XML', async () => {
      // Zeebe 8.6 evaluates the conditional flows in reverse document order of their <bpmn:sequenceFlow>
      // elements (observed on the broker; <bpmn:outgoing> children do not change it), so here
      // amount > 10, declared after amount > 100, is evaluated first and wins
      // given
      const { id, types } = await deployRouting();
      // when both amount > 100 and amount > 10 hold
      await startInstance(id, { amount: 500 });
      // then
      const job = await nextJob(engine.zeebe, types.medium);
      expect(job.elementId).to.equal('Task_Medium');
      await expectNoJob(engine.zeebe, types.large);
      await expectNoJob(engine.zeebe, types.small);
    });

    it('ExclusiveGateway: takes the default flow when no condition is true', async () => {
      // given
      const { id, types } = await deployRouting();
      // when
      await startInstance(id, { amount: 5 });
      // then
      const job = await nextJob(engine.zeebe, types.small);
      expect(job.elementId).to.equal('Task_Small');
      await expectNoJob(engine.zeebe, types.large);
      await expectNoJob(engine.zeebe, types.medium);
    });
  });

  describe('parallel gateway and implicit split', () => {
    const deployForkJoin = async () => {
      const id = uid('parallel');
      const types = { a: uid('branch-a'), b: uid('branch-b'), after: uid('after-join') };
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Gateway_Fork'),
        serviceTask('Task_A', types.a),
        serviceTask('Task_B', types.b),
        parallel('Gateway_Join'),
        serviceTask('Task_After', types.after),
        flow('start', 'Gateway_Fork'),
        path('Gateway_Fork', 'Task_A', 'Gateway_Join'),
        path('Gateway_Fork', 'Task_B', 'Gateway_Join'),
        flow('Gateway_Join', 'Task_After'),
      ]);
      return { id, types };
    };

    it('ParallelGateway fork: takes every outgoing flow, so each branch has a job', async () => {
      // given
      const { id, types } = await deployForkJoin();
      // when
      const { processInstanceKey } = await startInstance(id);
      // then
      const a = await nextJob(engine.zeebe, types.a);
      const b = await nextJob(engine.zeebe, types.b);
      expect([a.processInstanceKey, b.processInstanceKey]).to.deep.equal([processInstanceKey, processInstanceKey]);
      expect([a.elementId, b.elementId]).to.deep.equal(['Task_A', 'Task_B']);
    });

    it('ParallelGateway join: waits for a token on every incoming flow, then continues once with the merged variables', async () => {
      // given
      const { id, types } = await deployForkJoin();
      await startInstance(id);
      const a = await nextJob(engine.zeebe, types.a);
      const b = await nextJob(engine.zeebe, types.b);
      // when one branch completes
      await engine.zeebe.completeJob({ jobKey: a.key, variables: { hasA: true } });
      // then the join still waits
      await expectNoJob(engine.zeebe, types.after);
      // when the other branch completes
      await engine.zeebe.completeJob({ jobKey: b.key, variables: { hasB: true } });
      // then the flow continues once, with the variables of both branches
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ hasA: true, hasB: true });
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Implicit parallel split: a task with two outgoing flows (no gateway) takes both', async () => {
      // given
      const id = uid('implicit-split');
      const types = { split: uid('split'), a: uid('branch-a'), b: uid('branch-b') };
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Split', types.split),
        serviceTask('Task_A', types.a),
        serviceTask('Task_B', types.b),
        path('start', 'Task_Split', 'Task_A'),
        flow('Task_Split', 'Task_B'),
      ]);
      await startInstance(id);
      // when
      const split = await nextJob(engine.zeebe, types.split);
      await engine.zeebe.completeJob({ jobKey: split.key, variables: { isSplit: true } });
      // then
      const a = await nextJob(engine.zeebe, types.a);
      const b = await nextJob(engine.zeebe, types.b);
      expect([a.variables, b.variables]).to.deep.equal([{ isSplit: true }, { isSplit: true }]);
    });
  });

  describe('end events', () => {
    it('None end event: the last token reaching it completes the instance (CreateProcessInstanceWithResult returns)', async () => {
      // given
      const id = uid('none-end');
      await deploy(engine.zeebe, id, [start(), end(), path('start', 'end')]);
      // when
      const result = await engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { applicationId: 'A-1' },
        requestTimeout: 15_000,
      });
      // then
      expect(result.bpmnProcessId).to.equal(id);
      expect(result.processInstanceKey).to.be.a('string');
      expect(result.variables).to.deep.equal({ applicationId: 'A-1' });
    });

    it('Terminate end event: ends the instance as completed and cancels the job still waiting on another branch', async function () {
      this.timeout(30_000);
      // given
      const id = uid('terminate');
      const types = { wait: uid('waiting'), go: uid('going') };
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Gateway_Fork'),
        serviceTask('Task_Waiting', types.wait),
        serviceTask('Task_Going', types.go),
        end('End_Terminate', terminateDef()),
        flow('start', 'Gateway_Fork'),
        flow('Gateway_Fork', 'Task_Waiting'),
        path('Gateway_Fork', 'Task_Going', 'End_Terminate'),
      ]);
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: {},
        requestTimeout: 20_000,
      });
      const waiting = await nextJob(engine.zeebe, types.wait);
      const going = await nextJob(engine.zeebe, types.go);
      // when
      await engine.zeebe.completeJob({ jobKey: going.key, variables: { isTerminated: true } });
      // then the instance completed (only completion answers CreateProcessInstanceWithResult)
      const result = await completion;
      expect(result.processInstanceKey).to.equal(waiting.processInstanceKey);
      expect(result.variables).to.deep.equal({ isTerminated: true });
      // and the other branch's job is gone
      await expectStatus(engine.zeebe.completeJob({ jobKey: waiting.key, variables: {} }), 'NOT_FOUND');
    });

    it('Error end event with no catching boundary event: raises an UNHANDLED_ERROR_EVENT incident on the end event', async function () {
      embeddedOnly(
        engine,
        this,
        "the incident is only visible in the embedded engine's table; Zeebe shows it in Operate",
      );
      // given
      const id = uid('error-end');
      await deploy(
        engine.zeebe,
        id,
        [start(), end('End_Rejected', errorDef('Error_Rejected')), path('start', 'End_Rejected')],
        [error('Error_Rejected', 'APPLICATION_REJECTED')],
      );
      // when
      const { processInstanceKey } = await startInstance(id);
      // then
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ elementId: 'End_Rejected', errorType: 'UNHANDLED_ERROR_EVENT', jobKey: null });
      expect(incident.errorMessage).to.contain("'APPLICATION_REJECTED'").and.to.contain('was not caught');
    });
  });

  describe('error boundary events', () => {
    /** Deploys start -> Task_Work -> Task_Next with error boundary events on Task_Work, each followed by its own handler task. */
    const deployWithBoundaries = async (boundaries: { id: string; errorRef?: string }[], errors: string[] = []) => {
      const id = uid('error-boundary');
      const types = { work: uid('work'), next: uid('next') };
      const handlers = new Map(boundaries.map((b) => [b.id, uid(`handle-${b.id}`)]));
      const handlerType = (boundaryId: string) => handlers.get(boundaryId) ?? expect.fail(`no boundary ${boundaryId}`);
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          serviceTask('Task_Work', types.work),
          serviceTask('Task_Next', types.next),
          path('start', 'Task_Work', 'Task_Next'),
          ...boundaries.flatMap((b) => [
            boundary(b.id, 'Task_Work', errorDef(b.errorRef)),
            serviceTask(`Task_${b.id}`, handlerType(b.id)),
            flow(b.id, `Task_${b.id}`),
          ]),
        ],
        errors,
      );
      await startInstance(id);
      const work = await nextJob(engine.zeebe, types.work);
      return { types, handlerType, work };
    };

    it('ThrowError: an error boundary event with a matching error code catches it and interrupts the task (its job is gone)', async () => {
      // given
      const { types, handlerType, work } = await deployWithBoundaries(
        [{ id: 'Boundary_Missing', errorRef: 'Error_Missing' }],
        [error('Error_Missing', 'DOCUMENTS_MISSING')],
      );
      // when
      await engine.zeebe.throwError({
        jobKey: work.key,
        errorCode: 'DOCUMENTS_MISSING',
        errorMessage: 'no passport',
      });
      // then
      const handler = await nextJob(engine.zeebe, handlerType('Boundary_Missing'));
      expect(handler.elementId).to.equal('Task_Boundary_Missing');
      await expectNoJob(engine.zeebe, types.next);
      await expectStatus(engine.zeebe.completeJob({ jobKey: work.key, variables: {} }), 'NOT_FOUND');
    });

    it('ThrowError: an error boundary event without errorRef catches any error code', async () => {
      // given
      const { types, handlerType, work } = await deployWithBoundaries([{ id: 'Boundary_Any' }]);
      // when
      await engine.zeebe.throwError({ jobKey: work.key, errorCode: 'SOMETHING_UNEXPECTED', errorMessage: '' });
      // then
      const handler = await nextJob(engine.zeebe, handlerType('Boundary_Any'));
      expect(handler.elementId).to.equal('Task_Boundary_Any');
      await expectNoJob(engine.zeebe, types.next);
    });

    it('ThrowError: a boundary event with the matching code wins over a catch-all one, whatever the model order', async () => {
      // given
      const { handlerType, work } = await deployWithBoundaries(
        [{ id: 'Boundary_Any' }, { id: 'Boundary_Missing', errorRef: 'Error_Missing' }],
        [error('Error_Missing', 'DOCUMENTS_MISSING')],
      );
      // when
      await engine.zeebe.throwError({ jobKey: work.key, errorCode: 'DOCUMENTS_MISSING', errorMessage: '' });
      // then
      await nextJob(engine.zeebe, handlerType('Boundary_Missing'));
      await expectNoJob(engine.zeebe, handlerType('Boundary_Any'));
    });
  });

  describe('tasks', () => {
    /** Deploys start -> element -> Task_Next and returns the job type of Task_Next. */
    const deployBefore = async (id: string, element: string, elementId: string) => {
      const next = uid('next');
      await deploy(engine.zeebe, id, [
        start(),
        element,
        serviceTask('Task_Next', next),
        path('start', elementId, 'Task_Next'),
      ]);
      return next;
    };

    it('Script task (zeebe:script): evaluates the FEEL expression and stores the result in resultVariable', async () => {
      // given
      const id = uid('script');
      const next = await deployBefore(id, scriptTask('Task_Total', '=price * quantity', 'total'), 'Task_Total');
      // when
      await startInstance(id, { price: 12.5, quantity: 4 });
      // then
      const job = await nextJob(engine.zeebe, next);
      expect(job.variables).to.deep.equal({ price: 12.5, quantity: 4, total: 50 });
    });

    it('Manual task: passes straight through without a job', async () => {
      // given
      const id = uid('manual');
      const next = await deployBefore(id, manualTask('Task_Manual'), 'Task_Manual');
      // when
      const { processInstanceKey } = await startInstance(id);
      // then
      const job = await nextJob(engine.zeebe, next);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
    });

    it('Undefined task (bpmn:task): passes straight through without a job', async () => {
      // given
      const id = uid('undefined-task');
      const next = await deployBefore(id, task('Task_Undefined'), 'Task_Undefined');
      // when
      const { processInstanceKey } = await startInstance(id);
      // then
      const job = await nextJob(engine.zeebe, next);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
    });

    it('Send task: is a job of its zeebe:taskDefinition type, and the flow continues when it completes', async () => {
      // given
      const id = uid('send');
      const type = uid('send-confirmation');
      const next = await deployBefore(id, sendTask('Task_Send', type), 'Task_Send');
      await startInstance(id);
      // when
      const send = await nextJob(engine.zeebe, type);
      expect(send.elementId).to.equal('Task_Send');
      await expectNoJob(engine.zeebe, next);
      await engine.zeebe.completeJob({ jobKey: send.key, variables: { isSent: true } });
      // then
      const job = await nextJob(engine.zeebe, next);
      expect(job.variables).to.deep.equal({ isSent: true });
    });

    it('Service task zeebe:taskHeaders: the job carries them as custom headers', async () => {
      // given
      const id = uid('headers');
      const type = uid('work');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Work', type, headers({ region: 'dk', 'review-level': '2' })),
        path('start', 'Task_Work'),
      ]);
      // when
      await startInstance(id);
      // then
      const job = await nextJob(engine.zeebe, type);
      expect(job.customHeaders).to.deep.equal({ region: 'dk', 'review-level': '2' });
    });
  });

  describe('job-based user tasks', () => {
    const startUserTask = async (extensions: string) => {
      const id = uid('user-task');
      await deploy(engine.zeebe, id, [start(), userTask('Task_Review', extensions), path('start', 'Task_Review')]);
      const { processInstanceKey } = await startInstance(id);
      const job = await userTaskJobOf(engine.zeebe, processInstanceKey);
      // leave nothing waiting under the shared user task job type
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      return job;
    };

    it('User task: is a job of type io.camunda.zeebe:userTask with the assignee and candidate groups as JSON list headers', async () => {
      // when
      const job = await startUserTask('<zeebe:assignmentDefinition assignee="alice" candidateGroups="a, b"/>');
      // then
      expect(job.type).to.equal(USER_TASK_JOB_TYPE);
      expect(job.elementId).to.equal('Task_Review');
      expect(job.customHeaders).to.deep.equal({
        'io.camunda.zeebe:assignee': 'alice',
        'io.camunda.zeebe:candidateGroups': '["a","b"]',
      });
    });

    it("User task: the dueDate header is the date-time in Java's ZonedDateTime format (zero seconds left out)", async () => {
      // when
      const job = await startUserTask('<zeebe:taskSchedule dueDate="2023-02-28T08:16:00Z"/>');
      // then
      expect(job.customHeaders).to.deep.equal({ 'io.camunda.zeebe:dueDate': '2023-02-28T08:16Z' });
    });

    it('User task: zeebe:formDefinition formKey becomes the io.camunda.zeebe:formKey header, verbatim', async () => {
      // when
      const job = await startUserTask('<zeebe:formDefinition formKey="custom:review-application"/>');
      // then
      expect(job.customHeaders).to.deep.equal({ 'io.camunda.zeebe:formKey': 'custom:review-application' });
    });
  });

  it('Terminate end event: the instance completes even while a parallel join holds a token (Zeebe terminate end event)', async () => {
    // given a fork into a -> join, b -> join and c -> terminate end
    const id = uid('terminate-join');
    const [a, b, c] = [uid('a'), uid('b'), uid('c')];
    await deploy(engine.zeebe, id, [
      start(),
      parallel('fork'),
      serviceTask('a', a),
      serviceTask('b', b),
      serviceTask('c', c),
      parallel('join'),
      end('end_joined'),
      end('end_terminate', terminateDef()),
      path('start', 'fork'),
      path('fork', 'a', 'join', 'end_joined'),
      path('fork', 'b', 'join'),
      path('fork', 'c', 'end_terminate'),
    ]);
    const result = engine.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: id,
      variables: {},
      requestTimeout: 20_000,
    });
    // when a reaches the join, and then c reaches the terminate end event
    await engine.zeebe.completeJob({ jobKey: (await nextJob(engine.zeebe, a)).key, variables: { aDone: true } });
    const jobB = await nextJob(engine.zeebe, b);
    await engine.zeebe.completeJob({ jobKey: (await nextJob(engine.zeebe, c)).key, variables: { cDone: true } });
    // then the instance completes, and b's job is gone
    expect((await result).variables).to.deep.equal({ aDone: true, cDone: true });
    await expectStatus(engine.zeebe.completeJob({ jobKey: jobB.key, variables: {} }), 'NOT_FOUND');
  });
});
