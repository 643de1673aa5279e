// The production overview page: the counts of a known data set in tiles and tables, chart data in JSON
// blocks (no inline script), the embedded engine's incidents when its tables share the database, and the
// role check.
import { expect } from 'chai';
import { newApplication } from '../cases/fixtures.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

function tile(html: string, group: string): number {
  const match = new RegExp(`data-group="${group}">\\s*<span class="overview-tile__count">(\\d+)<`).exec(html);
  if (!match?.[1]) throw new Error(`no tile for ${group}`);
  return Number(match[1]);
}

function rowCells(html: string, attribute: string): string[] {
  const row = new RegExp(`<tr ${attribute}>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row ${attribute}`);
  return [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => (m[1] ?? '').trim());
}

describe('web: production overview', function () {
  this.timeout(60_000);
  let web: TestWeb;
  let closedId: string;

  before(async function () {
    this.timeout(120_000);
    web = await startTestWeb();
    // a fresh database: these are all its cases
    const today = new Date().toISOString().slice(0, 10);
    const create = () => web.caseFile.applications.create(newApplication({}, today));
    await create();
    const awaiting = await create();
    await web.caseFile.applications.setStatus(awaiting.applicationId, 'awaiting-documents', 'spec');
    const booked = await create();
    await web.caseFile.applications.setStatus(booked.applicationId, 'booked', 'spec');
    const closed = await create();
    await web.caseFile.applications.setStatus(closed.applicationId, 'closed-rejected', 'spec');
    closedId = closed.applicationId;
  });

  it('shows the counts per group, municipality, age and week, with the chart data beside them', async () => {
    const agent = await web.staffAgent(['team-lead']);
    const page = await agent.get('/staff/overview').expect(200);
    expect(tile(page.text, 'in-progress')).to.equal(1);
    expect(tile(page.text, 'awaiting-citizen')).to.equal(1);
    expect(tile(page.text, 'ready-for-attendance')).to.equal(1);
    expect(tile(page.text, 'closed')).to.equal(1);
    expect(page.text).to.contain('3 cases are open.');
    // København (postcode 1600): one per group, four in all
    expect(rowCells(page.text, 'data-code="101"')).to.deep.equal(['1', '1', '1', '1', '4']);
    expect(rowCells(page.text, 'data-bucket="0-7"')).to.deep.equal(['1', '1', '1', '3']);
    // this week, the last of the twelve: four submitted, one closed
    const weeks = /id="table-throughput"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
    const rows = [...weeks.matchAll(/<tr data-week="[^"]+">([\s\S]*?)<\/tr>/g)];
    expect(rows).to.have.length(12);
    expect([...(rows.at(-1)?.[1] ?? '').matchAll(/<td>(\d+)<\/td>/g)].map((m) => m[1])).to.deep.equal(['4', '1']);
    // chart data is JSON, read by the bundle; nothing inline executes
    const json = /<script type="application\/json" id="chart-ageing-data">([\s\S]*?)<\/script>/.exec(page.text)?.[1];
    const ageing = JSON.parse(json ?? 'null') as { labels: string[]; datasets: { label: string; data: number[] }[] };
    expect(ageing.labels[0]).to.equal('0–7 days');
    expect(ageing.datasets.map((d) => d.data[0])).to.deep.equal([1, 1, 1]);
    expect(page.text).to.contain('<script type="module" src="/assets/overview-charts.js"></script>');
    expect(page.text.match(/<script(?![^>]*(src=|type="application\/json"))[^>]*>/g), 'no inline script').to.equal(
      null,
    );
    expect(page.text).to.contain('With Camunda 8 Zeebe, open incidents are shown and resolved in Operate.');
    expect(page.text).to.contain('Tasks by group');
  });

  it('speaks Danish', async () => {
    const agent = await web.staffAgent(['front-office']);
    const page = await agent.get('/staff/overview?lang=da').expect(200);
    expect(page.text).to.contain('Produktionsoverblik').and.contain('Afventer borgeren');
  });

  it("lists the embedded engine's open incidents with their case when its tables share the database", async () => {
    // given the engine's incidents table in the application's database, with one incident of a case
    await web.knex.raw('create schema if not exists engine');
    await web.knex.raw(`create table if not exists engine.incidents (
      key bigint primary key, process_instance_key bigint not null, element_instance_key bigint not null,
      element_id text not null, job_key bigint, error_type text not null, error_message text not null,
      created_at bigint not null)`);
    await web.caseFile.applications.attachProcessInstance(closedId, '2251799813699999', 'spec');
    await web.knex('engine.incidents').insert({
      key: '2251799813700001',
      process_instance_key: '2251799813699999',
      element_instance_key: '2251799813700000',
      element_id: 'Task_SendRejection',
      job_key: '2251799813700002',
      error_type: 'JOB_NO_RETRIES',
      error_message: 'mail server unreachable',
      created_at: Date.now(),
    });
    // when the overview is opened
    const agent = await web.staffAgent(['back-office']);
    const page = await agent.get('/staff/overview').expect(200);
    // then the incident is listed with a link to its case
    expect(page.text).to.contain('1 incident is open.');
    expect(page.text).to.contain('JOB_NO_RETRIES').and.contain('mail server unreachable');
    expect(page.text).to.contain(`href="/staff/cases/${closedId}"`);
  });

  it('is for caseworkers and team leads, not for process designers', async () => {
    const designer = await web.staffAgent(['process-designer']);
    await designer.get('/staff/overview').expect(403);
    await web.agent().get('/staff/overview').expect(303).expect('location', '/staff/login');
  });
});
