// Call activities: a process calling another deployed process. Which process and version is called
// (processId, a FEEL processId, bindingType), which variables the child instance starts with
// (propagateAllParentVariables, input mappings), which come back to the parent when it completes
// (propagateAllChildVariables, output mappings), and how the child ends with the parent: cancellation,
// interrupting boundary events on the call activity, and errors thrown in the child. The child process is
// start → Task_Child → end and the parent start → Call → Task_After → end, so the job that appears shows
// where the token is, and its variables show what the engine copied.
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
  processXml,
  serviceTask,
  start,
  subProcess,
  timerDef,
  uid,
} from '../support/bpmn.js';
import { embeddedOnly, sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { theIncident } from '../support/incidents.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

/** Long enough for a published message to wait for a subscription that is still opening. */
const BUFFERED = 60_000;

/**
 * A call activity: `<zeebe:calledElement processId=… …attributes/>` (propagateAllParentVariables,
 * propagateAllChildVariables, bindingType, versionTag) plus further extension elements (an io mapping).
 */
const callActivity = (id: string, processId: string, attributes: Record<string, string> = {}, extensions = '') =>
  `<bpmn:callActivity id="${id}"><bpmn:extensionElements><zeebe:calledElement processId="${attr(processId)}"${Object.entries(
    attributes,
  )
    .map(([name, value]) => ` ${name}="${attr(value)}"`)
    .join('')}/>${extensions}</bpmn:extensionElements></bpmn:callActivity>`;

/** start → Task_Child (a job of `type`) → end. */
const childBody = (type: string) => [
  start(),
  serviceTask('Task_Child', type),
  end(),
  path('start', 'Task_Child', 'end'),
];

/** A process document whose process carries `<zeebe:versionTag value=…/>`. */
const withVersionTag = (xml: string, tag: string) =>
  xml.replace(
    'isExecutable="true">',
    `isExecutable="true"><bpmn:extensionElements><zeebe:versionTag value="${attr(tag)}"/></bpmn:extensionElements>`,
  );

describe('engine: call activities', function () {
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
  /** Resolves once the job is gone with its element: completing it is NOT_FOUND. */
  const expectJobGone = (jobKey: string) =>
    eventually(() => expectStatus(engine.zeebe.completeJob({ jobKey, variables: {} }), 'NOT_FOUND'));

  /**
   * Deploys the child (start → Task_Child → end, unless `child` gives its body) and then the parent
   * start → Call → Task_After → end, with `attached` (boundary events on Call and their paths) added.
   * `processId` is the call activity's processId; by default the child's id.
   */
  async function callProcess(
    options: {
      attributes?: Record<string, string>;
      extensions?: string;
      processId?: string;
      /** The child's body, given the job type its Task_Child should have. */
      child?: (type: string) => string[];
      attached?: string[];
      root?: string[];
    } = {},
  ) {
    const [child, parent] = [uid('child'), uid('parent')];
    const types = { child: uid('check-documents'), after: uid('register-applicant') };
    const childProcess = await deploy(engine.zeebe, child, (options.child ?? childBody)(types.child));
    await deploy(
      engine.zeebe,
      parent,
      [
        start(),
        callActivity('Call', options.processId ?? child, options.attributes, options.extensions),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Call', 'Task_After', 'end'),
        ...(options.attached ?? []),
      ],
      options.root,
    );
    return { child, parent, types, childProcess };
  }

  /** A boundary event on Call leading to its own task Task_<boundaryId>; returns the task's job type. */
  const boundaryPath = (boundaryId: string, definition: string) => {
    const type = uid(`handle-${boundaryId}`);
    return {
      type,
      xml: [
        boundary(boundaryId, 'Call', definition),
        serviceTask(`Task_${boundaryId}`, type),
        end(`end_${boundaryId}`),
        path(boundaryId, `Task_${boundaryId}`, `end_${boundaryId}`),
      ],
    };
  };

  describe('calling the child process', () => {
    it("Call activity: starts an instance of the called process (the child's job shows the child's bpmnProcessId, definition key and version, a new processInstanceKey, no headers) and the parent continues once the child completes", async () => {
      // given
      const { child, parent, types, childProcess } = await callProcess();
      // when
      const { processInstanceKey } = await startInstance(parent, { caseId: 'c-1' });
      // then the child's task runs in a process instance of its own
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.elementId).to.equal('Task_Child');
      // (the SDK's Job type omits processDefinitionKey, which the job carries)
      expect(job).to.include({
        bpmnProcessId: child,
        processDefinitionKey: childProcess.processDefinitionKey,
        processDefinitionVersion: 1,
      });
      expect(job.processInstanceKey).to.not.equal(processInstanceKey);
      // nothing on the job tells of the parent
      expect(job.customHeaders).to.deep.equal({});
      await expectNoJob(engine.zeebe, types.after);
      // when the child completes
      await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
      // then the parent continues after the call activity, and the child instance is gone
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.elementId).to.equal('Task_After');
      expect(after.processInstanceKey).to.equal(processInstanceKey);
      expect(after.bpmnProcessId).to.equal(parent);
      await expectInstanceGone(job.processInstanceKey);
      await engine.zeebe.completeJob({ jobKey: after.key, variables: {} });
      await expectInstanceGone(processInstanceKey);
    });

    it('Call activity with processId as a FEEL expression (processId="=childId"): calls the process the expression names', async () => {
      // given
      const { child, parent, types } = await callProcess({ processId: '=childId' });
      // when
      await startInstance(parent, { childId: child });
      // then
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.bpmnProcessId).to.equal(child);
      expect(job.variables).to.deep.equal({ childId: child });
    });

    it('Call activity calling a process that is not deployed: no child instance starts and the parent waits at the call activity (an incident); cancelling the parent succeeds', async () => {
      // given
      const { parent, types } = await callProcess({ processId: uid('not-deployed') });
      // when
      const { processInstanceKey } = await startInstance(parent);
      // then
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expectNoJob(engine.zeebe, types.child);
      await expectNoJob(engine.zeebe, types.after);
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
    });

    it('Call activity calling a process that is not deployed: raises CALLED_ELEMENT_ERROR on the call activity; once the process is deployed, ResolveIncident starts the child', async function () {
      embeddedOnly(engine, this, "Zeebe's gRPC API cannot find an incident key (Operate shows incidents)");
      // given
      const missing = uid('not-deployed');
      const { parent, types } = await callProcess({ processId: missing });
      const { processInstanceKey } = await startInstance(parent, { caseId: 'c-1' });
      // then (Zeebe 8.6 and 8.8's CallActivityProcessor message)
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ errorType: 'CALLED_ELEMENT_ERROR', elementId: 'Call', jobKey: null });
      expect(incident.errorMessage).to.equal(
        `Expected process with BPMN process id '${missing}' to be deployed, but not found.`,
      );
      // when
      await deploy(engine.zeebe, missing, childBody(types.child));
      await engine.zeebe.resolveIncident({ incidentKey: incident.key });
      // then
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.bpmnProcessId).to.equal(missing);
      expect(job.variables).to.deep.equal({ caseId: 'c-1' });
    });
  });

  describe('which version is called (bindingType)', () => {
    /**
     * Deploys the child twice, each version with its own job type (version 1 in one deployment with
     * `withParent` if given); returns the job types by version.
     */
    async function twoVersions(child: string, withParent?: { id: string; body: string[] }) {
      const versions = { 1: uid('check-v1'), 2: uid('check-v2') };
      const first = { process: Buffer.from(processXml(child, childBody(versions[1]))), name: `${child}.bpmn` };
      await engine.zeebe.deployResources([
        ...(withParent
          ? [{ process: Buffer.from(processXml(withParent.id, withParent.body)), name: `${withParent.id}.bpmn` }]
          : []),
        first,
      ]);
      await deploy(engine.zeebe, child, childBody(versions[2]));
      return versions;
    }
    const callingParent = (child: string, attributes: Record<string, string> = {}) => [
      start(),
      callActivity('Call', child, attributes),
      end(),
      path('start', 'Call', 'end'),
    ];

    it('Call activity without bindingType (latest): calls the latest version of the process', async () => {
      // given version 1 and then version 2 of the child
      const [child, parent] = [uid('child'), uid('parent')];
      await deploy(engine.zeebe, parent, callingParent(child));
      const versions = await twoVersions(child);
      // when
      await startInstance(parent);
      // then
      const job = await nextJob(engine.zeebe, versions[2]);
      expect(job.processDefinitionVersion).to.equal(2);
      await expectNoJob(engine.zeebe, versions[1]);
    });

    it('Call activity with bindingType="deployment": calls the version deployed together with the parent, not a later one', async () => {
      // given the parent deployed with version 1 of the child, and version 2 deployed after
      const [child, parent] = [uid('child'), uid('parent')];
      const versions = await twoVersions(child, {
        id: parent,
        body: callingParent(child, { bindingType: 'deployment' }),
      });
      // when
      await startInstance(parent);
      // then
      const job = await nextJob(engine.zeebe, versions[1]);
      expect(job.processDefinitionVersion).to.equal(1);
      await expectNoJob(engine.zeebe, versions[2]);
    });

    it('Call activity with bindingType="versionTag": calls the latest version carrying that zeebe:versionTag', async () => {
      // given version 1 tagged v1.0, then an untagged version 2
      const [child, parent] = [uid('child'), uid('parent')];
      const types = { tagged: uid('check-tagged'), untagged: uid('check-untagged') };
      await engine.zeebe.deployResource({
        process: Buffer.from(withVersionTag(processXml(child, childBody(types.tagged)), 'v1.0')),
        name: `${child}.bpmn`,
      });
      await deploy(engine.zeebe, child, childBody(types.untagged));
      await deploy(engine.zeebe, parent, callingParent(child, { bindingType: 'versionTag', versionTag: 'v1.0' }));
      // when
      await startInstance(parent);
      // then
      const job = await nextJob(engine.zeebe, types.tagged);
      expect(job.processDefinitionVersion).to.equal(1);
      await expectNoJob(engine.zeebe, types.untagged);
    });

    it('Deploying a call activity with bindingType="deployment" and a static processId that is not in the same deployment: rejected with INVALID_ARGUMENT naming the element and the process id', async function () {
      // Zeebe 8.6 accepts such a deployment (and raises an incident when the call activity is reached)
      sinceZeebe(engine, '8.8', this);
      // given the child deployed on its own
      const [child, parent] = [uid('child'), uid('parent')];
      await deploy(engine.zeebe, child, childBody(uid('check-documents')));
      // when
      const rejection = await expectStatus(
        deploy(engine.zeebe, parent, callingParent(child, { bindingType: 'deployment' })),
        'INVALID_ARGUMENT',
      );
      // then
      expect(rejection).to.contain(`'${parent}.bpmn'`);
      expect(rejection).to.contain('Element: Call > extensionElements > calledElement');
      expect(rejection).to.contain(
        `ERROR: Expected to find process with id '${child}' in current deployment, but not found.`,
      );
      await expectStatus(startInstance(parent), 'NOT_FOUND');
    });

    /**
     * Deploys the parent alone with bindingType="deployment" and processId="=childId" (an expression, so
     * that Zeebe 8.8 cannot check it when deploying), the child deployed before it on its own.
     */
    async function deploymentWithoutChild() {
      const [child, parent] = [uid('child'), uid('parent')];
      const type = uid('check-documents');
      await deploy(engine.zeebe, child, childBody(type));
      const { key: deploymentKey } = await engine.zeebe.deployResource({
        process: Buffer.from(processXml(parent, callingParent('=childId', { bindingType: 'deployment' }))),
        name: `${parent}.bpmn`,
      });
      return { child, parent, type, deploymentKey };
    }

    it('Call activity with bindingType="deployment" and a processId expression naming a process outside its deployment: no child starts, not even the deployed latest version (an incident)', async () => {
      // given
      const { child, parent, type } = await deploymentWithoutChild();
      // when
      const { processInstanceKey } = await startInstance(parent, { childId: child });
      // then
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expectNoJob(engine.zeebe, type);
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
    });

    it('Call activity with bindingType="deployment" and a processId expression naming a process outside its deployment: raises CALLED_ELEMENT_ERROR naming the deployment', async function () {
      embeddedOnly(engine, this, "Zeebe's gRPC API cannot show incidents (Operate shows incidents)");
      // given
      const { child, parent, deploymentKey } = await deploymentWithoutChild();
      // when
      const { processInstanceKey } = await startInstance(parent, { childId: child });
      // then (Zeebe 8.6 and 8.8's CallActivityProcessor message)
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ errorType: 'CALLED_ELEMENT_ERROR', elementId: 'Call', jobKey: null });
      expect(incident.errorMessage).to.equal(
        `Expected to call process with BPMN process id '${child}' with binding type 'deployment', but no such process found in the deployment with key ${deploymentKey} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.`,
      );
    });
  });

  describe('variables into the child', () => {
    it("Call activity (propagateAllParentVariables default true): the child starts with a copy of all the parent's variables", async () => {
      // given
      const { parent, types } = await callProcess();
      // when
      await startInstance(parent, { caseId: 'c-1', applicant: 'Ada' });
      // then
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.variables).to.deep.equal({ caseId: 'c-1', applicant: 'Ada' });
    });

    it('Call activity with propagateAllParentVariables="false": the child starts with no variables', async () => {
      // given
      const { parent, types } = await callProcess({ attributes: { propagateAllParentVariables: 'false' } });
      await startInstance(parent, { caseId: 'c-1', applicant: 'Ada' });
      // when the child starts
      const job = await nextJob(engine.zeebe, types.child);
      // then
      expect(job.variables).to.deep.equal({});
      // and the child's variables still return to the parent
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true } });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', applicant: 'Ada', isChecked: true });
    });

    it("Call activity input mapping (propagateAllParentVariables default true): the child gets all the parent's variables plus the mapped ones", async () => {
      // given
      const { parent, types } = await callProcess({ extensions: io({ name: '=applicant' }) });
      // when
      await startInstance(parent, { caseId: 'c-1', applicant: 'Ada' });
      // then
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.variables).to.deep.equal({ caseId: 'c-1', applicant: 'Ada', name: 'Ada' });
    });

    it('Call activity input mapping with propagateAllParentVariables="false": the child gets only the mapped variables, and (as child variables) they return to the parent', async () => {
      // given
      const { parent, types } = await callProcess({
        attributes: { propagateAllParentVariables: 'false' },
        extensions: io({ name: '=applicant' }),
      });
      await startInstance(parent, { caseId: 'c-1', applicant: 'Ada' });
      // when the child starts
      const job = await nextJob(engine.zeebe, types.child);
      // then
      expect(job.variables).to.deep.equal({ name: 'Ada' });
      // when it completes
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true } });
      // then the copied input is among the child variables that come back
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', applicant: 'Ada', name: 'Ada', isChecked: true });
    });

    it("Call activity: the child works on a copy made when it starts: a parent variable set later does not reach the child, and the copy the child returns overwrites the parent's newer value", async () => {
      // given a child with two tasks
      const second = uid('confirm-documents');
      const { parent, types } = await callProcess({
        child: (type) => [
          start(),
          serviceTask('Task_Child', type),
          serviceTask('Task_Child2', second),
          end(),
          path('start', 'Task_Child', 'Task_Child2', 'end'),
        ],
      });
      const { processInstanceKey } = await startInstance(parent, { applicant: 'Ada' });
      const first = await nextJob(engine.zeebe, types.child);
      // when the parent's variables change while the child runs
      await engine.zeebe.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { applicant: 'Bob', isUrgent: true },
        local: false,
      });
      await engine.zeebe.completeJob({ jobKey: first.key, variables: { isChecked: true } });
      // then the child does not see the change
      const next = await nextJob(engine.zeebe, second);
      expect(next.variables).to.deep.equal({ applicant: 'Ada', isChecked: true });
      // when the child completes
      await engine.zeebe.completeJob({ jobKey: next.key, variables: {} });
      // then its copy of applicant overwrites the parent's newer value; the parent's new variable stays
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ applicant: 'Ada', isUrgent: true, isChecked: true });
    });
  });

  describe('variables back to the parent', () => {
    it("Call activity (propagateAllChildVariables default true): when the child completes, all its process-level variables are merged into the parent, overwriting the parent's", async () => {
      // given
      const { parent, types } = await callProcess();
      await startInstance(parent, { caseId: 'c-1', applicant: 'Ada' });
      // when
      const job = await nextJob(engine.zeebe, types.child);
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true, caseId: 'c-2' } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-2', applicant: 'Ada', isChecked: true });
    });

    it('Call activity (propagateAllChildVariables default true): variables local to a scope inside the child (a subprocess input) do not return to the parent', async () => {
      // given a child whose task sits in a subprocess with a local input `stage`
      const { parent, types } = await callProcess({
        child: (type) => [
          start(),
          subProcess(
            'Sub_Check',
            [
              start('Sub_Start'),
              serviceTask('Task_Child', type),
              end('Sub_End'),
              path('Sub_Start', 'Task_Child', 'Sub_End'),
            ],
            io({ stage: '="checking"' }),
          ),
          end(),
          path('start', 'Sub_Check', 'end'),
        ],
      });
      await startInstance(parent, { applicant: 'Ada' });
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.variables).to.deep.equal({ applicant: 'Ada', stage: 'checking' });
      // when
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ applicant: 'Ada', isChecked: true });
    });

    it('Call activity with propagateAllChildVariables="false": no child variable reaches the parent', async () => {
      // given
      const { parent, types } = await callProcess({ attributes: { propagateAllChildVariables: 'false' } });
      await startInstance(parent, { caseId: 'c-1' });
      // when
      const job = await nextJob(engine.zeebe, types.child);
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true, caseId: 'c-2' } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1' });
    });

    it("Call activity output mapping (propagateAllChildVariables default true): only the mapped values reach the parent, read from the child's variables", async () => {
      // given
      const { parent, types } = await callProcess({ extensions: io({}, { result: '=isChecked' }) });
      await startInstance(parent, { caseId: 'c-1' });
      // when
      const job = await nextJob(engine.zeebe, types.child);
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true, note: 'all there' } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', result: true });
    });

    it('Call activity output mapping with propagateAllChildVariables="false": the mapped values still reach the parent, read from the child\'s variables', async () => {
      // given
      const { parent, types } = await callProcess({
        attributes: { propagateAllChildVariables: 'false' },
        extensions: io({}, { result: '=isChecked' }),
      });
      await startInstance(parent, { caseId: 'c-1' });
      // when
      const job = await nextJob(engine.zeebe, types.child);
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true, note: 'all there' } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ caseId: 'c-1', result: true });
    });

    it('Call activity input mapping with propagateAllChildVariables="false": the mapped input stays local to the call activity and does not reach the parent', async () => {
      // given
      const { parent, types } = await callProcess({
        attributes: { propagateAllChildVariables: 'false' },
        extensions: io({ name: '=applicant' }),
      });
      await startInstance(parent, { applicant: 'Ada' });
      // when
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.variables).to.deep.equal({ applicant: 'Ada', name: 'Ada' });
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { isChecked: true } });
      // then
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ applicant: 'Ada' });
    });

    it("Call activity inside an embedded subprocess: the child's variables are merged from the call activity's flow scope (a variable local to the subprocess is updated there, new ones land at the process), not into the call activity's own inputs", async () => {
      // given Sub_Review (local `status`) → Call (input `name`) → Task_Inner, then Task_After
      const [child, parent] = [uid('child'), uid('parent')];
      const types = { child: uid('check-documents'), inner: uid('review'), after: uid('register-applicant') };
      await deploy(engine.zeebe, child, childBody(types.child));
      await deploy(engine.zeebe, parent, [
        start(),
        subProcess(
          'Sub_Review',
          [
            start('Sub_Start'),
            callActivity('Call', child, {}, io({ name: '=applicant' })),
            serviceTask('Task_Inner', types.inner),
            end('Sub_End'),
            path('Sub_Start', 'Call', 'Task_Inner', 'Sub_End'),
          ],
          io({ status: '="open"' }),
        ),
        serviceTask('Task_After', types.after),
        end(),
        path('start', 'Sub_Review', 'Task_After', 'end'),
      ]);
      await startInstance(parent, { applicant: 'Ada' });
      const job = await nextJob(engine.zeebe, types.child);
      expect(job.variables).to.deep.equal({ applicant: 'Ada', status: 'open', name: 'Ada' });
      // when
      await engine.zeebe.completeJob({ jobKey: job.key, variables: { status: 'done', isChecked: true } });
      // then inside the subprocess
      const inner = await nextJob(engine.zeebe, types.inner);
      expect(inner.variables).to.deep.equal({ applicant: 'Ada', status: 'done', name: 'Ada', isChecked: true });
      // and after it: `status` was the subprocess's; `name` and `isChecked` went to the process
      await engine.zeebe.completeJob({ jobKey: inner.key, variables: {} });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.variables).to.deep.equal({ applicant: 'Ada', name: 'Ada', isChecked: true });
    });
  });

  describe('ending the child with the parent', () => {
    it('Cancelling the parent process instance terminates the child instance (its job: NOT_FOUND; cancelling it: NOT_FOUND)', async () => {
      // given
      const { parent, types } = await callProcess();
      const { processInstanceKey } = await startInstance(parent);
      const job = await nextJob(engine.zeebe, types.child);
      // when
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      // then
      await expectJobGone(job.key);
      await expectInstanceGone(job.processInstanceKey);
      await expectInstanceGone(processInstanceKey);
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Cancelling a called (child) process instance directly: rejected with FAILED_PRECONDITION naming the root process instance, and the child goes on', async () => {
      // given a parent calling a middle process that calls the child
      const { parent: middle, types } = await callProcess();
      const root = uid('root');
      await deploy(engine.zeebe, root, [start(), callActivity('Call', middle), end(), path('start', 'Call', 'end')]);
      const { processInstanceKey } = await startInstance(root);
      const job = await nextJob(engine.zeebe, types.child);
      // when
      const rejection = await expectStatus(
        engine.zeebe.cancelProcessInstance(job.processInstanceKey),
        'FAILED_PRECONDITION',
      );
      // then
      expect(rejection).to.contain(
        `Expected to cancel a process instance with key '${job.processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${processInstanceKey}' instead.`,
      );
      await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
      const after = await nextJob(engine.zeebe, types.after);
      expect(after.bpmnProcessId).to.equal(middle);
      // and cancelling the root terminates both levels below it
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      await expectJobGone(after.key);
      await expectInstanceGone(after.processInstanceKey);
    });

    it('Message boundary event (interrupting) on a call activity: a correlated message terminates the child instance (its job: NOT_FOUND) and takes the boundary path with the message variables', async () => {
      // given
      const name = uid('application-withdrawn');
      const withdrawn = boundaryPath('Event_Withdrawn', messageDef('Message_Withdrawn'));
      const { parent, types } = await callProcess({
        attached: withdrawn.xml,
        root: [message('Message_Withdrawn', name, '=caseId')],
      });
      const caseId = uid('case');
      const { processInstanceKey } = await startInstance(parent, { caseId });
      const job = await nextJob(engine.zeebe, types.child);
      // when
      await publish(name, caseId, { reason: 'moved abroad' });
      // then
      const handler = await nextJob(engine.zeebe, withdrawn.type);
      expect(handler.elementId).to.equal('Task_Event_Withdrawn');
      expect(handler.processInstanceKey).to.equal(processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId, reason: 'moved abroad' });
      await expectJobGone(job.key);
      await expectInstanceGone(job.processInstanceKey);
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Timer boundary event (interrupting) on a call activity: when due, terminates the child instance (its job: NOT_FOUND) and takes the boundary path', async () => {
      // given
      const deadline = boundaryPath('Event_Deadline', timerDef('timeDuration', 'PT1S'));
      const { parent, types } = await callProcess({ attached: deadline.xml });
      const { processInstanceKey } = await startInstance(parent, { caseId: 'c-1' });
      const job = await nextJob(engine.zeebe, types.child);
      // when the timer is due
      const escalation = await nextJob(engine.zeebe, deadline.type, { timeoutMs: 15_000 });
      // then
      expect(escalation.elementId).to.equal('Task_Event_Deadline');
      expect(escalation.processInstanceKey).to.equal(processInstanceKey);
      expect(escalation.variables).to.deep.equal({ caseId: 'c-1' });
      await expectJobGone(job.key);
      await expectInstanceGone(job.processInstanceKey);
      await expectNoJob(engine.zeebe, types.after);
    });
  });

  describe('errors thrown in the child', () => {
    const MISSING = 'DOCUMENTS_MISSING';

    it('Error boundary event on a call activity: catches an error thrown by a job in the child (ThrowError) that the child does not catch, and terminates the child; the ThrowError variables are not seen on the boundary path', async () => {
      // given
      const missing = boundaryPath('Event_Missing', errorDef('Error_Missing'));
      const { parent, types } = await callProcess({
        attached: missing.xml,
        root: [error('Error_Missing', MISSING)],
      });
      const { processInstanceKey } = await startInstance(parent, { caseId: 'c-1' });
      const job = await nextJob(engine.zeebe, types.child);
      // when
      await engine.zeebe.throwError({
        jobKey: job.key,
        errorCode: MISSING,
        errorMessage: 'no passport',
        variables: { missingDocument: 'passport' },
      });
      // then
      const handler = await nextJob(engine.zeebe, missing.type);
      expect(handler.elementId).to.equal('Task_Event_Missing');
      expect(handler.processInstanceKey).to.equal(processInstanceKey);
      expect(handler.variables).to.deep.equal({ caseId: 'c-1' });
      await expectJobGone(job.key);
      await expectInstanceGone(job.processInstanceKey);
      await expectNoJob(engine.zeebe, types.after);
    });

    it('Error thrown in the child that neither the child nor the parent catches: the job is left in state ERROR_THROWN (completing it: FAILED_PRECONDITION), both instances stay, and the parent does not continue', async () => {
      // given
      const { parent, types } = await callProcess();
      const { processInstanceKey } = await startInstance(parent);
      const job = await nextJob(engine.zeebe, types.child);
      // when
      await engine.zeebe.throwError({ jobKey: job.key, errorCode: MISSING, errorMessage: 'no passport' });
      // then
      const rejection = await eventually(() =>
        expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'FAILED_PRECONDITION'),
      );
      expect(rejection).to.contain(`Expected to complete job with key '${job.key}', but it is in state 'ERROR_THROWN'`);
      await expectNoJob(engine.zeebe, types.after);
      await expectStatus(engine.zeebe.cancelProcessInstance(job.processInstanceKey), 'FAILED_PRECONDITION');
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      await expectInstanceGone(job.processInstanceKey);
    });

    it("Error thrown in the child that nobody catches: raises UNHANDLED_ERROR_EVENT on the job's task in the child instance", async function () {
      embeddedOnly(engine, this, "Zeebe's gRPC API cannot show incidents (Operate shows incidents)");
      // given
      const { parent, types } = await callProcess();
      await startInstance(parent);
      const job = await nextJob(engine.zeebe, types.child);
      // when
      await engine.zeebe.throwError({ jobKey: job.key, errorCode: MISSING, errorMessage: 'no passport' });
      // then (Zeebe 8.6 and 8.8's CatchEventAnalyzer message)
      const incident = await theIncident(engine, job.processInstanceKey);
      expect(incident).to.include({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'Task_Child', jobKey: job.key });
      expect(incident.errorMessage).to.equal(
        `Expected to throw an error event with the code '${MISSING}' with message 'no passport', but it was not caught. No error events are available in the scope.`,
      );
    });
  });
});
