// DMN decisions and Camunda Forms: deploying .dmn and .form resources (versions, duplicates), business
// rule tasks that evaluate a decision table (hit policies, result shapes, failures), EvaluateDecision,
// and the form key a linked form puts in a user task's job headers.
import { expect } from 'chai';
import { end, io, path, processXml, serviceTask, start, uid } from '../support/bpmn.js';
import {
  businessRuleTask,
  decisionTable,
  dmnXml,
  formJson,
  linkedFormUserTask,
  type TableSpec,
} from '../support/dmn.js';
import { sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { openIncidents } from '../support/incidents.js';
import { deploy, expectNoJob, expectStatus, nextJob, userTaskJobOf, type Client, type Job } from '../support/probe.js';

type JsonDoc = Parameters<Client['createProcessInstance']>[0]['variables'];
/** The SDK's deployment type omits the decision requirements graph that Zeebe returns. */
interface DrgDeployment {
  decisionRequirements?: { dmnDecisionRequirementsId: string; version: number; decisionRequirementsKey: string };
}
const drgOf = (deployments: object[]) =>
  (deployments as DrgDeployment[]).find((d) => d.decisionRequirements)?.decisionRequirements;
const resultOf = (job: Job) => (job.variables as { result?: unknown }).result;

describe('engine: decisions and forms', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const deployDmn = (drgId: string, decisions: string[], name = `${drgId}.dmn`) =>
    engine.zeebe.deployResource({ decision: Buffer.from(dmnXml(drgId, decisions)), name });

  /** Deploys the table, then start -> business rule task -> probe job; returns the probe job's variables. */
  async function decide(
    table: Omit<TableSpec, 'id'>,
    variables: Record<string, unknown>,
    extra = '',
    outputs?: Record<string, string>,
  ) {
    const decisionId = uid('decision');
    await deployDmn(uid('drg'), [decisionTable({ ...table, id: decisionId })]);
    const [id, probe] = [uid('decide'), uid('probe')];
    await deploy(engine.zeebe, id, [
      start(),
      businessRuleTask('Task_Decide', decisionId, 'result', extra, outputs ? io({}, outputs) : ''),
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Task_Decide', 'Task_Probe', 'end'),
    ]);
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: variables as JsonDoc,
    });
    return { probe, processInstanceKey, decisionId };
  }

  const purposeTable = (hitPolicy: TableSpec['hitPolicy']): Omit<TableSpec, 'id'> => ({
    hitPolicy,
    inputs: ['purpose'],
    outputs: ['document'],
    rules: [
      { when: ['-'], then: ['"passport"'] },
      { when: ['"study"'], then: ['"admission-letter"'] },
      { when: ['"work","study"'], then: ['"proof-of-address"'] },
    ],
  });

  it('DeployResource: a .dmn resource deploys its decisions and its decision requirements graph, versioned; the same content again is a duplicate (Zeebe DMN deployment)', async () => {
    const [drgId, decisionId] = [uid('drg'), uid('decision')];
    const table = decisionTable({ ...purposeTable('COLLECT'), id: decisionId, name: 'Required documents' });
    const first = await deployDmn(drgId, [table]);
    const decision = first.deployments.find((d) => d.decision)?.decision;
    const requirements = drgOf(first.deployments);
    expect(decision).to.include({ dmnDecisionId: decisionId, dmnDecisionName: 'Required documents', version: 1 });
    expect(decision?.dmnDecisionRequirementsId).to.equal(drgId);
    expect(requirements).to.include({ dmnDecisionRequirementsId: drgId, version: 1, resourceName: `${drgId}.dmn` });
    expect(decision?.decisionRequirementsKey).to.equal(requirements?.decisionRequirementsKey);

    const again = await deployDmn(drgId, [table]);
    expect(again.deployments.find((d) => d.decision)?.decision).to.deep.include({
      version: 1,
      decisionKey: decision?.decisionKey,
    });

    const changed = decisionTable({ ...purposeTable('FIRST'), id: decisionId, name: 'Required documents' });
    const second = await deployDmn(drgId, [changed]);
    expect(second.deployments.find((d) => d.decision)?.decision?.version).to.equal(2);
    expect(drgOf(second.deployments)?.version).to.equal(2);
  });

  it('DeployResource: when one resource of a call changed, every resource in it gets a new version, so bindingType deployment finds the decision deployed with the process (Zeebe 8.6+)', async () => {
    const [drgId, decisionId, id, probe] = [uid('drg'), uid('decision'), uid('bound'), uid('probe')];
    const dmn = dmnXml(drgId, [decisionTable({ ...purposeTable('FIRST'), id: decisionId })]);
    const bpmn = (name: string) =>
      processXml(id, [
        `<bpmn:startEvent id="start" name="${name}"/>`,
        businessRuleTask('Task_Decide', decisionId, 'result', ' bindingType="deployment"'),
        serviceTask('Task_Probe', probe),
        end(),
        path('start', 'Task_Decide', 'Task_Probe', 'end'),
      ]);
    const both = (name: string) =>
      engine.zeebe.deployResources([
        { process: Buffer.from(bpmn(name)), name: `${id}.bpmn` },
        { decision: Buffer.from(dmn), name: `${drgId}.dmn` },
      ]);
    await both('first');
    const second = await both('second');
    type Versioned = { version: number } | undefined;
    const versions = (
      second.deployments as { process?: Versioned; decision?: Versioned; decisionRequirements?: Versioned }[]
    ).map((d) => (d.process ?? d.decision ?? d.decisionRequirements)?.version);
    expect(versions).to.deep.equal([2, 2, 2]);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { purpose: 'work' } });
    expect(resultOf(await nextJob(engine.zeebe, probe))).to.equal('passport');
  });

  it('DeployResource: a decision table with an invalid FEEL input entry is rejected with INVALID_ARGUMENT naming the resource', async () => {
    const drgId = uid('drg');
    const table = decisionTable({
      id: uid('decision'),
      inputs: ['purpose'],
      outputs: ['document'],
      rules: [{ when: ['[1..'], then: ['"x"'] }],
    });
    const message = await expectStatus(deployDmn(drgId, [table]), 'INVALID_ARGUMENT');
    expect(message).to.contain(`${drgId}.dmn`);
  });

  it('Business rule task: a COLLECT table puts the list of matching outputs in the result variable, which reaches the process (Zeebe zeebe:calledDecision)', async () => {
    const { probe } = await decide(purposeTable('COLLECT'), { purpose: 'study' });
    const job = await nextJob(engine.zeebe, probe);
    expect(job.variables).to.deep.equal({
      purpose: 'study',
      result: ['passport', 'admission-letter', 'proof-of-address'],
    });
  });

  it('Business rule task: FIRST gives the first matching output; RULE ORDER gives all of them in rule order', async () => {
    const first = await decide(purposeTable('FIRST'), { purpose: 'work' });
    expect(resultOf(await nextJob(engine.zeebe, first.probe))).to.equal('passport');
    const ordered = await decide(purposeTable('RULE ORDER'), { purpose: 'work' });
    expect(resultOf(await nextJob(engine.zeebe, ordered.probe))).to.deep.equal(['passport', 'proof-of-address']);
  });

  it('Business rule task: a UNIQUE table with several outputs gives an object by output name, and null when no rule matches', async () => {
    const table: Omit<TableSpec, 'id'> = {
      inputs: ['age', 'group'],
      outputs: ['category', 'needsPermit'],
      rules: [
        { when: ['< 18', '-'], then: ['"child"', 'false'] },
        { when: ['>= 18', '"other"'], then: ['"adult"', 'true'] },
        { when: ['>= 18', 'not("other")'], then: ['"adult"', 'false'] },
      ],
    };
    const adult = await decide(table, { age: 30, group: 'other' });
    expect(resultOf(await nextJob(engine.zeebe, adult.probe))).to.deep.equal({
      category: 'adult',
      needsPermit: true,
    });
    const nobody = await decide(
      { ...table, rules: [{ when: ['< 0', '-'], then: ['"none"', 'false'] }] },
      { age: 30, group: 'eu' },
    );
    expect(resultOf(await nextJob(engine.zeebe, nobody.probe))).to.equal(null);
  });

  it('Business rule task: COLLECT with COUNT and SUM aggregates the matching outputs into a number', async () => {
    const table = (aggregation: 'COUNT' | 'SUM'): Omit<TableSpec, 'id'> => ({
      hitPolicy: 'COLLECT',
      aggregation,
      inputs: ['children'],
      outputs: ['points'],
      rules: [
        { when: ['-'], then: ['2'] },
        { when: ['> 0'], then: ['3'] },
        { when: ['> 5'], then: ['10'] },
      ],
    });
    const counted = await decide(table('COUNT'), { children: 2 });
    expect(resultOf(await nextJob(engine.zeebe, counted.probe))).to.equal(2);
    const summed = await decide(table('SUM'), { children: 2 });
    expect(resultOf(await nextJob(engine.zeebe, summed.probe))).to.equal(5);
  });

  it('Business rule task: an output mapping replaces the default merge of the result variable (Zeebe variable mappings)', async () => {
    const { probe } = await decide(purposeTable('COLLECT'), { purpose: 'work' }, '', {
      documentCount: '=count(result)',
    });
    expect((await nextJob(engine.zeebe, probe)).variables).to.deep.equal({ purpose: 'work', documentCount: 2 });
  });

  it('Business rule task: a UNIQUE table with two matching rules fails the evaluation and the path stops (Zeebe DECISION_EVALUATION_ERROR)', async () => {
    const { probe, processInstanceKey } = await decide(purposeTable('UNIQUE'), { purpose: 'study' });
    await expectNoJob(engine.zeebe, probe);
    if (engine.kind === 'embedded') {
      const [incident] = await openIncidents(engine, processInstanceKey);
      expect(incident?.errorType).to.equal('DECISION_EVALUATION_ERROR');
    }
  });

  it('Business rule task: a decision id that is not deployed stops the path (Zeebe CALLED_DECISION_ERROR)', async () => {
    const [id, probe] = [uid('missing-decision'), uid('probe')];
    await deploy(engine.zeebe, id, [
      start(),
      businessRuleTask('Task_Decide', uid('nowhere'), 'result'),
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Task_Decide', 'Task_Probe', 'end'),
    ]);
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    await expectNoJob(engine.zeebe, probe);
    if (engine.kind === 'embedded') {
      const [incident] = await openIncidents(engine, processInstanceKey);
      expect(incident?.errorType).to.equal('CALLED_DECISION_ERROR');
    }
  });

  it('EvaluateDecision: evaluates the latest version by decision id and reports the matched rules and inputs', async () => {
    const decisionId = uid('decision');
    await deployDmn(uid('drg'), [decisionTable({ ...purposeTable('COLLECT'), id: decisionId })]);
    const response = await engine.zeebe.evaluateDecision({ decisionId, variables: { purpose: 'work' } });
    expect(JSON.parse(response.decisionOutput)).to.deep.equal(['passport', 'proof-of-address']);
    expect(response).to.include({ decisionId, decisionVersion: 1, failedDecisionId: '', failureMessage: '' });
    const [evaluated] = response.evaluatedDecisions;
    expect(evaluated?.decisionType).to.equal('DECISION_TABLE');
    expect(evaluated?.matchedRules.map((r) => r.ruleIndex)).to.deep.equal([1, 3]);
    expect(evaluated?.evaluatedInputs.map((i) => JSON.parse(i.inputValue) as unknown)).to.deep.equal(['work']);
  });

  it('EvaluateDecision: an unknown decision id is NOT_FOUND (Zeebe 8.8; 8.6 answered INVALID_ARGUMENT)', async function () {
    sinceZeebe(engine, '8.8', this);
    await expectStatus(engine.zeebe.evaluateDecision({ decisionId: uid('nowhere'), variables: {} }), 'NOT_FOUND');
  });

  it('DeployResource: a .form resource deploys as a form, versioned by its id; the same content again is a duplicate', async () => {
    const formId = uid('form');
    const deployForm = (keys: string[]) =>
      engine.zeebe.deployResource({ form: Buffer.from(formJson(formId, keys)), name: `${formId}.form` });
    const first = (await deployForm(['note'])).deployments[0]?.form;
    expect(first).to.include({ formId, version: 1, resourceName: `${formId}.form` });
    expect((await deployForm(['note'])).deployments[0]?.form).to.include({ version: 1, formKey: first?.formKey });
    expect((await deployForm(['note', 'decision'])).deployments[0]?.form?.version).to.equal(2);
  });

  it('User task with a linked form (zeebe:formDefinition formId): the job carries the latest form version key as the io.camunda.zeebe:formKey header', async () => {
    const [formId, id] = [uid('form'), uid('linked')];
    const deployForm = (keys: string[]) =>
      engine.zeebe.deployResource({ form: Buffer.from(formJson(formId, keys)), name: `${formId}.form` });
    await deployForm(['note']);
    const latest = (await deployForm(['note', 'decision'])).deployments[0]?.form;
    await deploy(engine.zeebe, id, [
      start(),
      linkedFormUserTask('Task_Review', formId),
      end(),
      path('start', 'Task_Review', 'end'),
    ]);
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await userTaskJobOf(engine.zeebe, processInstanceKey);
    expect(job.customHeaders['io.camunda.zeebe:formKey']).to.equal(latest?.formKey);
  });
});
