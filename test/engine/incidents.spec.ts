// Incidents: how failures stop a path (a job out of retries, a gateway with nowhere to go, an expression that
// cannot be evaluated, an error nobody catches) and how UpdateJobRetries, SetVariables and ResolveIncident
// set it going again. Zeebe's gRPC API has no way to look up an incident key (Zeebe clients find it in
// Operate), so specs that resolve an incident read its key from the embedded engine's table and are skipped
// on Zeebe; what a client can see without the key runs on both engines.
import { expect } from 'chai';
import { exclusive, flow, io, path, serviceTask, start, uid } from '../support/bpmn.js';
import { embeddedOnly, testEngine, type TestEngine } from '../support/engine.js';
import { openIncidents, theIncident } from '../support/incidents.js';
import { deploy, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

describe('engine: incidents', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** Skips a spec that needs an incident key, which only the embedded engine's table can give. */
  function needsIncidentKey(context: Mocha.Context): void {
    embeddedOnly(engine, context, "Zeebe's gRPC API cannot find an incident key (Operate shows incidents)");
  }

  /** Deploys start -> Task_Work -> Task_Next, starts an instance and activates the Task_Work job. */
  async function startWork() {
    const id = uid('incident');
    const types = { work: uid('work'), next: uid('next') };
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Work', types.work),
      serviceTask('Task_Next', types.next),
      path('start', 'Task_Work', 'Task_Next'),
    ]);
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, types.work);
    return { processInstanceKey, types, job };
  }

  /** The job of Task_Work failed with no retries left. */
  async function failedWithoutRetries(errorMessage = 'register unavailable') {
    const work = await startWork();
    await engine.zeebe.failJob({ jobKey: work.job.key, retries: 0, errorMessage, retryBackOff: 0 });
    return work;
  }

  describe('job without retries (JOB_NO_RETRIES)', () => {
    it('FailJob with retries 0: the job is not handed out again and cannot be completed while it waits (FAILED_PRECONDITION)', async () => {
      // when
      const { types, job } = await failedWithoutRetries();
      // then
      await expectNoJob(engine.zeebe, types.work);
      await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'FAILED_PRECONDITION');
      await expectNoJob(engine.zeebe, types.next);
    });

    it('FailJob with retries 0: raises a JOB_NO_RETRIES incident on the task, with the failure message and the job key', async function () {
      needsIncidentKey(this);
      // when
      const { processInstanceKey, job } = await failedWithoutRetries('register unavailable');
      // then
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'register unavailable',
        elementId: 'Task_Work',
        elementInstanceKey: job.elementInstanceKey,
        jobKey: job.key,
      });
    });

    it('FailJob with retries 0 and no error message: the incident message is "No more retries left."', async function () {
      needsIncidentKey(this);
      // when
      const { processInstanceKey } = await failedWithoutRetries('');
      // then
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident.errorMessage).to.equal('No more retries left.');
    });

    it('UpdateJobRetries alone does not hand the job out again: the incident must be resolved too', async () => {
      // given
      const { types, job } = await failedWithoutRetries();
      // when
      await engine.zeebe.updateJobRetries({ jobKey: job.key, retries: 2 });
      // then
      await expectNoJob(engine.zeebe, types.work);
    });

    it('UpdateJobRetries then ResolveIncident: the job can be activated again, with the new retries, and completes the task', async function () {
      needsIncidentKey(this);
      // given
      const { processInstanceKey, types, job } = await failedWithoutRetries();
      const incident = await theIncident(engine, processInstanceKey);
      // when
      await engine.zeebe.updateJobRetries({ jobKey: job.key, retries: 2 });
      await engine.zeebe.resolveIncident({ incidentKey: incident.key });
      // then
      const again = await nextJob(engine.zeebe, types.work);
      expect(again.key).to.equal(job.key);
      expect(again.retries).to.equal(2);
      expect(await openIncidents(engine, processInstanceKey)).to.deep.equal([]);
      await engine.zeebe.completeJob({ jobKey: again.key, variables: {} });
      await nextJob(engine.zeebe, types.next);
    });

    it('ResolveIncident while the job still has no retries: FAILED_PRECONDITION, and the incident stays open', async function () {
      needsIncidentKey(this);
      // given
      const { processInstanceKey, types } = await failedWithoutRetries();
      const incident = await theIncident(engine, processInstanceKey);
      // when
      const message = await expectStatus(
        engine.zeebe.resolveIncident({ incidentKey: incident.key }),
        'FAILED_PRECONDITION',
      );
      // then
      expect(message).to.contain('has no retries left');
      expect((await openIncidents(engine, processInstanceKey)).map((i) => i.key)).to.deep.equal([incident.key]);
      await expectNoJob(engine.zeebe, types.work);
    });
  });

  describe('exclusive gateway without a way out (CONDITION_ERROR)', () => {
    async function startAtGateway(variables: Record<string, string | number | boolean>) {
      const id = uid('no-way-out');
      const types = { approve: uid('approve'), reject: uid('reject') };
      await deploy(engine.zeebe, id, [
        start(),
        exclusive('Gateway_Decision'),
        serviceTask('Task_Approve', types.approve),
        serviceTask('Task_Reject', types.reject),
        flow('start', 'Gateway_Decision'),
        flow('Gateway_Decision', 'Task_Approve', '=score >= 50'),
        flow('Gateway_Decision', 'Task_Reject', '=score < 10'),
      ]);
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables });
      return { processInstanceKey, types };
    }

    it('ExclusiveGateway with no true condition and no default flow: no outgoing flow is taken', async () => {
      // when
      const { types } = await startAtGateway({ score: 30 });
      // then
      await expectNoJob(engine.zeebe, types.approve);
      await expectNoJob(engine.zeebe, types.reject);
    });

    it('ExclusiveGateway with no true condition and no default flow: raises CONDITION_ERROR; after SetVariables, ResolveIncident re-evaluates and the process continues', async function () {
      needsIncidentKey(this);
      // given
      const { processInstanceKey, types } = await startAtGateway({ score: 30 });
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ errorType: 'CONDITION_ERROR', elementId: 'Gateway_Decision', jobKey: null });
      expect(incident.errorMessage).to.equal(
        'Expected at least one condition to evaluate to true, or to have a default flow',
      );
      // when
      await engine.zeebe.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { score: 75 },
        local: false,
      });
      await engine.zeebe.resolveIncident({ incidentKey: incident.key });
      // then
      const job = await nextJob(engine.zeebe, types.approve);
      expect(job.variables).to.deep.equal({ score: 75 });
      expect(await openIncidents(engine, processInstanceKey)).to.deep.equal([]);
    });
  });

  describe('expressions that cannot be evaluated', () => {
    /** A task whose input mapping fails while documentId is null: FEEL's assert() fails the evaluation. */
    async function startWithFailingInput() {
      const id = uid('input-mapping');
      const type = uid('fetch-document');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Fetch', type, io({ document: '=assert(documentId, documentId != null)' })),
        path('start', 'Task_Fetch'),
      ]);
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      return { processInstanceKey, type };
    }

    /** A task whose job type is the FEEL expression `=workType`, started without workType. */
    async function startWithoutJobType() {
      const id = uid('job-type');
      await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Dynamic', '=workType'),
        path('start', 'Task_Dynamic'),
      ]);
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      return { processInstanceKey };
    }

    it('Input mapping that fails to evaluate: the task creates no job', async () => {
      // when
      const { type } = await startWithFailingInput();
      // then
      await expectNoJob(engine.zeebe, type);
    });

    it('Input mapping that fails to evaluate: raises IO_MAPPING_ERROR; after SetVariables, ResolveIncident activates the task with the mapped input', async function () {
      needsIncidentKey(this);
      // given
      const { processInstanceKey, type } = await startWithFailingInput();
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ errorType: 'IO_MAPPING_ERROR', elementId: 'Task_Fetch', jobKey: null });
      // when
      await engine.zeebe.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { documentId: 'D-7' },
        local: false,
      });
      await engine.zeebe.resolveIncident({ incidentKey: incident.key });
      // then
      const job = await nextJob(engine.zeebe, type);
      expect(job.variables).to.deep.equal({ documentId: 'D-7', document: 'D-7' });
      expect(await openIncidents(engine, processInstanceKey)).to.deep.equal([]);
    });

    it('Job type expression that is not a string: raises EXTRACT_VALUE_ERROR; after SetVariables, ResolveIncident creates the job with that type', async function () {
      needsIncidentKey(this);
      // given
      const { processInstanceKey } = await startWithoutJobType();
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'Task_Dynamic', jobKey: null });
      expect(incident.errorMessage).to.contain(
        "Expected result of the expression 'workType' to be 'STRING', but was 'NULL'.",
      );
      // when
      const type = uid('dynamic-work');
      await engine.zeebe.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { workType: type },
        local: false,
      });
      await engine.zeebe.resolveIncident({ incidentKey: incident.key });
      // then
      const job = await nextJob(engine.zeebe, type);
      expect(job.elementId).to.equal('Task_Dynamic');
      expect(await openIncidents(engine, processInstanceKey)).to.deep.equal([]);
    });
  });

  describe('error nobody catches (UNHANDLED_ERROR_EVENT)', () => {
    it('ThrowError with no catching event: the call succeeds, but the job is neither handed out again nor completable', async () => {
      // given
      const { types, job } = await startWork();
      // when
      await engine.zeebe.throwError({ jobKey: job.key, errorCode: 'REGISTER_DOWN', errorMessage: 'try later' });
      // then
      await expectNoJob(engine.zeebe, types.work);
      await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'FAILED_PRECONDITION');
      await expectNoJob(engine.zeebe, types.next);
    });

    it('ThrowError with no catching event: raises UNHANDLED_ERROR_EVENT on the task; resolving it makes the job activatable again', async function () {
      needsIncidentKey(this);
      // given
      const { processInstanceKey, types, job } = await startWork();
      await engine.zeebe.throwError({ jobKey: job.key, errorCode: 'REGISTER_DOWN', errorMessage: 'try later' });
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'Task_Work', jobKey: job.key });
      expect(incident.errorMessage).to.contain("'REGISTER_DOWN'").and.to.contain('was not caught');
      // when
      await engine.zeebe.resolveIncident({ incidentKey: incident.key });
      // then
      const again = await nextJob(engine.zeebe, types.work);
      expect(again.key).to.equal(job.key);
      await engine.zeebe.completeJob({ jobKey: again.key, variables: {} });
      await nextJob(engine.zeebe, types.next);
    });
  });
});
