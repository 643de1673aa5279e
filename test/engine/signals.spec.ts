// Signals: BroadcastSignal over the gateway and the signal events that wait for it (start events,
// intermediate catch events, boundary events on a service task, event subprocess starts), and the signal
// throw events that broadcast from inside a process (intermediate throw and end events). A signal reaches
// every subscription open under its name at the moment it is broadcast, and is never buffered.
import { expect } from 'chai';
import {
  attr,
  boundary,
  catchEvent,
  end,
  eventStart,
  eventSubProcess,
  ext,
  io,
  parallel,
  path,
  serviceTask,
  start,
  timerDef,
  uid,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

/** A signal declared at definitions level; `name` may be a FEEL expression (`=…`) where Zeebe allows it. */
const signal = (id: string, name: string) => `<bpmn:signal id="${id}" name="${attr(name)}"/>`;
const signalDef = (signalId: string) => `<bpmn:signalEventDefinition signalRef="${signalId}"/>`;
const throwEvent = (id: string, definition: string, extensions = '') =>
  `<bpmn:intermediateThrowEvent id="${id}">${ext(extensions)}${definition}</bpmn:intermediateThrowEvent>`;
/** An end event with extension elements (test/support's end() takes none). */
const endEvent = (id: string, definition: string, extensions = '') =>
  `<bpmn:endEvent id="${id}">${ext(extensions)}${definition}</bpmn:endEvent>`;

describe('engine: signals', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  type Variables = Record<string, string | number | boolean>;
  const startInstance = (bpmnProcessId: string, variables: Variables = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });
  const broadcast = (signalName: string, variables: Variables = {}) =>
    engine.zeebe.broadcastSignal({ signalName, variables });
  /** Resolves once the process instance is gone (completed or terminated): cancelling it is NOT_FOUND. */
  const expectInstanceGone = (processInstanceKey: string) =>
    eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));
  /** Deploys `body` and returns the rejection's message, asserting INVALID_ARGUMENT. */
  const rejection = (prefix: string, body: string[], root: string[] = []) =>
    expectStatus(deploy(engine.zeebe, uid(prefix), body, root), 'INVALID_ARGUMENT');

  /**
   * start → (Task_Gate) → Event_Signal (a signal catch event for `name`) → Task_After → end. `name` may be a
   * FEEL expression; `extensions` go on the catch event.
   */
  async function catchProcess(name: string, options: { gate?: boolean; extensions?: string } = {}) {
    const id = uid('awaits-signal');
    const types = { gate: uid('prepare-decision'), after: uid('notify-applicant') };
    const steps = options.gate
      ? ['start', 'Task_Gate', 'Event_Signal', 'Task_After', 'end']
      : ['start', 'Event_Signal', 'Task_After', 'end'];
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        ...(options.gate ? [serviceTask('Task_Gate', types.gate)] : []),
        catchEvent('Event_Signal', signalDef('Signal_Decided'), options.extensions),
        serviceTask('Task_After', types.after),
        end(),
        path(...steps),
      ],
      [signal('Signal_Decided', name)],
    );
    return { id, types };
  }

  /** start → Task_Work (with a signal boundary event for `name`) → Task_Normal → end; the boundary leads to Task_Caught. */
  async function boundaryProcess(name: string, interrupting: boolean) {
    const id = uid('signal-boundary');
    const types = { work: uid('assess-application'), normal: uid('approve-application'), caught: uid('pause-case') };
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        serviceTask('Task_Work', types.work),
        boundary('Event_Signal', 'Task_Work', signalDef('Signal_Halt'), interrupting),
        serviceTask('Task_Normal', types.normal),
        serviceTask('Task_Caught', types.caught),
        end(),
        end('end_caught'),
        path('start', 'Task_Work', 'Task_Normal', 'end'),
        path('Event_Signal', 'Task_Caught', 'end_caught'),
      ],
      [signal('Signal_Halt', name)],
    );
    return { id, types };
  }

  /** start → Task_Main → end, plus an event subprocess Event_Sub (signal start for `name` → Task_Event → Event_End). */
  async function eventSubprocessProcess(name: string, interrupting: boolean) {
    const id = uid('signal-event-subprocess');
    const types = { main: uid('assess-application'), event: uid('handle-signal') };
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        serviceTask('Task_Main', types.main),
        end(),
        path('start', 'Task_Main', 'end'),
        eventSubProcess('Event_Sub', [
          eventStart('Event_Start', signalDef('Signal_Changed'), interrupting),
          serviceTask('Task_Event', types.event),
          end('Event_End'),
          path('Event_Start', 'Task_Event', 'Event_End'),
        ]),
      ],
      [signal('Signal_Changed', name)],
    );
    return { id, types };
  }

  describe('BroadcastSignal', () => {
    it("BroadcastSignal: answers with the signal's key (a 64-bit key of partition 1, as a string) and the tenant id '<default>', even when nothing waits for the signal", async () => {
      // when a signal is broadcast that no process waits for
      const response = await broadcast(uid('nobody-listens'), { caseId: 'c-1' });
      // then it is accepted all the same
      expect(response.key).to.be.a('string');
      expect(BigInt(response.key) >> 51n, 'partition id in the high bits').to.equal(1n);
      // the SDK's type omits the tenant id that Zeebe answers with
      const { tenantId } = response as { tenantId?: string };
      expect(tenantId).to.equal('<default>');
      // and each broadcast gets its own, greater key
      const next = await broadcast(uid('nobody-listens'));
      expect(BigInt(next.key) > BigInt(response.key)).to.equal(true);
    });
  });

  describe('signal start event', () => {
    it("Signal start event: one broadcast starts one instance of every process whose start event waits for the name, each with the signal's variables as its variables", async () => {
      // given two processes started by the same signal
      const name = uid('register-opened');
      const processes = [uid('started-by-signal'), uid('also-started-by-signal')];
      const types = [uid('register-case'), uid('notify-office')];
      for (const [i, id] of processes.entries()) {
        await deploy(
          engine.zeebe,
          id,
          [
            start('start', signalDef('Signal_Opened')),
            serviceTask('Task_After', types[i] as string),
            end(),
            path('start', 'Task_After', 'end'),
          ],
          [signal('Signal_Opened', name)],
        );
      }
      // when
      await broadcast(name, { office: 'Aarhus', batch: 7 });
      // then each process has an instance, which holds exactly the signal's variables
      for (const [i, type] of types.entries()) {
        const job = await nextJob(engine.zeebe, type);
        expect(job.bpmnProcessId).to.equal(processes[i]);
        expect(job.elementId).to.equal('Task_After');
        expect(job.variables).to.deep.equal({ office: 'Aarhus', batch: 7 });
        // and only one instance
        await expectNoJob(engine.zeebe, type);
      }
    });

    it('Signal start event: its signal name must be static; a FEEL expression is rejected at deploy with INVALID_ARGUMENT ("Expected constant expression of type String for signal name")', async () => {
      // when
      const text = await rejection(
        'signal-start-expression',
        [start('start', signalDef('Signal_Dynamic')), end(), path('start', 'end')],
        [signal('Signal_Dynamic', '=signalName')],
      );
      // then
      expect(text)
        .to.contain('Element: start')
        .and.to.contain(
          "ERROR: Expected constant expression of type String for signal name '=signalName', but was NULL",
        );
    });
  });

  describe('signal intermediate catch event', () => {
    it('Signal intermediate catch event: one broadcast continues every instance waiting for the name (not just one), and merges the signal variables into each', async () => {
      // given two instances waiting for the same signal
      const name = uid('decision-made');
      const { id, types } = await catchProcess(name);
      const first = await startInstance(id, { caseId: 'c-1' });
      const second = await startInstance(id, { caseId: 'c-2' });
      await expectNoJob(engine.zeebe, types.after);
      // when
      await broadcast(name, { decision: 'approved' });
      // then both continue, each with its own variables and the signal's
      const jobs = [await nextJob(engine.zeebe, types.after), await nextJob(engine.zeebe, types.after)];
      const byInstance = Object.fromEntries(jobs.map((job) => [job.processInstanceKey, job.variables]));
      expect(byInstance).to.deep.equal({
        [first.processInstanceKey]: { caseId: 'c-1', decision: 'approved' },
        [second.processInstanceKey]: { caseId: 'c-2', decision: 'approved' },
      });
      // and the subscription is closed: a second broadcast finds nobody
      await broadcast(name, { decision: 'again' });
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Signal intermediate catch event after an event-based gateway: the signal takes its path and the timer path is dropped', async () => {
      // given an event-based gateway waiting for a signal or an hour
      const [id, name] = [uid('signal-or-timeout'), uid('papers-arrived')];
      const types = { arrived: uid('check-papers'), late: uid('remind-applicant') };
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          // Zeebe counts an event-based gateway's outgoing flows by its <bpmn:outgoing> children
          '<bpmn:eventBasedGateway id="Gateway_Wait"><bpmn:outgoing>f_Gateway_Wait_Event_Arrived</bpmn:outgoing><bpmn:outgoing>f_Gateway_Wait_Event_Late</bpmn:outgoing></bpmn:eventBasedGateway>',
          catchEvent('Event_Arrived', signalDef('Signal_Arrived')),
          catchEvent('Event_Late', timerDef('timeDuration', 'PT1H')),
          serviceTask('Task_Arrived', types.arrived),
          serviceTask('Task_Late', types.late),
          end('end_arrived'),
          end('end_late'),
          path('start', 'Gateway_Wait'),
          path('Gateway_Wait', 'Event_Arrived', 'Task_Arrived', 'end_arrived'),
          path('Gateway_Wait', 'Event_Late', 'Task_Late', 'end_late'),
        ],
        [signal('Signal_Arrived', name)],
      );
      await startInstance(id, { caseId: 'c-1' });
      // when
      await broadcast(name, { papers: 2 });
      // then
      const job = await nextJob(engine.zeebe, types.arrived);
      expect(job.variables).to.deep.equal({ caseId: 'c-1', papers: 2 });
      await expectNoJob(engine.zeebe, types.late);
    });

    it('Signal intermediate catch event with an output mapping: only the mapped value reaches the process (the signal variables are local to the catch event)', async () => {
      // given
      const name = uid('decision-made');
      const { id, types } = await catchProcess(name, { extensions: io({}, { verdict: '=decision' }) });
      await startInstance(id, { caseId: 'c-1' });
      // when
      await broadcast(name, { decision: 'approved', reviewer: 'Ada' });
      // then
      const job = await nextJob(engine.zeebe, types.after);
      expect(job.variables).to.deep.equal({ caseId: 'c-1', verdict: 'approved' });
    });

    it('Signal intermediate catch event: the signal name may be a FEEL expression, evaluated when the event is entered', async () => {
      // given a catch event waiting for "case-closed-" + the instance's caseId
      const caseId = uid('case');
      const { id, types } = await catchProcess('="case-closed-" + caseId');
      const { processInstanceKey } = await startInstance(id, { caseId });
      // when a signal of another case is broadcast, then the instance keeps waiting
      await broadcast(`case-closed-${uid('case')}`);
      await expectNoJob(engine.zeebe, types.after);
      // when its own is broadcast, then it continues
      await broadcast(`case-closed-${caseId}`, { closedBy: 'registry' });
      const job = await nextJob(engine.zeebe, types.after);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.variables).to.deep.equal({ caseId, closedBy: 'registry' });
    });

    it('Signal intermediate catch event: a signal broadcast before the instance waits is not buffered, so the instance keeps waiting until the next broadcast', async () => {
      // given an instance held at a task before the catch event
      const name = uid('decision-made');
      const { id, types } = await catchProcess(name, { gate: true });
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      const gate = await nextJob(engine.zeebe, types.gate);
      // when the signal is broadcast before it waits, and only then it reaches the catch event
      await broadcast(name, { decision: 'early' });
      await engine.zeebe.completeJob({ jobKey: gate.key, variables: {} });
      // then it does not continue
      await expectNoJob(engine.zeebe, types.after);
      // when the signal is broadcast again, then it does
      await broadcast(name, { decision: 'late' });
      const job = await nextJob(engine.zeebe, types.after);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.variables).to.deep.equal({ caseId: 'c-1', decision: 'late' });
    });
  });

  describe('signal boundary event', () => {
    it('Signal boundary event (interrupting) on a service task: a broadcast terminates the task (its job is gone: NOT_FOUND) and takes the boundary path with the signal variables', async () => {
      // given
      const name = uid('register-frozen');
      const { id, types } = await boundaryProcess(name, true);
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      const work = await nextJob(engine.zeebe, types.work);
      // when
      await broadcast(name, { reason: 'maintenance' });
      // then
      const caught = await nextJob(engine.zeebe, types.caught);
      expect(caught.elementId).to.equal('Task_Caught');
      expect(caught.processInstanceKey).to.equal(processInstanceKey);
      expect(caught.variables).to.deep.equal({ caseId: 'c-1', reason: 'maintenance' });
      await expectStatus(engine.zeebe.completeJob({ jobKey: work.key, variables: {} }), 'NOT_FOUND');
      await expectNoJob(engine.zeebe, types.normal);
    });

    it('Signal boundary event (non-interrupting) on a service task: each broadcast takes the boundary path with its variables while the task stays active, and the flow still continues after the task', async () => {
      // given
      const name = uid('address-changed');
      const { id, types } = await boundaryProcess(name, false);
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      const work = await nextJob(engine.zeebe, types.work);
      // when the signal is broadcast twice
      await broadcast(name, { address: 'Vesterbrogade 1' });
      const first = await nextJob(engine.zeebe, types.caught);
      await broadcast(name, { address: 'Nørrebrogade 2' });
      const second = await nextJob(engine.zeebe, types.caught);
      // then the boundary path ran once for each, with that broadcast's variables
      expect([first.elementId, second.elementId]).to.deep.equal(['Task_Caught', 'Task_Caught']);
      expect(first.variables).to.deep.equal({ caseId: 'c-1', address: 'Vesterbrogade 1' });
      expect(second.variables).to.deep.equal({ caseId: 'c-1', address: 'Nørrebrogade 2' });
      // and the task is still active: it completes and the flow continues after it
      await engine.zeebe.completeJob({ jobKey: work.key, variables: { isAssessed: true } });
      const normal = await nextJob(engine.zeebe, types.normal);
      expect(normal.processInstanceKey).to.equal(processInstanceKey);
      expect(normal.variables).to.deep.equal({ caseId: 'c-1', address: 'Nørrebrogade 2', isAssessed: true });
    });
  });

  describe('signal event subprocess', () => {
    it('Signal event subprocess (interrupting): a broadcast terminates the process content (the main job is gone: NOT_FOUND), runs the event subprocess with the signal variables, and its end completes the instance', async function () {
      this.timeout(30_000);
      // given
      const name = uid('case-withdrawn');
      const { id, types } = await eventSubprocessProcess(name, true);
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 20_000,
      });
      const main = await nextJob(engine.zeebe, types.main);
      // when
      await broadcast(name, { reason: 'moved abroad' });
      // then
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler.elementId).to.equal('Task_Event');
      expect(handler.processInstanceKey).to.equal(main.processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1', reason: 'moved abroad' });
      await expectStatus(engine.zeebe.completeJob({ jobKey: main.key, variables: {} }), 'NOT_FOUND');
      // when the event subprocess's task completes, the instance completes
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: { isWithdrawn: true } });
      const result = await completion;
      expect(result.processInstanceKey).to.equal(main.processInstanceKey);
      expect(result.variables).to.deep.equal({ caseId: 'c-1', reason: 'moved abroad', isWithdrawn: true });
    });

    it('Signal event subprocess (non-interrupting): a broadcast runs the event subprocess with the signal variables while the main job stays active', async () => {
      // given
      const name = uid('rules-changed');
      const { id, types } = await eventSubprocessProcess(name, false);
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      const main = await nextJob(engine.zeebe, types.main);
      // when
      await broadcast(name, { ruleSet: 'R-2' });
      // then
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler.elementId).to.equal('Task_Event');
      expect(handler.processInstanceKey).to.equal(processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1', ruleSet: 'R-2' });
      // and both jobs complete; the instance ends when both have
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      await engine.zeebe.completeJob({ jobKey: main.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });
  });

  describe('signal throw events', () => {
    /** start → Event_Throw (signal `signalName`, `extensions`) → Task_After → end. */
    async function throwProcess(signalName: string, extensions = '') {
      const id = uid('throws-signal');
      const after = uid('after-throw');
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          throwEvent('Event_Throw', signalDef('Signal_Thrown'), extensions),
          serviceTask('Task_After', after),
          end(),
          path('start', 'Event_Throw', 'Task_After', 'end'),
        ],
        [signal('Signal_Thrown', signalName)],
      );
      return { id, after };
    }

    it("Signal intermediate throw event: broadcasts its signal, so an instance of another process waiting for it continues, without the thrower's process variables; the thrower continues past it", async () => {
      // given an instance waiting for the signal
      const name = uid('decision-made');
      const catcher = await catchProcess(name);
      const waiting = await startInstance(catcher.id, { caseId: 'c-waiting' });
      const thrower = await throwProcess(name);
      // when another process throws it
      const throwing = await startInstance(thrower.id, { caseId: 'c-throwing', decision: 'approved' });
      // then the waiting instance continues, with no variables from the thrower
      const caught = await nextJob(engine.zeebe, catcher.types.after);
      expect(caught.processInstanceKey).to.equal(waiting.processInstanceKey);
      expect(caught.variables).to.deep.equal({ caseId: 'c-waiting' });
      // and the thrower continues
      const after = await nextJob(engine.zeebe, thrower.after);
      expect(after.processInstanceKey).to.equal(throwing.processInstanceKey);
      expect(after.variables).to.deep.equal({ caseId: 'c-throwing', decision: 'approved' });
    });

    it("Signal intermediate throw event with input mappings: the signal's variables are exactly the event's local variables (its inputs); its output mappings apply in the thrower, which does not keep the inputs", async () => {
      // given
      const name = uid('decision-made');
      const catcher = await catchProcess(name);
      await startInstance(catcher.id, { caseId: 'c-waiting' });
      const thrower = await throwProcess(
        name,
        io({ decision: '=verdict', decidedFor: '=caseId' }, { announced: '="announced " + decision' }),
      );
      // when
      await startInstance(thrower.id, { caseId: 'c-throwing', verdict: 'approved' });
      // then the signal carried the inputs and nothing else
      const caught = await nextJob(engine.zeebe, catcher.types.after);
      expect(caught.variables).to.deep.equal({ caseId: 'c-waiting', decision: 'approved', decidedFor: 'c-throwing' });
      // and in the thrower the output mapping ran, while the inputs stayed local to the throw event
      const after = await nextJob(engine.zeebe, thrower.after);
      expect(after.variables).to.deep.equal({
        caseId: 'c-throwing',
        verdict: 'approved',
        announced: 'announced approved',
      });
    });

    it("Signal intermediate throw event: the signal name may be a FEEL expression, evaluated in the event's scope after its input mappings", async () => {
      // given an instance waiting for a signal named from the case id
      const caseId = uid('case');
      const catcher = await catchProcess(`case-closed-${caseId}`);
      const waiting = await startInstance(catcher.id, { caseId });
      // and a throw event whose name comes from an input mapping
      const thrower = await throwProcess('=target', io({ target: '="case-closed-" + closedCase' }));
      // when
      const throwing = await startInstance(thrower.id, { closedCase: caseId });
      // then
      const caught = await nextJob(engine.zeebe, catcher.types.after);
      expect(caught.processInstanceKey).to.equal(waiting.processInstanceKey);
      expect(caught.variables).to.deep.equal({ caseId, target: `case-closed-${caseId}` });
      const after = await nextJob(engine.zeebe, thrower.after);
      expect(after.processInstanceKey).to.equal(throwing.processInstanceKey);
      expect(after.variables).to.deep.equal({ closedCase: caseId });
    });

    it('Signal intermediate throw event: the throwing instance also receives its own signal (a parallel branch waiting for it continues)', async () => {
      // given start → fork → (Event_Wait → Task_Caught) and (Task_Work → Event_Throw → end)
      const name = uid('work-done');
      const id = uid('signals-itself');
      const types = { work: uid('do-work'), caught: uid('after-signal') };
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          parallel('Fork'),
          catchEvent('Event_Wait', signalDef('Signal_Done')),
          serviceTask('Task_Caught', types.caught),
          end('end_caught'),
          serviceTask('Task_Work', types.work),
          throwEvent('Event_Throw', signalDef('Signal_Done')),
          end(),
          path('start', 'Fork', 'Event_Wait', 'Task_Caught', 'end_caught'),
          path('Fork', 'Task_Work', 'Event_Throw', 'end'),
        ],
        [signal('Signal_Done', name)],
      );
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      const work = await nextJob(engine.zeebe, types.work);
      await expectNoJob(engine.zeebe, types.caught);
      // when the work completes and the token passes the throw event
      await engine.zeebe.completeJob({ jobKey: work.key, variables: {} });
      // then the waiting branch of the same instance continues
      const caught = await nextJob(engine.zeebe, types.caught);
      expect(caught.processInstanceKey).to.equal(processInstanceKey);
      expect(caught.variables).to.deep.equal({ caseId: 'c-1' });
    });

    it('Signal end event: broadcasts its signal with its input mappings as variables (starting a process with that signal start event and continuing a waiting instance), and the throwing instance completes', async function () {
      this.timeout(30_000);
      // given an instance waiting for the signal, and a process started by it
      const name = uid('case-closed');
      const catcher = await catchProcess(name);
      const waiting = await startInstance(catcher.id, { caseId: 'c-waiting' });
      const started = { id: uid('started-by-signal'), type: uid('archive-case') };
      await deploy(
        engine.zeebe,
        started.id,
        [
          start('start', signalDef('Signal_Closed')),
          serviceTask('Task_Archive', started.type),
          end(),
          path('start', 'Task_Archive', 'end'),
        ],
        [signal('Signal_Closed', name)],
      );
      // and a process ending in a signal end event with an input mapping
      const thrower = uid('ends-with-signal');
      await deploy(
        engine.zeebe,
        thrower,
        [start(), endEvent('end', signalDef('Signal_Closed'), io({ closedCase: '=caseId' })), path('start', 'end')],
        [signal('Signal_Closed', name)],
      );
      // when it runs
      const result = await engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: thrower,
        variables: { caseId: 'c-throwing', outcome: 'granted' },
        requestTimeout: 20_000,
      });
      // then it completed, without its end event's local variable
      expect(result.variables).to.deep.equal({ caseId: 'c-throwing', outcome: 'granted' });
      // and the waiting instance continued, with the end event's inputs only
      const caught = await nextJob(engine.zeebe, catcher.types.after);
      expect(caught.processInstanceKey).to.equal(waiting.processInstanceKey);
      expect(caught.variables).to.deep.equal({ caseId: 'c-waiting', closedCase: 'c-throwing' });
      // and a new instance started with the same variables
      const archive = await nextJob(engine.zeebe, started.type);
      expect(archive.bpmnProcessId).to.equal(started.id);
      expect(archive.variables).to.deep.equal({ closedCase: 'c-throwing' });
    });
  });

  describe('deployment', () => {
    it('Signal without a name: the deployment is rejected with INVALID_ARGUMENT ("Name must be present and not empty" on the signal)', async () => {
      // when
      const text = await rejection(
        'signal-no-name',
        [
          start(),
          catchEvent('Event_Signal', signalDef('Signal_Nameless')),
          end(),
          path('start', 'Event_Signal', 'end'),
        ],
        ['<bpmn:signal id="Signal_Nameless"/>'],
      );
      // then
      expect(text).to.contain('Element: Signal_Nameless').and.to.contain('ERROR: Name must be present and not empty');
    });

    it('Signal event definition without signalRef: the deployment is rejected with INVALID_ARGUMENT ("Must reference a signal")', async () => {
      // when
      const text = await rejection('signal-no-ref', [
        start(),
        throwEvent('Event_Throw', '<bpmn:signalEventDefinition/>'),
        end(),
        path('start', 'Event_Throw', 'end'),
      ]);
      // then
      expect(text)
        .to.contain('Element: Event_Throw > signalEventDefinition')
        .and.to.contain('ERROR: Must reference a signal');
    });
  });
});
