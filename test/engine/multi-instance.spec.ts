// Multi-instance activities (bpmn:multiInstanceLoopCharacteristics with zeebe:loopCharacteristics): parallel and
// sequential service tasks over an input collection, the output collection, the completion condition, an empty or
// invalid collection, boundary events on the whole multi-instance body, a multi-instance embedded subprocess, and
// input mappings evaluated per inner instance. The variables each job sees are deep-equal checked, because which
// variables live in which scope (inner instance, multi-instance body, process) is what an engine must get right.
import { expect } from 'chai';
import {
  attr,
  boundary,
  end,
  error,
  errorDef,
  io,
  message,
  messageDef,
  path,
  serviceTask,
  start,
  timerDef,
  uid,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { theIncident } from '../support/incidents.js';
import { deploy, expectNoJob, expectStatus, nextJob, type Job } from '../support/probe.js';

interface Loop {
  /** Sequential (one inner instance at a time) instead of parallel (all at once, Zeebe's default). */
  isSequential?: boolean;
  inputCollection?: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

/**
 * bpmn:multiInstanceLoopCharacteristics in BPMN's schema order: extension elements (zeebe:loopCharacteristics,
 * whose attributes zeebe-bpmn-moddle names inputCollection, inputElement, outputCollection, outputElement), then
 * the completion condition.
 */
function loop(options: Loop): string {
  const attributes = (['inputCollection', 'inputElement', 'outputCollection', 'outputElement'] as const)
    .filter((name) => options[name] !== undefined)
    .map((name) => ` ${name}="${attr(options[name] as string)}"`)
    .join('');
  const condition = options.completionCondition
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${attr(options.completionCondition)}</bpmn:completionCondition>`
    : '';
  return (
    `<bpmn:multiInstanceLoopCharacteristics isSequential="${options.isSequential ?? false}">` +
    `<bpmn:extensionElements><zeebe:loopCharacteristics${attributes}/></bpmn:extensionElements>${condition}` +
    '</bpmn:multiInstanceLoopCharacteristics>'
  );
}

/** A service task marked multi-instance: the loop characteristics follow its extension elements, as BPMN orders them. */
const multiInstanceTask = (id: string, type: string, options: Loop, extensions = '') =>
  serviceTask(id, type, extensions).replace(/<\/bpmn:serviceTask>$/, `${loop(options)}</bpmn:serviceTask>`);

/** The usual loop: over `=items`, each item as `item`, the outputs as `results`, each taken from `result`. */
const OVER_ITEMS: Loop = {
  inputCollection: '=items',
  inputElement: 'item',
  outputCollection: 'results',
  outputElement: '=result',
};

/** A job's variables as a plain record (the SDK types them as unknown). */
const variablesOf = (job: Job) => job.variables as Record<string, unknown>;
const itemOf = (job: Job) => variablesOf(job).item as number;
const loopCounterOf = (job: Job) => variablesOf(job).loopCounter as number;

describe('engine: multi-instance activities', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** Activates `count` jobs of `type` (one call each) and returns them ordered by their loopCounter. */
  async function jobsOf(type: string, count: number): Promise<Job[]> {
    const jobs: Job[] = [];
    for (let i = 0; i < count; i++) jobs.push(await nextJob(engine.zeebe, type));
    return jobs.sort((a, b) => loopCounterOf(a) - loopCounterOf(b));
  }

  /**
   * start → Task_Each (multi-instance, optional boundary events and extensions) → Task_Probe → end. Activating the
   * probe job shows the process variables once the multi-instance activity has completed.
   */
  async function deployTask(options: Loop, extras: { extensions?: string; body?: string[]; root?: string[] } = {}) {
    const [id, each, probe] = [uid('multi-instance'), uid('each'), uid('probe')];
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        multiInstanceTask('Task_Each', each, options, extras.extensions),
        serviceTask('Task_Probe', probe),
        end(),
        path('start', 'Task_Each', 'Task_Probe', 'end'),
        ...(extras.body ?? []),
      ],
      extras.root ?? [],
    );
    return { id, each, probe };
  }

  const startInstance = (bpmnProcessId: string, variables: Record<string, unknown>) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables: variables as Record<string, string> });

  it('Multi-instance service task, parallel: creates one job per inputCollection item at once, each seeing the process variables, its item (inputElement) and its 1-based loopCounter', async () => {
    // given a parallel multi-instance task without an output collection
    const { id, each } = await deployTask({ inputCollection: '=items', inputElement: 'item' });
    // when an instance starts over three items
    const { processInstanceKey } = await startInstance(id, { items: ['a', 'b', 'c'], caseId: 'c-1' });
    // then all three jobs can be activated before any completes, each of the activity's own element id
    const jobs = await jobsOf(each, 3);
    expect(jobs.map((j) => j.variables)).to.deep.equal([
      { items: ['a', 'b', 'c'], caseId: 'c-1', item: 'a', loopCounter: 1 },
      { items: ['a', 'b', 'c'], caseId: 'c-1', item: 'b', loopCounter: 2 },
      { items: ['a', 'b', 'c'], caseId: 'c-1', item: 'c', loopCounter: 3 },
    ]);
    expect(jobs.map((j) => j.elementId)).to.deep.equal(['Task_Each', 'Task_Each', 'Task_Each']);
    expect(jobs.map((j) => j.processInstanceKey)).to.deep.equal([
      processInstanceKey,
      processInstanceKey,
      processInstanceKey,
    ]);
    // and each job belongs to its own inner instance
    expect(new Set(jobs.map((j) => j.elementInstanceKey)).size).to.equal(3);
  });

  it('Multi-instance service task, without inputElement: each job sees only loopCounter besides the process variables', async () => {
    // given
    const { id, each } = await deployTask({ inputCollection: '=items' });
    // when
    await startInstance(id, { items: ['a', 'b'] });
    // then
    const jobs = await jobsOf(each, 2);
    expect(jobs.map((j) => j.variables)).to.deep.equal([
      { items: ['a', 'b'], loopCounter: 1 },
      { items: ['a', 'b'], loopCounter: 2 },
    ]);
  });

  it('Multi-instance service task: numberOfInstances, numberOfActiveInstances and numberOfCompletedInstances are not variables, even when fetched by name', async () => {
    // given
    const { id, each } = await deployTask(OVER_ITEMS);
    await startInstance(id, { items: ['a'] });
    // when the job is activated asking for the loop's variables by name
    const job = await nextJob(engine.zeebe, each, {
      fetchVariable: [
        'item',
        'loopCounter',
        'result',
        'results',
        'numberOfInstances',
        'numberOfActiveInstances',
        'numberOfCompletedInstances',
        'numberOfTerminatedInstances',
      ],
    });
    // then only the inner instance's and the body's variables come back: the numberOf* values exist only in the
    // completion condition
    expect(job.variables).to.deep.equal({ item: 'a', loopCounter: 1, result: null, results: [null] });
  });

  it('Multi-instance service task, sequential: one job at a time in collection order; the next appears only after the previous completes', async () => {
    // given a sequential multi-instance task, and a process variable of the inputElement's name
    const { id, each, probe } = await deployTask({ ...OVER_ITEMS, isSequential: true });
    await startInstance(id, { items: ['a', 'b', 'c'], item: 'outer' });
    const seen: Record<string, unknown>[] = [];
    for (const [i, value] of ['a', 'b', 'c'].entries()) {
      // when the only job is activated
      const job = await nextJob(engine.zeebe, each);
      seen.push(job.variables);
      // then no other job waits beside it
      await expectNoJob(engine.zeebe, each);
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { result: value.toUpperCase(), note: `n${i}` } });
    }
    // then each job saw its own item (shadowing the process's `item`), the output collection filled so far and
    // the completion variables other than the output element that earlier instances put in the process scope
    expect(seen).to.deep.equal([
      { items: ['a', 'b', 'c'], item: 'a', loopCounter: 1, result: null, results: [null, null, null] },
      { items: ['a', 'b', 'c'], item: 'b', loopCounter: 2, result: null, results: ['A', null, null], note: 'n0' },
      { items: ['a', 'b', 'c'], item: 'c', loopCounter: 3, result: null, results: ['A', 'B', null], note: 'n1' },
    ]);
    // and the process scope's own `item` was never touched
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({
      items: ['a', 'b', 'c'],
      item: 'outer',
      note: 'n2',
      results: ['A', 'B', 'C'],
    });
  });

  it('Multi-instance service task, outputCollection/outputElement: the collection starts as nulls, reaches the process in collection order when all complete, and the outputElement variable (result) stays local', async () => {
    // given
    const { id, each, probe } = await deployTask(OVER_ITEMS);
    await startInstance(id, { items: [1, 2, 3], caseId: 'c-1' });
    const jobs = await jobsOf(each, 3);
    // then each job sees its own `result` initialised to null and the body's collection of nulls
    expect(jobs.map((j) => j.variables)).to.deep.equal(
      [1, 2, 3].map((item) => ({
        items: [1, 2, 3],
        caseId: 'c-1',
        item,
        loopCounter: item,
        result: null,
        results: [null, null, null],
      })),
    );
    // when the jobs complete in reverse order
    for (const job of [...jobs].reverse()) {
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { result: itemOf(job) * 2 } });
      if (job !== jobs[0]) await expectNoJob(engine.zeebe, probe);
    }
    // then the outputs are in collection (loopCounter) order, and `result` did not reach the process
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({ items: [1, 2, 3], caseId: 'c-1', results: [2, 4, 6] });
  });

  it('Multi-instance service task, outputElement that is not a plain variable name: the completion variables reach the process scope (last completion wins) and each inner instance maps its own output', async () => {
    // given an outputElement expression that reads `result` but does not name a variable to hold locally
    const { id, each, probe } = await deployTask({
      ...OVER_ITEMS,
      outputElement: '={value: result, index: loopCounter}',
    });
    await startInstance(id, { items: [1, 2] });
    const jobs = await jobsOf(each, 2);
    // then no `result` is initialised in the inner instances
    expect(jobs.map((j) => j.variables)).to.deep.equal([
      { items: [1, 2], item: 1, loopCounter: 1, results: [null, null] },
      { items: [1, 2], item: 2, loopCounter: 2, results: [null, null] },
    ]);
    // when the second completes first
    for (const job of [...jobs].reverse()) {
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { result: itemOf(job) * 2 } });
    }
    // then `result` was set on the process each time, ending with the first instance's value
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({
      items: [1, 2],
      result: 2,
      results: [
        { value: 2, index: 1 },
        { value: 4, index: 2 },
      ],
    });
  });

  it('Multi-instance service task, completionCondition: once it holds (numberOfCompletedInstances >= 2 of 4) the other inner instances are terminated (their jobs NOT_FOUND), the flow continues, and their outputs stay null', async () => {
    // given
    const { id, each, probe } = await deployTask({
      ...OVER_ITEMS,
      completionCondition: '=numberOfCompletedInstances >= 2',
    });
    await startInstance(id, { items: [1, 2, 3, 4] });
    const jobs = await jobsOf(each, 4);
    const [first, second, third, fourth] = jobs as [Job, Job, Job, Job];
    // when one completes, the condition does not hold yet
    await engine.zeebe.completeJob({ jobKey: third.key, variables: { result: 30 } });
    await expectNoJob(engine.zeebe, probe);
    // when a second completes
    await engine.zeebe.completeJob({ jobKey: first.key, variables: { result: 10 } });
    // then the flow continues with the unfinished instances' outputs left null
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({ items: [1, 2, 3, 4], results: [10, null, 30, null] });
    // and the unfinished instances' jobs are gone
    await expectStatus(engine.zeebe.completeJob({ jobKey: second.key, variables: { result: 20 } }), 'NOT_FOUND');
    await expectStatus(engine.zeebe.completeJob({ jobKey: fourth.key, variables: { result: 40 } }), 'NOT_FOUND');
  });

  it('Multi-instance service task, completionCondition: is evaluated when an inner instance completes, seeing numberOfInstances, numberOfActiveInstances, numberOfCompletedInstances, that instance’s item, loopCounter and result, and the updated outputCollection', async () => {
    // given a condition that is true exactly after the second of three instances completes with 20 first
    const { id, each, probe } = await deployTask({
      ...OVER_ITEMS,
      completionCondition:
        '=numberOfInstances = 3 and numberOfActiveInstances = 2 and numberOfCompletedInstances = 1' +
        ' and item = 2 and loopCounter = 2 and result = 20 and results = [null, 20, null]',
    });
    await startInstance(id, { items: [1, 2, 3] });
    const [, second] = (await jobsOf(each, 3)) as [Job, Job, Job];
    // when
    await engine.zeebe.completeJob({ jobKey: second.key, variables: { result: 20 } });
    // then
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({ items: [1, 2, 3], results: [null, 20, null] });
  });

  it('Multi-instance service task, empty inputCollection: completes at once without a job, with an empty outputCollection', async () => {
    // given
    const { id, each, probe } = await deployTask(OVER_ITEMS);
    // when
    await startInstance(id, { items: [] });
    // then
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({ items: [], results: [] });
    await expectNoJob(engine.zeebe, each);
  });

  it("Multi-instance service task, inputCollection that is not a list: no job, the instance stays active (Zeebe EXTRACT_VALUE_ERROR incident \"Expected result of the expression 'items' to be 'ARRAY', but was 'NUMBER'.\")", async () => {
    // given
    const { id, each, probe } = await deployTask(OVER_ITEMS);
    // when
    const { processInstanceKey } = await startInstance(id, { items: 5 });
    // then the path stops on the multi-instance activity
    if (engine.kind === 'embedded') {
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({
        elementId: 'Task_Each',
        errorType: 'EXTRACT_VALUE_ERROR',
        errorMessage: "Expected result of the expression 'items' to be 'ARRAY', but was 'NUMBER'.",
        jobKey: null,
      });
    }
    await expectNoJob(engine.zeebe, each);
    await expectNoJob(engine.zeebe, probe);
    // and the instance is still there to cancel
    await engine.zeebe.cancelProcessInstance(processInstanceKey);
  });

  it('Multi-instance service task with an interrupting timer boundary event: the timer fires once for the whole body, every inner job is gone, and the outputCollection does not reach the process', async function () {
    this.timeout(30_000);
    // given
    const handle = uid('handle-deadline');
    const { id, each, probe } = await deployTask(OVER_ITEMS, {
      body: [
        boundary('Event_Deadline', 'Task_Each', timerDef('timeDuration', 'PT2S')),
        serviceTask('Task_Deadline', handle),
        end('end_deadline'),
        path('Event_Deadline', 'Task_Deadline', 'end_deadline'),
      ],
    });
    await startInstance(id, { items: [1, 2, 3] });
    const jobs = await jobsOf(each, 3);
    await engine.zeebe.completeJob({ jobKey: (jobs[0] as Job).key, variables: { result: 10, note: 'done' } });
    // when the timer fires
    const handler = await nextJob(engine.zeebe, handle);
    // then the boundary path runs once, with what the completed instance put in the process scope but no results
    expect(handler.elementId).to.equal('Task_Deadline');
    expect(handler.variables).to.deep.equal({ items: [1, 2, 3], note: 'done' });
    await expectNoJob(engine.zeebe, handle);
    for (const job of jobs.slice(1)) {
      await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'NOT_FOUND');
    }
    await expectNoJob(engine.zeebe, probe);
  });

  it('Multi-instance service task with an interrupting message boundary event: one message interrupts the whole body, every inner job is gone, and the boundary path runs once', async () => {
    // given
    const [name, handle] = [uid('application-withdrawn'), uid('handle-withdrawal')];
    const { id, each, probe } = await deployTask(OVER_ITEMS, {
      body: [
        boundary('Event_Withdrawn', 'Task_Each', messageDef('Message_Withdrawn')),
        serviceTask('Task_Withdrawn', handle),
        end('end_withdrawn'),
        path('Event_Withdrawn', 'Task_Withdrawn', 'end_withdrawn'),
      ],
      root: [message('Message_Withdrawn', name, '=caseId')],
    });
    const caseId = uid('case');
    await startInstance(id, { items: [1, 2, 3], caseId });
    const jobs = await jobsOf(each, 3);
    // when
    await engine.zeebe.publishMessage({ name, correlationKey: caseId, timeToLive: 60_000, variables: { why: 'w' } });
    // then
    const handler = await nextJob(engine.zeebe, handle);
    expect(handler.elementId).to.equal('Task_Withdrawn');
    expect(handler.variables).to.deep.equal({ items: [1, 2, 3], caseId, why: 'w' });
    await expectNoJob(engine.zeebe, handle);
    for (const job of jobs) {
      await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'NOT_FOUND');
    }
    await expectNoJob(engine.zeebe, probe);
  });

  it('Multi-instance service task with an error boundary event: a job error (ThrowError) in one inner instance is caught on the body, ends every inner instance and takes the boundary path once', async () => {
    // given
    const handle = uid('handle-bad-item');
    const { id, each, probe } = await deployTask(OVER_ITEMS, {
      body: [
        boundary('Event_BadItem', 'Task_Each', errorDef('Error_BadItem')),
        serviceTask('Task_BadItem', handle),
        end('end_bad_item'),
        path('Event_BadItem', 'Task_BadItem', 'end_bad_item'),
      ],
      root: [error('Error_BadItem', 'BAD_ITEM')],
    });
    await startInstance(id, { items: [1, 2, 3] });
    const [first, second, third] = (await jobsOf(each, 3)) as [Job, Job, Job];
    await engine.zeebe.completeJob({ jobKey: first.key, variables: { result: 10 } });
    // when the second inner instance's job throws the error
    await engine.zeebe.throwError({ jobKey: second.key, errorCode: 'BAD_ITEM', errorMessage: 'item 2 is bad' });
    // then the boundary path runs once, without the output collection
    const handler = await nextJob(engine.zeebe, handle);
    expect(handler.elementId).to.equal('Task_BadItem');
    expect(handler.variables).to.deep.equal({ items: [1, 2, 3] });
    await expectNoJob(engine.zeebe, handle);
    // and the other inner instance is gone
    await expectStatus(engine.zeebe.completeJob({ jobKey: third.key, variables: {} }), 'NOT_FOUND');
    await expectNoJob(engine.zeebe, probe);
  });

  it('Multi-instance service task, zeebe:ioMapping input: evaluated per inner instance with its item and loopCounter visible; the mapped itemId is visible to outputElement', async () => {
    // given input mappings from the item, and an outputElement reading the mapped variable
    const { id, each, probe } = await deployTask(
      { ...OVER_ITEMS, outputElement: '=itemId' },
      { extensions: io({ itemId: '=item.id', position: '=loopCounter' }) },
    );
    const items = [{ id: 'a' }, { id: 'b' }];
    await startInstance(id, { items });
    // then each job sees its own mapped values
    const jobs = await jobsOf(each, 2);
    expect(jobs.map((j) => j.variables)).to.deep.equal([
      { items, item: { id: 'a' }, loopCounter: 1, itemId: 'a', position: 1, results: [null, null] },
      { items, item: { id: 'b' }, loopCounter: 2, itemId: 'b', position: 2, results: [null, null] },
    ]);
    // when they complete without variables
    for (const job of jobs) await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
    // then the outputs come from each inner instance's mapped itemId, and the mapped variables stay local
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({ items, results: ['a', 'b'] });
  });

  it('Multi-instance embedded subprocess, parallel: each inner instance runs its own start → task → end, the task job seeing its own item and loopCounter', async () => {
    // given a multi-instance subprocess over two items, with one service task inside
    const [id, inner, probe] = [uid('multi-instance-subprocess'), uid('check-item'), uid('probe')];
    await deploy(engine.zeebe, id, [
      start(),
      `<bpmn:subProcess id="Sub_Each">${loop(OVER_ITEMS)}` +
        `${start('sub_start')}${serviceTask('Task_Check', inner)}${end('sub_end')}` +
        `${path('sub_start', 'Task_Check', 'sub_end')}</bpmn:subProcess>`,
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Sub_Each', 'Task_Probe', 'end'),
    ]);
    // when
    await startInstance(id, { items: ['a', 'b'] });
    // then there is one job inside each inner instance
    const jobs = await jobsOf(inner, 2);
    expect(jobs.map((j) => [j.elementId, j.variables])).to.deep.equal([
      ['Task_Check', { items: ['a', 'b'], item: 'a', loopCounter: 1, result: null, results: [null, null] }],
      ['Task_Check', { items: ['a', 'b'], item: 'b', loopCounter: 2, result: null, results: [null, null] }],
    ]);
    await expectNoJob(engine.zeebe, inner);
    // when both complete, the second first
    for (const job of [...jobs].reverse()) {
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { result: `${String(variablesOf(job).item)}!` } });
    }
    // then each subprocess instance's own `result` went into the collection, in item order
    const after = await nextJob(engine.zeebe, probe);
    expect(after.variables).to.deep.equal({ items: ['a', 'b'], results: ['a!', 'b!'] });
  });
});
