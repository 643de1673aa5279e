// The versionTag binding of called decisions and linked forms: a business rule task or a user task bound by
// version tag uses the latest version carrying that zeebe:versionTag (a decision's extension element, a
// form's "versionTag"), not the latest version. Call activities bound by version tag are in
// call-activities.spec.ts.
import { expect } from 'chai';
import { end, path, serviceTask, start, uid } from '../support/bpmn.js';
import { dmnXml, formJson, literalDecision } from '../support/dmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectNoJob, nextJob, userTaskJobOf } from '../support/probe.js';

/** A decision literal expression tagged with a zeebe:versionTag. */
const taggedDecision = (id: string, expression: string, tag?: string) =>
  literalDecision({ id, expression }).replace(
    /^(<decision [^>]*>)/,
    tag ? `$1<extensionElements><zeebe:versionTag value="${tag}"/></extensionElements>` : '$1',
  );

/** A DMN document that declares the zeebe namespace (for the version tag). */
const taggedDmn = (drgId: string, decision: string) =>
  dmnXml(drgId, [decision]).replace('<definitions ', '<definitions xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ');

describe('engine: the versionTag binding of decisions and forms', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  it('Business rule task with bindingType="versionTag": evaluates the latest version of the decision carrying that zeebe:versionTag, not the latest version', async () => {
    // given three versions of one decision: v1 and v2 tagged "spring", v3 untagged
    const [drgId, decisionId, id, probe] = [uid('drg'), uid('fee'), uid('tagged-decision'), uid('probe')];
    for (const [expression, tag] of [
      ['"first"', 'spring'],
      ['"second"', 'spring'],
      ['"third"', undefined],
    ] as const) {
      const xml = taggedDmn(drgId, taggedDecision(decisionId, expression, tag));
      await engine.zeebe.deployResource({ decision: Buffer.from(xml), name: `${drgId}.dmn` });
    }
    await deploy(engine.zeebe, id, [
      start(),
      `<bpmn:businessRuleTask id="Task_Fee"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="fee" bindingType="versionTag" versionTag="spring"/></bpmn:extensionElements></bpmn:businessRuleTask>`,
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Task_Fee', 'Task_Probe', 'end'),
    ]);
    // when
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    // then the second version, the latest tagged "spring", decided
    const job = await nextJob(engine.zeebe, probe);
    expect(job.variables).to.deep.equal({ fee: 'second' });
  });

  it('Business rule task with bindingType="versionTag" and no decision carrying that tag: no result (CALLED_DECISION_ERROR)', async () => {
    // given a decision without the tag
    const [drgId, decisionId, id, probe] = [uid('drg'), uid('fee'), uid('untagged-decision'), uid('probe')];
    const xml = taggedDmn(drgId, taggedDecision(decisionId, '"only"', 'summer'));
    await engine.zeebe.deployResource({ decision: Buffer.from(xml), name: `${drgId}.dmn` });
    await deploy(engine.zeebe, id, [
      start(),
      `<bpmn:businessRuleTask id="Task_Fee"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="fee" bindingType="versionTag" versionTag="winter"/></bpmn:extensionElements></bpmn:businessRuleTask>`,
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Task_Fee', 'Task_Probe', 'end'),
    ]);
    // when
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    // then the process does not get past the task
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expectNoJob(engine.zeebe, probe);
  });

  it('User task with a linked form and bindingType="versionTag": the job carries the key of the latest form version with that versionTag', async () => {
    // given two tagged versions and a later untagged one
    const [formId, id] = [uid('form'), uid('tagged-form')];
    const deployForm = async (keys: string[], versionTag?: string) => {
      const json = JSON.stringify({
        ...(JSON.parse(formJson(formId, keys)) as object),
        ...(versionTag ? { versionTag } : {}),
      });
      const result = await engine.zeebe.deployResource({ form: Buffer.from(json), name: `${formId}.form` });
      return result.deployments[0]?.form?.formKey;
    };
    await deployForm(['note'], 'v1');
    const tagged = await deployForm(['note', 'reason'], 'v1');
    const latest = await deployForm(['note', 'reason', 'decision']);
    await deploy(engine.zeebe, id, [
      start(),
      `<bpmn:userTask id="Task_Review"><bpmn:extensionElements><zeebe:formDefinition formId="${formId}" bindingType="versionTag" versionTag="v1"/></bpmn:extensionElements></bpmn:userTask>`,
      end(),
      path('start', 'Task_Review', 'end'),
    ]);
    // when
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    // then
    const job = await userTaskJobOf(engine.zeebe, processInstanceKey);
    expect(job.customHeaders['io.camunda.zeebe:formKey']).to.equal(tagged).and.not.equal(latest);
  });
});
