// Ad-hoc subprocesses (bpmn:adHocSubProcess with zeebe:adHoc, Zeebe 8.7/8.8): on entering, the engine
// evaluates activeElementsCollection and activates the inner elements it names (those without incoming
// sequence flows); flows inside go on from there; the subprocess completes when every activated path is done,
// or, with a completionCondition, when the condition holds after an inner element completes
// (cancelRemainingInstances decides whether the rest is terminated or awaited). Zeebe 8.6 rejects the element
// ("Elements of type 'AdHocSubProcess' are currently not supported"), so every spec here runs from 8.8 on.
//
// Whether the subprocess is active is seen through an interrupting message boundary event on it: its
// subscription is opened when the subprocess is activated, so it catches a (buffered) message only then.
import { expect } from 'chai';
import {
  attr,
  boundary,
  end,
  flow,
  headers,
  io,
  message,
  messageDef,
  path,
  serviceTask,
  start,
  uid,
} from '../support/bpmn.js';
import { sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { theIncident } from '../support/incidents.js';
import { deploy, expectNoJob, expectStatus, nextJob, type Job } from '../support/probe.js';
import { pause } from '../support/waits.js';

/** Long enough for a published message to wait for a subscription that is still opening. */
const BUFFERED = 60_000;

interface AdHocOptions {
  /** zeebe:adHoc activeElementsCollection (an expression, `=...`); absent when undefined. */
  activeElements?: string;
  /** bpmn:completionCondition (an expression). */
  completionCondition?: string;
  /** The cancelRemainingInstances attribute; absent when undefined (Zeebe's default is true). */
  cancelRemainingInstances?: boolean;
  outputCollection?: string;
  outputElement?: string;
  /** More extension elements: zeebe:ioMapping, zeebe:taskDefinition, zeebe:taskHeaders. */
  extensions?: string;
}

/** A bpmn:adHocSubProcess as Zeebe 8.8 reads it: `body` holds its inner elements and flows. */
function adHocSubProcess(id: string, body: string[], options: AdHocOptions = {}): string {
  const adHocAttributes = [
    options.activeElements === undefined ? '' : ` activeElementsCollection="${attr(options.activeElements)}"`,
    options.outputCollection === undefined ? '' : ` outputCollection="${attr(options.outputCollection)}"`,
    options.outputElement === undefined ? '' : ` outputElement="${attr(options.outputElement)}"`,
  ].join('');
  const extensions = (adHocAttributes ? `<zeebe:adHoc${adHocAttributes}/>` : '') + (options.extensions ?? '');
  const cancel =
    options.cancelRemainingInstances === undefined
      ? ''
      : ` cancelRemainingInstances="${options.cancelRemainingInstances}"`;
  const condition =
    options.completionCondition === undefined
      ? ''
      : `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${attr(options.completionCondition)}</bpmn:completionCondition>`;
  return `<bpmn:adHocSubProcess id="${id}"${cancel}>${
    extensions ? `<bpmn:extensionElements>${extensions}</bpmn:extensionElements>` : ''
  }${body.join('')}${condition}</bpmn:adHocSubProcess>`;
}

describe('engine: ad-hoc subprocesses', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });
  beforeEach(function () {
    sinceZeebe(engine, '8.8', this);
  });

  type Variables = Record<string, string | number | boolean | (string | number)[]>;
  const complete = (job: Job, variables: Variables = {}) => engine.zeebe.completeJob({ jobKey: job.key, variables });

  /**
   * start → AdHoc (Task_A, Task_B → Task_B2, Task_C) → Task_After → end, with an interrupting message
   * boundary event Event_Stop on AdHoc (correlation key `=caseId`) leading to Task_Stopped.
   */
  async function adHocProcess(options: AdHocOptions = {}, inner?: (types: Record<string, string>) => string[]) {
    const id = uid('ad-hoc');
    const name = uid('case-withdrawn');
    const types = {
      a: uid('check-passport'),
      b: uid('check-address'),
      b2: uid('confirm-address'),
      c: uid('check-income'),
      after: uid('register-applicant'),
      stopped: uid('close-case'),
    };
    const elements = inner?.(types) ?? [
      serviceTask('Task_A', types.a),
      serviceTask('Task_B', types.b),
      serviceTask('Task_B2', types.b2),
      serviceTask('Task_C', types.c),
      flow('Task_B', 'Task_B2'),
    ];
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        adHocSubProcess('AdHoc', elements, options),
        serviceTask('Task_After', types.after),
        end(),
        boundary('Event_Stop', 'AdHoc', messageDef('Message_Stop')),
        serviceTask('Task_Stopped', types.stopped),
        end('end_stopped'),
        path('start', 'AdHoc', 'Task_After', 'end'),
        path('Event_Stop', 'Task_Stopped', 'end_stopped'),
      ],
      [message('Message_Stop', name, '=caseId')],
    );
    return { id, name, types };
  }

  /** Starts an instance with a fresh caseId (the boundary event's correlation key) and `variables`. */
  async function startInstance(id: string, variables: Variables = {}) {
    const caseId = uid('case');
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { caseId, ...variables },
    });
    return { caseId, processInstanceKey };
  }

  /** Asserts that the ad-hoc subprocess is active: its message boundary event catches a message. */
  async function expectActive(name: string, caseId: string, stopped: string) {
    await engine.zeebe.publishMessage({ name, correlationKey: caseId, variables: {}, timeToLive: BUFFERED });
    const job = await nextJob(engine.zeebe, stopped);
    expect(job.elementId).to.equal('Task_Stopped');
  }

  /** Asserts that the ad-hoc subprocess never became active: its boundary event catches nothing. */
  async function expectNotActivated(name: string, caseId: string, stopped: string) {
    await engine.zeebe.publishMessage({ name, correlationKey: caseId, variables: {}, timeToLive: BUFFERED });
    await pause(1500);
    await expectNoJob(engine.zeebe, stopped);
  }

  /** Asserts that no job of any inner element or after the subprocess can be activated. */
  async function expectNothingActivated(types: Record<string, string>) {
    await pause(500);
    for (const type of [types.a, types.b, types.b2, types.c, types.after])
      await expectNoJob(engine.zeebe, type as string);
  }

  describe('activation', () => {
    it('Ad-hoc subprocess: activates exactly the inner elements listed in activeElementsCollection (jobs for those only); a sequence flow inside goes on from an activated element; completes when every activated path is done, then continues after it with the inner jobs’ variables', async () => {
      // given
      const { id, types } = await adHocProcess({ activeElements: '=checks' });
      // when
      const { processInstanceKey } = await startInstance(id, { checks: ['Task_A', 'Task_B'] });
      // then the listed elements run, in the subprocess's scope, and no others
      const a = await nextJob(engine.zeebe, types.a);
      const b = await nextJob(engine.zeebe, types.b);
      expect(a).to.include({ elementId: 'Task_A', processInstanceKey });
      expect(b).to.include({ elementId: 'Task_B', processInstanceKey });
      await expectNoJob(engine.zeebe, types.c);
      await expectNoJob(engine.zeebe, types.b2);
      // when Task_A completes, the subprocess waits for the other path
      await complete(a, { hasPassport: true });
      await pause(500);
      await expectNoJob(engine.zeebe, types.after);
      // when Task_B completes, its outgoing flow activates Task_B2
      await complete(b, { hasAddress: true });
      const b2 = await nextJob(engine.zeebe, types.b2);
      expect(b2.elementId).to.equal('Task_B2');
      await expectNoJob(engine.zeebe, types.after);
      // when the last path is done, the subprocess completes and the flow continues
      await complete(b2, { isConfirmed: true });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.include({ hasPassport: true, hasAddress: true, isConfirmed: true });
      expect(after.variables).not.to.have.property('adHocSubProcessElements');
    });

    it('Ad-hoc subprocess: inner jobs see the local variable adHocSubProcessElements, one entry per inner element without incoming flow, in no fixed order (elementId, with elementName, documentation and properties only when set); it does not reach the process', async () => {
      // given a described Task_A among plain tasks
      const { id, types } = await adHocProcess({ activeElements: '=checks' }, (t) => [
        `<bpmn:serviceTask id="Task_A" name="Check passport"><bpmn:documentation>Compare photo and name</bpmn:documentation><bpmn:extensionElements><zeebe:taskDefinition type="${t.a}"/><zeebe:properties><zeebe:property name="team" value="front-desk"/></zeebe:properties></bpmn:extensionElements></bpmn:serviceTask>`,
        serviceTask('Task_B', t.b as string),
        serviceTask('Task_B2', t.b2 as string),
        flow('Task_B', 'Task_B2'),
      ]);
      const { caseId } = await startInstance(id, { checks: ['Task_A'] });
      // when
      const a = await nextJob(engine.zeebe, types.a);
      // then
      expect(a.variables).to.have.all.keys('caseId', 'checks', 'adHocSubProcessElements');
      expect(a.variables)
        .to.have.property('adHocSubProcessElements')
        .with.deep.members([
          {
            elementId: 'Task_A',
            elementName: 'Check passport',
            documentation: 'Compare photo and name',
            properties: { team: 'front-desk' },
          },
          { elementId: 'Task_B' },
        ]);
      await complete(a);
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId, checks: ['Task_A'] });
    });

    it('Ad-hoc subprocess: an element listed twice in activeElementsCollection is activated twice (two jobs, two element instances), and the subprocess waits for both', async () => {
      // given
      const { id, types } = await adHocProcess({ activeElements: '=checks' });
      await startInstance(id, { checks: ['Task_A', 'Task_A'] });
      // when
      const first = await nextJob(engine.zeebe, types.a);
      const second = await nextJob(engine.zeebe, types.a);
      // then
      expect([first.elementId, second.elementId]).to.deep.equal(['Task_A', 'Task_A']);
      expect(first.elementInstanceKey).not.to.equal(second.elementInstanceKey);
      await complete(first);
      await pause(500);
      await expectNoJob(engine.zeebe, types.after);
      await complete(second);
      await nextJob(engine.zeebe, types.after);
    });

    it('Ad-hoc subprocess: input mappings make local variables and are applied before activeElementsCollection is evaluated (a local list overrides the process variable); output mappings copy values out', async () => {
      // given a subprocess that maps its own list of checks and an output built from a local variable
      const { id, types } = await adHocProcess({
        activeElements: '=checks',
        extensions: io(
          { checks: '=["Task_C"]', office: '="Copenhagen"' },
          { summary: '=office + ": " + string(hasIncome)' },
        ),
      });
      const { caseId } = await startInstance(id, { checks: ['Task_A'] });
      // then the local list decides
      const c = await nextJob(engine.zeebe, types.c);
      await expectNoJob(engine.zeebe, types.a);
      expect(c.variables).to.deep.include({ checks: ['Task_C'], office: 'Copenhagen' });
      // when it completes, the output mapping leaves the subprocess (and the job's variable propagates as usual);
      // the local inputs do not
      await complete(c, { hasIncome: true });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({
        caseId,
        checks: ['Task_A'],
        hasIncome: true,
        summary: 'Copenhagen: true',
      });
    });

    it('Ad-hoc subprocess with an empty activeElementsCollection list: activates nothing and stays active, waiting (its message boundary event still catches)', async () => {
      // given
      const { id, name, types } = await adHocProcess({ activeElements: '=checks' });
      // when
      const { caseId } = await startInstance(id, { checks: [] });
      // then
      await expectNothingActivated(types);
      await expectActive(name, caseId, types.stopped);
    });

    it('Ad-hoc subprocess without activeElementsCollection: activates nothing and stays active, waiting (its message boundary event still catches)', async () => {
      // given
      const { id, name, types } = await adHocProcess({});
      // when
      const { caseId } = await startInstance(id);
      // then
      await expectNothingActivated(types);
      await expectActive(name, caseId, types.stopped);
    });

    it('Ad-hoc subprocess whose activeElementsCollection names an element it does not contain: activates none of the listed elements, not even the valid ones, and does not become active (EXTRACT_VALUE_ERROR incident: "... but the given elements [Task_Missing] do not exist.")', async () => {
      // given
      const { id, name, types } = await adHocProcess({ activeElements: '=checks' });
      // when
      const { caseId, processInstanceKey } = await startInstance(id, { checks: ['Task_A', 'Task_Missing'] });
      // then
      await expectNothingActivated(types);
      await expectNotActivated(name, caseId, types.stopped);
      // the incident can be read on the embedded engine only
      if (engine.sql) {
        const incident = await theIncident(engine, processInstanceKey);
        expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'AdHoc', jobKey: null });
        expect(incident.errorMessage).to.equal(
          `Expected to activate activities for ad-hoc sub-process with key '${incident.elementInstanceKey}', but the given elements [Task_Missing] do not exist.`,
        );
      }
    });

    it('Ad-hoc subprocess whose activeElementsCollection names an inner element that has an incoming sequence flow: that element cannot be activated directly; same as a missing element (EXTRACT_VALUE_ERROR incident naming [Task_B2])', async () => {
      // given
      const { id, name, types } = await adHocProcess({ activeElements: '=checks' });
      // when
      const { caseId, processInstanceKey } = await startInstance(id, { checks: ['Task_B2'] });
      // then
      await expectNothingActivated(types);
      await expectNotActivated(name, caseId, types.stopped);
      // the incident can be read on the embedded engine only
      if (engine.sql) {
        const incident = await theIncident(engine, processInstanceKey);
        expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'AdHoc' });
        expect(incident.errorMessage).to.equal(
          `Expected to activate activities for ad-hoc sub-process with key '${incident.elementInstanceKey}', but the given elements [Task_B2] do not exist.`,
        );
      }
    });

    it("Ad-hoc subprocess whose activeElementsCollection is not a list of strings (a string, a list of numbers, a missing variable): activates nothing and does not become active (EXTRACT_VALUE_ERROR incident: \"Failed to activate ad-hoc elements. Expected result of the expression 'checks' to be 'ARRAY' ...\")", async () => {
      const cases: Variables[] = [{ checks: 'Task_A' }, { checks: [1, 2] }, {}];
      for (const variables of cases) {
        // given
        const { id, name, types } = await adHocProcess({ activeElements: '=checks' });
        // when
        const { caseId, processInstanceKey } = await startInstance(id, variables);
        // then
        await expectNothingActivated(types);
        await expectNotActivated(name, caseId, types.stopped);
        // the incident can be read on the embedded engine only
        if (engine.sql) {
          const incident = await theIncident(engine, processInstanceKey);
          expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'AdHoc' });
          expect(incident.errorMessage).to.match(/^Failed to activate ad-hoc elements\. /);
          expect(incident.errorMessage).to.contain("Expected result of the expression 'checks' to be 'ARRAY'");
        }
      }
    });
  });

  describe('completion', () => {
    for (const cancelRemainingInstances of [undefined, true]) {
      it(`Ad-hoc subprocess completionCondition true after an inner element completes, cancelRemainingInstances ${cancelRemainingInstances === undefined ? 'absent (default)' : '"true"'}: completes at once and terminates the elements still active (their jobs are NOT_FOUND)`, async () => {
        // given
        const { id, types } = await adHocProcess({
          activeElements: '=checks',
          completionCondition: '=isEnough = true',
          ...(cancelRemainingInstances === undefined ? {} : { cancelRemainingInstances }),
        });
        await startInstance(id, { checks: ['Task_A', 'Task_B'] });
        const a = await nextJob(engine.zeebe, types.a);
        const b = await nextJob(engine.zeebe, types.b);
        // when the first one completes with what makes the condition true
        await complete(a, { isEnough: true });
        // then
        const after = await nextJob(engine.zeebe, types.after);
        expect(after.variables).to.include({ isEnough: true });
        await expectStatus(complete(b), 'NOT_FOUND');
        await expectNoJob(engine.zeebe, types.b2);
      });
    }

    it('Ad-hoc subprocess completionCondition true with cancelRemainingInstances="false": waits for the paths still active (they even go on along their sequence flows), then completes', async () => {
      // given
      const { id, types } = await adHocProcess({
        activeElements: '=checks',
        completionCondition: '=isEnough = true',
        cancelRemainingInstances: false,
      });
      await startInstance(id, { checks: ['Task_A', 'Task_B'] });
      const a = await nextJob(engine.zeebe, types.a);
      const b = await nextJob(engine.zeebe, types.b);
      // when
      await complete(a, { isEnough: true });
      // then the subprocess waits for Task_B
      await pause(500);
      await expectNoJob(engine.zeebe, types.after);
      // when Task_B completes, its path goes on to Task_B2, and the subprocess still waits
      await complete(b, { lateResult: 'b' });
      const b2 = await nextJob(engine.zeebe, types.b2);
      await expectNoJob(engine.zeebe, types.after);
      // when that path ends, the subprocess completes
      await complete(b2);
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.include({ isEnough: true, lateResult: 'b' });
    });

    it('Ad-hoc subprocess completionCondition is evaluated only when an inner element completes: "=true" completes it neither on entry (the listed elements run) nor with an empty list (it waits)', async () => {
      // given
      const { id, name, types } = await adHocProcess({ activeElements: '=checks', completionCondition: '=true' });
      // when entered with a listed element
      await startInstance(id, { checks: ['Task_A', 'Task_C'] });
      // then the elements run, and the first completion completes the subprocess
      const a = await nextJob(engine.zeebe, types.a);
      const c = await nextJob(engine.zeebe, types.c);
      await expectNoJob(engine.zeebe, types.after);
      await complete(a);
      await nextJob(engine.zeebe, types.after);
      await expectStatus(complete(c), 'NOT_FOUND');
      // when entered with nothing to activate, nothing ever completes, so it waits
      const { caseId } = await startInstance(id, { checks: [] });
      await expectNothingActivated(types);
      await expectActive(name, caseId, types.stopped);
    });

    it('Ad-hoc subprocess completionCondition false when every activated element is done: does not complete, stays active (waiting; its boundary event still catches)', async () => {
      // given
      const { id, name, types } = await adHocProcess({
        activeElements: '=checks',
        completionCondition: '=isEnough = true',
      });
      const { caseId } = await startInstance(id, { checks: ['Task_A'] });
      // when the only activated element completes without meeting the condition
      await complete(await nextJob(engine.zeebe, types.a), { isEnough: false });
      // then
      await pause(1000);
      await expectNoJob(engine.zeebe, types.after);
      await expectActive(name, caseId, types.stopped);
    });

    it('Ad-hoc subprocess completionCondition that is not a boolean: does not complete (EXTRACT_VALUE_ERROR incident: "Failed to evaluate completion condition. ...")', async () => {
      // given
      const { id, types } = await adHocProcess({ activeElements: '=checks', completionCondition: '=decision' });
      const { processInstanceKey } = await startInstance(id, { checks: ['Task_A'] });
      // when
      await complete(await nextJob(engine.zeebe, types.a), { decision: 'enough' });
      // then
      await pause(1000);
      await expectNoJob(engine.zeebe, types.after);
      // the incident can be read on the embedded engine only
      if (engine.sql) {
        const incident = await theIncident(engine, processInstanceKey);
        expect(incident.errorType).to.equal('EXTRACT_VALUE_ERROR');
        expect(incident.errorMessage).to.match(/^Failed to evaluate completion condition\. /);
        expect(incident.errorMessage).to.contain("Expected result of the expression 'decision' to be 'BOOLEAN'");
      }
    });

    it('Ad-hoc subprocess outputCollection/outputElement: the collection starts as a local [] visible inside, each inner element completion appends outputElement evaluated in its scope (in completion order), and only the collection reaches the process', async () => {
      // given
      const { id, types } = await adHocProcess({
        activeElements: '=checks',
        outputCollection: 'results',
        outputElement: '=result',
      });
      const { caseId } = await startInstance(id, { checks: ['Task_A', 'Task_C'] });
      const a = await nextJob(engine.zeebe, types.a);
      const c = await nextJob(engine.zeebe, types.c);
      // then each inner element has the output element as a local null, and the collection is empty
      expect(a.variables).to.deep.include({ results: [], result: null });
      // when they complete, Task_C first
      await complete(c, { result: 'income ok' });
      await complete(a, { result: 'passport ok' });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({
        caseId,
        checks: ['Task_A', 'Task_C'],
        results: ['income ok', 'passport ok'],
      });
    });

    it('Ad-hoc subprocess with zeebe:taskDefinition (job worker implementation): creates one job of that type on the subprocess (its headers, retries and adHocSubProcessElements) and activates no inner element; completing it without a job result (gRPC CompleteJob has none) activates nothing, completes nothing and creates no new job', async () => {
      // given
      const worker = uid('plan-checks');
      const { id, name, types } = await adHocProcess({
        extensions: `<zeebe:taskDefinition type="${worker}" retries="5"/>${headers({ agent: 'checks' })}`,
      });
      const { caseId, processInstanceKey } = await startInstance(id);
      // when
      const job = await nextJob(engine.zeebe, worker);
      // then
      expect(job).to.include({ elementId: 'AdHoc', processInstanceKey, retries: 5 });
      expect(job.customHeaders).to.deep.equal({ agent: 'checks' });
      expect(job.variables).to.have.all.keys('caseId', 'adHocSubProcessElements');
      expect(job.variables)
        .to.have.property('adHocSubProcessElements')
        .with.deep.members([{ elementId: 'Task_A' }, { elementId: 'Task_B' }, { elementId: 'Task_C' }]);
      await expectNothingActivated(types);
      // when it completes without a result
      await complete(job);
      // then
      await expectNothingActivated(types);
      await expectNoJob(engine.zeebe, worker);
      await expectActive(name, caseId, types.stopped);
    });
  });

  describe('deploy rejections', () => {
    /** Deploys start → `element` (AdHoc) → end and returns the INVALID_ARGUMENT message. */
    const rejection = (element: string) =>
      expectStatus(
        deploy(engine.zeebe, uid('ad-hoc-rejected'), [start(), element, end(), path('start', 'AdHoc', 'end')]),
        'INVALID_ARGUMENT',
      );
    const task = serviceTask('Task_A', 'check-passport');

    it('DeployResource: an ad-hoc subprocess without inner elements is rejected with INVALID_ARGUMENT: "Must have at least one activity."', async () => {
      const message = await rejection(adHocSubProcess('AdHoc', [], { activeElements: '=checks' }));
      expect(message).to.contain('- Element: AdHoc');
      expect(message).to.contain('- ERROR: Must have at least one activity.');
    });

    it('DeployResource: an ad-hoc subprocess with a start event or an end event inside is rejected with INVALID_ARGUMENT: "Must not contain a start event." / "Must not contain an end event."', async () => {
      const withStart = await rejection(
        adHocSubProcess('AdHoc', [start('Inner_Start'), task, flow('Inner_Start', 'Task_A')], {
          activeElements: '=checks',
        }),
      );
      expect(withStart).to.contain('- Element: AdHoc');
      expect(withStart).to.contain('- ERROR: Must not contain a start event.');
      const withEnd = await rejection(
        adHocSubProcess('AdHoc', [task, end('Inner_End'), flow('Task_A', 'Inner_End')], { activeElements: '=checks' }),
      );
      expect(withEnd).to.contain('- Element: AdHoc');
      expect(withEnd).to.contain('- ERROR: Must not contain an end event.');
    });

    it('DeployResource: an ad-hoc subprocess with only one of outputCollection and outputElement is rejected with INVALID_ARGUMENT: "OutputElement and OutputCollection must both be set, or neither of them set. ..."', async () => {
      const collectionOnly = await rejection(
        adHocSubProcess('AdHoc', [task], { activeElements: '=checks', outputCollection: 'results' }),
      );
      expect(collectionOnly).to.contain(
        '- ERROR: OutputElement and OutputCollection must both be set, or neither of them set. outputElement:null and outputCollection:results.',
      );
      const elementOnly = await rejection(
        adHocSubProcess('AdHoc', [task], { activeElements: '=checks', outputElement: '=result' }),
      );
      expect(elementOnly).to.contain(
        '- ERROR: OutputElement and OutputCollection must both be set, or neither of them set. outputElement:=result and outputCollection:null.',
      );
    });

    it('DeployResource: an ad-hoc subprocess with zeebe:taskDefinition and activeElementsCollection, a completionCondition or cancelRemainingInstances="false" is rejected with INVALID_ARGUMENT: "Must not define ... in combination with zeebe:taskDefinition."', async () => {
      const worker = '<zeebe:taskDefinition type="plan-checks"/>';
      const cases: [AdHocOptions, string][] = [
        [{ activeElements: '=checks' }, 'activeElementsCollection'],
        [{ completionCondition: '=isEnough' }, 'completionCondition'],
        [{ cancelRemainingInstances: false }, 'cancelRemainingInstances'],
      ];
      for (const [options, attribute] of cases) {
        const message = await rejection(adHocSubProcess('AdHoc', [task], { ...options, extensions: worker }));
        expect(message).to.contain('- Element: AdHoc');
        expect(message).to.contain(`- ERROR: Must not define ${attribute} in combination with zeebe:taskDefinition.`);
      }
    });

    it('DeployResource: an ad-hoc subprocess whose activeElementsCollection is a static value is rejected with INVALID_ARGUMENT: "Expected expression but found static value \'Task_A\'. ..."', async () => {
      const message = await rejection(adHocSubProcess('AdHoc', [task], { activeElements: 'Task_A' }));
      expect(message).to.contain('- Element: AdHoc > extensionElements > adHoc');
      expect(message).to.contain(
        "- ERROR: Expected expression but found static value 'Task_A'. An expression must start with '=' (e.g. '=Task_A').",
      );
    });

    it('DeployResource: an ad-hoc subprocess whose activeElementsCollection or completionCondition is invalid FEEL is rejected with INVALID_ARGUMENT: "failed to parse expression ..."', async () => {
      const collection = await rejection(adHocSubProcess('AdHoc', [task], { activeElements: '=concat(' }));
      expect(collection).to.contain('- Element: AdHoc > extensionElements > adHoc');
      expect(collection).to.contain("- ERROR: failed to parse expression 'concat('");
      const condition = await rejection(
        adHocSubProcess('AdHoc', [task], { activeElements: '=checks', completionCondition: '=concat(' }),
      );
      expect(condition).to.contain('- Element: AdHoc');
      expect(condition).to.contain("- ERROR: failed to parse expression 'concat('");
    });
  });
});
