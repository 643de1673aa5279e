// ModifyProcessInstance: activate instructions (a new token at an element, the scopes it creates, where the
// variables of its variable instructions land, which flow scope instance it joins), terminate instructions
// (the element, its job, and the instance once nothing is left), and the rejections, which name what was wrong.
// Each task has its own job type, so the job that appears shows where the engine put the token.
import { expect } from 'chai';
import {
  boundary,
  end,
  eventStart,
  eventSubProcess,
  io,
  message,
  messageDef,
  parallel,
  path,
  serviceTask,
  start,
  subProcess,
  timerDef,
  uid,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

/** A key no engine has handed out in these specs. */
const UNKNOWN_KEY = '2251799813999979';

/** The SDK's own gRPC client, for CreateProcessInstanceWithResult with a request timeout and no retries. */
interface RawGateway {
  createProcessInstanceWithResultSync(request: object): Promise<unknown>;
}
const raw = (engine: TestEngine) => (engine.zeebe as unknown as { grpc: Promise<RawGateway> }).grpc;

type Variables = Record<string, string | number | boolean>;
/** One activate instruction as the SDK takes it: ancestor -1 means "the one active instance of the flow scope". */
const activate = (
  elementId: string,
  variableInstructions: { scopeId: string; variables: Variables }[] = [],
  ancestor = '-1',
) => ({
  elementId,
  ancestorElementInstanceKey: ancestor,
  variableInstructions,
});

describe('engine: process instance modification', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const modify = (
    processInstanceKey: string,
    activateInstructions: ReturnType<typeof activate>[],
    terminateInstructions: { elementInstanceKey: string }[] = [],
  ) => engine.zeebe.modifyProcessInstance({ processInstanceKey, activateInstructions, terminateInstructions });
  /** Resolves once the process instance is gone (completed or terminated): cancelling it is NOT_FOUND. */
  const expectInstanceGone = (processInstanceKey: string) =>
    eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));

  /** start → Task_A → Task_B → Task_Probe → end, each with its own job type. */
  async function threeTasks() {
    const id = uid('modify');
    const types = { a: uid('check-passport'), b: uid('book-appointment'), probe: uid('probe') };
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_A', types.a),
      serviceTask('Task_B', types.b),
      serviceTask('Task_Probe', types.probe),
      end(),
      path('start', 'Task_A', 'Task_B', 'Task_Probe', 'end'),
    ]);
    return { id, types };
  }

  /**
   * start → Task_Before → Sub_Review (Sub_Start → Task_Inner → Sub_End, and Task_Other → Sub_End, which no flow
   * reaches) → Task_After → end. Sub_Review's input mapping makes the subprocess-local `greeting`.
   */
  async function subprocessProcess() {
    const id = uid('modify-subprocess');
    const types = {
      before: uid('register-arrival'),
      inner: uid('check-documents'),
      other: uid('ask-for-papers'),
      after: uid('register-applicant'),
    };
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Before', types.before),
      subProcess(
        'Sub_Review',
        [
          start('Sub_Start'),
          serviceTask('Task_Inner', types.inner),
          serviceTask('Task_Other', types.other),
          end('Sub_End'),
          path('Sub_Start', 'Task_Inner', 'Sub_End'),
          path('Task_Other', 'Sub_End'),
        ],
        io({ greeting: '="Hello " + applicant' }),
      ),
      serviceTask('Task_After', types.after),
      end(),
      path('start', 'Task_Before', 'Sub_Review', 'Task_After', 'end'),
    ]);
    return { id, types };
  }

  describe('activate instructions', () => {
    it('ModifyProcessInstance activate: a new job appears at the element while the existing job stays; a variable instruction without scopeId lands in the process, one with the element as scopeId is local to it', async () => {
      // given an instance waiting at Task_A
      const { id, types } = await threeTasks();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { x: 1 },
      });
      const jobA = await nextJob(engine.zeebe, types.a);
      // when Task_B is activated with a global and an element-local variable
      const response = await modify(processInstanceKey, [
        activate('Task_B', [
          { scopeId: '', variables: { global: 'g' } },
          { scopeId: 'Task_B', variables: { local: 'l' } },
        ]),
      ]);
      // then the response is empty and Task_B's job sees both
      expect(response).to.deep.equal({});
      const jobB = await nextJob(engine.zeebe, types.b);
      expect(jobB).to.include({ elementId: 'Task_B', processInstanceKey });
      expect(jobB.variables).to.deep.equal({ x: 1, global: 'g', local: 'l' });
      // when Task_B completes, the local variable is gone with it and the global one stays
      await engine.zeebe.completeJob({ jobKey: jobB.key, variables: {} });
      expect((await nextJob(engine.zeebe, types.probe)).variables).to.deep.equal({ x: 1, global: 'g' });
      // and Task_A was never touched: its job completes and its token reaches Task_B again
      await engine.zeebe.completeJob({ jobKey: jobA.key, variables: {} });
      const again = await nextJob(engine.zeebe, types.b);
      expect(again.elementInstanceKey).not.to.equal(jobB.elementInstanceKey);
      expect(again.variables).to.deep.equal({ x: 1, global: 'g' });
    });

    it('ModifyProcessInstance activate inside an embedded subprocess that is not active: creates the subprocess scope without its input mappings; variables scoped to the subprocess and to the element reach the job and stay in their scopes', async () => {
      // given an instance waiting at Task_Before, before the subprocess
      const { id, types } = await subprocessProcess();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { applicant: 'Ada' },
      });
      const before = await nextJob(engine.zeebe, types.before);
      // when Task_Inner inside Sub_Review is activated with variables in three scopes
      await modify(processInstanceKey, [
        activate('Task_Inner', [
          { scopeId: 'Sub_Review', variables: { inSubprocess: 1 } },
          { scopeId: 'Task_Inner', variables: { inTask: 2 } },
          { scopeId: '', variables: { inProcess: 3 } },
        ]),
      ]);
      // then its job sees all three; Sub_Review's input mapping (greeting) did not run
      const inner = await nextJob(engine.zeebe, types.inner);
      expect(inner).to.include({ elementId: 'Task_Inner', processInstanceKey });
      expect(inner.variables).to.deep.equal({ applicant: 'Ada', inSubprocess: 1, inTask: 2, inProcess: 3 });
      // when it completes, the subprocess completes and the flow continues after it with the process variables only
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: {} });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ applicant: 'Ada', inProcess: 3 });
      // and Task_Before is still active
      await engine.zeebe.completeJob({ jobKey: before.key, variables: {} });
    });

    it('ModifyProcessInstance activate of the subprocess element itself: runs it from its start event with its input mappings', async () => {
      // given
      const { id, types } = await subprocessProcess();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { applicant: 'Ada' },
      });
      await nextJob(engine.zeebe, types.before);
      // when
      await modify(processInstanceKey, [activate('Sub_Review')]);
      // then
      const inner = await nextJob(engine.zeebe, types.inner);
      expect(inner.elementId).to.equal('Task_Inner');
      expect(inner.variables).to.deep.equal({ applicant: 'Ada', greeting: 'Hello Ada' });
    });

    it('ModifyProcessInstance ancestorElementInstanceKey: -1 activates in the one active subprocess instance; the process instance key as ancestor creates a new subprocess instance, after which -1 is ambiguous (INVALID_ARGUMENT)', async () => {
      // given an instance inside Sub_Review, whose local greeting is changed through its task
      const { id, types } = await subprocessProcess();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { applicant: 'Ada' },
      });
      await engine.zeebe.completeJob({ jobKey: (await nextJob(engine.zeebe, types.before)).key, variables: {} });
      const inner = await nextJob(engine.zeebe, types.inner);
      expect(inner.variables).to.deep.equal({ applicant: 'Ada', greeting: 'Hello Ada' });
      await engine.zeebe.setVariables({
        elementInstanceKey: inner.elementInstanceKey,
        variables: { greeting: 'Hello again' },
        local: false,
      });
      // when Task_Other is activated with ancestor -1
      await modify(processInstanceKey, [activate('Task_Other')]);
      // then it runs in the same subprocess instance: it sees that instance's changed greeting
      expect((await nextJob(engine.zeebe, types.other)).variables).to.deep.equal({
        applicant: 'Ada',
        greeting: 'Hello again',
      });
      // when Task_Other is activated with the process instance as ancestor
      await modify(processInstanceKey, [
        activate('Task_Other', [{ scopeId: 'Sub_Review', variables: { round: 2 } }], processInstanceKey),
      ]);
      // then a second Sub_Review instance holds it: no greeting (no input mapping), its own scoped variable
      expect((await nextJob(engine.zeebe, types.other)).variables).to.deep.equal({ applicant: 'Ada', round: 2 });
      // and with two Sub_Review instances, -1 cannot choose
      const ambiguous = await expectStatus(modify(processInstanceKey, [activate('Task_Other')]), 'INVALID_ARGUMENT');
      expect(ambiguous).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more activate instructions for an element that has a flow scope with more than one active instance: 'Sub_Review'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
      );
      await expectNoJob(engine.zeebe, types.other);
    });

    it('ModifyProcessInstance ancestorElementInstanceKey: a key that is not an ancestor of the element, or no active element instance at all, is INVALID_ARGUMENT', async () => {
      // given an instance inside Sub_Review
      const { id, types } = await subprocessProcess();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { applicant: 'Ada' },
      });
      await engine.zeebe.completeJob({ jobKey: (await nextJob(engine.zeebe, types.before)).key, variables: {} });
      const inner = await nextJob(engine.zeebe, types.inner);
      // when the ancestor is Task_Inner's own instance (a sibling, not an ancestor)
      const sibling = await expectStatus(
        modify(processInstanceKey, [activate('Task_Other', [], inner.elementInstanceKey)]),
        'INVALID_ARGUMENT',
      );
      // then
      expect(sibling).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more activate instructions with an ancestor scope key that is not an ancestor of the element to activate:\n- instance '${inner.elementInstanceKey}' of element 'Task_Inner' is not an ancestor of element 'Task_Other'`,
      );
      // when the ancestor key is unknown
      const unknown = await expectStatus(
        modify(processInstanceKey, [activate('Task_Other', [], UNKNOWN_KEY)]),
        'INVALID_ARGUMENT',
      );
      // then
      expect(unknown).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${UNKNOWN_KEY}'`,
      );
      await expectNoJob(engine.zeebe, types.other);
    });

    it('ModifyProcessInstance activate inside an event subprocess: runs the element in a new event subprocess scope without triggering its start event or interrupting the process', async () => {
      // given a process with an interrupting message event subprocess, waiting at Task_A
      const id = uid('modify-event-subprocess');
      const types = { a: uid('check-passport'), event: uid('handle-withdrawal') };
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          serviceTask('Task_A', types.a),
          end(),
          path('start', 'Task_A', 'end'),
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', messageDef('Message_Withdrawn'), true),
            serviceTask('Task_Event', types.event),
            end('Event_End'),
            path('Event_Start', 'Task_Event', 'Event_End'),
          ]),
        ],
        [message('Message_Withdrawn', uid('withdrawn'), '=caseId')],
      );
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
      });
      const jobA = await nextJob(engine.zeebe, types.a);
      // when
      await modify(processInstanceKey, [activate('Task_Event')]);
      // then the event subprocess's task runs and Task_A is still active
      const handler = await nextJob(engine.zeebe, types.event);
      expect(handler).to.include({ elementId: 'Task_Event', processInstanceKey });
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      await engine.zeebe.completeJob({ jobKey: jobA.key, variables: {} });
      // and the instance ends once both are done
      await engine.zeebe.completeJob({ jobKey: handler.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });
  });

  describe('terminate instructions', () => {
    it('ModifyProcessInstance terminate: removes the element instance and its job (completing it is NOT_FOUND); terminating the last active element ends the instance (then NOT_FOUND)', async () => {
      // given
      const { id, types } = await threeTasks();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      const jobA = await nextJob(engine.zeebe, types.a);
      // when
      expect(await modify(processInstanceKey, [], [{ elementInstanceKey: jobA.elementInstanceKey }])).to.deep.equal({});
      // then the job is gone, the flow did not go on, and the instance has ended
      const completing = await expectStatus(engine.zeebe.completeJob({ jobKey: jobA.key, variables: {} }), 'NOT_FOUND');
      expect(completing).to.contain(`Expected to complete job with key '${jobA.key}', but no such job was found`);
      await expectNoJob(engine.zeebe, types.b);
      await expectInstanceGone(processInstanceKey);
      const again = await expectStatus(
        modify(processInstanceKey, [], [{ elementInstanceKey: jobA.elementInstanceKey }]),
        'NOT_FOUND',
      );
      expect(again).to.contain(
        `Expected to modify process instance but no process instance found with key '${processInstanceKey}'`,
      );
    });

    it('ModifyProcessInstance terminate of the last active element: the instance ends terminated, not completed (CreateProcessInstanceWithResult gets no result: DEADLINE_EXCEEDED)', async function () {
      // given an instance created with a result, waiting at Task_A
      const { id, types } = await threeTasks();
      const grpc = await raw(engine);
      const result = grpc.createProcessInstanceWithResultSync({
        request: { bpmnProcessId: id, version: -1, variables: '{"x":1}' },
        requestTimeout: 3000,
      });
      const jobA = await nextJob(engine.zeebe, types.a);
      // when
      await modify(jobA.processInstanceKey, [], [{ elementInstanceKey: jobA.elementInstanceKey }]);
      // then no result comes, as after CancelProcessInstance
      await expectStatus(result, 'DEADLINE_EXCEEDED');
    });

    it('ModifyProcessInstance terminate of the only active element in a subprocess: terminates the subprocess (the flow does not continue after it) while another branch keeps the instance running', async () => {
      // given start → fork → Task_A | Sub_Review(Task_Inner) → Task_After
      const id = uid('modify-terminate-scope');
      const types = { a: uid('check-passport'), inner: uid('check-documents'), after: uid('register-applicant') };
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Fork'),
        serviceTask('Task_A', types.a),
        end('End_A'),
        subProcess('Sub_Review', [
          start('Sub_Start'),
          serviceTask('Task_Inner', types.inner),
          end('Sub_End'),
          path('Sub_Start', 'Task_Inner', 'Sub_End'),
        ]),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Fork', 'Task_A', 'End_A'),
        path('Fork', 'Sub_Review', 'Task_After', 'end'),
      ]);
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      const jobA = await nextJob(engine.zeebe, types.a);
      const inner = await nextJob(engine.zeebe, types.inner);
      // when
      await modify(processInstanceKey, [], [{ elementInstanceKey: inner.elementInstanceKey }]);
      // then the subprocess ended without completing
      await expectStatus(engine.zeebe.completeJob({ jobKey: inner.key, variables: {} }), 'NOT_FOUND');
      await expectNoJob(engine.zeebe, types.after);
      // and the other branch still runs, and its end completes the instance
      await engine.zeebe.completeJob({ jobKey: jobA.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, types.after);
    });

    it('ModifyProcessInstance activate and terminate together move the token: the new element runs and the terminated one is gone', async () => {
      // given
      const { id, types } = await threeTasks();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { x: 1 },
      });
      const jobA = await nextJob(engine.zeebe, types.a);
      // when
      await modify(processInstanceKey, [activate('Task_Probe')], [{ elementInstanceKey: jobA.elementInstanceKey }]);
      // then
      const probe = await nextJob(engine.zeebe, types.probe);
      expect(probe).to.include({ elementId: 'Task_Probe', processInstanceKey });
      await expectStatus(engine.zeebe.completeJob({ jobKey: jobA.key, variables: {} }), 'NOT_FOUND');
      await engine.zeebe.completeJob({ jobKey: probe.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, types.b);
    });
  });

  describe('rejections', () => {
    /** An instance of threeTasks() waiting at Task_A. */
    async function waitingInstance() {
      const { id, types } = await threeTasks();
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      const jobA = await nextJob(engine.zeebe, types.a);
      return { id, types, processInstanceKey, jobA };
    }

    it('ModifyProcessInstance: an unknown process instance key is NOT_FOUND', async () => {
      const text = await expectStatus(modify(UNKNOWN_KEY, [activate('Task_A')]), 'NOT_FOUND');
      expect(text).to.contain(
        `Expected to modify process instance but no process instance found with key '${UNKNOWN_KEY}'`,
      );
    });

    it('ModifyProcessInstance: activating unknown element ids is INVALID_ARGUMENT naming them all, and nothing of the request is applied', async () => {
      // given
      const { id, types, processInstanceKey } = await waitingInstance();
      // when a valid instruction comes with two unknown elements
      const text = await expectStatus(
        modify(processInstanceKey, [activate('Task_B'), activate('Task_Nope'), activate('Task_Gone')]),
        'INVALID_ARGUMENT',
      );
      // then
      expect(text).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more activate instructions with an element that could not be found: 'Task_Nope', 'Task_Gone'`,
      );
      await expectNoJob(engine.zeebe, types.b);
    });

    it('ModifyProcessInstance: terminating an unknown element instance key is INVALID_ARGUMENT, and nothing of the request is applied', async () => {
      // given
      const { id, types, processInstanceKey, jobA } = await waitingInstance();
      // when
      const text = await expectStatus(
        modify(processInstanceKey, [activate('Task_B')], [{ elementInstanceKey: UNKNOWN_KEY }]),
        'INVALID_ARGUMENT',
      );
      // then
      expect(text).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more terminate instructions with an element instance that could not be found: '${UNKNOWN_KEY}'`,
      );
      await expectNoJob(engine.zeebe, types.b);
      await engine.zeebe.completeJob({ jobKey: jobA.key, variables: {} });
    });

    it('ModifyProcessInstance: activating a start event, a boundary event or a sequence flow is INVALID_ARGUMENT (unsupported element type)', async () => {
      // given a process with a boundary event and an event subprocess
      const id = uid('modify-unsupported');
      const type = uid('check-passport');
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          serviceTask('Task_A', type),
          end(),
          path('start', 'Task_A', 'end'),
          boundary('Event_Deadline', 'Task_A', timerDef('timeDuration', 'PT1H')),
          end('End_Deadline'),
          path('Event_Deadline', 'End_Deadline'),
          eventSubProcess('Event_Sub', [
            eventStart('Event_Start', messageDef('Message_Withdrawn'), false),
            end('Event_End'),
            path('Event_Start', 'Event_End'),
          ]),
        ],
        [message('Message_Withdrawn', uid('withdrawn'), '=caseId')],
      );
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
      });
      await nextJob(engine.zeebe, type);
      const unsupported = async (elementId: string, elementType: string) => {
        const text = await expectStatus(modify(processInstanceKey, [activate(elementId)]), 'INVALID_ARGUMENT');
        expect(text)
          .to.contain(
            `Expected to modify instance of process '${id}' but it contains one or more activate instructions for elements that are unsupported: '${elementId}'. The activation of elements with type '${elementType}' is not supported. Supported element types are: [PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, `,
          )
          .and.to.contain('INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK,');
      };
      // when / then
      await unsupported('start', 'START_EVENT');
      await unsupported('Event_Start', 'START_EVENT');
      await unsupported('Event_Deadline', 'BOUNDARY_EVENT');
      await unsupported('f_Task_A_end', 'SEQUENCE_FLOW');
    });

    it('ModifyProcessInstance: a variable instruction whose scopeId is unknown, or not the element or one of its flow scopes, is INVALID_ARGUMENT', async () => {
      // given
      const { id, types, processInstanceKey } = await waitingInstance();
      // when the scope is unknown
      const unknown = await expectStatus(
        modify(processInstanceKey, [activate('Task_B', [{ scopeId: 'Sub_Nope', variables: { v: 1 } }])]),
        'INVALID_ARGUMENT',
      );
      // then
      expect(unknown).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more variable instructions with a scope element id that could not be found: 'Sub_Nope'`,
      );
      // when the scope is another task
      const foreign = await expectStatus(
        modify(processInstanceKey, [activate('Task_B', [{ scopeId: 'Task_A', variables: { v: 1 } }])]),
        'INVALID_ARGUMENT',
      );
      // then
      expect(foreign).to.contain(
        `Expected to modify instance of process '${id}' but it contains one or more variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.`,
      );
      await expectNoJob(engine.zeebe, types.b);
    });
  });
});
