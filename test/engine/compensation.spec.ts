// Compensation (Zeebe 8.5+): a compensation boundary event on an activity, associated (bpmn:association, no
// sequence flow) with a compensation handler (isForCompensation="true"), and the compensation intermediate throw
// events and end events that run the handlers of completed activities: which handlers run (completed activities
// only, per completion, inside completed subprocesses), when (all at once; the throw event waits for them), what
// they see (the process variables), activityRef, compensation thrown from an event subprocess, and the models
// Zeebe refuses. Every activity, handler and path is a service task with its own job type, so the job that
// appears shows what the engine ran.
import { expect } from 'chai';
import {
  boundary,
  end,
  error,
  errorDef,
  eventStart,
  eventSubProcess,
  exclusive,
  ext,
  flow,
  headers,
  io,
  parallel,
  path,
  serviceTask,
  start,
  subProcess,
  uid,
} from '../support/bpmn.js';
import { sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob, type Job } from '../support/probe.js';

/**
 * A compensate event definition. Without `activityRef` a compensation throw event compensates every completed
 * activity of its scope. It gets a unique id unless `id` is null: Zeebe needs one (without, deploying fails).
 */
const compensateDef = (options: { activityRef?: string; waitForCompletion?: boolean; id?: string | null } = {}) => {
  const id = options.id === undefined ? uid('CompensateDef') : options.id;
  return `<bpmn:compensateEventDefinition${id === null ? '' : ` id="${id}"`}${
    options.activityRef ? ` activityRef="${options.activityRef}"` : ''
  }${options.waitForCompletion === undefined ? '' : ` waitForCompletion="${options.waitForCompletion}"`}/>`;
};
const throwEvent = (id: string, definition: string) =>
  `<bpmn:intermediateThrowEvent id="${id}">${definition}</bpmn:intermediateThrowEvent>`;
/**
 * A service task marked as a compensation handler: no sequence flows, reached only through an association.
 * `extensions` adds to its extension elements, `children` follows them (bpmn:incoming, bpmn:outgoing).
 */
const handlerTask = (id: string, type: string, options: { extensions?: string; children?: string } = {}) =>
  `<bpmn:serviceTask id="${id}" isForCompensation="true">${ext(
    `<zeebe:taskDefinition type="${type}"/>${options.extensions ?? ''}`,
  )}${options.children ?? ''}</bpmn:serviceTask>`;
/** BPMN's schema puts artifacts (associations) after a scope's flow elements (and sequence flows). */
const association = (from: string, to: string) =>
  `<bpmn:association id="a_${from}_${to}" associationDirection="One" sourceRef="${from}" targetRef="${to}"/>`;
/** A multi-instance marker over `=items` (each as `item`), placed after the task's extension elements. */
const multiInstance = (id: string, type: string, isSequential: boolean) =>
  serviceTask(id, type).replace(
    /<\/bpmn:serviceTask>$/,
    `<bpmn:multiInstanceLoopCharacteristics isSequential="${isSequential}"><bpmn:extensionElements>` +
      '<zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/>' +
      '</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>',
  );

/**
 * The compensation of activity Task_<name>: the boundary event Comp_<name> on it and the handler Undo_<name>
 * (its own job type). `xml` goes among the flow elements, `links` (the association) after the sequence flows.
 */
function compensation(name: string) {
  const type = uid(`undo-${name.toLowerCase()}`);
  return {
    type,
    xml: [boundary(`Comp_${name}`, `Task_${name}`, compensateDef()), handlerTask(`Undo_${name}`, type)],
    links: [association(`Comp_${name}`, `Undo_${name}`)],
  };
}

