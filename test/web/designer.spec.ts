// The process designer: the list of deployed models with their versions and cases, the editor pages that
// embed a version for the Camunda 8 modeler, dmn-js and the form-js editor, the server-side lint, deploys
// through the engine in use (recorded with who and when), refusals with findings, and the role check.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { expect } from 'chai';
import type TestAgent from 'supertest/lib/agent.js';
import { engineFindings } from '../../web/staff/designer-deploy.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

interface Finding {
  category: string;
  elementId: string;
  message: string;
  rule: string;
}

/** A process with a service task that has no job type (camunda-compat: missing zeebe:TaskDefinition). */
const brokenModel = (processId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_Broken" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Task_NoType" name="No type"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_NoType" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_NoType" targetRef="EndEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_NoType_di" bpmnElement="Task_NoType"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_1_di" bpmnElement="EndEvent_1"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('web: process designer', function () {
  this.timeout(60_000);
  let web: TestWeb;
  // logins are rate-limited per address (10 per 15 minutes), so the specs share one designer login
  let shared: { agent: TestAgent; token: string };

  before(async function () {
    this.timeout(120_000);
    // a development installation: Deploy puts a model live at once (the default, drafts and a second
    // person's approval, is designer-drafts.spec.ts); the deploy mechanics are the same either way
    web = await startTestWeb({ directDeploy: true });
    const agent = await web.staffAgent(['process-designer']);
    const page = await agent.get('/staff/designer').expect(200);
    shared = { agent, token: csrfOf(page.text) };
  });

  /** The designer's agent and the CSRF token its pages carry. */
  const designer = async () => shared;

  /** Fails with the response body, so a refusal's findings show in the test output. */
  const expectStatus = (response: { status: number; body: unknown }, status: number) =>
    expect(response.status, JSON.stringify(response.body)).to.equal(status);

  const cprApplication = async () => {
    const [latest] = await web.caseFile.deployedResources.list('process', 'cpr-application');
    if (!latest) throw new Error('cpr-application is not recorded');
    return latest;
  };

  it('lists the deployed processes with their versions and cases, the decisions, the forms and the history', async () => {
    // given the models deployed at start-up
    const latest = await cprApplication();
    const { agent } = await designer();
    // when the designer opens the list
    const page = (await agent.get('/staff/designer').expect(200)).text;
    // then each kind is there with its version and a link to open it
    expect(page).to.contain('cpr-application').and.contain(`Version ${latest.version}`);
    expect(page).to.contain(`href="/staff/designer/process/${latest.key}"`);
    expect(page).to.contain('0 open of 0');
    expect(page).to.contain('required-documents').and.contain('back-office-review');
    expect(page).to.contain('Deploy history').and.contain('system:spec');
  });

  it('opens a process version for the modeler, with the XML in a JSON block and the bundle from /assets', async () => {
    const latest = await cprApplication();
    const { agent } = await designer();
    const page = (await agent.get(`/staff/designer/process/${latest.key}`).expect(200)).text;
    const block = /<script type="application\/json" id="designer-data">([^]*?)<\/script>/.exec(page)?.[1] ?? '';
    const data = JSON.parse(block) as { kind: string; key: string; content: string; csrfToken: string };
    expect(data).to.include({ kind: 'process', key: latest.key });
    expect(data.content).to.equal(await web.caseFile.deployedResources.content(latest.key));
    expect(data.csrfToken).to.be.a('string').and.not.be.empty;
    // no inline script apart from the data block; the page's code and styles come from bundles
    expect(block).to.not.contain('<');
    expect(page).to.contain('<script type="module" src="/assets/designer-bpmn.js"></script>');
    expect(page).to.contain('href="/assets/designer-bpmn.css"').and.contain('id="designer-properties"');
    expect(page.match(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)/g)).to.equal(null);
  });

  it('opens the decision requirements for dmn-js and a form for the form-js editor', async () => {
    const { agent } = await designer();
    const decision = (await web.caseFile.deployedResources.latest('decision')).find((d) =>
      d.resourceName.startsWith('required-documents'),
    );
    const [form] = await web.caseFile.deployedResources.list('form', 'back-office-review');
    const dmn = (await agent.get(`/staff/designer/decision/${decision?.key ?? ''}`).expect(200)).text;
    expect(dmn).to.contain('/assets/designer-dmn.js').and.contain('DecisionTable_RequiredDocuments');
    const formPage = (await agent.get(`/staff/designer/form/${form?.key ?? ''}`).expect(200)).text;
    expect(formPage).to.contain('/assets/designer-form.js').and.contain('back-office-review');
    // a key of another kind, or no key at all, is not found
    await agent.get(`/staff/designer/form/${decision?.key ?? ''}`).expect(404);
    await agent.get('/staff/designer/process/not-a-key').expect(404);
  });

  it('lints a broken model on the server: a service task without a job type is an error on its element', async () => {
    const { agent, token } = await designer();
    const response = await agent
      .post('/staff/designer/lint')
      .set('x-csrf-token', token)
      .send({ content: brokenModel(uniqueId('broken')) })
      .expect(200);
    const findings = (response.body as { findings: Finding[] }).findings;
    expect(findings.filter((f) => f.category === 'error').map((f) => f.elementId)).to.include('Task_NoType');
  });

  it('finds nothing wrong with the deployed cpr-application', async () => {
    const { agent, token } = await designer();
    const content = (await web.caseFile.deployedResources.content((await cprApplication()).key)) ?? '';
    const response = await agent.post('/staff/designer/lint').set('x-csrf-token', token).send({ content }).expect(200);
    expect((response.body as { findings: Finding[] }).findings.filter((f) => f.category === 'error')).to.deep.equal([]);
  });

  it('deploys a changed model through the engine as a new version and records who deployed it', async () => {
    // given a copy of cpr-application under its own process id (other specs run cpr-application itself)
    const { agent, token } = await designer();
    const processId = uniqueId('designer-copy');
    const original = (await web.caseFile.deployedResources.content((await cprApplication()).key)) ?? '';
    const changed = original
      .replace(/"cpr-application"/g, `"${processId}"`)
      .replace('name="Determine required documents"', 'name="Work out the required documents"');
    // when it is deployed, and then deployed again with one more change
    const first = await agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', token)
      .send({ kind: 'process', content: changed });
    expectStatus(first, 201);
    const second = await agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', token)
      .send({ kind: 'process', content: changed.replace('Work out', 'Find') })
      .expect(201);
    // then the engine gave versions 1 and 2, both recorded with the designer as deployer
    const body = first.body as { deployed: { key: string; version: number; id: string }; url: string };
    expect(body.deployed).to.include({ id: processId, version: 1 });
    expect((second.body as { deployed: { version: number } }).deployed.version).to.equal(2);
    const versions = await web.caseFile.deployedResources.list('process', processId);
    expect(versions.map((v) => v.version)).to.deep.equal([2, 1]);
    expect(versions[0]?.deployedBy).to.match(/^staff:staff-/);
    expect(versions[0]?.resourceName).to.equal(`${processId}.bpmn`);
    expect(await web.caseFile.deployedResources.content(body.deployed.key)).to.contain('Work out the required');
    // and the new version opens, with the success message, and shows in the list and the history
    const opened = (await agent.get(body.url).expect(200)).text;
    expect(opened).to.contain(processId);
    const list = (await agent.get('/staff/designer').expect(200)).text;
    expect(list)
      .to.contain(`href="/staff/designer/process/${versions[0]?.key ?? ''}"`)
      .and.contain(processId);
    expect(list).to.contain(versions[0]?.deployedBy ?? '');
  });

  it('answers an unchanged redeploy with the version that is already there', async () => {
    const { agent, token } = await designer();
    const processId = uniqueId('designer-same');
    const content = ((await web.caseFile.deployedResources.content((await cprApplication()).key)) ?? '').replace(
      /"cpr-application"/g,
      `"${processId}"`,
    );
    const send = () =>
      agent.post('/staff/designer/deploy').set('x-csrf-token', token).send({ kind: 'process', content });
    expectStatus(await send(), 201);
    const again = await send().expect(200);
    expect(again.body).to.deep.include({ isNew: false });
    expect(await web.caseFile.deployedResources.list('process', processId)).to.have.length(1);
  });

  it('refuses to deploy a model with lint errors (400 with the findings) and deploys nothing', async () => {
    const { agent, token } = await designer();
    const processId = uniqueId('designer-broken');
    const response = await agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', token)
      .send({ kind: 'process', content: brokenModel(processId) })
      .expect(400);
    const body = response.body as { source: string; findings: Finding[] };
    expect(body.source).to.equal('lint');
    expect(body.findings.map((f) => f.elementId)).to.include('Task_NoType');
    expect(await web.caseFile.deployedResources.list('process', processId)).to.deep.equal([]);
  });

  it("shows the engine's refusal of a decision model as findings (DMN has no linter here)", async () => {
    const { agent, token } = await designer();
    const decisionId = uniqueId('designer-dmn');
    // a decision table cut off in the middle: well-formed enough to name its decision, not a model
    const broken = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Broken" name="Broken" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${decisionId}" name="Broken">
    <decisionTable id="DecisionTable_Broken">
      <input id="Input_1">`;
    const response = await agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', token)
      .send({ kind: 'decision', content: broken });
    expectStatus(response, 400);
    const body = response.body as { source: string; findings: Finding[] };
    expect(body.source).to.equal('engine');
    expect(body.findings).to.not.be.empty;
    expect(body.findings.every((f) => f.category === 'error' && f.rule === 'engine')).to.equal(true);
    expect(await web.caseFile.deployedResources.latest('decision')).to.not.satisfy((all: { resourceName: string }[]) =>
      all.some((d) => d.resourceName === `${decisionId}.dmn`),
    );
  });

  it("reads the engine's refusal of a BPMN model into findings on its elements", () => {
    const refusal = Object.assign(new Error('3 INVALID_ARGUMENT: Command rejected'), {
      code: 3,
      details: [
        "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:",
        // Zeebe 8.8 puts the first element on the resource's line; the embedded engine on a line of its own
        "'copy.bpmn': - Element: Task_NoType",
        "    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element",
        "'other.bpmn':",
        '- Element: (resource)',
        '    - ERROR: Something about the whole file',
      ].join('\n'),
    });
    expect(engineFindings(refusal)).to.deep.equal([
      {
        category: 'error',
        elementId: 'Task_NoType',
        message: "Must have exactly one 'zeebe:taskDefinition' extension element",
        rule: 'engine',
      },
      { category: 'error', elementId: '', message: 'Something about the whole file', rule: 'engine' },
    ]);
    expect(engineFindings(Object.assign(new Error('14 UNAVAILABLE: no connection'), { code: 14 }))).to.equal(undefined);
  });

  it('deploys a form from the form editor under its id', async () => {
    const { agent, token } = await designer();
    const formId = uniqueId('designer-form');
    const schema = JSON.parse(await fs.readFile('forms/hearing-request.form', 'utf8')) as Record<string, unknown>;
    const response = await agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', token)
      .send({ kind: 'form', content: JSON.stringify({ ...schema, id: formId }) })
      .expect(201);
    expect((response.body as { deployed: { id: string; version: number } }).deployed).to.include({
      id: formId,
      version: 1,
    });
    const [recorded] = await web.caseFile.deployedResources.list('form', formId);
    expect(recorded?.resourceName).to.equal(`${formId}.form`);
  });

  it('gives a back-office user 403 on every designer route', async () => {
    const agent = await web.staffAgent(['back-office']);
    const token = csrfOf((await agent.get('/staff').expect(200)).text);
    const latest = await cprApplication();
    const [decision] = await web.caseFile.deployedResources.list('decision');
    const [form] = await web.caseFile.deployedResources.list('form');
    await agent.get('/staff/designer').expect(403);
    await agent.get(`/staff/designer/process/${latest.key}`).expect(403);
    await agent.get(`/staff/designer/decision/${decision?.key ?? ''}`).expect(403);
    await agent.get(`/staff/designer/form/${form?.key ?? ''}`).expect(403);
    const content = (await web.caseFile.deployedResources.content(latest.key)) ?? '';
    await agent.post('/staff/designer/lint').set('x-csrf-token', token).send({ content }).expect(403);
    await agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', token)
      .send({ kind: 'process', content: content.replace(/"cpr-application"/g, `"${uniqueId('forbidden')}"`) })
      .expect(403);
  });

  it('lets an admin in, and speaks Danish when asked', async () => {
    const agent = await web.staffAgent(['admin']);
    const page = (await agent.get('/staff/designer?lang=da').expect(200)).text;
    expect(page).to.contain('Procesdesigner').and.contain('Udrulningshistorik');
  });
});
