// DeleteResource: deleting process definitions (what new and running instances see, which version becomes
// the latest, how versions go on), decision requirements graphs (which decision EvaluateDecision then finds)
// and forms (which version a linked form then resolves to), and the rejections. Also the deprecated
// DeployProcess, which still deploys.
import { expect } from 'chai';
import { end, headers, path, processXml, serviceTask, start, uid } from '../support/bpmn.js';
import { decisionTable, dmnXml, formJson, linkedFormUserTask } from '../support/dmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, eventually, expectStatus, nextJob } from '../support/probe.js';

/** A key no engine has handed out in these specs. */
const UNKNOWN_KEY = '2251799813999969';
const USER_TASK = 'io.camunda.zeebe:userTask';

interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}
/** The SDK's own gRPC client, for calls its convenience methods do not make. */
interface RawGateway {
  createProcessInstanceSync(request: object): Promise<{ processInstanceKey: string; version: number }>;
  deployProcessSync(request: {
    processes: { name: string; definition: Buffer }[];
  }): Promise<{ key: string; processes: ProcessMetadata[] }>;
}
const raw = (engine: TestEngine) => (engine.zeebe as unknown as { grpc: Promise<RawGateway> }).grpc;

/** The SDK's deployment type omits the decision requirements graph that Zeebe returns. */
interface DmnDeployment {
  decisionRequirements?: { decisionRequirementsKey: string; version: number };
  decision?: { dmnDecisionId: string; decisionKey: string; version: number };
}