describe('engine: compensation', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  type Variables = Record<string, string | number | boolean | number[]>;
  const startInstance = (bpmnProcessId: string, variables: Variables = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });
  /** Resolves once the process instance is gone (completed or terminated): cancelling it is NOT_FOUND. */
  const expectInstanceGone = (processInstanceKey: string) =>
    eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));
  const complete = (job: Job, variables: Variables = {}) => engine.zeebe.completeJob({ jobKey: job.key, variables });
  /** Deploys `body` and returns the rejection's message, asserting INVALID_ARGUMENT. */
  const rejection = (prefix: string, body: string[]) =>
    expectStatus(deploy(engine.zeebe, uid(prefix), body), 'INVALID_ARGUMENT');
  /** Whether `promise` has settled by now (after the engine had a moment to answer). */
  const hasSettled = async (promise: Promise<unknown>) => {
    const pending = Symbol('pending');
    const outcome = await Promise.race([
      promise.then(
        () => undefined,
        () => undefined,
      ),
      new Promise((r) => setTimeout(() => r(pending), 1_000)),
    ]);
    return outcome !== pending;
  };

  describe('compensation throw events', () => {
    it('Compensation intermediate throw event: runs the handler of the completed service task (a job at the handler, with the process variables) and waits for it to complete before taking its outgoing flow', async () => {
      // given start → Task_Reserve (compensated by Undo_Reserve) → Event_Compensate → Task_After → end
      const id = uid('compensate-throw');
      const types = { reserve: uid('reserve-cpr-number'), after: uid('close-case') };
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        ...reserve.xml,
        throwEvent('Event_Compensate', compensateDef()),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Task_Reserve', 'Event_Compensate', 'Task_After', 'end'),
        ...reserve.links,
      ]);
      const { processInstanceKey } = await startInstance(id, { caseId: 'c-1' });
      // the handler does not run while its activity runs
      const task = await nextJob(engine.zeebe, types.reserve);
      await expectNoJob(engine.zeebe, reserve.type);
      // when the activity completes and the token reaches the throw event
      await complete(task, { cprNumber: '010190-1234' });
      // then the handler runs, with the process variables
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      expect(undo.processInstanceKey).to.equal(processInstanceKey);
      expect(undo.bpmnProcessId).to.equal(id);
      expect(undo.elementInstanceKey).to.not.equal(task.elementInstanceKey);
      expect(undo.variables).to.deep.equal({ caseId: 'c-1', cprNumber: '010190-1234' });
      // and the throw event waits for it
      await expectNoJob(engine.zeebe, types.after);
      // when the handler completes, the flow continues, with the handler's variables in the process
      await complete(undo, { isReleased: true });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.elementId).to.equal('Task_After');
      expect(after.variables).to.deep.equal({ caseId: 'c-1', cprNumber: '010190-1234', isReleased: true });
      await complete(after);
      await expectInstanceGone(processInstanceKey);
    });

    it('Compensation end event: runs the handler, and the process instance completes once the handler completes', async () => {
      // given start → Task_Reserve (compensated by Undo_Reserve) → End_Compensate
      const id = uid('compensate-end');
      const type = uid('reserve-cpr-number');
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', type),
        ...reserve.xml,
        end('End_Compensate', compensateDef()),
        path('start', 'Task_Reserve', 'End_Compensate'),
        ...reserve.links,
      ]);
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 30_000,
      });
      // when
      await complete(await nextJob(engine.zeebe, type), { cprNumber: '010190-1234' });
      // then the handler runs and the instance has not completed yet
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      expect(undo.variables).to.deep.equal({ caseId: 'c-1', cprNumber: '010190-1234' });
      expect(await hasSettled(completion), 'the instance completed before its handler').to.equal(false);
      // when the handler completes, the instance completes
      await complete(undo, { isReleased: true });
      const result = await completion;
      expect(result.processInstanceKey).to.equal(undo.processInstanceKey);
      expect(result.variables).to.deep.equal({ caseId: 'c-1', cprNumber: '010190-1234', isReleased: true });
    });

    it('Compensation throw event: compensates completed activities only, not one still active in a parallel branch nor one after the throw event', async () => {
      // given Fork → Task_Reserve → Event_Compensate → Task_Notify → End_A, and Fork → Task_Check → End_B,
      // each task compensated by its own handler
      const id = uid('compensate-completed-only');
      const types = { reserve: uid('reserve-cpr-number'), notify: uid('notify-municipality'), check: uid('check') };
      const [reserve, notify, check] = [compensation('Reserve'), compensation('Notify'), compensation('Check')];
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Fork'),
        serviceTask('Task_Reserve', types.reserve),
        throwEvent('Event_Compensate', compensateDef()),
        serviceTask('Task_Notify', types.notify),
        end('End_A'),
        serviceTask('Task_Check', types.check),
        end('End_B'),
        ...reserve.xml,
        ...notify.xml,
        ...check.xml,
        path('start', 'Fork', 'Task_Reserve', 'Event_Compensate', 'Task_Notify', 'End_A'),
        path('Fork', 'Task_Check', 'End_B'),
        ...reserve.links,
        ...notify.links,
        ...check.links,
      ]);
      const { processInstanceKey } = await startInstance(id);
      const checkJob = await nextJob(engine.zeebe, types.check);
      // when Task_Reserve completes (Task_Check still active)
      await complete(await nextJob(engine.zeebe, types.reserve));
      // then only its handler runs
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      await expectNoJob(engine.zeebe, check.type);
      await expectNoJob(engine.zeebe, notify.type);
      // and the rest runs on without more compensation
      await complete(undo);
      await complete(await nextJob(engine.zeebe, types.notify));
      await complete(checkJob);
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, check.type);
      await expectNoJob(engine.zeebe, notify.type);
    });

    it('Compensation throw event with several completed activities: runs all their handlers at once (both jobs activatable together, completable in any order) and waits for all of them', async () => {
      // given start → Task_Reserve → Task_Notify → Event_Compensate → Task_After → end, both tasks compensated
      const id = uid('compensate-several');
      const types = { reserve: uid('reserve-cpr-number'), notify: uid('notify-municipality'), after: uid('close') };
      const [reserve, notify] = [compensation('Reserve'), compensation('Notify')];
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        serviceTask('Task_Notify', types.notify),
        throwEvent('Event_Compensate', compensateDef()),
        serviceTask('Task_After', types.after),
        end(),
        ...reserve.xml,
        ...notify.xml,
        path('start', 'Task_Reserve', 'Task_Notify', 'Event_Compensate', 'Task_After', 'end'),
        ...reserve.links,
        ...notify.links,
      ]);
      await startInstance(id);
      // when both complete, in order
      await complete(await nextJob(engine.zeebe, types.reserve), { step: 1 });
      await complete(await nextJob(engine.zeebe, types.notify), { step: 2 });
      // then both handlers are active together
      const undoReserve = await nextJob(engine.zeebe, reserve.type);
      const undoNotify = await nextJob(engine.zeebe, notify.type);
      expect([undoReserve.elementId, undoNotify.elementId]).to.deep.equal(['Undo_Reserve', 'Undo_Notify']);
      expect(undoReserve.variables).to.deep.equal({ step: 2 });
      expect(undoNotify.variables).to.deep.equal({ step: 2 });
      // when one completes, the throw event still waits for the other
      await complete(undoReserve);
      await expectNoJob(engine.zeebe, types.after);
      await complete(undoNotify);
      await nextJob(engine.zeebe, types.after);
    });

    it('Compensation throw event with activityRef: runs only the referenced activity’s handler', async () => {
      // given both tasks compensated, and the throw event naming Task_Reserve
      const id = uid('compensate-activity-ref');
      const types = { reserve: uid('reserve-cpr-number'), notify: uid('notify-municipality'), after: uid('close') };
      const [reserve, notify] = [compensation('Reserve'), compensation('Notify')];
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        serviceTask('Task_Notify', types.notify),
        throwEvent('Event_Compensate', compensateDef({ activityRef: 'Task_Reserve' })),
        serviceTask('Task_After', types.after),
        end(),
        ...reserve.xml,
        ...notify.xml,
        path('start', 'Task_Reserve', 'Task_Notify', 'Event_Compensate', 'Task_After', 'end'),
        ...reserve.links,
        ...notify.links,
      ]);
      const { processInstanceKey } = await startInstance(id);
      // when
      await complete(await nextJob(engine.zeebe, types.reserve));
      await complete(await nextJob(engine.zeebe, types.notify));
      // then
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      await expectNoJob(engine.zeebe, notify.type);
      await expectNoJob(engine.zeebe, types.after);
      await complete(undo);
      await complete(await nextJob(engine.zeebe, types.after));
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, notify.type);
    });

    it('Compensation throw events with activityRef in sequence: compensate one activity after the other, in the modelled order', async () => {
      // given Event_Undo_Notify (activityRef Task_Notify) → Event_Undo_Reserve (activityRef Task_Reserve)
      const id = uid('compensate-in-order');
      const types = { reserve: uid('reserve-cpr-number'), notify: uid('notify-municipality'), after: uid('close') };
      const [reserve, notify] = [compensation('Reserve'), compensation('Notify')];
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        serviceTask('Task_Notify', types.notify),
        throwEvent('Event_Undo_Notify', compensateDef({ activityRef: 'Task_Notify' })),
        throwEvent('Event_Undo_Reserve', compensateDef({ activityRef: 'Task_Reserve' })),
        serviceTask('Task_After', types.after),
        end(),
        ...reserve.xml,
        ...notify.xml,
        path('start', 'Task_Reserve', 'Task_Notify', 'Event_Undo_Notify', 'Event_Undo_Reserve', 'Task_After', 'end'),
        ...reserve.links,
        ...notify.links,
      ]);
      await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.reserve));
      await complete(await nextJob(engine.zeebe, types.notify));
      // then Undo_Notify runs first, alone
      const undoNotify = await nextJob(engine.zeebe, notify.type);
      await expectNoJob(engine.zeebe, reserve.type);
      // when it completes, Undo_Reserve runs
      await complete(undoNotify);
      const undoReserve = await nextJob(engine.zeebe, reserve.type);
      expect(undoReserve.elementId).to.equal('Undo_Reserve');
      await expectNoJob(engine.zeebe, types.after);
      await complete(undoReserve);
      await nextJob(engine.zeebe, types.after);
    });

    it('Compensation throw event without completed compensable activities: takes its outgoing flow at once', async () => {
      // given a compensated activity that is after the throw event
      const id = uid('compensate-nothing');
      const types = { reserve: uid('reserve-cpr-number'), first: uid('first') };
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_First', types.first),
        throwEvent('Event_Compensate', compensateDef()),
        serviceTask('Task_Reserve', types.reserve),
        end(),
        ...reserve.xml,
        path('start', 'Task_First', 'Event_Compensate', 'Task_Reserve', 'end'),
        ...reserve.links,
      ]);
      const { processInstanceKey } = await startInstance(id);
      // when
      await complete(await nextJob(engine.zeebe, types.first));
      // then
      await complete(await nextJob(engine.zeebe, types.reserve));
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, reserve.type);
    });

    it('Compensation throw event reached a second time: a handler that already ran does not run again', async () => {
      // given start → Task_Reserve → Event_First → Task_Middle → Event_Second → Task_After → end
      const id = uid('compensate-twice');
      const types = { reserve: uid('reserve-cpr-number'), middle: uid('middle'), after: uid('close') };
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        throwEvent('Event_First', compensateDef()),
        serviceTask('Task_Middle', types.middle),
        throwEvent('Event_Second', compensateDef()),
        serviceTask('Task_After', types.after),
        end(),
        ...reserve.xml,
        path('start', 'Task_Reserve', 'Event_First', 'Task_Middle', 'Event_Second', 'Task_After', 'end'),
        ...reserve.links,
      ]);
      await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.reserve));
      await complete(await nextJob(engine.zeebe, reserve.type));
      // when the second throw event is reached
      await complete(await nextJob(engine.zeebe, types.middle));
      // then it passes without running the handler again
      await nextJob(engine.zeebe, types.after);
      await expectNoJob(engine.zeebe, reserve.type);
    });
    it('Compensation handler with input and output mappings: its job sees the inputs (computed from the process variables at the throw), its outputs reach the process', async () => {
      // given Task_Reserve (local input `local`, output `out`), compensated by Undo_Reserve (input `undoIn`,
      // output `undoOut`), then End_Compensate
      const id = uid('compensate-mappings');
      const [type, undoType] = [uid('reserve-cpr-number'), uid('release-cpr-number')];
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', type, io({ local: '=1' }, { out: '=local + 1' })),
        boundary('Comp_Reserve', 'Task_Reserve', compensateDef()),
        handlerTask('Undo_Reserve', undoType, {
          extensions: io({ undoIn: '=out * 10' }, { undoOut: '=undoIn' }) + headers({ reason: 'withdrawn' }),
        }),
        end('End_Compensate', compensateDef()),
        path('start', 'Task_Reserve', 'End_Compensate'),
        association('Comp_Reserve', 'Undo_Reserve'),
      ]);
      const completion = engine.zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id,
        variables: { caseId: 'c-1' },
        requestTimeout: 30_000,
      });
      await complete(await nextJob(engine.zeebe, type), { isReserved: true });
      // when
      const undo = await nextJob(engine.zeebe, undoType);
      // then the handler sees its input and the process variables, not the compensated task's local input
      expect(undo.variables).to.deep.equal({ caseId: 'c-1', out: 2, undoIn: 20 });
      expect(undo.customHeaders).to.deep.equal({ reason: 'withdrawn' });
      await complete(undo, { ignored: true });
      // and its output mapping (which replaces the job's variables) decides what reaches the process
      const result = await completion;
      expect(result.variables).to.deep.equal({ caseId: 'c-1', out: 2, undoOut: 20 });
    });

    it('Compensation boundary event associated with an activity not marked isForCompensation: the deployment is accepted and the activity runs as the handler', async () => {
      // given Undo_Reserve as a plain service task (no isForCompensation), reached only through the association
      const id = uid('compensate-unmarked');
      const types = { reserve: uid('reserve-cpr-number'), undo: uid('release-cpr-number'), after: uid('close') };
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        boundary('Comp_Reserve', 'Task_Reserve', compensateDef()),
        serviceTask('Undo_Reserve', types.undo),
        throwEvent('Event_Compensate', compensateDef()),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Task_Reserve', 'Event_Compensate', 'Task_After', 'end'),
        association('Comp_Reserve', 'Undo_Reserve'),
      ]);
      await startInstance(id);
      // it does not run when the instance starts
      const task = await nextJob(engine.zeebe, types.reserve);
      await expectNoJob(engine.zeebe, types.undo);
      // when
      await complete(task);
      // then
      const undo = await nextJob(engine.zeebe, types.undo);
      expect(undo.elementId).to.equal('Undo_Reserve');
      await expectNoJob(engine.zeebe, types.after);
      await complete(undo);
      await nextJob(engine.zeebe, types.after);
    });

    it('Cancelling a process instance while a compensation handler runs: terminates the handler (its job is NOT_FOUND)', async () => {
      // given
      const id = uid('compensate-cancel');
      const type = uid('reserve-cpr-number');
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', type),
        throwEvent('Event_Compensate', compensateDef()),
        end(),
        ...reserve.xml,
        path('start', 'Task_Reserve', 'Event_Compensate', 'end'),
        ...reserve.links,
      ]);
      const { processInstanceKey } = await startInstance(id);
      await complete(await nextJob(engine.zeebe, type));
      const undo = await nextJob(engine.zeebe, reserve.type);
      // when
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      // then
      await eventually(() => expectStatus(complete(undo), 'NOT_FOUND'));
      await expectInstanceGone(processInstanceKey);
    });
  });

  describe('activities completed more than once', () => {
    it('Compensation of an activity completed twice in a loop: the handler runs once per completion, all at once, each with the process variables of the throw', async () => {
      // given start → Gate_Join → Task_Reserve → Gate_Again (attempt < 2: back to Gate_Join) → Event_Compensate → end
      const id = uid('compensate-loop');
      const type = uid('reserve-cpr-number');
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        exclusive('Gate_Join'),
        serviceTask('Task_Reserve', type),
        exclusive('Gate_Again', 'f_Gate_Again_Event_Compensate'),
        throwEvent('Event_Compensate', compensateDef()),
        end(),
        ...reserve.xml,
        path('start', 'Gate_Join', 'Task_Reserve', 'Gate_Again'),
        flow('Gate_Again', 'Gate_Join', '=attempt < 2'),
        path('Gate_Again', 'Event_Compensate', 'end'),
        ...reserve.links,
      ]);
      const { processInstanceKey } = await startInstance(id);
      // when Task_Reserve completes twice
      await complete(await nextJob(engine.zeebe, type), { attempt: 1 });
      await complete(await nextJob(engine.zeebe, type), { attempt: 2 });
      // then its handler runs twice, both at once
      const first = await nextJob(engine.zeebe, reserve.type);
      const second = await nextJob(engine.zeebe, reserve.type);
      expect([first.elementId, second.elementId]).to.deep.equal(['Undo_Reserve', 'Undo_Reserve']);
      expect(first.elementInstanceKey).to.not.equal(second.elementInstanceKey);
      expect(first.variables).to.deep.equal({ attempt: 2 });
      expect(second.variables).to.deep.equal({ attempt: 2 });
      await expectNoJob(engine.zeebe, reserve.type);
      await complete(first);
      await complete(second);
      await expectInstanceGone(processInstanceKey);
    });

    it('Compensation of a parallel multi-instance activity: the handler runs once for the whole activity, not per instance', async () => {
      // given a multi-instance Task_Reserve over three items, compensated by Undo_Reserve
      const id = uid('compensate-multi-instance');
      const type = uid('reserve-cpr-number');
      const reserve = compensation('Reserve');
      await deploy(engine.zeebe, id, [
        start(),
        multiInstance('Task_Reserve', type, false),
        end('End_Compensate', compensateDef()),
        ...reserve.xml,
        path('start', 'Task_Reserve', 'End_Compensate'),
        ...reserve.links,
      ]);
      const { processInstanceKey } = await startInstance(id, { items: [1, 2, 3] });
      // when every instance completes
      for (let i = 0; i < 3; i++) await complete(await nextJob(engine.zeebe, type));
      // then the handler runs once, without the instances' input element
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      expect(undo.variables).to.deep.equal({ items: [1, 2, 3] });
      await expectNoJob(engine.zeebe, reserve.type);
      await complete(undo);
      await expectInstanceGone(processInstanceKey);
    });
  });

  describe('compensation and embedded subprocesses', () => {
    /**
     * start → Task_Reserve → Sub (local input `reviewer`; Sub_Start → Task_Notify → Sub_End) → Task_After → end,
     * both tasks compensated, with Event_Compensate (for `activityRef` if given) inside Sub after Task_Notify
     * or after Sub.
     */
    async function reserveThenSubprocess(throwAt: 'inside' | 'after', activityRef?: string) {
      const id = uid(`compensate-${throwAt}-subprocess`);
      const types = { reserve: uid('reserve-cpr-number'), notify: uid('notify-municipality'), after: uid('close') };
      const [reserve, notify] = [compensation('Reserve'), compensation('Notify')];
      const event = throwEvent('Event_Compensate', compensateDef({ activityRef }));
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Reserve', types.reserve),
        ...reserve.xml,
        subProcess(
          'Sub',
          [
            start('Sub_Start'),
            serviceTask('Task_Notify', types.notify),
            ...notify.xml,
            ...(throwAt === 'inside' ? [event] : []),
            end('Sub_End'),
            throwAt === 'inside'
              ? path('Sub_Start', 'Task_Notify', 'Event_Compensate', 'Sub_End')
              : path('Sub_Start', 'Task_Notify', 'Sub_End'),
            ...notify.links,
          ],
          io({ reviewer: '="Ada"' }),
        ),
        ...(throwAt === 'after' ? [event] : []),
        serviceTask('Task_After', types.after),
        end(),
        throwAt === 'after'
          ? path('start', 'Task_Reserve', 'Sub', 'Event_Compensate', 'Task_After', 'end')
          : path('start', 'Task_Reserve', 'Sub', 'Task_After', 'end'),
        ...reserve.links,
      ]);
      return { id, types, reserve, notify };
    }

    it('Compensation throw event inside an embedded subprocess: runs the handlers of the subprocess’s completed activities only (which see the subprocess’s local variables), not of completed activities outside it', async () => {
      // given
      const { id, types, reserve, notify } = await reserveThenSubprocess('inside');
      const { processInstanceKey } = await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.reserve));
      // when
      await complete(await nextJob(engine.zeebe, types.notify), { isNotified: true });
      // then
      const undo = await nextJob(engine.zeebe, notify.type);
      expect(undo.elementId).to.equal('Undo_Notify');
      expect(undo.variables).to.deep.equal({ reviewer: 'Ada', isNotified: true });
      await expectNoJob(engine.zeebe, reserve.type);
      await expectNoJob(engine.zeebe, types.after);
      await complete(undo);
      await complete(await nextJob(engine.zeebe, types.after));
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, reserve.type);
    });

    it('Compensation throw event after a completed embedded subprocess: runs the handlers of the activities inside it (without the subprocess’s local variables, which are gone) as well as outside it, all at once', async () => {
      // given
      const { id, types, reserve, notify } = await reserveThenSubprocess('after');
      await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.reserve));
      // when
      await complete(await nextJob(engine.zeebe, types.notify), { isNotified: true });
      // then both handlers run at once, and the throw event waits for both
      const undoReserve = await nextJob(engine.zeebe, reserve.type);
      const undoNotify = await nextJob(engine.zeebe, notify.type);
      expect([undoReserve.elementId, undoNotify.elementId]).to.deep.equal(['Undo_Reserve', 'Undo_Notify']);
      expect(undoNotify.variables).to.deep.equal({ isNotified: true });
      await complete(undoNotify, { isRetracted: true });
      await expectNoJob(engine.zeebe, types.after);
      await complete(undoReserve);
      // and the inner handler's variables reach the process
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ isNotified: true, isRetracted: true });
    });

    it('Compensation throw event with activityRef naming a completed embedded subprocess: runs the handlers of the activities inside it only', async () => {
      // given
      const { id, types, reserve, notify } = await reserveThenSubprocess('after', 'Sub');
      await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.reserve));
      // when
      await complete(await nextJob(engine.zeebe, types.notify));
      // then
      const undo = await nextJob(engine.zeebe, notify.type);
      expect(undo.elementId).to.equal('Undo_Notify');
      await expectNoJob(engine.zeebe, reserve.type);
      await expectNoJob(engine.zeebe, types.after);
      await complete(undo);
      await nextJob(engine.zeebe, types.after);
      await expectNoJob(engine.zeebe, reserve.type);
    });

    it('Compensation throw event while an embedded subprocess is still active: does not run the handlers of the activities already completed inside it', async () => {
      // given Fork → Sub (Task_Notify → Task_Check) and Fork → Task_Reserve → Event_Compensate → End_A
      const id = uid('compensate-active-subprocess');
      const types = { reserve: uid('reserve-cpr-number'), notify: uid('notify-municipality'), check: uid('check') };
      const [reserve, notify] = [compensation('Reserve'), compensation('Notify')];
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Fork'),
        subProcess('Sub', [
          start('Sub_Start'),
          serviceTask('Task_Notify', types.notify),
          serviceTask('Task_Check', types.check),
          ...notify.xml,
          end('Sub_End'),
          path('Sub_Start', 'Task_Notify', 'Task_Check', 'Sub_End'),
          ...notify.links,
        ]),
        end('End_B'),
        serviceTask('Task_Reserve', types.reserve),
        throwEvent('Event_Compensate', compensateDef()),
        end('End_A'),
        ...reserve.xml,
        path('start', 'Fork', 'Sub', 'End_B'),
        path('Fork', 'Task_Reserve', 'Event_Compensate', 'End_A'),
        ...reserve.links,
      ]);
      const { processInstanceKey } = await startInstance(id);
      await complete(await nextJob(engine.zeebe, types.notify));
      const checkJob = await nextJob(engine.zeebe, types.check);
      // when
      await complete(await nextJob(engine.zeebe, types.reserve));
      // then
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      await expectNoJob(engine.zeebe, notify.type);
      await complete(undo);
      await complete(checkJob);
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, notify.type);
    });

    it('Compensation boundary event on an embedded subprocess: a throw event after it runs the subprocess’s handler and the handlers of the activities inside it', async () => {
      // given start → Sub (Task_Notify, compensated) → Event_Compensate → Task_After → end, Sub compensated too
      const id = uid('compensate-subprocess-boundary');
      const types = { notify: uid('notify-municipality'), after: uid('close') };
      const notify = compensation('Notify');
      const subType = uid('undo-sub');
      await deploy(engine.zeebe, id, [
        start(),
        subProcess('Task_Sub', [
          start('Sub_Start'),
          serviceTask('Task_Notify', types.notify),
          ...notify.xml,
          end('Sub_End'),
          path('Sub_Start', 'Task_Notify', 'Sub_End'),
          ...notify.links,
        ]),
        boundary('Comp_Sub', 'Task_Sub', compensateDef()),
        handlerTask('Undo_Sub', subType),
        throwEvent('Event_Compensate', compensateDef()),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Task_Sub', 'Event_Compensate', 'Task_After', 'end'),
        association('Comp_Sub', 'Undo_Sub'),
      ]);
      await startInstance(id);
      // when
      await complete(await nextJob(engine.zeebe, types.notify));
      // then
      const undoSub = await nextJob(engine.zeebe, subType);
      expect(undoSub.elementId).to.equal('Undo_Sub');
      const undoNotify = await nextJob(engine.zeebe, notify.type);
      expect(undoNotify.elementId).to.equal('Undo_Notify');
      await complete(undoSub);
      await complete(undoNotify);
      await nextJob(engine.zeebe, types.after);
    });

    it('Compensation end event in an error event subprocess inside a subprocess: compensates the subprocess’s completed activities, then the subprocess completes and the flow continues after it', async () => {
      // given Sub (Task_Reserve (compensated) → Task_Check → Sub_End, and an error event subprocess
      // Error_Start → End_Compensate) → Task_After → end
      const id = uid('compensate-from-event-subprocess');
      const types = { reserve: uid('reserve-cpr-number'), check: uid('check'), after: uid('close') };
      const reserve = compensation('Reserve');
      await deploy(
        engine.zeebe,
        id,
        [
          start(),
          subProcess('Sub', [
            start('Sub_Start'),
            serviceTask('Task_Reserve', types.reserve),
            serviceTask('Task_Check', types.check),
            end('Sub_End'),
            ...reserve.xml,
            eventSubProcess('Event_Sub', [
              eventStart('Error_Start', errorDef('Error_Rejected')),
              end('End_Compensate', compensateDef()),
              path('Error_Start', 'End_Compensate'),
            ]),
            path('Sub_Start', 'Task_Reserve', 'Task_Check', 'Sub_End'),
            ...reserve.links,
          ]),
          serviceTask('Task_After', types.after),
          end(),
          path('start', 'Sub', 'Task_After', 'end'),
        ],
        [error('Error_Rejected', 'APPLICATION_REJECTED')],
      );
      await startInstance(id, { caseId: 'c-1' });
      await complete(await nextJob(engine.zeebe, types.reserve));
      // when Task_Check throws the error
      const checkJob = await nextJob(engine.zeebe, types.check);
      await engine.zeebe.throwError({ jobKey: checkJob.key, errorCode: 'APPLICATION_REJECTED', errorMessage: '' });
      // then the handler runs
      const undo = await nextJob(engine.zeebe, reserve.type);
      expect(undo.elementId).to.equal('Undo_Reserve');
      expect(undo.variables).to.deep.equal({ caseId: 'c-1' });
      await expectNoJob(engine.zeebe, types.after);
      // when it completes, the subprocess completes
      await complete(undo);
      await nextJob(engine.zeebe, types.after);
    });
  });

  describe('models Zeebe refuses', () => {
    /** start → Task_Reserve → End_Compensate, with `extra` elements and `links`. */
    const compensatedProcess = (extra: string[], links: string[] = []) => [
      start(),
      serviceTask('Task_Reserve', uid('reserve')),
      end('End_Compensate', compensateDef()),
      path('start', 'Task_Reserve', 'End_Compensate'),
      ...extra,
      ...links,
    ];

    it('Compensate event definition without an id: the deployment is rejected with INVALID_ARGUMENT (Zeebe fails to transform it)', async () => {
      // Zeebe's transformer takes the definition's id for the compensation and fails on a missing one
      // (camunda/camunda#18926): 8.6 answers "'<resource>': null", 8.8 names the NullPointerException
      const id = uid('compensation-definition-without-id');
      const text = await expectStatus(
        deploy(engine.zeebe, id, [
          start(),
          serviceTask('Task_Reserve', uid('reserve')),
          end('End_Compensate', compensateDef({ id: null })),
          path('start', 'Task_Reserve', 'End_Compensate'),
        ]),
        'INVALID_ARGUMENT',
      );
      expect(text).to.contain(`'${id}.bpmn': `);
    });

    it('Compensation boundary event without an association to a handler: rejected with INVALID_ARGUMENT', async function () {
      // Zeebe 8.6 rejects it too, with its general boundary event rule: "Must have at least one outgoing
      // sequence flow or association"
      sinceZeebe(engine, '8.8', this);
      const text = await rejection(
        'compensation-no-handler',
        compensatedProcess([boundary('Comp_Reserve', 'Task_Reserve', compensateDef())]),
      );
      expect(text)
        .to.contain('Element: Comp_Reserve')
        .and.to.contain(
          'ERROR: Compensation boundary events must have a compensation association and no outgoing sequence flows',
        );
    });

    it('Compensation boundary event with an outgoing sequence flow instead of an association: rejected with INVALID_ARGUMENT', async function () {
      // Zeebe 8.6 accepts it
      sinceZeebe(engine, '8.8', this);
      const text = await rejection(
        'compensation-boundary-flow',
        compensatedProcess([
          boundary('Comp_Reserve', 'Task_Reserve', compensateDef()),
          serviceTask('Undo_Reserve', uid('undo')),
          end('End_Undo'),
          path('Comp_Reserve', 'Undo_Reserve', 'End_Undo'),
        ]),
      );
      expect(text)
        .to.contain('Element: Comp_Reserve')
        .and.to.contain(
          'ERROR: Compensation boundary events must have a compensation association and no outgoing sequence flows',
        );
    });

    it('Compensation handler with an incoming sequence flow: rejected with INVALID_ARGUMENT', async () => {
      // Zeebe sees a flow node's flows through its <bpmn:incoming>/<bpmn:outgoing> children (which Camunda
      // Modeler always writes), so the handler lists the flow as Modeler would
      const type = uid('undo');
      const text = await rejection('compensation-handler-incoming', [
        start(),
        parallel('Fork'),
        serviceTask('Task_Reserve', uid('reserve')),
        end('End_Compensate', compensateDef()),
        boundary('Comp_Reserve', 'Task_Reserve', compensateDef()),
        handlerTask('Undo_Reserve', type, { children: '<bpmn:incoming>f_Fork_Undo_Reserve</bpmn:incoming>' }),
        path('start', 'Fork', 'Task_Reserve', 'End_Compensate'),
        flow('Fork', 'Undo_Reserve'),
        association('Comp_Reserve', 'Undo_Reserve'),
      ]);
      expect(text)
        .to.contain('Element: Undo_Reserve')
        .and.to.contain('ERROR: A compensation handler should have no incoming sequence flows');
    });

    it('Compensation handler with an outgoing sequence flow: rejected with INVALID_ARGUMENT', async () => {
      const type = uid('undo');
      const text = await rejection(
        'compensation-handler-outgoing',
        compensatedProcess(
          [
            boundary('Comp_Reserve', 'Task_Reserve', compensateDef()),
            handlerTask('Undo_Reserve', type, { children: '<bpmn:outgoing>f_Undo_Reserve_End_Undo</bpmn:outgoing>' }),
            end('End_Undo'),
            flow('Undo_Reserve', 'End_Undo'),
          ],
          [association('Comp_Reserve', 'Undo_Reserve')],
        ),
      );
      expect(text)
        .to.contain('Element: Undo_Reserve')
        .and.to.contain('ERROR: A compensation handler should have no outgoing sequence flows');
    });

    it('Compensation handler with a boundary event: rejected with INVALID_ARGUMENT', async () => {
      const reserve = compensation('Reserve');
      const text = await rejection(
        'compensation-handler-boundary',
        compensatedProcess(
          [
            ...reserve.xml,
            boundary('Error_On_Undo', 'Undo_Reserve', errorDef()),
            end('End_Error'),
            path('Error_On_Undo', 'End_Error'),
          ],
          reserve.links,
        ),
      );
      expect(text)
        .to.contain('Element: Undo_Reserve')
        .and.to.contain('ERROR: A compensation handler should have no boundary events');
    });

    it('Compensation intermediate throw event with waitForCompletion="false": rejected with INVALID_ARGUMENT', async () => {
      const reserve = compensation('Reserve');
      const text = await rejection('compensation-no-wait-throw', [
        start(),
        serviceTask('Task_Reserve', uid('reserve')),
        throwEvent('Event_Compensate', compensateDef({ waitForCompletion: false })),
        end(),
        ...reserve.xml,
        path('start', 'Task_Reserve', 'Event_Compensate', 'end'),
        ...reserve.links,
      ]);
      expect(text)
        .to.contain('Element: Event_Compensate')
        .and.to.contain(
          'ERROR: A compensation intermediate throwing event waitForCompletion attribute must be true or not present',
        );
    });

    it('Compensation end event with waitForCompletion="false": rejected with INVALID_ARGUMENT', async () => {
      const reserve = compensation('Reserve');
      const text = await rejection('compensation-no-wait-end', [
        start(),
        serviceTask('Task_Reserve', uid('reserve')),
        end('End_Compensate', compensateDef({ waitForCompletion: false })),
        ...reserve.xml,
        path('start', 'Task_Reserve', 'End_Compensate'),
        ...reserve.links,
      ]);
      expect(text)
        .to.contain('Element: End_Compensate')
        .and.to.contain('ERROR: A compensation end event waitForCompletion attribute must be true or not present');
    });

    it('Compensation throw event whose activityRef names an activity without a compensation boundary event: rejected with INVALID_ARGUMENT, naming the event definition', async () => {
      const text = await rejection('compensation-ref-no-boundary', [
        start(),
        serviceTask('Task_Reserve', uid('reserve')),
        end('End_Compensate', compensateDef({ id: 'Def_Compensate', activityRef: 'Task_Reserve' })),
        path('start', 'Task_Reserve', 'End_Compensate'),
      ]);
      expect(text)
        .to.contain('Element: Def_Compensate')
        .and.to.contain(
          "ERROR: The referenced compensation activity 'Task_Reserve' must have either a compensation boundary event or be a subprocess",
        );
    });

    it('Compensation throw event whose activityRef names an activity in another scope (inside a subprocess): rejected with INVALID_ARGUMENT, naming the event definition', async () => {
      const notify = compensation('Notify');
      const text = await rejection('compensation-ref-other-scope', [
        start(),
        subProcess('Sub', [
          start('Sub_Start'),
          serviceTask('Task_Notify', uid('notify')),
          ...notify.xml,
          end('Sub_End'),
          path('Sub_Start', 'Task_Notify', 'Sub_End'),
          ...notify.links,
        ]),
        end('End_Compensate', compensateDef({ id: 'Def_Compensate', activityRef: 'Task_Notify' })),
        path('start', 'Sub', 'End_Compensate'),
      ]);
      expect(text)
        .to.contain('Element: Def_Compensate')
        .and.to.contain(
          "ERROR: The referenced compensation activity 'Task_Notify' must be in the same scope as the compensation throw event",
        );
    });

    it('Compensation event subprocess (compensation start event) inside an embedded subprocess: rejected with INVALID_ARGUMENT (Zeebe has no compensation start events)', async () => {
      const reserve = compensation('Reserve');
      const text = await rejection('compensation-event-subprocess', [
        start(),
        subProcess('Sub', [
          start('Sub_Start'),
          serviceTask('Task_Reserve', uid('reserve')),
          ...reserve.xml,
          end('Sub_End'),
          eventSubProcess('Event_Sub', [
            eventStart('Compensation_Start', compensateDef()),
            serviceTask('Task_Undo_All', uid('undo-all')),
            end('Event_End'),
            path('Compensation_Start', 'Task_Undo_All', 'Event_End'),
          ]),
          path('Sub_Start', 'Task_Reserve', 'Sub_End'),
          ...reserve.links,
        ]),
        end('End_Compensate', compensateDef()),
        path('start', 'Sub', 'End_Compensate'),
      ]);
      expect(text)
        .to.contain('Element: Event_Sub')
        .and.to.contain(
          'ERROR: Start events in event subprocesses must be one of: message, timer, error, signal or escalation',
        )
        .and.not.to.contain('process level');
    });

    it('Compensation event subprocess on the process level: rejected with INVALID_ARGUMENT, with both errors', async () => {
      const text = await rejection('compensation-event-subprocess-process', [
        start(),
        serviceTask('Task_Reserve', uid('reserve')),
        end(),
        path('start', 'Task_Reserve', 'end'),
        eventSubProcess('Event_Sub', [
          eventStart('Compensation_Start', compensateDef()),
          serviceTask('Task_Undo_All', uid('undo-all')),
          end('Event_End'),
          path('Compensation_Start', 'Task_Undo_All', 'Event_End'),
        ]),
      ]);
      expect(text).to.contain(
        '- Element: Event_Sub\n' +
          '    - ERROR: A compensation event subprocess is not allowed on the process level\n' +
          '    - ERROR: Start events in event subprocesses must be one of: message, timer, error, signal or escalation\n',
      );
    });
  });
});
