// Embedded subprocesses and event subprocesses: the scope a subprocess opens (its input and output mappings,
// where its jobs' variables land), the boundary events attached to it (timer, message, error) and the event
// subprocesses that a message, timer or error starts inside a process or a subprocess. Each path ends in a
// service task with its own job type, so the job that appears shows which path the engine took.
import { expect } from 'chai';
import {
  boundary,
  end,
  error,
  errorDef,
  eventStart,
  eventSubProcess,
  io,
  message,
  messageDef,
  path,
  serviceTask,
  start,
  subProcess,
  timerDef,
  uid,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

/** Long enough for a published message to wait for a subscription that is still opening. */
const BUFFERED = 60_000;

describe('engine: embedded and event subprocesses', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  type Variables = Record<string, string | number | boolean>;
  const startInstance = (bpmnProcessId: string, variables: Variables = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });
  /** Publishes once, buffered, so that the message waits if the instance's subscription is not open yet. */
  const publish = (name: string, correlationKey: string, variables: Variables = {}) =>
    engine.zeebe.publishMessage({ name, correlationKey, variables, timeToLive: BUFFERED });
  /** Resolves once the process instance is gone (completed or terminated): cancelling it is NOT_FOUND. */
  const expectInstanceGone = (processInstanceKey: string) =>
    eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));

  /**
   * start → Sub_Review (Sub_Start → Task_Inner → Sub_End) → Task_After → end, with `attached` (boundary events
   * on Sub_Review and their paths) and `inner` (more elements inside the subprocess) added.
   */
  async function subprocessProcess(
    options: { attached?: string[]; inner?: string[]; innerPath?: string[]; extensions?: string; root?: string[] } = {},
  ) {
    const id = uid('subprocess');
    const types = { inner: uid('check-documents'), after: uid('register-applicant') };
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        subProcess(
          'Sub_Review',
          [
            start('Sub_Start'),
            serviceTask('Task_Inner', types.inner),
            end('Sub_End'),
            ...(options.inner ?? []),
            path(...(options.innerPath ?? ['Sub_Start', 'Task_Inner', 'Sub_End'])),
          ],
          options.extensions,
        ),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Sub_Review', 'Task_After', 'end'),
        ...(options.attached ?? []),
      ],
      options.root,
    );
    return { id, types };
  }

  /** A boundary event on Sub_Review leading to its own task Task_<boundaryId>; returns the task's job type. */
  const boundaryPath = (boundaryId: string, definition: string, interrupting = true) => {
    const type = uid(`handle-${boundaryId}`);
    return {
      type,
      xml: [
        boundary(boundaryId, 'Sub_Review', definition, interrupting),
        serviceTask(`Task_${boundaryId}`, type),
        end(`end_${boundaryId}`),
        path(boundaryId, `Task_${boundaryId}`, `end_${boundaryId}`),
      ],
    };
  };

  describe('embedded subprocess', () => {
    it('Embedded subprocess: the token runs from its start event through its task to its end event, then continues after the subprocess', async () => {
      // given
      const { id, types } = await subprocessProcess();
      // when
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // then the task inside the subprocess runs first, and only it
      const inner = await nextJob(engine.zeebe, types.inner);
      expect(inner.elementId).to.equal('Task_Inner');
      expect(inner.processInstanceKey).to.equal(processInstanceKey);
      expect(inner.variables).to.deep.equal({ caseId: 'c-1' });
      await expectNoJob(engine.zeebe, types.after);
      // when it completes, the subprocess completes and the flow continues after it
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: {} });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.elementId).to.equal('Task_After');
      expect(after.processInstanceKey).to.equal(processInstanceKey);
      await engine.zeebe.completeJob({ jobKey: after.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });

    it('Embedded subprocess input mapping: the mapped variable is local to the subprocess (its job sees it, the process after it does not), while variables set by its job reach the process', async () => {
      // given a subprocess whose input mapping makes `greeting` from the process variable `applicant`
      const { id, types } = await subprocessProcess({ extensions: io({ greeting: '="Hello " + applicant' }) });
      await startInstance(id, { applicant: 'Ada' });
      // when its job runs
      const inner = await nextJob(engine.zeebe, types.inner);
      // then it sees the input
      expect(inner.variables).to.deep.equal({ applicant: 'Ada', greeting: 'Hello Ada' });
      // when it completes with a new variable
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isReviewed: true } });
      // then after the subprocess the process has that variable but not the subprocess-local input
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ applicant: 'Ada', isReviewed: true });
    });

    it('Embedded subprocess output mapping: copies a value out of the subprocess into the process', async () => {
      // given a subprocess with a local input and an output mapping that copies a value made from it
      const { id, types } = await subprocessProcess({
        extensions: io(
          { greeting: '="Hello " + applicant' },
          { summary: '=greeting + " (reviewed: " + string(isReviewed) + ")"' },
        ),
      });
      await startInstance(id, { applicant: 'Ada' });
      // when its job completes with a new variable
      const inner = await nextJob(engine.zeebe, types.inner);
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isReviewed: true } });
      // then the output is in the process; the local input is not
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({
        applicant: 'Ada',
        isReviewed: true,
        summary: 'Hello Ada (reviewed: true)',
      });
    });
  });

  describe('boundary events on a subprocess', () => {
    it('Timer boundary event (interrupting) on a subprocess: when due, terminates the subprocess (its inner job is gone: NOT_FOUND) and takes the boundary path', async () => {
      // given
      const deadline = boundaryPath('Event_Deadline', timerDef('timeDuration', 'PT1S'));
      const { id, types } = await subprocessProcess({ attached: deadline.xml });
      const { processInstanceKey } = await startInstance(id);
      const inner = await nextJob(engine.zeebe, types.inner);
      // when the timer is due
      const escalation = await nextJob(engine.zeebe, deadline.type, { timeoutMs: 15_000 });
      // then the boundary path runs and the subprocess's job is gone
      expect(escalation.elementId).to.equal('Task_Event_Deadline');
      expect(escalation.processInstanceKey).to.equal(processInstanceKey);
      await expectStatus(engine.zeebe.completeJob({ jobKey: inner.key, variables: {} }), 'NOT_FOUND');
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Message boundary event (interrupting) on a subprocess: a correlated message terminates the subprocess (its inner job is gone: NOT_FOUND) and takes the boundary path with the message variables', async () => {
      // given
      const name = uid('application-withdrawn');
      const withdrawn = boundaryPath('Event_Withdrawn', messageDef('Message_Withdrawn'));
      const { id, types } = await subprocessProcess({
        attached: withdrawn.xml,
        root: [message('Message_Withdrawn', name, '=caseId')],
      });
      const caseId = uid('case');
      await startInstance(id, { caseId });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await publish(name, caseId, { reason: 'moved abroad' });
      // then
      const handler = await nextJob(engine.zeebe, withdrawn.type);
      expect(handler.elementId).to.equal('Task_Event_Withdrawn');
      expect(handler.variables).to.deep.equal({ caseId, reason: 'moved abroad' });
      await expectStatus(engine.zeebe.completeJob({ jobKey: inner.key, variables: {} }), 'NOT_FOUND');
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Message boundary event (non-interrupting) on a subprocess: takes the boundary path while the inner job stays active, and the flow still continues after the subprocess', async () => {
      // given
      const name = uid('address-changed');
      const changed = boundaryPath('Event_Changed', messageDef('Message_Changed'), false);
      const { id, types } = await subprocessProcess({
        attached: changed.xml,
        root: [message('Message_Changed', name, '=caseId')],
      });
      const caseId = uid('case');
      await startInstance(id, { caseId });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await publish(name, caseId, { address: 'Vesterbrogade 1' });
      // then the boundary path runs
      const handler = await nextJob(engine.zeebe, changed.type);
      expect(handler.elementId).to.equal('Task_Event_Changed');
      expect(handler.variables).to.deep.equal({ caseId, address: 'Vesterbrogade 1' });
      // and the subprocess is still active: its job completes and the flow continues after it
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { isChecked: true } });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId, address: 'Vesterbrogade 1', isChecked: true });
    });
  });

  describe('errors in a subprocess', () => {
    const MISSING = 'DOCUMENTS_MISSING';

    it('Error boundary event on a subprocess: catches an error thrown by a job inside it (ThrowError) and terminates the subprocess', async () => {
      // given
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const { id, types } = await subprocessProcess({
        attached: missing.xml,
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id, { caseId: 'c-1' });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({ jobKey: inner.key, errorCode: MISSING, errorMessage: 'no passport' });
      // then
      const handler = await nextJob(engine.zeebe, missing.type);
      expect(handler.elementId).to.equal('Task_Event_Missing');
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      await expectNoJob(engine.zeebe, types.after);
      await expectStatus(engine.zeebe.completeJob({ jobKey: inner.key, variables: {} }), 'NOT_FOUND');
    });

    it('Error boundary event on a subprocess: catches an error end event inside the subprocess', async () => {
      // given a subprocess whose task leads to an error end event
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const { id, types } = await subprocessProcess({
        attached: missing.xml,
        inner: [end('Sub_Error', errorDef('Error_Missing'))],
        innerPath: ['Sub_Start', 'Task_Inner', 'Sub_Error'],
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id);
      // when the task completes and the token reaches the error end event
      const inner = await nextJob(engine.zeebe, types.inner);
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: { hasPassport: false } });
      // then
      const handler = await nextJob(engine.zeebe, missing.type);
      expect(handler.elementId).to.equal('Task_Event_Missing');
      expect(handler.variables).to.deep.equal({ hasPassport: false });
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Error boundary event on a subprocess without errorRef: catches any error code', async () => {
      // given
      const any = boundaryPath('Event_Any', errorDef());
      const { id, types } = await subprocessProcess({ attached: any.xml });
      await startInstance(id);
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({ jobKey: inner.key, errorCode: 'SOMETHING_UNEXPECTED', errorMessage: '' });
      // then
      const handler = await nextJob(engine.zeebe, any.type);
      expect(handler.elementId).to.equal('Task_Event_Any');
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Error boundary events on a subprocess: the one with the matching error code wins over a catch-all one', async () => {
      // given the catch-all declared first
      const any = boundaryPath('Event_Any', errorDef());
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const { id, types } = await subprocessProcess({
        attached: [...any.xml, ...missing.xml],
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id);
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({ jobKey: inner.key, errorCode: MISSING, errorMessage: '' });
      // then
      const handler = await nextJob(engine.zeebe, missing.type);
      expect(handler.elementId).to.equal('Task_Event_Missing');
      await expectNoJob(engine.zeebe, any.type);
    });

    it('Error boundary event on an outer subprocess: catches an error thrown by a job two subprocess levels deep', async () => {
      // given Sub_Outer (with the error boundary) → Sub_Inner (no boundary) → Task_Deep
      const id = uid('nested-subprocess');
      const types = { deep: uid('verify-identity'), after: uid('register-applicant'), caught: uid('ask-for-papers') };
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          subProcess('Sub_Outer', [
            start('Outer_Start'),
            subProcess('Sub_Inner', [
              start('Inner_Start'),
              serviceTask('Task_Deep', types.deep),
              end('Inner_End'),
              path('Inner_Start', 'Task_Deep', 'Inner_End'),
            ]),
            end('Outer_End'),
            path('Outer_Start', 'Sub_Inner', 'Outer_End'),
          ]),
          serviceTask('Task_After', types.after),
          end(),
          boundary('Event_Missing', 'Sub_Outer', errorDef('Error_Missing')),
          serviceTask('Task_Caught', types.caught),
          end('end_caught'),
          path('start', 'Sub_Outer', 'Task_After', 'end'),
          path('Event_Missing', 'Task_Caught', 'end_caught'),
        ],
        [error('Error_Missing', MISSING)],
      );
      await startInstance(id);
      const deep = await nextJob(engine.zeebe, types.deep);
      expect(deep.elementId).to.equal('Task_Deep');
      // when
      await engine.zeebe.throwError({ jobKey: deep.key, errorCode: MISSING, errorMessage: 'no passport' });
      // then
      const caught = await nextJob(engine.zeebe, types.caught);
      expect(caught.elementId).to.equal('Task_Caught');
      await expectNoJob(engine.zeebe, types.after);
      await expectStatus(engine.zeebe.completeJob({ jobKey: deep.key, variables: {} }), 'NOT_FOUND');
    });

    it('Error boundary event on a subprocess: the ThrowError variables are local to the boundary event, so without an output mapping the boundary path does not see them', async () => {
      // Zeebe puts them on the catching boundary event and does not propagate them when it completes
      // (unlike a message boundary event's message variables, or an error start event's)
      // given
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const { id, types } = await subprocessProcess({
        attached: missing.xml,
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id, { caseId: 'c-1' });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({
        jobKey: inner.key,
        errorCode: MISSING,
        errorMessage: 'no passport',
        variables: { missingDocument: 'passport' },
      });
      // then
      const handler = await nextJob(engine.zeebe, missing.type);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
    });

    it('Error boundary event on a subprocess with an output mapping: copies the ThrowError variables out; errorCode and errorMessage are not variables (null)', async () => {
      // Zeebe (8.6 and 8.8) has no errorCodeVariable/errorMessageVariable (zeebe-bpmn-model has no such
      // attribute) and does not expose the error's code or message to the catch event's mappings
      // given
      const type = uid('handle-missing');
      const { id, types } = await subprocessProcess({
        attached: [
          boundary(
            'Event_Missing',
            'Sub_Review',
            errorDef('Error_Missing'),
            true,
            io({}, { document: '=missingDocument', caughtCode: '=errorCode', caughtMessage: '=errorMessage' }),
          ),
          serviceTask('Task_Event_Missing', type),
          end('end_missing'),
          path('Event_Missing', 'Task_Event_Missing', 'end_missing'),
        ],
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id, { caseId: 'c-1' });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({
        jobKey: inner.key,
        errorCode: MISSING,
        errorMessage: 'no passport',
        variables: { missingDocument: 'passport' },
      });
      // then
      const handler = await nextJob(engine.zeebe, type);
      expect(handler.variables).to.deep.equal({
        caseId: 'c-1',
        document: 'passport',
        caughtCode: null,
        caughtMessage: null,
      });
    });

    it('Error catching order: an error event subprocess inside the subprocess catches the error before the error boundary event on the subprocess', async () => {
      // given Sub_Review holding an error event subprocess, and an error boundary on Sub_Review, both for the code
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const handlerType = uid('ask-for-papers');
      const { id, types } = await subprocessProcess({
        attached: missing.xml,
        inner: [
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', errorDef('Error_Missing')),
            serviceTask('Task_Event', handlerType),
            end('Event_End'),
            path('Event_Start', 'Task_Event', 'Event_End'),
          ]),
        ],
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id);
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({ jobKey: inner.key, errorCode: MISSING, errorMessage: '' });
      // then the innermost catch event wins, and the subprocess then completes normally
      const handler = await nextJob(engine.zeebe, handlerType);
      expect(handler.elementId).to.equal('Task_Event');
      await expectNoJob(engine.zeebe, missing.type);
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      await nextJob(engine.zeebe, types.after);
    });

    it('Error boundary event on a subprocess: an error code it does not catch is not caught (the job is left in state ERROR_THROWN: completing it is FAILED_PRECONDITION)', async () => {
      // given
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const { id, types } = await subprocessProcess({
        attached: missing.xml,
        root: [error('Error_Missing', MISSING)],
      });
      await startInstance(id);
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await engine.zeebe.throwError({ jobKey: inner.key, errorCode: 'SOMETHING_ELSE', errorMessage: '' });
      // then no path is taken (Zeebe raises an UNHANDLED_ERROR_EVENT incident)
      await expectNoJob(engine.zeebe, missing.type);
      await expectNoJob(engine.zeebe, types.after);
      const rejection = await expectStatus(
        engine.zeebe.completeJob({ jobKey: inner.key, variables: {} }),
        'FAILED_PRECONDITION',
      );
      expect(rejection).to.contain("but it is in state 'ERROR_THROWN'");
    });
  });

  describe('event subprocesses', () => {
    /**
     * start → Task_Main → end, plus an event subprocess Event_Sub (Event_Start with `definition` →
     * Task_Event → Event_End).
     */
    async function eventSubprocessProcess(definition: string, interrupting: boolean, root: string[] = []) {
      const id = uid('event-subprocess');
      const types = { main: uid('assess-application'), event: uid('handle-event') };
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          serviceTask('Task_Main', types.main),
          end(),
          path('start', 'Task_Main', 'end'),
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', definition, interrupting),
            serviceTask('Task_Event', types.event),
            end('Event_End'),
            path('Event_Start', 'Task_Event', 'Event_End'),
          ]),
        ],
        root,
      );
      return { id, types };
    }

    it('Message event subprocess (interrupting): a correlated message terminates the process content (the main job is gone: NOT_FOUND), runs the event subprocess, and its end completes the instance', async function () {
      this.timeout(30_000);
      // given
      const name = uid('application-withdrawn');
      const { id, types } = await eventSubprocessProcess(messageDef('Message_Withdrawn'), true, [
        message('Message_Withdrawn', name, '=caseId'),
      ]);
      const caseId = uid('case');
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId },
        requestTimeout: 20_000,
      });
      const main = await nextJob(engine.zeebe, types.main);
      // when
      await publish(name, caseId, { reason: 'moved abroad' });
      // then
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler.elementId).to.equal('Task_Event');
      expect(handler.processInstanceKey).to.equal(main.processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId, reason: 'moved abroad' });
      await expectStatus(engine.zeebe.completeJob({ jobKey: main.key, variables: {} }), 'NOT_FOUND');
      // when the event subprocess's task completes, the instance completes
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: { isWithdrawn: true } });
      const result = await completion;
      expect(result.processInstanceKey).to.equal(main.processInstanceKey);
      expect(result.variables).to.deep.equal({ caseId, reason: 'moved abroad', isWithdrawn: true });
    });

    it('Message event subprocess (non-interrupting): runs the event subprocess with the message variables while the main job stays active', async () => {
      // given
      const name = uid('address-changed');
      const { id, types } = await eventSubprocessProcess(messageDef('Message_Changed'), false, [
        message('Message_Changed', name, '=caseId'),
      ]);
      const caseId = uid('case');
      const { processInstanceKey } = await startInstance(id, { caseId });
      const main = await nextJob(engine.zeebe, types.main);
      // when
      await publish(name, caseId, { address: 'Vesterbrogade 1' });
      // then
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler.elementId).to.equal('Task_Event');
      expect(handler.variables).to.deep.equal({ caseId, address: 'Vesterbrogade 1' });
      // and both jobs complete; the instance ends when both have
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      await engine.zeebe.completeJob({ jobKey: main.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });

    it('Timer event subprocess (non-interrupting, timeDuration PT1S): runs its task while the main task waits', async () => {
      // given
      const { id, types } = await eventSubprocessProcess(timerDef('timeDuration', 'PT1S'), false);
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      const main = await nextJob(engine.zeebe, types.main);
      // when the timer is due
      const reminder = await nextJob(engine.zeebe, types.event, { timeoutMs: 15_000 });
      // then
      expect(reminder.elementId).to.equal('Task_Event');
      expect(reminder.processInstanceKey).to.equal(processInstanceKey);
      expect(reminder.variables).to.deep.equal({ caseId: 'c-1' });
      // and the main task is still active
      await engine.zeebe.completeJob({ jobKey: reminder.key, variables: {} });
      await engine.zeebe.completeJob({ jobKey: main.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });

    it('Error event subprocess: catches an error thrown by a job with a matching code; the ThrowError variables are visible in its job and, with no output mapping on the start event, reach the process', async function () {
      this.timeout(30_000);
      // given
      const { id, types } = await eventSubprocessProcess(errorDef('Error_Missing'), true, [
        error('Error_Missing', 'DOCUMENTS_MISSING'),
      ]);
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 20_000,
      });
      const main = await nextJob(engine.zeebe, types.main);
      // when
      await engine.zeebe.throwError({
        jobKey: main.key,
        errorCode: 'DOCUMENTS_MISSING',
        errorMessage: 'no passport',
        variables: { missingDocument: 'passport' },
      });
      // then
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler.elementId).to.equal('Task_Event');
      expect(handler.processInstanceKey).to.equal(main.processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1', missingDocument: 'passport' });
      await expectStatus(engine.zeebe.completeJob({ jobKey: main.key, variables: {} }), 'NOT_FOUND');
      // and they are process variables once the event subprocess completes the instance
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      const result = await completion;
      expect(result.variables).to.deep.equal({ caseId: 'c-1', missingDocument: 'passport' });
    });

    it('Error event subprocess: the ThrowError variables are local to the error start event, whose output mapping decides what reaches the process', async function () {
      this.timeout(30_000);
      // given an error start event whose output mapping renames the error variable
      const id = uid('error-event-subprocess');
      const types = { main: uid('assess-application'), event: uid('ask-for-papers') };
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          serviceTask('Task_Main', types.main),
          end(),
          path('start', 'Task_Main', 'end'),
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', errorDef('Error_Missing'), true, io({}, { document: '=missingDocument' })),
            serviceTask('Task_Event', types.event),
            end('Event_End'),
            path('Event_Start', 'Task_Event', 'Event_End'),
          ]),
        ],
        [error('Error_Missing', 'DOCUMENTS_MISSING')],
      );
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 20_000,
      });
      const main = await nextJob(engine.zeebe, types.main);
      // when
      await engine.zeebe.throwError({
        jobKey: main.key,
        errorCode: 'DOCUMENTS_MISSING',
        errorMessage: 'no passport',
        variables: { missingDocument: 'passport' },
      });
      // then only the mapped variable is visible, in the event subprocess and in the process
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1', document: 'passport' });
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      const result = await completion;
      expect(result.variables).to.deep.equal({ caseId: 'c-1', document: 'passport' });
    });

    it('Message event subprocess (interrupting) inside an embedded subprocess: terminates only the subprocess content, then the flow continues after the subprocess', async () => {
      // given Sub_Review holding Task_Inner and an interrupting message event subprocess
      const name = uid('documents-replaced');
      const handlerType = uid('recheck-documents');
      const { id, types } = await subprocessProcess({
        inner: [
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', messageDef('Message_Replaced'), true),
            serviceTask('Task_Event', handlerType),
            end('Event_End'),
            path('Event_Start', 'Task_Event', 'Event_End'),
          ]),
        ],
        root: [message('Message_Replaced', name, '=caseId')],
      });
      const caseId = uid('case');
      await startInstance(id, { caseId });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await publish(name, caseId, { documents: 2 });
      // then the event subprocess runs and the subprocess's own task is gone
      const handler = await nextJob(engine.zeebe, handlerType);
      expect(handler.elementId).to.equal('Task_Event');
      expect(handler.variables).to.deep.equal({ caseId, documents: 2 });
      await expectStatus(engine.zeebe.completeJob({ jobKey: inner.key, variables: {} }), 'NOT_FOUND');
      await expectNoJob(engine.zeebe, types.after);
      // when the event subprocess completes, the subprocess completes and the flow continues after it
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: { isRechecked: true } });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId, documents: 2, isRechecked: true });
    });
  });

  describe('deployment', () => {
    /** Deploys `body` and returns the rejection's message, asserting INVALID_ARGUMENT. */
    const rejection = (prefix: string, body: string[], root: string[] = []) =>
      expectStatus(deploy(engine.zeebe, uid(prefix), body, root), 'INVALID_ARGUMENT');

    it('Embedded subprocess without a start event: the deployment is rejected with INVALID_ARGUMENT', async () => {
      // when
      const text = await rejection('subprocess-no-start', [
        start(),
        subProcess('Sub_Review', [serviceTask('Task_Inner', uid('check-documents'))]),
        end(),
        path('start', 'Sub_Review', 'end'),
      ]);
      // then
      expect(text).to.contain('Element: Sub_Review').and.to.contain('ERROR: Must have exactly one start event');
    });

    it('Embedded subprocess with a timer start event: the deployment is rejected with INVALID_ARGUMENT (only none start events)', async () => {
      // when
      const text = await rejection('subprocess-timer-start', [
        start(),
        subProcess('Sub_Review', [
          start('Sub_Start', timerDef('timeDuration', 'PT1S')),
          end('Sub_End'),
          path('Sub_Start', 'Sub_End'),
        ]),
        end(),
        path('start', 'Sub_Review', 'end'),
      ]);
      // then
      expect(text)
        .to.contain('Element: Sub_Review')
        .and.to.contain('ERROR: Start events in subprocesses must be of type none');
    });

    it('Event subprocess with a none start event: the deployment is rejected with INVALID_ARGUMENT', async () => {
      // when
      const text = await rejection('event-subprocess-none-start', [
        start(),
        end(),
        path('start', 'end'),
        eventSubProcess('Event_Sub', [start('Event_Start'), end('Event_End'), path('Event_Start', 'Event_End')]),
      ]);
      // then
      expect(text)
        .to.contain('Element: Event_Sub')
        .and.to.contain(
          'ERROR: Start events in event subprocesses must be one of: message, timer, error, signal or escalation',
        );
    });

    it('Event subprocess with a non-interrupting error start event: the deployment is rejected with INVALID_ARGUMENT', async () => {
      // when
      const text = await rejection(
        'event-subprocess-non-interrupting-error',
        [
          start(),
          end(),
          path('start', 'end'),
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', errorDef('Error_Missing'), false),
            end('Event_End'),
            path('Event_Start', 'Event_End'),
          ]),
        ],
        [error('Error_Missing', 'DOCUMENTS_MISSING')],
      );
      // then
      expect(text)
        .to.contain('Element: Event_Sub')
        .and.to.contain('ERROR: Non-Interrupting event of this type is not allowed');
    });
  });
});
