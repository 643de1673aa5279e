// The case search and the case page: finding a case by reference, name or passport number (audited per case
// shown), the case with its history and its diagram data (steps passed and the current step, built from the
// audit log and the user tasks on any engine, and from the embedded engine's journal when it shares the
// database), and the role check.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import knexFactory from 'knex';
import { casePath, classifyQuery, indexModel } from '../../cases/case-search.js';
import { createEngineJournal } from '../../lib/engine-client/journal.js';
import { newApplication } from '../cases/fixtures.js';
import { end, path, serviceTask, start, uid } from '../support/bpmn.js';
import { atEnd, embeddedOnly } from '../support/engine.js';
import { deploy, nextJob } from '../support/probe.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

/** Letters only, so the name passes the form's rules and no other spec's applicant shares it. */
const uniqueFamilyName = () => `Spec${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

const processInstanceKey = () => String(2251799813685248n + BigInt(randomBytes(4).readUInt32BE()));

interface DiagramData {
  xml: string;
  visited: string[];
  flows: string[];
  current: string[];
}

function diagramData(html: string): DiagramData {
  const json = /<script type="application\/json" id="case-diagram-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('no diagram data on the page');
  return JSON.parse(json) as DiagramData;
}

describe('web: case search and case page', function () {
  this.timeout(60_000);
  let web: TestWeb;

  before(async function () {
    this.timeout(120_000);
    web = await startTestWeb();
  });

  async function newCase() {
    const familyName = uniqueFamilyName();
    const input = newApplication();
    input.applicant.familyName = familyName;
    const created = await web.caseFile.applications.create(input, 'citizen');
    return { ...created, familyName, passportNumber: input.applicant.passportNumber };
  }

  async function attachToNewestProcess(applicationId: string): Promise<string> {
    const [process] = await web.caseFile.deployedResources.list('process', 'cpr-application');
    if (!process) throw new Error('cpr-application is not deployed');
    const key = processInstanceKey();
    await web.caseFile.applications.attachProcessInstance(applicationId, key, 'spec', {
      processDefinitionKey: process.key,
      version: process.version,
    });
    return key;
  }

  it('reads a query as a reference, a passport number or a name', () => {
    expect(classifyQuery(' ih-2026-000123 ')).to.deep.equal({ kind: 'reference', value: 'IH-2026-000123' });
    expect(classifyQuery('pa 123-456')).to.deep.equal({ kind: 'passport', value: 'PA123456' });
    expect(classifyQuery('Asha  Raghunathan')).to.deep.equal({ kind: 'name', value: 'asha raghunathan' });
    expect(classifyQuery('   ')).to.equal(undefined);
  });

  it('finds a case by reference, by name and by passport number, and audits each case shown', async () => {
    // given a case and a back-office caseworker
    const created = await newCase();
    await newCase();
    const agent = await web.staffAgent(['back-office']);
    // when they search in three ways
    const byReference = await agent.get('/staff/cases').query({ q: created.reference.toLowerCase() }).expect(200);
    const byName = await agent
      .get('/staff/cases')
      .query({ q: `asha ${created.familyName.slice(0, 8)}` })
      .expect(200);
    const byPassport = await agent.get('/staff/cases').query({ q: created.passportNumber }).expect(200);
    // then each finds the case, and only it
    for (const page of [byReference, byName, byPassport]) {
      expect(page.text).to.contain(`/staff/cases/${created.applicationId}`).and.contain(created.familyName);
      expect(page.text).to.contain('1 case found');
    }
    // and the audit log holds one search read per search for the case, with the kind of query only
    const audit = await web.caseFile.audit.listForApplication(created.applicationId);
    const found = audit.filter((entry) => entry.action === 'application-found-by-search');
    expect(found.map((entry) => entry.detail.queryKind)).to.deep.equal(['reference', 'name', 'passport']);
    expect(found.every((entry) => entry.actor.startsWith('staff:'))).to.equal(true);
    const searches = (await web
      .knex('audit_log')
      .select('detail')
      .where({ action: 'cases-searched', actor: found[0]?.actor ?? '' })
      .orderBy('id')) as { detail: Record<string, unknown> }[];
    expect(searches.map((row) => row.detail)).to.deep.equal([
      { queryKind: 'reference', count: 1 },
      { queryKind: 'name', count: 1 },
      { queryKind: 'passport', count: 1 },
    ]);
    expect(JSON.stringify(searches)).not.to.contain(created.passportNumber).and.not.to.contain(created.familyName);
  });

  it('says so when nothing matches, and audits the empty search', async () => {
    const agent = await web.staffAgent(['front-office']);
    const before = await web
      .knex('audit_log')
      .where({ action: 'cases-searched' })
      .max<{ max: string | null }>('id as max')
      .first();
    const page = await agent.get('/staff/cases').query({ q: 'IH-1999-999999' }).expect(200);
    expect(page.text).to.contain('No case matches');
    const rows = (await web
      .knex('audit_log')
      .select('detail')
      .where({ action: 'cases-searched' })
      .andWhere('id', '>', before?.max ?? 0)) as { detail: Record<string, unknown> }[];
    expect(rows.map((row) => row.detail)).to.deep.include({ queryKind: 'reference', count: 0 });
  });

  it('shows the case with its status group, history and the diagram of its process version with its path', async () => {
    // given a case whose checklist worker ran and whose review task is open
    const created = await newCase();
    const instanceKey = await attachToNewestProcess(created.applicationId);
    await web.caseFile.audit.record({
      actor: 'worker:automatic-checklist',
      action: 'checklist-checked',
      applicationId: created.applicationId,
      detail: { missing: 0 },
    });
    await web.caseFile.applications.setStatus(created.applicationId, 'in-review', 'worker:automatic-checklist');
    const [process] = await web.caseFile.deployedResources.list('process', 'cpr-application');
    await web.knex('user_tasks').insert({
      job_key: processInstanceKey(),
      process_instance_key: instanceKey,
      process_definition_key: process?.key ?? '',
      bpmn_process_id: 'cpr-application',
      element_id: 'Task_ReviewApplication',
      element_instance_key: processInstanceKey(),
      application_id: created.applicationId,
      status: 'open',
    });
    // when a team lead opens it
    const agent = await web.staffAgent(['team-lead']);
    const page = await agent.get(`/staff/cases/${created.applicationId}`).expect(200);
    // then the applicant, the status group and the history are on the page
    expect(page.text).to.contain(created.reference).and.contain(`Asha ${created.familyName}`);
    expect(page.text).to.match(/aria-current="step"[^>]*>In progress</);
    // the timeline says what happened in words, newest first; the audit log is the team lead's own tab
    expect(page.text).to.contain('Application submitted').and.contain('Automatic check done: ready for review');
    expect(page.text).to.not.contain('checklist-checked');
    const log = (await agent.get(`/staff/cases/${created.applicationId}?view=audit`).expect(200)).text;
    expect(log).to.contain('Process started').and.contain('checklist-checked').and.contain('page 1 of 1');
    expect(log, 'no raw JSON in the log').to.not.contain('{&quot;');
    const caseworker = await web.staffAgent(['front-office']);
    const asDesk = (await caseworker.get(`/staff/cases/${created.applicationId}?view=audit`).expect(200)).text;
    expect(asDesk, 'the audit log is not the front desk’s').to.not.contain('class="table table--zebra case-audit"');
    expect(asDesk).to.contain('Application submitted');
    expect(page.text).to.contain('The case waits at the task: Review application.');
    // and the diagram data is the case's version with the steps passed and the current step
    const data = diagramData(page.text);
    expect(data.xml).to.contain('id="Task_ReviewApplication"');
    expect(data.visited).to.deep.equal(['Task_RunAutomaticChecklist', 'Task_ReviewApplication']);
    expect(data.current).to.deep.equal(['Task_ReviewApplication']);
    expect(page.text).to.contain('<script type="module" src="/assets/case-diagram.js"></script>');
    expect(page.text.match(/<script(?![^>]*(src=|type="application\/json"))[^>]*>/g), 'no inline script').to.equal(
      null,
    );
    // and the page read is audited
    const audit = await web.caseFile.audit.listForApplication(created.applicationId);
    expect(audit.at(-1)).to.include({ action: 'application-read' });
  });

  it("shows the embedded engine's journal when the engine shares the database, with the current step from it", async () => {
    // given the engine's journal in the application's database (how the embedded engine runs in production)
    const created = await newCase();
    const instanceKey = await attachToNewestProcess(created.applicationId);
    await web.knex.raw('create schema if not exists engine');
    await web.knex.raw(`create table if not exists engine.journal (
      position bigserial primary key, process_instance_key bigint not null, key bigint not null, at bigint not null,
      value_type text not null, intent text not null, element_id text, element_type text, flow_scope_key bigint,
      detail jsonb)`);
    const at = Date.now();
    const row = (key: number, intent: string, elementId: string, elementType: string, detail: unknown = null) => ({
      process_instance_key: instanceKey,
      key: String(BigInt(instanceKey) + BigInt(key)),
      at: at + key,
      value_type: 'PROCESS_INSTANCE',
      intent,
      element_id: elementId,
      element_type: elementType,
      detail: detail === null ? null : JSON.stringify(detail),
    });
    await web
      .knex('engine.journal')
      .insert([
        row(1, 'ELEMENT_ACTIVATED', 'StartEvent_ApplicationSubmitted', 'START_EVENT'),
        row(1, 'ELEMENT_COMPLETED', 'StartEvent_ApplicationSubmitted', 'START_EVENT'),
        row(2, 'SEQUENCE_FLOW_TAKEN', 'Flow_Submitted', 'SEQUENCE_FLOW'),
        row(3, 'ELEMENT_ACTIVATED', 'Task_DetermineRequiredDocuments', 'BUSINESS_RULE_TASK'),
        row(3, 'ELEMENT_COMPLETED', 'Task_DetermineRequiredDocuments', 'BUSINESS_RULE_TASK'),
        row(4, 'SEQUENCE_FLOW_TAKEN', 'Flow_ChecklistKnown', 'SEQUENCE_FLOW'),
        row(5, 'ELEMENT_ACTIVATED', 'Gateway_CheckDocuments', 'EXCLUSIVE_GATEWAY'),
      ]);
    await web.knex('engine.journal').insert({
      ...row(6, 'CREATED', 'Gateway_CheckDocuments', 'EXCLUSIVE_GATEWAY', { type: 'x', secretValue: 'kept out' }),
      value_type: 'JOB',
    });
    // when a back-office caseworker opens the case
    const agent = await web.staffAgent(['back-office']);
    const page = await agent.get(`/staff/cases/${created.applicationId}?view=journal`).expect(200);
    // then the journal is in the history, without anything but identifiers in its details
    expect(page.text).to.contain('PROCESS_INSTANCE ELEMENT_ACTIVATED').and.contain('Determine required documents');
    expect(page.text).to.contain('JOB CREATED').and.not.contain('kept out');
    // and the path and the current step come from it
    const data = diagramData(page.text);
    expect(data.visited).to.deep.equal([
      'StartEvent_ApplicationSubmitted',
      'Task_DetermineRequiredDocuments',
      'Gateway_CheckDocuments',
    ]);
    expect(data.flows).to.deep.equal(['Flow_Submitted', 'Flow_ChecklistKnown']);
    expect(data.current).to.deep.equal(['Gateway_CheckDocuments']);
    expect(page.text).to.contain('The case is at: Check documents.');
  });

  it('reads an instance journal from the embedded engine, and nothing where there is no engine schema', async function () {
    embeddedOnly(web.engine, this, 'the journal is the embedded engine’s; Zeebe keeps history in Operate');
    // given an instance waiting at a service task on the embedded engine
    const [id, type] = [uid('case-journal'), uid('case-work')];
    await deploy(web.engine.zeebe, id, [start(), serviceTask('work', type), end(), path('start', 'work', 'end')]);
    const { processInstanceKey: key } = await web.engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: {},
    });
    await nextJob(web.engine.zeebe, type);
    const engineKnex = knexFactory({ client: 'pg', connection: web.engine.databaseUrl, pool: { min: 0, max: 1 } });
    atEnd(() => engineKnex.destroy());
    // when the reader reads it
    const entries = await createEngineJournal({ knex: engineKnex }).entries(key);
    // then the instance's elements are there, and the path puts the case at the service task
    expect(entries.map((e) => `${e.intent} ${e.elementId ?? ''}`)).to.include.members([
      'ELEMENT_ACTIVATED start',
      'SEQUENCE_FLOW_TAKEN f_start_work',
      'ELEMENT_ACTIVATED work',
    ]);
    const model = indexModel(
      `<bpmn:process id="${id}"><bpmn:serviceTask id="work" name="Work"><bpmn:extensionElements>` +
        `<zeebe:taskDefinition type="${type}"/></bpmn:extensionElements></bpmn:serviceTask></bpmn:process>`,
    );
    expect(model.elementsByJobType.get(type)).to.deep.equal(['work']);
    const path_ = casePath({ model, audit: [], userTasks: [], journal: entries, isClosed: false });
    expect(path_).to.include({ currentFrom: 'journal' });
    expect(path_.current).to.deep.equal(['work']);
    await web.engine.zeebe.cancelProcessInstance(key);
    // and a database without the engine's tables answers empty
    const elsewhere = createEngineJournal({ knex: web.knex });
    expect(await elsewhere.entries(key)).to.deep.equal([]);
    expect(await elsewhere.incidents()).to.equal(undefined);
  });

  it('refuses the case pages to a process designer, and sends anonymous visitors to the login', async () => {
    const created = await newCase();
    const designer = await web.staffAgent(['process-designer']);
    await designer.get('/staff/cases').expect(403);
    await designer.get(`/staff/cases/${created.applicationId}`).expect(403);
    await web.agent().get(`/staff/cases/${created.applicationId}`).expect(303).expect('location', '/staff/login');
    const staff = await web.staffAgent(['back-office']);
    await staff.get('/staff/cases/00000000-0000-4000-8000-000000000000').expect(404);
    await staff.get('/staff/cases/not-a-case').expect(404);
  });
});