describe('engine: deleting resources', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** DeleteResource that succeeds: Zeebe (and the embedded engine) answer an empty response. */
  async function deleteResource(resourceKey: string): Promise<void> {
    expect(await engine.zeebe.deleteResource({ resourceKey })).to.deep.equal({});
  }

  /** The EvaluateDecision rejection of a decision that is not there: NOT_FOUND since Zeebe 8.8, INVALID_ARGUMENT before. */
  const decisionNotFound = (call: Promise<unknown>) => {
    const [major = 0, minor = 0] = engine.version.split('.').map(Number);
    return expectStatus(call, major > 8 || (major === 8 && minor >= 8) ? 'NOT_FOUND' : 'INVALID_ARGUMENT');
  };

  const createByKey = async (processDefinitionKey: string) =>
    (await raw(engine)).createProcessInstanceSync({ processDefinitionKey, variables: '{}' });

  /** Deploys process `id` with one job of `type` whose header `v` names the version. */
  const deployVersion = (id: string, type: string, v: string) =>
    deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Work', type, headers({ v })),
      end(),
      path('start', 'Task_Work', 'end'),
    ]);

  describe('process definitions', () => {
    it('DeleteResource by processDefinitionKey: that definition is NOT_FOUND by key and by version, and CreateProcessInstance by bpmnProcessId starts the previous version', async () => {
      // given two versions
      const [id, type] = [uid('delete-process'), uid('check-passport')];
      const v1 = await deployVersion(id, type, '1');
      const v2 = await deployVersion(id, type, '2');
      // when the latest is deleted
      await deleteResource(v2.processDefinitionKey);
      // then it cannot be started by key nor by its version
      const byKey = await expectStatus(createByKey(v2.processDefinitionKey), 'NOT_FOUND');
      expect(byKey).to.contain(
        `Expected to find process definition with key '${v2.processDefinitionKey}', but none found`,
      );
      const byVersion = await expectStatus(
        engine.zeebe.createProcessInstance({ bpmnProcessId: id, version: 2, variables: {} }),
        'NOT_FOUND',
      );
      expect(byVersion).to.contain(
        `Expected to find process definition with process ID '${id}' and version '2', but none found`,
      );
      // and by process id the previous version is the latest
      const created = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      expect(created).to.include({ processDefinitionKey: v1.processDefinitionKey, version: 1 });
      const job = await nextJob(engine.zeebe, type);
      expect(job).to.include({ processDefinitionKey: v1.processDefinitionKey, processDefinitionVersion: 1 });
      expect(job.customHeaders).to.deep.equal({ v: '1' });
    });

    it('DeleteResource of a process definition with running instances is FAILED_PRECONDITION; the instances go on, and once they have ended the deletion succeeds', async () => {
      // given an instance waiting at its task
      const [id, type] = [uid('delete-running'), uid('check-passport')];
      const v1 = await deployVersion(id, type, '1');
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      const job = await nextJob(engine.zeebe, type);
      // when
      const text = await expectStatus(
        engine.zeebe.deleteResource({ resourceKey: v1.processDefinitionKey }),
        'FAILED_PRECONDITION',
      );
      // then the rejection says why, the definition is still there and the instance goes on
      expect(text).to.contain(
        `Command 'DELETE' rejected with code 'INVALID_STATE': Expected to delete resource with key \`${v1.processDefinitionKey}\` but there are still running instances`,
      );
      await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
      await eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));
      // when no instance runs any more, the deletion succeeds
      await deleteResource(v1.processDefinitionKey);
      await expectStatus(engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} }), 'NOT_FOUND');
    });

    it('DeleteResource of every version: CreateProcessInstance by bpmnProcessId is NOT_FOUND; deploying again continues the version numbers with a new key (deleted process versions are not reused)', async () => {
      // given
      const [id, type] = [uid('delete-all'), uid('check-passport')];
      const v1 = await deployVersion(id, type, '1');
      const v2 = await deployVersion(id, type, '2');
      // when
      await deleteResource(v2.processDefinitionKey);
      await deleteResource(v1.processDefinitionKey);
      // then
      const text = await expectStatus(
        engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} }),
        'NOT_FOUND',
      );
      expect(text).to.contain(`Expected to find process definition with process ID '${id}', but none found`);
      // when v1's content is deployed again
      const again = await deployVersion(id, type, '1');
      // then it is a new definition with the next version, not a duplicate of the deleted v1
      expect(again.version).to.equal(3);
      expect(again.processDefinitionKey).not.to.be.oneOf([v1.processDefinitionKey, v2.processDefinitionKey]);
    });
  });

  describe('decisions and forms', () => {
    /** Deploys a DRG `drgId` holding decision `decisionId`, a table whose one rule answers `answer`. */
    async function deployDrg(drgId: string, decisionId: string, answer: string) {
      const table = decisionTable({
        id: decisionId,
        inputs: ['purpose'],
        outputs: ['answer'],
        rules: [{ when: ['-'], then: [answer] }],
      });
      const { deployments } = await engine.zeebe.deployResource({
        decision: Buffer.from(dmnXml(drgId, [table])),
        name: `${drgId}.dmn`,
      });
      const found = deployments as DmnDeployment[];
      const drg = found.find((d) => d.decisionRequirements)?.decisionRequirements;
      const decision = found.find((d) => d.decision)?.decision;
      if (!drg || !decision) throw new Error('deployment returned no decision requirements graph');
      return { drg, decision };
    }
    const evaluate = (decision: { decisionId: string } | { decisionKey: string }) =>
      engine.zeebe.evaluateDecision({ ...decision, variables: {} });

    it('DeleteResource by decisionRequirementsKey: EvaluateDecision by decision id falls back to the previous version; by the deleted decision key it is rejected', async () => {
      // given two versions of a DRG
      const [drgId, decisionId] = [uid('drg'), uid('decision')];
      const first = await deployDrg(drgId, decisionId, '"one"');
      const second = await deployDrg(drgId, decisionId, '"two"');
      expect([first.decision.version, second.decision.version]).to.deep.equal([1, 2]);
      // when the latest DRG is deleted
      await deleteResource(second.drg.decisionRequirementsKey);
      // then its decision key is gone
      const text = await decisionNotFound(evaluate({ decisionKey: second.decision.decisionKey }));
      expect(text).to.contain(
        `Expected to evaluate decision '${second.decision.decisionKey}', but no decision found for key '${second.decision.decisionKey}'`,
      );
      // and by id the previous version answers
      const response = await evaluate({ decisionId });
      expect(JSON.parse(response.decisionOutput)).to.equal('one');
      expect(response).to.include({ decisionKey: first.decision.decisionKey, decisionVersion: 1 });
    });

    it('DeleteResource of every version of a decision requirements graph: EvaluateDecision by decision id is rejected (NOT_FOUND since Zeebe 8.8, INVALID_ARGUMENT on 8.6)', async () => {
      // given
      const [drgId, decisionId] = [uid('drg'), uid('decision')];
      const first = await deployDrg(drgId, decisionId, '"one"');
      const second = await deployDrg(drgId, decisionId, '"two"');
      // when
      await deleteResource(second.drg.decisionRequirementsKey);
      await deleteResource(first.drg.decisionRequirementsKey);
      // then
      const text = await decisionNotFound(evaluate({ decisionId }));
      expect(text).to.contain(
        `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`,
      );
    });

    it('DeleteResource of the latest decision requirements graph: deploying it again reuses its version numbers (unlike process definitions and forms)', async () => {
      // given
      const [drgId, decisionId] = [uid('drg'), uid('decision')];
      await deployDrg(drgId, decisionId, '"one"');
      const second = await deployDrg(drgId, decisionId, '"two"');
      // when
      await deleteResource(second.drg.decisionRequirementsKey);
      const again = await deployDrg(drgId, decisionId, '"two"');
      // then
      expect(again.drg.version).to.equal(2);
      expect(again.decision.version).to.equal(2);
      expect(again.decision.decisionKey).not.to.equal(second.decision.decisionKey);
      expect(JSON.parse((await evaluate({ decisionId })).decisionOutput)).to.equal('two');
    });

    it('DeleteResource by formKey: a linked form then resolves to the previous version; deploying the deleted content again gets the next version, not the deleted one', async () => {
      // given two versions of a form
      const formId = uid('form');
      const deployForm = async (keys: string[]) => {
        const form = (
          await engine.zeebe.deployResource({ form: Buffer.from(formJson(formId, keys)), name: `${formId}.form` })
        ).deployments[0]?.form;
        if (!form) throw new Error('deployment returned no form');
        return form;
      };
      const first = await deployForm(['note']);
      const second = await deployForm(['note', 'decision']);
      // when the latest is deleted
      await deleteResource(second.formKey);
      // then a user task linking the form gets the previous version's key
      const id = uid('linked-form');
      await deploy(engine.zeebe, id, [
        start(),
        linkedFormUserTask('Task_Review', formId),
        end(),
        path('start', 'Task_Review', 'end'),
      ]);
      const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      // user task jobs share one type, so this spec picks its own among those waiting
      const job = await eventually(async () => {
        const jobs = await engine.zeebe.activateJobs({
          type: USER_TASK,
          worker: 'spec',
          maxJobsToActivate: 100,
          // other specs' user task jobs go back to them soon
          timeout: 1000,
          requestTimeout: -1,
        });
        const mine = jobs.find((j) => j.processInstanceKey === processInstanceKey);
        if (!mine) throw new Error(`no user task job of ${processInstanceKey} yet`);
        return mine;
      });
      expect(job.customHeaders['io.camunda.zeebe:formKey']).to.equal(first.formKey);
      // and the deleted content deployed again is version 3
      const again = await deployForm(['note', 'decision']);
      expect(again.version).to.equal(3);
      expect(again.formKey).not.to.equal(second.formKey);
    });
  });

  describe('rejections', () => {
    it('DeleteResource: an unknown key is NOT_FOUND; so is deleting the same key a second time, and a decision key (only decision requirements graphs are resources)', async () => {
      // unknown
      const unknown = await expectStatus(engine.zeebe.deleteResource({ resourceKey: UNKNOWN_KEY }), 'NOT_FOUND');
      expect(unknown).to.contain(
        `Command 'DELETE' rejected with code 'NOT_FOUND': Expected to delete resource but no resource found with key \`${UNKNOWN_KEY}\``,
      );
      // twice
      const id = uid('delete-twice');
      const process = await deploy(engine.zeebe, id, [start(), end(), path('start', 'end')]);
      await deleteResource(process.processDefinitionKey);
      const second = await expectStatus(
        engine.zeebe.deleteResource({ resourceKey: process.processDefinitionKey }),
        'NOT_FOUND',
      );
      expect(second).to.contain(
        `Expected to delete resource but no resource found with key \`${process.processDefinitionKey}\``,
      );
      // a decision's key
      const decisionId = uid('decision');
      const { deployments } = await engine.zeebe.deployResource({
        decision: Buffer.from(
          dmnXml(uid('drg'), [
            decisionTable({ id: decisionId, inputs: ['x'], outputs: ['y'], rules: [{ when: ['-'], then: ['1'] }] }),
          ]),
        ),
        name: `${decisionId}.dmn`,
      });
      const decisionKey = (deployments as DmnDeployment[]).find((d) => d.decision)?.decision?.decisionKey ?? '';
      await expectStatus(engine.zeebe.deleteResource({ resourceKey: decisionKey }), 'NOT_FOUND');
      expect(JSON.parse((await engine.zeebe.evaluateDecision({ decisionId, variables: {} })).decisionOutput)).to.equal(
        1,
      );
    });
  });

  describe('DeployProcess (deprecated)', () => {
    it('DeployProcess: deploys a BPMN process, answering the deployment key and the process metadata; the same content again is a duplicate, also for DeployResource', async () => {
      // given
      const [id, type] = [uid('deploy-process'), uid('check-passport')];
      const xml = Buffer.from(
        processXml(id, [start(), serviceTask('Task_Work', type), end(), path('start', 'Task_Work', 'end')]),
      );
      const grpc = await raw(engine);
      // when
      const response = await grpc.deployProcessSync({ processes: [{ name: `${id}.bpmn`, definition: xml }] });
      // then
      expect(response.key).to.match(/^\d+$/);
      expect(response.processes).to.have.length(1);
      const [deployed] = response.processes as [ProcessMetadata];
      expect(deployed).to.include({ bpmnProcessId: id, version: 1, resourceName: `${id}.bpmn` });
      // and it runs
      await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
      expect(await nextJob(engine.zeebe, type)).to.include({
        processDefinitionKey: deployed.processDefinitionKey,
        elementId: 'Task_Work',
      });
      // and the same content again is the same definition, in a new deployment
      const again = await grpc.deployProcessSync({ processes: [{ name: `${id}.bpmn`, definition: xml }] });
      expect(again.key).not.to.equal(response.key);
      expect(again.processes[0]).to.include({ version: 1, processDefinitionKey: deployed.processDefinitionKey });
      const resource = await engine.zeebe.deployResource({ process: xml, name: `${id}.bpmn` });
      expect(resource.deployments[0]?.process).to.include({
        version: 1,
        processDefinitionKey: deployed.processDefinitionKey,
      });
    });

    it('DeployProcess: an invalid process or no resources is INVALID_ARGUMENT as for DeployResource; a .dmn resource deploys its decisions with an empty process list', async () => {
      const grpc = await raw(engine);
      // invalid
      const id = uid('deploy-process-invalid');
      const invalid = processXml(id, [
        start(),
        '<bpmn:serviceTask id="Task_NoType"/>',
        end(),
        path('start', 'Task_NoType', 'end'),
      ]);
      const text = await expectStatus(
        grpc.deployProcessSync({ processes: [{ name: `${id}.bpmn`, definition: Buffer.from(invalid) }] }),
        'INVALID_ARGUMENT',
      );
      expect(text)
        .to.contain('Expected to deploy new resources, but encountered the following errors:')
        .and.to.contain(`'${id}.bpmn': - Element: Task_NoType`);
      // none
      const none = await expectStatus(grpc.deployProcessSync({ processes: [] }), 'INVALID_ARGUMENT');
      expect(none).to.contain('Expected to deploy at least one resource, but none given');
      // a decision
      const decisionId = uid('decision');
      const dmn = dmnXml(uid('drg'), [
        decisionTable({ id: decisionId, inputs: ['x'], outputs: ['y'], rules: [{ when: ['-'], then: ['"yes"'] }] }),
      ]);
      const response = await grpc.deployProcessSync({
        processes: [{ name: `${decisionId}.dmn`, definition: Buffer.from(dmn) }],
      });
      expect(response.processes).to.deep.equal([]);
      expect(response.key).to.match(/^\d+$/);
      const evaluated = await engine.zeebe.evaluateDecision({ decisionId, variables: {} });
      expect(JSON.parse(evaluated.decisionOutput)).to.equal('yes');
    });
  });
});
