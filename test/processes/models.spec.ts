// Contract checks on the product's models: every BPMN in processes/ passes bpmnlint with Camunda's
// compatibility rules for 8.8, every linked form exists in forms/ under its file name, the gateways'
// conditions read fields the forms really have, and the whole set deploys on the engine in use.
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { workingDayEnds } from '../../cases/office-calendar.js';
import { evaluate } from '../../engine/feel/expression.js';
import { timerDefaults } from '../../workers/timer-variables.js';
import { testEngine } from '../support/engine.js';

const require = createRequire(import.meta.url);
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;

const files = async (folder: string, extension: string) =>
  (await fs.readdir(folder)).filter((f) => f.endsWith(extension)).map((f) => path.join(folder, f));

interface FormComponent {
  key?: string;
  /** Dynamic lists bind a path instead of a key. */
  path?: string;
  id?: string;
  components?: FormComponent[];
}
/** Every field key or list path of a form, nested lists included. */
const formKeys = (components: FormComponent[] = []): string[] =>
  components.flatMap((c) => [...((c.key ?? c.path) ? [c.key ?? c.path ?? ''] : []), ...formKeys(c.components)]);

describe('processes/ and forms/: contract checks', () => {
  it('every BPMN model passes bpmnlint with the Camunda 8.8 compatibility rules (no errors)', async () => {
    const linter = new Linter({
      config: { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'] },
      resolver: new NodeResolver(),
    });
    const models = await files('processes', '.bpmn');
    expect(models).to.include('processes/cpr-application.bpmn');
    for (const file of models) {
      const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(await fs.readFile(file, 'utf8'));
      const reports = (await linter.lint(rootElement)) as Record<
        string,
        { category: string; id: string; message: string }[]
      >;
      const errors = Object.entries(reports).flatMap(([rule, list]) =>
        list.filter((r) => r.category === 'error').map((r) => `${file}: ${r.id}: ${r.message} (${rule})`),
      );
      expect(errors, errors.join('\n')).to.deep.equal([]);
    }
  });

  it('every form id a model links to is a form in forms/ whose file name is its id', async () => {
    const forms = new Map<string, FormComponent>();
    for (const file of await files('forms', '.form')) {
      const form = JSON.parse(await fs.readFile(file, 'utf8')) as FormComponent;
      expect(form.id, file).to.equal(path.basename(file, '.form'));
      forms.set(form.id ?? '', form);
    }
    for (const file of await files('processes', '.bpmn')) {
      const linked = [...(await fs.readFile(file, 'utf8')).matchAll(/formId="([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(linked, file).to.not.be.empty;
      for (const formId of linked) expect(forms.has(formId), `${file} links to form '${formId}'`).to.equal(true);
    }
  });

  it('the review and attendance gateways read fields their forms set', async () => {
    const keysOf = async (id: string) =>
      formKeys((JSON.parse(await fs.readFile(`forms/${id}.form`, 'utf8')) as FormComponent).components);
    expect(await keysOf('back-office-review')).to.include.members(['reviewOutcome', 'checklist']);
    expect(await keysOf('hearing-request')).to.include.members(['missingDocuments', 'hearingMessage']);
    expect(await keysOf('front-office-attendance')).to.include.members([
      'attendanceOutcome',
      'isIdentityVerified',
      'areOriginalsSeen',
    ]);
    const model = await fs.readFile('processes/cpr-application.bpmn', 'utf8');
    expect(model).to.contain('=reviewOutcome = "missing-documents"').and.to.contain('=attendanceOutcome = "no-show"');
  });

  it('the reminder waits its variable with the workers’ default; the hearing and booking timers wait for the deadlines the workers return', async () => {
    const model = await fs.readFile('processes/cpr-application.bpmn', 'utf8');
    const durations = [...model.matchAll(/<bpmn:timeDuration[^>]*>([^<]+)</g)].map((m) => m[1] ?? '');
    expect(durations).to.deep.equal([
      `=if hearingReminderAfter = null then duration("${timerDefaults.hearingReminderAfter}") else duration(hearingReminderAfter)`,
    ]);
    const dates = [...model.matchAll(/<bpmn:timeDate[^>]*>([^<]+)</g)].map((m) => m[1] ?? '');
    expect(dates).to.deep.equal(['=date and time(hearingDeadline)', '=date and time(bookingDeadline)']);
  });

  it('every user task in processes/ has a due date from the model, counted in working days', async () => {
    // the checklist's calendar as it would hand it over now (office-calendar.spec covers Christmas and the like)
    const workingDays = workingDayEnds(new Date());
    const context = { workingDayEnds: workingDays, appointmentAt: '2027-01-11T09:15:00Z' };
    const dueDates: Record<string, string> = {};
    for (const file of await files('processes', '.bpmn')) {
      const xml = await fs.readFile(file, 'utf8');
      for (const [, id, body] of xml.matchAll(/<bpmn:userTask id="([^"]+)"[^>]*>([\s\S]*?)<\/bpmn:userTask>/g)) {
        const dueDate = /<zeebe:taskSchedule dueDate="([^"]+)"/.exec(body ?? '')?.[1];
        expect(dueDate, `${file}: ${id} has a zeebe:taskSchedule dueDate`).to.be.a('string');
        const source = (dueDate ?? '').replace(/^=/, '').replaceAll('&gt;', '>').replaceAll('&#34;', '"');
        const result = evaluate({ kind: 'feel', source } as never, context);
        expect(result.ok, `${id}: ${source}`).to.equal(true);
        dueDates[id ?? ''] = result.ok ? String(result.value) : '';
      }
    }
    // review within 5 working days of the checklist; the hearing letter within 2 of the review (ending now)
    expect(dueDates.Task_ReviewApplication).to.equal(workingDays[4]);
    expect(dueDates.Task_PrepareHearingRequest).to.equal(workingDays[1]);
    expect(dueDates.Task_AttendAppointment).to.equal('2027-01-11T09:15:00Z');
    expect(Object.keys(dueDates)).to.have.length.greaterThan(2);
  });

  it('the models, the decision and the forms deploy together on the engine in use', async function () {
    this.timeout(60_000);
    const engine = await testEngine();
    const resources = [
      ...(await files('processes', '.bpmn')).map(async (f) => ({
        process: await fs.readFile(f),
        name: path.basename(f),
      })),
      ...(await files('processes', '.dmn')).map(async (f) => ({
        decision: await fs.readFile(f),
        name: path.basename(f),
      })),
      ...(await files('forms', '.form')).map(async (f) => ({ form: await fs.readFile(f), name: path.basename(f) })),
    ];
    const result = await engine.zeebe.deployResources(await Promise.all(resources));
    const kinds = result.deployments.map((d) => Object.keys(d as object).find((k) => k !== 'Metadata'));
    expect(kinds.filter((k) => k === 'process')).to.have.length(1);
    expect(kinds.filter((k) => k === 'decision')).to.have.length(1);
    expect(kinds.filter((k) => k === 'form')).to.have.length(3);
  });
});
