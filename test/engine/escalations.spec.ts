// Escalations: escalation intermediate throw events and escalation end events, caught by escalation boundary
// events on an embedded subprocess or a call activity and by escalation event subprocess starts; which catch
// event wins (the innermost scope first, then a matching code before a catch-all), what happens to an
// escalation nothing catches (nothing: the flow goes on), escalation codes as FEEL expressions, and the
// models Zeebe refuses. Each path ends in a service task with its own job type, so the job that appears
// shows which path the engine took.
import { expect } from 'chai';
import {
  attr,
  boundary,
  end,
  eventStart,
  eventSubProcess,
  ext,
  io,
  parallel,
  path,
  serviceTask,
  start,
  subProcess,
  uid,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { openIncidents, theIncident } from '../support/incidents.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

/** An escalation declared at definitions level; `code` may be a FEEL expression (`=…`) for throw events. */
const escalation = (id: string, code: string) => `<bpmn:escalation id="${id}" escalationCode="${attr(code)}"/>`;
/** Without `escalationId` a catch event catches every escalation. */
const escalationDef = (escalationId?: string) =>
  `<bpmn:escalationEventDefinition${escalationId ? ` escalationRef="${escalationId}"` : ''}/>`;
const throwEvent = (id: string, definition: string, extensions = '') =>
  `<bpmn:intermediateThrowEvent id="${id}">${ext(extensions)}${definition}</bpmn:intermediateThrowEvent>`;
const callActivity = (id: string, processId: string) =>
  `<bpmn:callActivity id="${id}">${ext(`<zeebe:calledElement processId="${processId}"/>`)}</bpmn:callActivity>`;

const LATE = 'DECISION_LATE';
const URGENT = 'CASE_URGENT';

describe('engine: escalations', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  type Variables = Record<string, string | number | boolean>;
  const startInstance = (bpmnProcessId: string, variables: Variables = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });
  /** Resolves once the process instance is gone (completed or terminated): cancelling it is NOT_FOUND. */
  const expectInstanceGone = (processInstanceKey: string) =>
    eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));
  /** Deploys `body` and returns the rejection's message, asserting INVALID_ARGUMENT. */
  const rejection = (prefix: string, body: string[], root: string[] = []) =>
    expectStatus(deploy(engine.zeebe, uid(prefix), body, root), 'INVALID_ARGUMENT');

  /**
   * start → Sub_Review → Task_After → end, where Sub_Review runs two branches from Sub_Fork:
   * Task_Parallel → Sub_End_Parallel (a job that stays active), and Event_Throw (an escalation intermediate
   * throw event for Escalation_Late unless `throwing` says otherwise) → Task_Next → Sub_End.
   * `attached` adds boundary events on Sub_Review and their paths; `inner` adds elements inside it.
   */
  async function throwingSubprocess(
    options: { attached?: string[]; inner?: string[]; throwing?: string; extensions?: string; root?: string[] } = {},
  ) {
    const id = uid('escalating-subprocess');
    const types = { parallel: uid('check-documents'), next: uid('continue-review'), after: uid('register-decision') };
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        subProcess(
          'Sub_Review',
          [
            start('Sub_Start'),
            parallel('Sub_Fork'),
            serviceTask('Task_Parallel', types.parallel),
            end('Sub_End_Parallel'),
            throwEvent('Event_Throw', options.throwing ?? escalationDef('Escalation_Late')),
            serviceTask('Task_Next', types.next),
            end('Sub_End'),
            path('Sub_Start', 'Sub_Fork', 'Task_Parallel', 'Sub_End_Parallel'),
            path('Sub_Fork', 'Event_Throw', 'Task_Next', 'Sub_End'),
            ...(options.inner ?? []),
          ],
          options.extensions,
        ),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Sub_Review', 'Task_After', 'end'),
        ...(options.attached ?? []),
      ],
      options.root ?? [escalation('Escalation_Late', LATE)],
    );
    return { id, types };
  }

  /**
   * start → Sub_Review (Sub_Start → Task_Inner → Sub_Escalate, an escalation end event) → Task_After → end,
   * with `attached` boundary events on Sub_Review.
   */
  async function endingSubprocess(attached: string[] = []) {
    const id = uid('escalation-end-subprocess');
    const types = { inner: uid('check-documents'), after: uid('register-decision') };
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        subProcess('Sub_Review', [
          start('Sub_Start'),
          serviceTask('Task_Inner', types.inner),
          end('Sub_Escalate', escalationDef('Escalation_Late')),
          path('Sub_Start', 'Task_Inner', 'Sub_Escalate'),
        ]),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Sub_Review', 'Task_After', 'end'),
        ...attached,
      ],
      [escalation('Escalation_Late', LATE)],
    );
    return { id, types };
  }

  /** An escalation boundary event on `attachedTo` leading to its own task Task_<boundaryId>; returns the task's job type. */
  const boundaryPath = (boundaryId: string, definition: string, interrupting: boolean, attachedTo = 'Sub_Review') => {
    const type = uid(`handle-${boundaryId}`);
    return {
      type,
      xml: [
        boundary(boundaryId, attachedTo, definition, interrupting),
        serviceTask(`Task_${boundaryId}`, type),
        end(`end_${boundaryId}`),
        path(boundaryId, `Task_${boundaryId}`, `end_${boundaryId}`),
      ],
    };
  };

  /** An event subprocess whose escalation start event (`definition`) leads to Task_Event; returns the task's job type. */
  const escalationEventSubprocess = (definition: string, interrupting: boolean) => {
    const type = uid('handle-escalation');
    return {
      type,
      xml: eventSubProcess('Event_Sub', [
        eventStart('Event_Start', definition, interrupting),
        serviceTask('Task_Event', type),
        end('Event_End'),
        path('Event_Start', 'Task_Event', 'Event_End'),
      ]),
    };
  };

  describe('escalation boundary events on a subprocess', () => {
    it('Escalation intermediate throw event in a subprocess, caught by a non-interrupting escalation boundary event on it: the boundary path runs with the process variables, and the subprocess continues past the throw event', async () => {
      // given
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false);
      const { id, types } = await throwingSubprocess({ attached: late.xml });
      // when an instance passes the throw event
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then the boundary path runs
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      expect(handler.processInstanceKey).to.equal(processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      // and the subprocess went on past the throw event, its parallel task still active
      const next = await nextJob(engine.zeebe, types.next);
      expect(next.processInstanceKey).to.equal(processInstanceKey);
      const parallelJob = await nextJob(engine.zeebe, types.parallel);
      await expectNoJob(engine.zeebe, types.after);
      // when both complete, the flow continues after the subprocess
      await engine.zeebe.completeJob({ jobKey: next.key, variables: {} });
      await engine.zeebe.completeJob({ jobKey: parallelJob.key, variables: { isChecked: true } });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', isChecked: true });
    });

    it('Escalation intermediate throw event in a subprocess, caught by an interrupting escalation boundary event on it: the subprocess is terminated (its parallel job is cancelled, the throw event is not left) and only the boundary path runs', async () => {
      // given
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), true);
      const { id, types } = await throwingSubprocess({ attached: late.xml });
      // when
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      expect(handler.processInstanceKey).to.equal(processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      await expectNoJob(engine.zeebe, types.next);
      await expectNoJob(engine.zeebe, types.parallel);
      await expectNoJob(engine.zeebe, types.after);
      // and when the boundary path completes, the instance completes
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });

    it('Escalation end event in a subprocess, caught by an interrupting escalation boundary event: the boundary path runs and the flow after the subprocess does not', async () => {
      // given
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), true);
      const { id, types } = await endingSubprocess(late.xml);
      await startInstance(id, { caseId: 'c-1' });
      // when the task before the escalation end event completes
      const inner = await nextJob(engine.zeebe, types.inner);
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isChecked: false } });
      // then
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      expect(handler.variables).to.deep.equal({ caseId: 'c-1', isChecked: false });
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Escalation end event in a subprocess, caught by a non-interrupting escalation boundary event: the boundary path runs and, the end event having ended its branch, the subprocess completes and the flow continues after it too', async () => {
      // given
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false);
      const { id, types } = await endingSubprocess(late.xml);
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // when
      const inner = await nextJob(engine.zeebe, types.inner);
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isChecked: false } });
      // then both paths run
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      expect(handler.variables).to.deep.equal({ caseId: 'c-1', isChecked: false });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.processInstanceKey).to.equal(processInstanceKey);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', isChecked: false });
    });

    it('Escalation boundary event without escalationRef (catch-all) on a subprocess: catches an escalation of any code', async () => {
      // given
      const any = boundaryPath('Event_Any', escalationDef(), false);
      const { id, types } = await throwingSubprocess({
        attached: any.xml,
        root: [escalation('Escalation_Late', 'SOMETHING_UNFORESEEN')],
      });
      // when
      await startInstance(id, { caseId: 'c-1' });
      // then
      const handler = await nextJob(engine.zeebe, any.type);
      expect(handler.elementId).to.equal('Task_Event_Any');
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      await nextJob(engine.zeebe, types.next);
    });

    it('Escalation boundary events on a subprocess: the one with the matching escalation code wins over a catch-all one (declared first)', async () => {
      // given
      const any = boundaryPath('Event_Any', escalationDef(), false);
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false);
      const { id } = await throwingSubprocess({ attached: [...any.xml, ...late.xml] });
      // when
      await startInstance(id);
      // then
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      await expectNoJob(engine.zeebe, any.type);
    });

    it('Escalation boundary event on a subprocess: an escalation of another code is not caught by it', async () => {
      // given a boundary for DECISION_LATE and a throw of CASE_URGENT
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), true);
      const { id, types } = await throwingSubprocess({
        attached: late.xml,
        throwing: escalationDef('Escalation_Urgent'),
        root: [escalation('Escalation_Late', LATE), escalation('Escalation_Urgent', URGENT)],
      });
      // when
      await startInstance(id);
      // then the throw event is left as if nothing caught it
      await nextJob(engine.zeebe, types.next);
      await expectNoJob(engine.zeebe, late.type);
    });

    it('Escalation boundary event referring to an escalation without escalationCode: the deployment is accepted, but it catches nothing (it is not a catch-all)', async () => {
      // given a boundary whose escalation has no code, and a throw of DECISION_LATE
      const blank = boundaryPath('Event_Blank', escalationDef('Escalation_Blank'), true);
      const { id, types } = await throwingSubprocess({
        attached: blank.xml,
        root: [escalation('Escalation_Late', LATE), '<bpmn:escalation id="Escalation_Blank"/>'],
      });
      // when
      await startInstance(id);
      // then the escalation is not caught: the subprocess goes on
      await nextJob(engine.zeebe, types.next);
      await expectNoJob(engine.zeebe, blank.type);
    });
  });

  describe('escalation event subprocesses', () => {
    it('Escalation event subprocess (interrupting) at process level: an escalation thrown in the same scope terminates the process content (a parallel job is gone: NOT_FOUND, the throw event is not left), runs the event subprocess, and its end completes the instance', async function () {
      this.timeout(30_000);
      // given start → Fork → (Task_Parallel) and (Task_Inner → Event_Throw → Task_Next), in the process itself
      const id = uid('escalation-event-subprocess');
      const types = { parallel: uid('check-documents'), inner: uid('assess'), next: uid('continue-review') };
      const handler = escalationEventSubprocess(escalationDef('Escalation_Late'), true);
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          parallel('Fork'),
          serviceTask('Task_Parallel', types.parallel),
          end('end_parallel'),
          serviceTask('Task_Inner', types.inner),
          throwEvent('Event_Throw', escalationDef('Escalation_Late')),
          serviceTask('Task_Next', types.next),
          end(),
          path('start', 'Fork', 'Task_Parallel', 'end_parallel'),
          path('Fork', 'Task_Inner', 'Event_Throw', 'Task_Next', 'end'),
          handler.xml,
        ],
        [escalation('Escalation_Late', LATE)],
      );
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 20_000,
      });
      const parallelJob = await nextJob(engine.zeebe, types.parallel);
      // when the token reaches the throw event
      const inner = await nextJob(engine.zeebe, types.inner);
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isAssessed: true } });
      // then
      const event = await nextJob(engine.zeebe, handler.type);
      expect(event.elementId).to.equal('Task_Event');
      expect(event.processInstanceKey).to.equal(inner.processInstanceKey);
      expect(event.variables).to.deep.equal({ caseId: 'c-1', isAssessed: true });
      await expectStatus(engine.zeebe.completeJob({ jobKey: parallelJob.key, variables: {} }), 'NOT_FOUND');
      await expectNoJob(engine.zeebe, types.next);
      // when the event subprocess's task completes, the instance completes
      await engine.zeebe.completeJob({ jobKey: event.key, variables: { isEscalated: true } });
      const result = await completion;
      expect(result.processInstanceKey).to.equal(inner.processInstanceKey);
      expect(result.variables).to.deep.equal({ caseId: 'c-1', isAssessed: true, isEscalated: true });
    });

    it("Escalation event subprocess (non-interrupting) in a subprocess: an escalation thrown in that subprocess runs the event subprocess (which sees the subprocess's local variables) while the subprocess continues past the throw event", async () => {
      // given Sub_Review with a local input `reviewer` and a non-interrupting escalation event subprocess
      const handler = escalationEventSubprocess(escalationDef('Escalation_Late'), false);
      const { id, types } = await throwingSubprocess({ inner: [handler.xml], extensions: io({ reviewer: '="Ada"' }) });
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then
      const event = await nextJob(engine.zeebe, handler.type);
      expect(event.elementId).to.equal('Task_Event');
      expect(event.processInstanceKey).to.equal(processInstanceKey);
      expect(event.variables).to.deep.equal({ caseId: 'c-1', reviewer: 'Ada' });
      const next = await nextJob(engine.zeebe, types.next);
      const parallelJob = await nextJob(engine.zeebe, types.parallel);
      // and the subprocess completes once all three are done
      await engine.zeebe.completeJob({ jobKey: event.key, variables: {} });
      await engine.zeebe.completeJob({ jobKey: next.key, variables: {} });
      await expectNoJob(engine.zeebe, types.after);
      await engine.zeebe.completeJob({ jobKey: parallelJob.key, variables: {} });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1' });
    });

    it('Escalation catching order: an escalation event subprocess inside the subprocess catches the escalation before the escalation boundary event on the subprocess', async () => {
      // given both for the same code
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false);
      const handler = escalationEventSubprocess(escalationDef('Escalation_Late'), false);
      const { id, types } = await throwingSubprocess({ attached: late.xml, inner: [handler.xml] });
      // when
      await startInstance(id);
      // then the innermost catch event wins
      const event = await nextJob(engine.zeebe, handler.type);
      expect(event.elementId).to.equal('Task_Event');
      await expectNoJob(engine.zeebe, late.type);
      await nextJob(engine.zeebe, types.next);
    });

    it('Escalation catching order: an escalation boundary event on the subprocess with the matching code wins over a catch-all escalation event subprocess inside it (both belong to the subprocess, where a matching code beats a catch-all)', async () => {
      // given a catch-all event subprocess in Sub_Review and a boundary on Sub_Review for the code
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false);
      const any = escalationEventSubprocess(escalationDef(), false);
      const { id, types } = await throwingSubprocess({ attached: late.xml, inner: [any.xml] });
      // when
      await startInstance(id);
      // then
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      await expectNoJob(engine.zeebe, any.type);
      await nextJob(engine.zeebe, types.next);
    });

    it('Escalation catching order: a catch-all escalation boundary event on the subprocess wins over an escalation event subprocess with the matching code in the enclosing process (the nearer scope first)', async () => {
      // given a catch-all boundary on Sub_Review, and an event subprocess for the code at process level
      const any = boundaryPath('Event_Any', escalationDef(), false);
      const outer = escalationEventSubprocess(escalationDef('Escalation_Late'), false);
      const { id, types } = await throwingSubprocess({ attached: [...any.xml, outer.xml] });
      // when
      await startInstance(id);
      // then
      const handler = await nextJob(engine.zeebe, any.type);
      expect(handler.elementId).to.equal('Task_Event_Any');
      await expectNoJob(engine.zeebe, outer.type);
      await nextJob(engine.zeebe, types.next);
    });
  });

  describe('uncaught escalations', () => {
    it('Escalation intermediate throw event that nothing catches: no incident, the flow continues past it', async () => {
      // given a throw event with no catch event anywhere
      const id = uid('uncaught-escalation');
      const after = uid('register-decision');
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          throwEvent('Event_Throw', escalationDef('Escalation_Late')),
          serviceTask('Task_After', after),
          end(),
          path('start', 'Event_Throw', 'Task_After', 'end'),
        ],
        [escalation('Escalation_Late', LATE)],
      );
      // when
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then
      const job = await nextJob(engine.zeebe, after);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.variables).to.deep.equal({ caseId: 'c-1' });
      if (engine.kind === 'embedded') expect(await openIncidents(engine, processInstanceKey)).to.deep.equal([]);
    });

    it('Escalation end event that nothing catches: no incident, the instance completes', async function () {
      this.timeout(30_000);
      // given
      const id = uid('uncaught-escalation-end');
      await deploy(
        engine.zeebe,
        id,
        [start(), end('end', escalationDef('Escalation_Late')), path('start', 'end')],
        [escalation('Escalation_Late', LATE)],
      );
      // when
      const result = await engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 20_000,
      });
      // then
      expect(result.variables).to.deep.equal({ caseId: 'c-1' });
    });

    it('Escalation end event in a subprocess that nothing catches: the subprocess completes normally and the flow continues after it', async () => {
      // given
      const { id, types } = await endingSubprocess();
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // when
      const inner = await nextJob(engine.zeebe, types.inner);
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isChecked: true } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.processInstanceKey).to.equal(processInstanceKey);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', isChecked: true });
    });
  });

  describe('escalation codes and mappings', () => {
    it('Escalation intermediate throw event: its escalation code may be a FEEL expression, evaluated when the event is reached; the catch event for the resulting code catches it', async () => {
      // given boundaries for two codes and a throw whose code comes from the variable `level`
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false);
      const urgent = boundaryPath('Event_Urgent', escalationDef('Escalation_Urgent'), false);
      const { id, types } = await throwingSubprocess({
        attached: [...late.xml, ...urgent.xml],
        throwing: escalationDef('Escalation_Dynamic'),
        root: [
          escalation('Escalation_Late', LATE),
          escalation('Escalation_Urgent', URGENT),
          escalation('Escalation_Dynamic', '=level'),
        ],
      });
      // when
      await startInstance(id, { level: URGENT });
      // then
      const handler = await nextJob(engine.zeebe, urgent.type);
      expect(handler.elementId).to.equal('Task_Event_Urgent');
      expect(handler.variables).to.deep.equal({ level: URGENT });
      await expectNoJob(engine.zeebe, late.type);
      await nextJob(engine.zeebe, types.next);
    });

    it('Escalation intermediate throw event: an escalation code expression whose result is not a string stops the instance at the throw event (an EXTRACT_VALUE_ERROR incident)', async () => {
      // given a catch-all boundary, so that any escalation thrown would show
      const any = boundaryPath('Event_Any', escalationDef(), false);
      const { id, types } = await throwingSubprocess({
        attached: any.xml,
        throwing: escalationDef('Escalation_Dynamic'),
        root: [escalation('Escalation_Dynamic', '=level')],
      });
      // when
      const { processInstanceKey } = await startInstance(id, { level: 5 });
      // then
      if (engine.kind === 'embedded') {
        const incident = await theIncident(engine, processInstanceKey);
        expect(incident).to.include({ elementId: 'Event_Throw', errorType: 'EXTRACT_VALUE_ERROR', jobKey: null });
        expect(incident.errorMessage).to.contain(
          "Expected result of the expression 'level' to be 'STRING', but was 'NUMBER'.",
        );
      }
      await nextJob(engine.zeebe, types.parallel);
      await expectNoJob(engine.zeebe, any.type);
      await expectNoJob(engine.zeebe, types.next);
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
    });

    it("Escalation intermediate throw event: its input mappings are not applied (Zeebe 8.6 and 8.8), so an output mapping that reads them gets null while one that reads the scope's variables works", async () => {
      // given an uncaught throw event with an input and two outputs
      const id = uid('escalation-mappings');
      const after = uid('register-decision');
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          throwEvent(
            'Event_Throw',
            escalationDef('Escalation_Late'),
            io({ level: '="high"' }, { thrownLevel: '=level', thrownFor: '=caseId' }),
          ),
          serviceTask('Task_After', after),
          end(),
          path('start', 'Event_Throw', 'Task_After', 'end'),
        ],
        [escalation('Escalation_Late', LATE)],
      );
      // when
      await startInstance(id, { caseId: 'c-1' });
      // then
      const job = await nextJob(engine.zeebe, after);
      expect(job.variables).to.deep.equal({ caseId: 'c-1', thrownLevel: null, thrownFor: 'c-1' });
    });
  });

  describe('escalation from a called process', () => {
    it('Escalation intermediate throw event in a called process: caught by a non-interrupting escalation boundary event on the call activity in the parent (which sees the parent variables only), while the child continues past the throw event', async () => {
      // given a child: start → Task_Child → Event_Throw → Task_Next → end
      const child = uid('escalating-child');
      const types = { child: uid('check-documents'), next: uid('continue-review'), after: uid('register-decision') };
      await deploy(
        engine.zeebe,
        child,
        [
          start(),
          serviceTask('Task_Child', types.child),
          throwEvent('Event_Throw', escalationDef('Escalation_Late')),
          serviceTask('Task_Next', types.next),
          end(),
          path('start', 'Task_Child', 'Event_Throw', 'Task_Next', 'end'),
        ],
        [escalation('Escalation_Late', LATE)],
      );
      // and a parent calling it, with a boundary event on the call activity
      const parent = uid('calling-parent');
      const late = boundaryPath('Event_Late', escalationDef('Escalation_Late'), false, 'Call_Child');
      await deploy(
        engine.zeebe,
        parent,
        [
          start(),
          callActivity('Call_Child', child),
          serviceTask('Task_After', types.after),
          end(),
          path('start', 'Call_Child', 'Task_After', 'end'),
          ...late.xml,
        ],
        [escalation('Escalation_Late', LATE)],
      );
      const { processInstanceKey } = await startInstance(parent, { caseId: 'c-1' });
      // when the child reaches the throw event
      const childJob = await nextJob(engine.zeebe, types.child);
      expect(childJob.processInstanceKey).to.not.equal(processInstanceKey);
      await engine.zeebe.completeJob({ jobKey: childJob.key, variables: { isChecked: true } });
      // then the parent's boundary path runs
      const handler = await nextJob(engine.zeebe, late.type);
      expect(handler.elementId).to.equal('Task_Event_Late');
      expect(handler.processInstanceKey).to.equal(processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      // and the child continues; when it completes, its variables reach the parent
      const next = await nextJob(engine.zeebe, types.next);
      expect(next.processInstanceKey).to.equal(childJob.processInstanceKey);
      await engine.zeebe.completeJob({ jobKey: next.key, variables: {} });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', isChecked: true });
    });
  });

  describe('deployment', () => {
    const subprocessWith = (attached: string[]) => [
      start(),
      subProcess('Sub_Review', [start('Sub_Start'), end('Sub_End'), path('Sub_Start', 'Sub_End')]),
      end(),
      path('start', 'Sub_Review', 'end'),
      ...attached,
    ];

    it('Escalation boundary event on a service task: the deployment is rejected with INVALID_ARGUMENT (only on a subprocess or a call activity)', async () => {
      // when
      const text = await rejection(
        'escalation-on-task',
        [
          start(),
          serviceTask('Task_Work', uid('work')),
          end(),
          path('start', 'Task_Work', 'end'),
          ...boundaryPath('Event_Late', escalationDef('Escalation_Late'), true, 'Task_Work').xml,
        ],
        [escalation('Escalation_Late', LATE)],
      );
      // then
      expect(text)
        .to.contain('Element: Event_Late')
        .and.to.contain(
          'ERROR: An escalation boundary event should only be attached to a subprocess, or a call activity.',
        );
    });

    it('Escalation catch event with an escalation code expression: the deployment is rejected with INVALID_ARGUMENT (catch codes must be static)', async () => {
      // when
      const text = await rejection(
        'escalation-catch-expression',
        subprocessWith(boundaryPath('Event_Late', escalationDef('Escalation_Dynamic'), true).xml),
        [escalation('Escalation_Dynamic', '=level')],
      );
      // then
      expect(text)
        .to.contain('Element: Event_Late > escalationEventDefinition')
        .and.to.contain('ERROR: The escalationCode of the escalation catch event is not allowed to be an expression');
    });

    it('Escalation boundary events with the same escalation code on one subprocess: the deployment is rejected with INVALID_ARGUMENT', async () => {
      // when
      const text = await rejection(
        'escalation-duplicate-code',
        subprocessWith([
          ...boundaryPath('Event_Late', escalationDef('Escalation_Late'), true).xml,
          ...boundaryPath('Event_Again', escalationDef('Escalation_Again'), false).xml,
        ]),
        [escalation('Escalation_Late', LATE), escalation('Escalation_Again', LATE)],
      );
      // then
      expect(text)
        .to.contain('Element: Sub_Review')
        .and.to.contain(
          `ERROR: Multiple escalation catch events with the same escalation code '${LATE}' are not supported on the same scope.`,
        );
    });

    it('Escalation boundary events without escalationRef (two catch-alls) on one subprocess: the deployment is rejected with INVALID_ARGUMENT', async () => {
      // when
      const text = await rejection(
        'escalation-two-catch-alls',
        subprocessWith([
          ...boundaryPath('Event_Any', escalationDef(), true).xml,
          ...boundaryPath('Event_Other', escalationDef(), false).xml,
        ]),
      );
      // then
      expect(text)
        .to.contain('Element: Sub_Review')
        .and.to.contain(
          'ERROR: The same scope can not contain more than one escalation catch event without escalation code. An escalation catch event without escalation code catches all escalations.',
        );
    });

    it('Escalation event subprocesses with the same escalation code in one scope: the deployment is rejected with INVALID_ARGUMENT naming the process', async () => {
      // when
      const id = uid('escalation-duplicate-event-subprocess');
      const text = await expectStatus(
        deploy(
          engine.zeebe,
          id,
          [
            start(),
            end(),
            path('start', 'end'),
            eventSubProcess('Event_Sub', [
              eventStart('Event_Start', escalationDef('Escalation_Late'), false),
              end('Event_End'),
              path('Event_Start', 'Event_End'),
            ]),
            eventSubProcess('Event_Sub_Again', [
              eventStart('Event_Start_Again', escalationDef('Escalation_Late'), false),
              end('Event_End_Again'),
              path('Event_Start_Again', 'Event_End_Again'),
            ]),
          ],
          [escalation('Escalation_Late', LATE)],
        ),
        'INVALID_ARGUMENT',
      );
      // then
      expect(text)
        .to.contain(`Element: ${id}`)
        .and.to.contain(
          `ERROR: Multiple escalation catch events with the same escalation code '${LATE}' are not supported on the same scope.`,
        );
    });

    it('Escalation intermediate catch event: the deployment is rejected with INVALID_ARGUMENT (not an intermediate catch event definition)', async () => {
      // when
      const text = await rejection(
        'escalation-intermediate-catch',
        [
          start(),
          `<bpmn:intermediateCatchEvent id="Event_Catch">${escalationDef('Escalation_Late')}</bpmn:intermediateCatchEvent>`,
          end(),
          path('start', 'Event_Catch', 'end'),
        ],
        [escalation('Escalation_Late', LATE)],
      );
      // then
      expect(text)
        .to.contain('Element: Event_Catch')
        .and.to.contain('ERROR: Event definition must be one of: message, timer, signal, or link');
    });

    it('Escalation throw events without escalationRef, or referring to an escalation without a code: the deployment is rejected with INVALID_ARGUMENT', async () => {
      // when a throw event refers to no escalation
      const noRef = await rejection('escalation-throw-no-ref', [
        start(),
        throwEvent('Event_Throw', escalationDef()),
        end('end', escalationDef()),
        path('start', 'Event_Throw', 'end'),
      ]);
      // then
      expect(noRef)
        .to.contain('Element: Event_Throw > escalationEventDefinition')
        .and.to.contain('Element: end > escalationEventDefinition')
        .and.to.contain('ERROR: Must reference an escalation');
      // when it refers to an escalation without a code
      const noCode = await rejection(
        'escalation-no-code',
        [
          start(),
          throwEvent('Event_Throw', escalationDef('Escalation_Blank')),
          end(),
          path('start', 'Event_Throw', 'end'),
        ],
        ['<bpmn:escalation id="Escalation_Blank"/>'],
      );
      // then
      expect(noCode)
        .to.contain('Element: Escalation_Blank')
        .and.to.contain('ERROR: EscalationCode must be present and not empty');
    });
  });
});
