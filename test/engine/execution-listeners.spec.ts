// Execution listeners (zeebe:executionListeners): for each listener the engine creates a job of the
// listener's type and waits for it before it goes on with the element. Start listeners run when the element
// is entered, before it does its own work (the task's job, the gateway's conditions, the timer); end
// listeners run when it has done its work, before the flow leaves it. The listener jobs, their order, what
// they see, where their variables land, how they fail, and which elements and events Zeebe accepts them on.
import { expect } from 'chai';
import {
  attr,
  boundary,
  catchEvent,
  end,
  error,
  errorDef,
  flow,
  headers,
  io,
  message,
  messageDef,
  path,
  processXml,
  serviceTask,
  start,
  subProcess,
  terminateDef,
  timerDef,
  uid,
} from '../support/bpmn.js';
import { sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { theIncident } from '../support/incidents.js';
import { eventually, expectNoJob, expectStatus, nextJob, type Job } from '../support/probe.js';
import { pause } from '../support/waits.js';

type EventType = 'start' | 'end';
/** One zeebe:executionListener: its event, its job type (static or `=FEEL`) and optionally its retries. */
type Listener = [eventType: EventType, type: string, retries?: string];

/** zeebe:executionListeners with the listeners in document order. */
const listeners = (...list: Listener[]) =>
  `<zeebe:executionListeners>${list
    .map(
      ([eventType, type, retries]) =>
        `<zeebe:executionListener eventType="${eventType}" type="${attr(type)}"${retries === undefined ? '' : ` retries="${attr(retries)}"`}/>`,
    )
    .join('')}</zeebe:executionListeners>`;

const ext = (inner: string) => `<bpmn:extensionElements>${inner}</bpmn:extensionElements>`;
/** An end event with extension elements (test/support's end() takes none). */
const endEvent = (id: string, extensions: string, definition = '') =>
  `<bpmn:endEvent id="${id}">${ext(extensions)}${definition}</bpmn:endEvent>`;
/** A gateway with extension elements; the event-based one lists its outgoing flows, as Zeebe requires. */
const gateway = (
  kind: 'exclusive' | 'parallel' | 'inclusive' | 'eventBased',
  id: string,
  extensions: string,
  options: { defaultFlow?: string; outgoing?: string[] } = {},
) =>
  `<bpmn:${kind}Gateway id="${id}"${options.defaultFlow ? ` default="${options.defaultFlow}"` : ''}>${ext(extensions)}${(
    options.outgoing ?? []
  )
    .map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`)
    .join('')}</bpmn:${kind}Gateway>`;
const throwEvent = (id: string, extensions: string) =>
  `<bpmn:intermediateThrowEvent id="${id}">${ext(extensions)}</bpmn:intermediateThrowEvent>`;

describe('engine: execution listeners', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  type Variables = Record<string, string | number | boolean>;
  const startInstance = (bpmnProcessId: string, variables: Variables = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });
  const complete = (job: Job, variables: Variables = {}) => engine.zeebe.completeJob({ jobKey: job.key, variables });
  /** Resolves once the process instance is gone (completed or terminated): cancelling it is NOT_FOUND. */
  const expectInstanceGone = (processInstanceKey: string) =>
    eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));

  /** Deploys a process whose <bpmn:process> carries `processExtensions` (process-level listeners). */
  async function deployProcess(id: string, body: string[], processExtensions = '', root: string[] = []) {
    const open = `<bpmn:process id="${id}" isExecutable="true">`;
    const xml = processXml(id, body, root).replace(open, () => open + (processExtensions && ext(processExtensions)));
    const result = await engine.zeebe.deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
    const process = result.deployments[0]?.process;
    if (!process) throw new Error('deployment returned no process');
    return process;
  }

  /** Deploys start → Task (job type types.task, with `extensions`) → Task_After → end; returns the types. */
  async function taskProcess(extensions: (types: { task: string }) => string, taskType?: string) {
    const id = uid('listened-task');
    const types = { task: taskType ?? uid('check-documents'), after: uid('register-applicant') };
    await deployProcess(id, [
      start(),
      serviceTask('Task', types.task, extensions(types)),
      serviceTask('Task_After', types.after),
      end(),
      path('start', 'Task', 'Task_After', 'end'),
    ]);
    return { id, types };
  }

  describe('on a service task', () => {
    it('Start execution listener on a service task: its job comes first, on the task (same elementId and elementInstanceKey, default 3 retries, the process variables); the task job only after it completes', async () => {
      // given
      const type = uid('prepare-check');
      const { id, types } = await taskProcess(() => listeners(['start', type]));
      // when
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then the listener job is there, and the task's own job is not
      const listener = await nextJob(engine.zeebe, type);
      expect(listener).to.include({ type, elementId: 'Task', processInstanceKey, retries: 3 });
      expect(listener.variables).to.deep.equal({ caseId: 'c-1' });
      await pause(500);
      await expectNoJob(engine.zeebe, types.task);
      // when the listener job completes, the task's job is created, on the same element instance
      await complete(listener);
      const task = await nextJob(engine.zeebe, types.task);
      expect(task.elementId).to.equal('Task');
      expect(task.elementInstanceKey).to.equal(listener.elementInstanceKey);
      await complete(task);
      await nextJob(engine.zeebe, types.after);
    });

    it('Start execution listener on a service task: the variables its job completes with are local to the task: the task job sees them (overriding a process variable of the same name), the flow after the task does not', async () => {
      // given
      const type = uid('prepare-check');
      const { id, types } = await taskProcess(() => listeners(['start', type]));
      await startInstance(id, { status: 'new' });
      // when the listener job completes with a new variable and a process variable's name
      await complete(await nextJob(engine.zeebe, type), { checklist: 'passport', status: 'checking' });
      // then the task job sees both, the listener's value winning
      const task = await nextJob(engine.zeebe, types.task);
      expect(task.variables).to.deep.equal({ status: 'checking', checklist: 'passport' });
      // and after the task they are gone: the process variable was never changed
      await complete(task, { isChecked: true });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ status: 'new', isChecked: true });
    });

    it("Start execution listener on a service task: the task's input mappings are applied before it (its job sees them; a mapping that reads a listener variable gets null and is not evaluated again)", async () => {
      // given a task with an input mapping from a constant and one from a variable the listener sets
      const type = uid('prepare-check');
      const { id, types } = await taskProcess(
        () => io({ office: '="Copenhagen"', greeting: '="Hello " + applicant' }) + listeners(['start', type]),
      );
      await startInstance(id);
      // when
      const listener = await nextJob(engine.zeebe, type);
      // then the listener job already sees the mapped variables (the second one null: no applicant yet)
      expect(listener.variables).to.deep.equal({ office: 'Copenhagen', greeting: null });
      // and the listener's variable comes too late for the mapping
      await complete(listener, { applicant: 'Ada' });
      const task = await nextJob(engine.zeebe, types.task);
      expect(task.variables).to.deep.equal({ office: 'Copenhagen', greeting: null, applicant: 'Ada' });
    });

    it("Start execution listener on a service task: its variables feed the task's own expressions (a FEEL job type evaluated after it)", async () => {
      // given a task whose job type is the expression `=workType`, which nothing but the listener sets
      const type = uid('choose-worker');
      const { id } = await taskProcess(() => listeners(['start', type]), '=workType');
      await startInstance(id);
      // when
      const workType = uid('check-documents');
      await complete(await nextJob(engine.zeebe, type), { workType });
      // then
      const task = await nextJob(engine.zeebe, workType);
      expect(task.elementId).to.equal('Task');
    });

    it("End execution listener on a service task: its job comes after the task job completes and the task's output mappings are applied; its variables reach the process even though the task has output mappings (which keep the task job's own variables local); only then does the flow continue", async () => {
      // given a task with a local input, an output mapping and an end listener
      const type = uid('archive-check');
      const { id, types } = await taskProcess(
        () =>
          io({ office: '="Copenhagen"' }, { summary: '=office + ": " + string(isChecked)' }) + listeners(['end', type]),
      );
      const { processInstanceKey } = await startInstance(id, { status: 'new' });
      const task = await nextJob(engine.zeebe, types.task);
      // when the task job completes
      await complete(task, { isChecked: true });
      // then the end listener job runs on the task, seeing its local input, the job's result and the output
      const listener = await nextJob(engine.zeebe, type);
      expect(listener).to.include({
        elementId: 'Task',
        elementInstanceKey: task.elementInstanceKey,
        processInstanceKey,
      });
      expect(listener.variables).to.deep.equal({
        status: 'new',
        office: 'Copenhagen',
        isChecked: true,
        summary: 'Copenhagen: true',
      });
      await pause(500);
      await expectNoJob(engine.zeebe, types.after);
      // when it completes, its variables reach the process (a process variable is updated) and the flow goes on;
      // of the task job's variables only the output mapping's result is there
      await complete(listener, { status: 'archived', archivedBy: 'listener' });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({
        status: 'archived',
        summary: 'Copenhagen: true',
        archivedBy: 'listener',
      });
    });

    it("Several execution listeners of one event run one after the other in document order, each job seeing the previous listeners' variables; start listeners of one type may share it with end listeners", async () => {
      // given two start and two end listeners, the first start and the last end listener with the same type
      const [shared, second, third] = [uid('audit'), uid('prepare-check'), uid('archive-check')];
      const { id, types } = await taskProcess(() =>
        listeners(['start', shared], ['start', second], ['end', third], ['end', shared]),
      );
      await startInstance(id);
      // then the first start listener runs alone
      const first = await nextJob(engine.zeebe, shared);
      await expectNoJob(engine.zeebe, second);
      await complete(first, { one: 1 });
      // then the second, seeing the first one's variables, and the task only after it
      const next = await nextJob(engine.zeebe, second);
      expect(next.variables).to.deep.equal({ one: 1 });
      await expectNoJob(engine.zeebe, types.task);
      await complete(next, { two: 2 });
      const task = await nextJob(engine.zeebe, types.task);
      expect(task.variables).to.deep.equal({ one: 1, two: 2 });
      await complete(task);
      // then the end listeners in order
      const firstEnd = await nextJob(engine.zeebe, third);
      await expectNoJob(engine.zeebe, shared);
      await complete(firstEnd, { three: 3 });
      const lastEnd = await nextJob(engine.zeebe, shared);
      expect(lastEnd.variables).to.deep.equal({ one: 1, two: 2, three: 3 });
      await expectNoJob(engine.zeebe, types.after);
      await complete(lastEnd);
      await nextJob(engine.zeebe, types.after);
    });

    it('Execution listener type and retries as FEEL expressions: evaluated when the listener job is created; a static retries sets the job retries, and FailJob with retries left hands the listener job out again', async () => {
      // given a listener whose type and retries are expressions, and one with static retries
      const kind = uid('kind');
      const staticType = uid('prepare-check');
      const { id, types } = await taskProcess(() =>
        listeners(['start', '="prepare-" + kind', '=attempts + 1'], ['start', staticType, '7']),
      );
      await startInstance(id, { kind, attempts: 4 });
      // then
      const dynamic = await nextJob(engine.zeebe, `prepare-${kind}`);
      expect(dynamic).to.include({ type: `prepare-${kind}`, retries: 5 });
      await complete(dynamic);
      const fixed = await nextJob(engine.zeebe, staticType);
      expect(fixed.retries).to.equal(7);
      // when it fails with retries left, it comes back with those retries
      await engine.zeebe.failJob({ jobKey: fixed.key, retries: 6, errorMessage: 'register busy', retryBackOff: 0 });
      const again = await nextJob(engine.zeebe, staticType);
      expect(again).to.include({ key: fixed.key, retries: 6 });
      await complete(again);
      await nextJob(engine.zeebe, types.task);
    });

    it("Execution listener jobs carry the listened element's zeebe:taskHeaders (Zeebe 8.8; Zeebe 8.6 sends none)", async function () {
      sinceZeebe(engine, '8.8', this);
      // given
      const [startType, endType] = [uid('prepare-check'), uid('archive-check')];
      const { id, types } = await taskProcess(
        () => headers({ office: 'Copenhagen' }) + listeners(['start', startType], ['end', endType]),
      );
      await startInstance(id);
      // then
      const startJob = await nextJob(engine.zeebe, startType);
      expect(startJob.customHeaders).to.deep.equal({ office: 'Copenhagen' });
      await complete(startJob);
      const task = await nextJob(engine.zeebe, types.task);
      expect(task.customHeaders).to.deep.equal({ office: 'Copenhagen' });
      await complete(task);
      const endJob = await nextJob(engine.zeebe, endType);
      expect(endJob.customHeaders).to.deep.equal({ office: 'Copenhagen' });
    });

    it("Execution listener job over the gateway API: no field marks it as a listener job (no kind, jobKind or listenerEventType); it has exactly the task job's fields", async () => {
      // given
      const [startType, endType] = [uid('prepare-check'), uid('archive-check')];
      const { id, types } = await taskProcess(() => listeners(['start', startType], ['end', endType]));
      await startInstance(id);
      // when
      const startJob = await nextJob(engine.zeebe, startType);
      await complete(startJob);
      const task = await nextJob(engine.zeebe, types.task);
      await complete(task);
      const endJob = await nextJob(engine.zeebe, endType);
      // then
      for (const job of [startJob, endJob]) {
        expect(job).not.to.have.any.keys('kind', 'jobKind', 'listenerEventType');
        expect(Object.keys(job).sort()).to.deep.equal(Object.keys(task).sort());
      }
    });

    it("Start execution listener on a service task: the task's boundary events are armed only once its start listeners are done (a due timer does not fire while the listener job waits)", async () => {
      // given a task with a 1-second interrupting timer boundary event
      const type = uid('prepare-check');
      const escalate = uid('escalate');
      const id = uid('listened-timer');
      const task = uid('check-documents');
      await deployProcess(id, [
        start(),
        serviceTask('Task', task, listeners(['start', type])),
        boundary('Timer_Deadline', 'Task', timerDef('timeDuration', 'PT1S')),
        serviceTask('Task_Escalate', escalate),
        end(),
        end('end_escalated'),
        path('start', 'Task', 'end'),
        path('Timer_Deadline', 'Task_Escalate', 'end_escalated'),
      ]);
      await startInstance(id);
      const listener = await nextJob(engine.zeebe, type);
      // when well past the timer's duration the listener job is still open
      await pause(2500);
      // then the timer has not fired
      await expectNoJob(engine.zeebe, escalate);
      // when the listener completes, the task starts and the timer runs from then
      await complete(listener);
      await nextJob(engine.zeebe, task);
      const escalation = await nextJob(engine.zeebe, escalate, { timeoutMs: 15_000 });
      expect(escalation.elementId).to.equal('Task_Escalate');
    });

    it('End execution listeners do not run when their element is terminated: not on a task an interrupting boundary event leaves, not on a task or process that is cancelled (the boundary event runs its own end listener)', async () => {
      // given a task with an end listener and a 1-second interrupting timer whose event has an end listener
      const [taskEnd, timerEnd, processEnd] = [uid('archive-check'), uid('note-deadline'), uid('close-case')];
      const [task, escalate] = [uid('check-documents'), uid('escalate')];
      const id = uid('listened-interrupt');
      await deployProcess(
        id,
        [
          start(),
          serviceTask('Task', task, listeners(['end', taskEnd])),
          boundary('Timer_Deadline', 'Task', timerDef('timeDuration', 'PT1S'), true, listeners(['end', timerEnd])),
          serviceTask('Task_Escalate', escalate),
          end(),
          end('end_escalated'),
          path('start', 'Task', 'end'),
          path('Timer_Deadline', 'Task_Escalate', 'end_escalated'),
        ],
        listeners(['end', processEnd]),
      );
      const { processInstanceKey } = await startInstance(id);
      const taskJob = await nextJob(engine.zeebe, task);
      // when the timer interrupts the task
      const timerListener = await nextJob(engine.zeebe, timerEnd, { timeoutMs: 15_000 });
      // then the boundary event's end listener runs, the task's does not, and its job is gone
      expect(timerListener.elementId).to.equal('Timer_Deadline');
      await expectNoJob(engine.zeebe, taskEnd);
      await expectStatus(complete(taskJob), 'NOT_FOUND');
      await complete(timerListener);
      await nextJob(engine.zeebe, escalate);
      // when the instance is cancelled
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      // then the process end listener does not run
      await pause(500);
      await expectNoJob(engine.zeebe, processEnd);
      await expectNoJob(engine.zeebe, taskEnd);
    });
  });

  describe('on the process, events, gateways and subprocesses', () => {
    it("Execution listeners on the process, its start event and its end event run in this order: process start, start event end, (task), end event start, end event end, process end; the process ones have the process id as elementId and the instance key as elementInstanceKey; an end event's start listener variables stay local to it", async () => {
      // given
      const id = uid('listened-process');
      const t = {
        processStart: uid('open-case'),
        startEventEnd: uid('log-received'),
        task: uid('check-documents'),
        endEventStart: uid('log-finishing'),
        endEventEnd: uid('log-finished'),
        processEnd: uid('close-case'),
      };
      await deployProcess(
        id,
        [
          start('start', '', listeners(['end', t.startEventEnd])),
          serviceTask('Task', t.task),
          endEvent('end', listeners(['start', t.endEventStart], ['end', t.endEventEnd])),
          path('start', 'Task', 'end'),
        ],
        listeners(['start', t.processStart], ['end', t.processEnd]),
      );
      // when
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then the process start listener runs first, on the process instance itself
      const processStart = await nextJob(engine.zeebe, t.processStart);
      expect(processStart).to.include({ elementId: id, elementInstanceKey: processInstanceKey, processInstanceKey });
      expect(processStart.variables).to.deep.equal({ caseId: 'c-1' });
      await expectNoJob(engine.zeebe, t.startEventEnd);
      await complete(processStart, { openedBy: 'listener' });
      // then the start event's end listener, seeing the process start listener's variable
      const startEventEnd = await nextJob(engine.zeebe, t.startEventEnd);
      expect(startEventEnd.elementId).to.equal('start');
      expect(startEventEnd.variables).to.deep.equal({ caseId: 'c-1', openedBy: 'listener' });
      await complete(startEventEnd, { receivedAt: 'today' });
      const task = await nextJob(engine.zeebe, t.task);
      expect(task.variables).to.deep.equal({ caseId: 'c-1', openedBy: 'listener', receivedAt: 'today' });
      await complete(task);
      // then the end event's start and end listeners
      const endEventStart = await nextJob(engine.zeebe, t.endEventStart);
      expect(endEventStart.elementId).to.equal('end');
      await complete(endEventStart, { local: true });
      const endEventEnd = await nextJob(engine.zeebe, t.endEventEnd);
      expect(endEventEnd.elementInstanceKey).to.equal(endEventStart.elementInstanceKey);
      expect(endEventEnd.variables).to.include({ local: true });
      await expectNoJob(engine.zeebe, t.processEnd);
      await complete(endEventEnd, { closedBy: 'listener' });
      // then the process end listener, last: it sees the end listener's variable, not the start listener's
      const processEnd = await nextJob(engine.zeebe, t.processEnd);
      expect(processEnd).to.include({ elementId: id, elementInstanceKey: processInstanceKey });
      expect(processEnd.variables).to.deep.equal({
        caseId: 'c-1',
        openedBy: 'listener',
        receivedAt: 'today',
        closedBy: 'listener',
      });
      await complete(processEnd);
      await expectInstanceGone(processInstanceKey);
    });

    it('Exclusive gateway start execution listener: runs before the conditions are evaluated, so its variables choose the path; they are local to the gateway and gone after it', async () => {
      // given a gateway that takes Task_Yes when `approved` is true, otherwise (default) Task_No
      const id = uid('listened-gateway');
      const t = { listener: uid('decide'), yes: uid('approve'), no: uid('reject') };
      await deployProcess(id, [
        start(),
        gateway('exclusive', 'Gateway', listeners(['start', t.listener]), { defaultFlow: 'f_Gateway_Task_No' }),
        serviceTask('Task_Yes', t.yes),
        serviceTask('Task_No', t.no),
        end(),
        end('end_no'),
        path('start', 'Gateway'),
        flow('Gateway', 'Task_Yes', '=approved = true'),
        flow('Gateway', 'Task_No'),
        path('Task_Yes', 'end'),
        path('Task_No', 'end_no'),
      ]);
      await startInstance(id);
      // when the listener on the gateway completes with approved = true
      const listener = await nextJob(engine.zeebe, t.listener);
      expect(listener.elementId).to.equal('Gateway');
      await complete(listener, { approved: true });
      // then the gateway takes the conditional flow, and the variable did not outlive the gateway
      const yes = await nextJob(engine.zeebe, t.yes);
      expect(yes.variables).to.deep.equal({});
      await expectNoJob(engine.zeebe, t.no);
    });

    it('Parallel gateway start execution listeners: the fork runs its listener once before splitting; the join runs its listener once, when every branch has arrived', async () => {
      // given
      const id = uid('listened-parallel');
      const t = { fork: uid('split'), join: uid('merge'), a: uid('check-a'), b: uid('check-b'), after: uid('after') };
      await deployProcess(id, [
        start(),
        gateway('parallel', 'Fork', listeners(['start', t.fork])),
        serviceTask('Task_A', t.a),
        serviceTask('Task_B', t.b),
        gateway('parallel', 'Join', listeners(['start', t.join])),
        serviceTask('Task_After', t.after),
        end(),
        path('start', 'Fork', 'Task_A', 'Join', 'Task_After', 'end'),
        path('Fork', 'Task_B', 'Join'),
      ]);
      await startInstance(id);
      // then the fork's listener runs before either branch
      const fork = await nextJob(engine.zeebe, t.fork);
      await expectNoJob(engine.zeebe, t.a);
      await complete(fork);
      // when one branch arrives at the join, its listener does not run yet
      await complete(await nextJob(engine.zeebe, t.a));
      await pause(500);
      await expectNoJob(engine.zeebe, t.join);
      // when the other arrives, it runs once
      await complete(await nextJob(engine.zeebe, t.b));
      const join = await nextJob(engine.zeebe, t.join);
      expect(join.elementId).to.equal('Join');
      await complete(join);
      await expectNoJob(engine.zeebe, t.join);
      await nextJob(engine.zeebe, t.after);
    });

    it('Subprocess execution listeners: the start listener runs before the inner start event (its variables local to the subprocess), the end listener after the inner end event (its variables reach the process)', async () => {
      // given
      const id = uid('listened-subprocess');
      const t = { start: uid('open-review'), end: uid('close-review'), inner: uid('check'), after: uid('after') };
      await deployProcess(id, [
        start(),
        subProcess(
          'Sub_Review',
          [
            start('Sub_Start'),
            serviceTask('Task_Inner', t.inner),
            end('Sub_End'),
            path('Sub_Start', 'Task_Inner', 'Sub_End'),
          ],
          listeners(['start', t.start], ['end', t.end]),
        ),
        serviceTask('Task_After', t.after),
        end(),
        path('start', 'Sub_Review', 'Task_After', 'end'),
      ]);
      await startInstance(id);
      // then
      const startListener = await nextJob(engine.zeebe, t.start);
      expect(startListener.elementId).to.equal('Sub_Review');
      await expectNoJob(engine.zeebe, t.inner);
      await complete(startListener, { reviewer: 'Ada' });
      const inner = await nextJob(engine.zeebe, t.inner);
      expect(inner.variables).to.deep.equal({ reviewer: 'Ada' });
      await complete(inner, { isChecked: true });
      const endListener = await nextJob(engine.zeebe, t.end);
      expect(endListener).to.include({ elementId: 'Sub_Review', elementInstanceKey: startListener.elementInstanceKey });
      expect(endListener.variables).to.deep.equal({ reviewer: 'Ada', isChecked: true });
      await expectNoJob(engine.zeebe, t.after);
      await complete(endListener, { reviewedAt: 'today' });
      const after = await nextJob(engine.zeebe, t.after);
      expect(after.variables).to.deep.equal({ isChecked: true, reviewedAt: 'today' });
    });

    it('Timer intermediate catch event start execution listener: runs before the timer is set, so its variables can give the duration; its end listener runs once the timer has fired', async () => {
      // given a timer whose duration is the variable `wait`, which only the start listener sets
      const id = uid('listened-timer-event');
      const t = { start: uid('plan-wait'), end: uid('log-wait'), after: uid('after') };
      await deployProcess(id, [
        start(),
        catchEvent('Timer_Wait', timerDef('timeDuration', '=wait'), listeners(['start', t.start], ['end', t.end])),
        serviceTask('Task_After', t.after),
        end(),
        path('start', 'Timer_Wait', 'Task_After', 'end'),
      ]);
      await startInstance(id);
      // when
      await complete(await nextJob(engine.zeebe, t.start), { wait: 'PT1S' });
      // then the timer fires, its end listener runs, and the flow goes on without the local variable
      const endListener = await nextJob(engine.zeebe, t.end, { timeoutMs: 15_000 });
      expect(endListener).to.include({ elementId: 'Timer_Wait' });
      expect(endListener.variables).to.deep.equal({ wait: 'PT1S' });
      await complete(endListener);
      const after = await nextJob(engine.zeebe, t.after);
      expect(after.variables).to.deep.equal({});
    });
  });

  describe('failures', () => {
    it('Execution listener job failed with no retries: no progress (neither it nor the task job is handed out, CompleteJob is FAILED_PRECONDITION); an EXECUTION_LISTENER_NO_RETRIES incident on the element', async () => {
      // given
      const type = uid('prepare-check');
      const { id, types } = await taskProcess(() => listeners(['start', type]));
      const { processInstanceKey } = await startInstance(id);
      const listener = await nextJob(engine.zeebe, type);
      // when
      await engine.zeebe.failJob({ jobKey: listener.key, retries: 0, errorMessage: 'register down', retryBackOff: 0 });
      // then
      await pause(500);
      await expectNoJob(engine.zeebe, type);
      await expectNoJob(engine.zeebe, types.task);
      const message = await expectStatus(complete(listener), 'FAILED_PRECONDITION');
      expect(message).to.contain(`Expected to complete job with key '${listener.key}', but it is in state 'FAILED'`);
      // the incident can be read on the embedded engine only
      if (engine.sql) {
        const incident = await theIncident(engine, processInstanceKey);
        expect(incident).to.include({
          errorType: 'EXECUTION_LISTENER_NO_RETRIES',
          errorMessage: 'register down',
          elementId: 'Task',
          elementInstanceKey: listener.elementInstanceKey,
          jobKey: listener.key,
        });
      }
    });

    it('ThrowError on a start execution listener job: rejected with FAILED_PRECONDITION ("Cannot throw BPMN error from EXECUTION_LISTENER job ..."); an error boundary event catches nothing, and the job stays active and can still complete', async () => {
      // given a task with a catch-all error boundary event
      const type = uid('prepare-check');
      const [task, caught] = [uid('check-documents'), uid('handle-error')];
      const id = uid('listened-error');
      await deployProcess(id, [
        start(),
        serviceTask('Task', task, listeners(['start', type])),
        boundary('Error_Any', 'Task', errorDef()),
        serviceTask('Task_Caught', caught),
        end(),
        end('end_caught'),
        path('start', 'Task', 'end'),
        path('Error_Any', 'Task_Caught', 'end_caught'),
      ]);
      const { processInstanceKey } = await startInstance(id);
      const listener = await nextJob(engine.zeebe, type);
      // when
      const message = await expectStatus(
        engine.zeebe.throwError({ jobKey: listener.key, errorCode: 'NO_PASSPORT', errorMessage: 'no passport' }),
        'FAILED_PRECONDITION',
      );
      // then
      expect(message).to.contain(
        `Cannot throw BPMN error from EXECUTION_LISTENER job with key '${listener.key}', type '${type}' and processInstanceKey '${processInstanceKey}'`,
      );
      await pause(500);
      await expectNoJob(engine.zeebe, caught);
      await expectNoJob(engine.zeebe, type);
      await complete(listener);
      await nextJob(engine.zeebe, task);
    });

    it('ThrowError on an end execution listener job: rejected with FAILED_PRECONDITION ("Cannot throw BPMN error from EXECUTION_LISTENER job ..."); the flow waits for the job to complete', async () => {
      // given
      const type = uid('archive-check');
      const { id, types } = await taskProcess(() => listeners(['end', type]));
      const { processInstanceKey } = await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.task));
      const listener = await nextJob(engine.zeebe, type);
      // when
      const message = await expectStatus(
        engine.zeebe.throwError({ jobKey: listener.key, errorCode: 'ARCHIVE_DOWN', errorMessage: '' }),
        'FAILED_PRECONDITION',
      );
      // then
      expect(message).to.contain(
        `Cannot throw BPMN error from EXECUTION_LISTENER job with key '${listener.key}', type '${type}' and processInstanceKey '${processInstanceKey}'`,
      );
      await expectNoJob(engine.zeebe, types.after);
      await complete(listener);
      await nextJob(engine.zeebe, types.after);
    });

    it('Execution listener type expression that is not a string: no listener job and no task job (an EXTRACT_VALUE_ERROR incident on the element)', async () => {
      // given a listener whose type is a variable nobody set
      const { id, types } = await taskProcess(() => listeners(['start', '=listenerType']));
      // when
      const { processInstanceKey } = await startInstance(id);
      // then
      await pause(1000);
      await expectNoJob(engine.zeebe, types.task);
      // the incident can be read on the embedded engine only
      if (engine.sql) {
        const incident = await theIncident(engine, processInstanceKey);
        expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'Task', jobKey: null });
        expect(incident.errorMessage).to.contain(
          "Expected result of the expression 'listenerType' to be 'STRING', but was 'NULL'.",
        );
      }
    });

    it('Execution listener type and retries are not checked at deploy: invalid FEEL as type and a non-number as retries deploy fine (unlike a task job type), and then no listener and no task job is created (an EXTRACT_VALUE_ERROR incident)', async () => {
      for (const listener of [
        ['start', '=concat('],
        ['start', uid('prepare-check'), 'often'],
      ] satisfies Listener[]) {
        // given
        const { id, types } = await taskProcess(() => listeners(listener));
        // when
        const { processInstanceKey } = await startInstance(id);
        // then
        await pause(1000);
        await expectNoJob(engine.zeebe, listener[1]);
        await expectNoJob(engine.zeebe, types.task);
        // the incident can be read on the embedded engine only
        if (engine.sql) {
          const incident = await theIncident(engine, processInstanceKey);
          expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'Task', jobKey: null });
        }
      }
    });
  });

  describe('where execution listeners are allowed', () => {
    /** start → `element` (id X) → end, deployed; returns the promise of the deployment. */
    const deployAround = (element: string, root: string[] = []) =>
      deployProcess(uid('listener-placement'), [start(), element, end(), path('start', 'X', 'end')], '', root);

    it('Execution listeners are accepted: start and end on tasks, subprocesses, intermediate catch and throw events, end events (none, terminate, message); start only on gateways (exclusive, inclusive, parallel, event-based); end only on start and boundary events; both on the process', async () => {
      const type = uid('listener');
      const both = listeners(['start', type], ['end', `${type}-end`]);
      const startOnly = listeners(['start', type]);
      const endOnly = listeners(['end', type]);
      // tasks, subprocesses, intermediate events, end events: both
      await deployAround(serviceTask('X', uid('work'), both));
      await deployAround(`<bpmn:task id="X">${ext(both)}</bpmn:task>`);
      await deployAround(subProcess('X', [start('s'), end('e'), path('s', 'e')], both));
      await deployAround(catchEvent('X', timerDef('timeDuration', 'PT1H'), both));
      await deployAround(throwEvent('X', both));
      for (const definition of ['', terminateDef(), '<bpmn:messageEventDefinition/>']) {
        const task = definition.includes('message') ? `<zeebe:taskDefinition type="${uid('send')}"/>` : '';
        await deployProcess(uid('listener-placement'), [
          start(),
          endEvent('X', both + task, definition),
          path('start', 'X'),
        ]);
      }
      // gateways: start
      await deployAround(gateway('exclusive', 'X', startOnly));
      await deployAround(gateway('inclusive', 'X', startOnly));
      await deployAround(gateway('parallel', 'X', startOnly));
      await deployProcess(uid('listener-placement'), [
        start(),
        gateway('eventBased', 'X', startOnly, { outgoing: ['f_X_Timer_A', 'f_X_Timer_B'] }),
        catchEvent('Timer_A', timerDef('timeDuration', 'PT1H')),
        catchEvent('Timer_B', timerDef('timeDuration', 'PT2H')),
        end(),
        end('end_b'),
        path('start', 'X', 'Timer_A', 'end'),
        path('X', 'Timer_B', 'end_b'),
      ]);
      // start events (none, message) and boundary events: end
      await deployProcess(uid('listener-placement'), [start('X', '', endOnly), end(), path('X', 'end')]);
      await deployProcess(
        uid('listener-placement'),
        [start('X', messageDef('Message_Received'), endOnly), end(), path('X', 'end')],
        '',
        [message('Message_Received', uid('received'))],
      );
      await deployProcess(uid('listener-placement'), [
        start(),
        serviceTask('Task', uid('work')),
        boundary('X', 'Task', timerDef('timeDuration', 'PT1H'), true, endOnly),
        end(),
        end('end_x'),
        path('start', 'Task', 'end'),
        path('X', 'end_x'),
      ]);
      // the process: both
      await deployProcess(uid('listener-placement'), [start(), end(), path('start', 'end')], both);
    });

    it('DeployResource: a start execution listener on a start event (none, message, event subprocess) is rejected with INVALID_ARGUMENT: "Execution listeners of type \'start\' are not supported by start events"', async () => {
      const startListener = listeners(['start', uid('listener')]);
      const rejected = [
        () => deployProcess(uid('listener-rejected'), [start('X', '', startListener), end(), path('X', 'end')]),
        () =>
          deployProcess(
            uid('listener-rejected'),
            [start('X', messageDef('Message_Received'), startListener), end(), path('X', 'end')],
            '',
            [message('Message_Received', uid('received'))],
          ),
        () =>
          deployProcess(uid('listener-rejected'), [
            start(),
            end(),
            path('start', 'end'),
            `<bpmn:subProcess id="Sub_Event" triggeredByEvent="true"><bpmn:startEvent id="X" isInterrupting="true">${ext(
              startListener,
            )}${timerDef('timeDuration', 'PT1H')}</bpmn:startEvent><bpmn:endEvent id="Sub_End"/>${path('X', 'Sub_End')}</bpmn:subProcess>`,
          ]),
      ];
      for (const deployment of rejected) {
        const message = await expectStatus(deployment(), 'INVALID_ARGUMENT');
        expect(message).to.contain('- Element: X');
        expect(message).to.contain("- ERROR: Execution listeners of type 'start' are not supported by start events");
      }
    });

    it('DeployResource: a start execution listener on a boundary event is rejected with INVALID_ARGUMENT: "Execution listeners of type \'start\' are not supported by boundary events"', async () => {
      const message = await expectStatus(
        deployProcess(uid('listener-rejected'), [
          start(),
          serviceTask('Task', uid('work')),
          boundary('X', 'Task', timerDef('timeDuration', 'PT1H'), true, listeners(['start', uid('listener')])),
          end(),
          end('end_x'),
          path('start', 'Task', 'end'),
          path('X', 'end_x'),
        ]),
        'INVALID_ARGUMENT',
      );
      expect(message).to.contain('- Element: X');
      expect(message).to.contain("- ERROR: Execution listeners of type 'start' are not supported by boundary events");
    });

    it('DeployResource: an end execution listener on a gateway (exclusive, inclusive, parallel, event-based) is rejected with INVALID_ARGUMENT: "Execution listeners of type \'end\' are not supported by gateway element"', async () => {
      const endListener = listeners(['end', uid('listener')]);
      const rejected = [
        () => deployAround(gateway('exclusive', 'X', endListener)),
        () => deployAround(gateway('inclusive', 'X', endListener)),
        () => deployAround(gateway('parallel', 'X', endListener)),
        () =>
          deployProcess(uid('listener-rejected'), [
            start(),
            gateway('eventBased', 'X', endListener, { outgoing: ['f_X_Timer_A', 'f_X_Timer_B'] }),
            catchEvent('Timer_A', timerDef('timeDuration', 'PT1H')),
            catchEvent('Timer_B', timerDef('timeDuration', 'PT2H')),
            end(),
            end('end_b'),
            path('start', 'X', 'Timer_A', 'end'),
            path('X', 'Timer_B', 'end_b'),
          ]),
      ];
      for (const deployment of rejected) {
        const message = await expectStatus(deployment(), 'INVALID_ARGUMENT');
        expect(message).to.contain('- Element: X');
        expect(message).to.contain("- ERROR: Execution listeners of type 'end' are not supported by gateway element");
      }
    });

    it('DeployResource: an end execution listener on an error end event is rejected with INVALID_ARGUMENT: "Execution listeners of type \'end\' are not supported by [error] end events" (a start listener there is fine)', async () => {
      // given
      const root = [error('Error_Rejected', 'REJECTED')];
      const body = (extensions: string) => [
        start(),
        endEvent('X', extensions, errorDef('Error_Rejected')),
        path('start', 'X'),
      ];
      // when / then
      const message = await expectStatus(
        deployProcess(uid('listener-rejected'), body(listeners(['end', uid('listener')])), '', root),
        'INVALID_ARGUMENT',
      );
      expect(message).to.contain('- Element: X');
      expect(message).to.contain("- ERROR: Execution listeners of type 'end' are not supported by [error] end events");
      await deployProcess(uid('listener-placement'), body(listeners(['start', uid('listener')])), '', root);
    });

    it('DeployResource: an execution listener without type, with an empty type or without eventType is rejected with INVALID_ARGUMENT naming the path to the listener', async () => {
      const task = (listener: string) => [
        start(),
        serviceTask('Task', uid('work'), `<zeebe:executionListeners>${listener}</zeebe:executionListeners>`),
        end(),
        path('start', 'Task', 'end'),
      ];
      const cases = [
        ['<zeebe:executionListener eventType="start"/>', "Attribute 'type' must be present and not empty"],
        ['<zeebe:executionListener eventType="end" type=""/>', "Attribute 'type' must be present and not empty"],
        [`<zeebe:executionListener type="${uid('listener')}"/>`, "Attribute 'eventType' must be present and not empty"],
      ];
      for (const [listener, problem] of cases) {
        const message = await expectStatus(
          deployProcess(uid('listener-rejected'), task(listener as string)),
          'INVALID_ARGUMENT',
        );
        expect(message).to.contain('- Element: Task > extensionElements > executionListeners > executionListener');
        expect(message).to.contain(`- ERROR: ${problem}`);
      }
    });

    it('DeployResource: an execution listener whose eventType is neither start nor end is rejected with INVALID_ARGUMENT', async () => {
      const listener = `<zeebe:executionListeners><zeebe:executionListener eventType="begin" type="${uid('listener')}"/></zeebe:executionListeners>`;
      const message = await expectStatus(
        deployProcess(uid('listener-rejected'), [
          start(),
          serviceTask('Task', uid('work'), listener),
          end(),
          path('start', 'Task', 'end'),
        ]),
        'INVALID_ARGUMENT',
      );
      expect(message).to.contain('ZeebeExecutionListenerEventType.begin');
    });

    it('DeployResource: two execution listeners with the same eventType and type on one element are rejected with INVALID_ARGUMENT: "Found \'2\' duplicates based on eventType[start] and type[...]"', async () => {
      const type = uid('listener');
      const message = await expectStatus(
        deployProcess(uid('listener-rejected'), [
          start(),
          serviceTask('Task', uid('work'), listeners(['start', type], ['start', type])),
          end(),
          path('start', 'Task', 'end'),
        ]),
        'INVALID_ARGUMENT',
      );
      expect(message).to.contain('- Element: Task > extensionElements > executionListeners');
      expect(message).to.contain(
        `- ERROR: Found '2' duplicates based on eventType[start] and type[${type}], these combinations should be unique.`,
      );
    });
  });
});
