// A rule change goes live only through an approved draft (issue 14), over HTTP with real logins, on the
// engine in use: the editor's direct deploy is refused (403) whatever the client sends; a designer saves a
// decision as a draft and sends it for approval; its author cannot approve it; a second person approves it
// from a later date, and nothing is deployed until that date has come; then the deployer puts it live as a
// new version in the approver's name. Each step is in the audit log with who did it.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type TestAgent from 'supertest/lib/agent.js';
import { addDays, localDate } from '../../cases/clock.js';
import { createLogger } from '../../lib/logger/index.js';
import { deployDueDrafts } from '../../web/staff/designer-drafts.js';
import { browserOrSkip } from '../support/browser.js';
import { decisionTable, dmnXml } from '../support/dmn.js';
import { journeyKit, type JourneyKit } from '../support/journey-kit.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

/** A decision of its own, so deploying it changes nothing another spec reads. */
function decision(id: string, document: string): string {
  return dmnXml(`Definitions_${id}`, [
    decisionTable({
      id,
      inputs: ['purpose'],
      outputs: ['document'],
      rules: [{ when: ['"work"'], then: [`"${document}"`] }],
    }),
  ]);
}

describe('web: rule changes through drafts and a second person’s approval', function () {
  this.timeout(120_000);
  let web: TestWeb;
  let author: { agent: TestAgent; token: string };
  let lead: { agent: TestAgent; token: string };

  const login = async (roles: Parameters<TestWeb['staff']>[0]) => {
    const agent = await web.staffAgent(roles);
    return { agent, token: csrfOf((await agent.get('/staff/designer/drafts').expect(200)).text) };
  };

  before(async function () {
    this.timeout(120_000);
    web = await startTestWeb();
    author = await login(['process-designer']);
    lead = await login(['team-lead']);
  });

  it('refuses the editor’s direct deploy (403), whatever the client sends', async () => {
    const id = `drafts-direct-${randomBytes(3).toString('hex')}`;
    const refused = await author.agent
      .post('/staff/designer/deploy')
      .set('x-csrf-token', author.token)
      .send({ kind: 'decision', content: decision(id, 'passport'), approved: true, draftId: 'anything' });
    expect(refused.status).to.equal(403);
    expect((await web.caseFile.deployedResources.latest('decision')).map((d) => d.resourceName)).not.to.include(
      `${id}.dmn`,
    );
  });

  it('deploys a decision only after a second person approved it, and only from the date they set', async () => {
    const id = `drafts-${randomBytes(3).toString('hex')}`;
    const saved = await author.agent
      .post('/staff/designer/drafts')
      .set('x-csrf-token', author.token)
      .send({ kind: 'decision', content: decision(id, 'passport') });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    const draftId = (saved.body as { draft: { id: string; status: string } }).draft.id;
    expect((saved.body as { draft: { status: string } }).draft.status).to.equal('draft');

    // a revision of the draft, then sent for approval
    await author.agent
      .post('/staff/designer/drafts')
      .set('x-csrf-token', author.token)
      .send({ kind: 'decision', content: decision(id, 'lease'), draftId })
      .expect(200);
    const proposed = await author.agent
      .post(`/staff/designer/drafts/${draftId}/propose`)
      .set('x-csrf-token', author.token)
      .set('accept', 'application/json')
      .type('json')
      .send({});
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);

    // its author cannot approve it
    const own = await author.agent
      .post(`/staff/designer/drafts/${draftId}/approve`)
      .set('x-csrf-token', author.token)
      .type('json')
      .send({});
    expect(own.status).to.equal(403);
    expect((await web.caseFile.designDrafts.get(draftId)).status).to.equal('proposed');

    // the team lead approves it from tomorrow: nothing is deployed today
    const tomorrow = addDays(localDate(new Date()), 1);
    const page = (await lead.agent.get('/staff/designer/drafts').expect(200)).text;
    expect(page).to.contain(id).and.contain('Waiting for approval');
    // what the draft changes, in words: a new decision, so its rule is new
    expect(page).to.contain('What changes').and.contain('Input 0 is work: now also needs lease');
    await lead.agent
      .post(`/staff/designer/drafts/${draftId}/approve`)
      .type('form')
      .send({ _csrf: lead.token, effectiveFrom: tomorrow, comment: 'Checked against the new rules.' })
      .expect(303)
      .expect('location', '/staff/designer/drafts');
    const approved = await web.caseFile.designDrafts.get(draftId);
    expect(approved.status).to.equal('approved');
    expect(localDate(approved.effectiveFrom ?? new Date(0))).to.equal(tomorrow);
    const deps = { caseFile: web.caseFile, engine: web.engine.zeebe, log: createLogger({ level: 'silent' }) };
    expect(await deployDueDrafts(deps)).to.deep.equal([]);
    expect((await web.caseFile.deployedResources.latest('decision')).map((d) => d.resourceName)).not.to.include(
      `${id}.dmn`,
    );

    // the date comes: the deployer puts the approved revision live, in the approver's name
    await web
      .knex('design_drafts')
      .where({ id: draftId })
      .update({ effective_from: new Date(Date.now() - 1000) });
    // (the web's own deployer, every half minute, may be the one that gets there first)
    await deployDueDrafts(deps);
    const done = await web.caseFile.designDrafts.get(draftId);
    expect(done.status).to.equal('deployed');
    const deployed = (await web.caseFile.deployedResources.latest('decision')).find((d) => d.key === done.deployedKey);
    expect(deployed?.resourceName).to.equal(`${id}.dmn`);
    expect(deployed?.deployedBy).to.equal(approved.reviewedBy);
    expect(await web.caseFile.deployedResources.content(deployed?.key ?? '')).to.contain('"lease"');

    // every step in the audit log, with who
    const steps = (await web.knex('audit_log').whereRaw(`detail->>'draftId' = ?`, [draftId]).orderBy('at')) as {
      action: string;
      actor: string;
    }[];
    expect(steps.map((s) => s.action)).to.deep.equal([
      'design-draft-saved',
      'design-draft-saved',
      'design-draft-proposed',
      'design-draft-approved',
      'design-draft-deployed',
    ]);
    expect(steps[3]?.actor).to.equal(approved.reviewedBy).and.not.equal(steps[0]?.actor);
  });

  it('sends a rejected draft back to its author with the comment, and refuses a rejection without one', async () => {
    const draftId = await proposeDraft(`drafts-rejected-${randomBytes(3).toString('hex')}`, 'passport');
    await lead.agent
      .post(`/staff/designer/drafts/${draftId}/reject`)
      .set('x-csrf-token', lead.token)
      .type('json')
      .send({ comment: ' ' })
      .expect(400);
    await lead.agent
      .post(`/staff/designer/drafts/${draftId}/reject`)
      .set('x-csrf-token', lead.token)
      .type('json')
      .send({ comment: 'The basis text is missing.' })
      .expect(200);
    const back = await web.caseFile.designDrafts.get(draftId);
    expect(back).to.include({ status: 'draft', reviewComment: 'The basis text is missing.' });
  });

  it('sends an approved draft the engine refuses back to its author with why, instead of trying it again', async () => {
    const id = `drafts-broken-${randomBytes(3).toString('hex')}`;
    // a decision table cut off in the middle: it names its decision, but the engine cannot read it
    const broken = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${id}" name="Broken" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${id}" name="Broken"><decisionTable id="Table_${id}"><input id="Input_1">`;
    const saved = await author.agent
      .post('/staff/designer/drafts')
      .set('x-csrf-token', author.token)
      .send({ kind: 'decision', content: broken })
      .expect(201);
    const draftId = (saved.body as { draft: { id: string } }).draft.id;
    await author.agent
      .post(`/staff/designer/drafts/${draftId}/propose`)
      .set('x-csrf-token', author.token)
      .type('json')
      .send({})
      .expect(200);
    const approved = await lead.agent
      .post(`/staff/designer/drafts/${draftId}/approve`)
      .set('x-csrf-token', lead.token)
      .type('json')
      .send({});
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    const back = await web.caseFile.designDrafts.get(draftId);
    expect(back.status).to.equal('draft');
    expect(back.reviewComment).to.be.a('string').and.not.equal('');
    expect(await web.caseFile.designDrafts.due()).to.satisfy((due: { id: string }[]) =>
      due.every((d) => d.id !== draftId),
    );
  });

  /** The designer saves a decision as a draft and sends it for approval; returns the draft's id. */
  async function proposeDraft(id: string, document: string): Promise<string> {
    const saved = await author.agent
      .post('/staff/designer/drafts')
      .set('x-csrf-token', author.token)
      .send({ kind: 'decision', content: decision(id, document) })
      .expect(201);
    const draftId = (saved.body as { draft: { id: string } }).draft.id;
    await author.agent
      .post(`/staff/designer/drafts/${draftId}/propose`)
      .set('x-csrf-token', author.token)
      .type('json')
      .send({})
      .expect(200);
    return draftId;
  }

  /** Puts a decision live through a draft the team lead approves; returns the deployed version's key. */
  async function goLive(id: string, document: string): Promise<string> {
    const draftId = await proposeDraft(id, document);
    await lead.agent
      .post(`/staff/designer/drafts/${draftId}/approve`)
      .set('x-csrf-token', lead.token)
      .type('json')
      .send({})
      .expect(200);
    const live = await web.caseFile.designDrafts.get(draftId);
    expect(live.status).to.equal('deployed');
    return live.deployedKey ?? '';
  }

  /** The text of the live version of a decision (recorded under its decision requirements id). */
  async function liveText(id: string): Promise<string> {
    const [live] = await web.caseFile.deployedResources.list('decision', `Definitions_${id}`);
    return (await web.caseFile.deployedResources.content(live?.key ?? '')) ?? '';
  }

  it('rolls back to the version before as a new deployment, approved like any change, or at once in a team lead’s emergency', async () => {
    const id = `drafts-rollback-${randomBytes(3).toString('hex')}`;
    await goLive(id, 'passport');
    const second = await goLive(id, 'lease');
    expect(await liveText(id)).to.contain('"lease"');

    // the designer asks for the rollback: a proposed draft of version 1's text, live only once approved
    const asked = await author.agent
      .post('/staff/designer/rollback')
      .set('x-csrf-token', author.token)
      .type('json')
      .send({ kind: 'decision', resourceId: `Definitions_${id}` });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    const rollback = (asked.body as { draft: { id: string; status: string; rollbackOf: string } }).draft;
    expect(rollback).to.include({ status: 'proposed', rollbackOf: second });
    expect(await liveText(id)).to.contain('"lease"');
    await lead.agent
      .post(`/staff/designer/drafts/${rollback.id}/approve`)
      .set('x-csrf-token', lead.token)
      .type('json')
      .send({})
      .expect(200);
    const versions = await web.caseFile.deployedResources.list('decision', `Definitions_${id}`);
    expect(versions.map((v) => v.version)).to.deep.equal([3, 2, 1]);
    expect(await liveText(id)).to.contain('"passport"');

    // an emergency is the team lead's alone, and puts the rollback live at once, logged as such
    await author.agent
      .post('/staff/designer/rollback')
      .set('x-csrf-token', author.token)
      .type('json')
      .send({ kind: 'decision', resourceId: `Definitions_${id}`, emergency: true })
      .expect(403);
    const emergency = await lead.agent
      .post('/staff/designer/rollback')
      .set('x-csrf-token', lead.token)
      .type('json')
      .send({ kind: 'decision', resourceId: `Definitions_${id}`, emergency: true, comment: 'Wrong table live.' })
      .expect(200);
    expect((emergency.body as { draft: { status: string; isEmergency: boolean } }).draft).to.include({
      status: 'deployed',
      isEmergency: true,
    });
    expect(await liveText(id)).to.contain('"lease"');
    const logged = (await web
      .knex('audit_log')
      .where({ action: 'design-draft-approved-in-emergency' })
      .whereRaw(`detail->>'resourceId' = ?`, [id])) as unknown[];
    expect(logged).to.have.length(1);
  });

  describe('in the browser', () => {
    let kit: JourneyKit;
    before(async function () {
      kit = journeyKit(web, await browserOrSkip(this), 30_000);
    });
    afterEach(async () => {
      await kit?.close();
    });

    it('the designer sends the decision from its editor, and a team lead approves it on the drafts page (axe on both)', async () => {
      const [required] = (await web.caseFile.deployedResources.latest('decision')).filter(
        (d) => d.resourceName === 'required-documents.dmn',
      );
      if (!required) expect.fail('required-documents is not deployed');
      const designer = await kit.staff(['process-designer'], 'en');
      await designer.page.goto(`${web.url}/staff/designer/decision/${required.key}`, { waitUntil: 'networkidle' });
      const send = designer.page.getByRole('button', { name: 'Save and send for approval' });
      await send.waitFor();
      await designer.page.waitForFunction(
        () => !(document.getElementById('designer-deploy') as HTMLButtonElement).disabled,
      );
      await kit.inspect(designer, 'designer-editor');
      await send.click();
      await designer.page.getByText('Saved as a draft and sent for approval.').waitFor();
      const [draft] = await web.caseFile.designDrafts.list('proposed');
      expect(draft?.resourceId).to.equal('required-documents');
      expect(draft?.basedOnKey).to.equal(required.key);

      const reviewer = await kit.staff(['team-lead'], 'en');
      await reviewer.page.goto(`${web.url}/staff/designer/drafts`, { waitUntil: 'networkidle' });
      const row = reviewer.page.locator(`tr[data-draft-id="${draft?.id ?? ''}"]`);
      expect(await row.locator('.draft-status').innerText()).to.equal('Waiting for approval');
      expect(await row.locator('.draft-changes').innerText()).to.contain(
        'No rule changes against the version that runs.',
      );
      // the team lead reaches the page from the navigation
      expect(await reviewer.page.getByRole('link', { name: 'Rule changes' }).count()).to.equal(1);
      await kit.inspect(reviewer, 'drafts');
      await row.getByLabel('Comment').first().fill('Same table, checked.');
      await Promise.all([
        reviewer.page.waitForURL(`${web.url}/staff/designer/drafts`),
        row.getByRole('button', { name: 'Approve' }).click(),
      ]);
      expect(await row.locator('.draft-status').innerText()).to.match(/^Live since /);
      await kit.inspect(reviewer, 'drafts-approved');
      expect(kit.findings, 'axe and the console on the designer pages').to.deep.equal({});
    });
  });
});
