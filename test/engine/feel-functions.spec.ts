// Camunda's FEEL extension functions as a process designer uses them: a script task evaluates the
// expression into `r`, and the probe job after it shows the value. Zeebe evaluates FEEL with FEEL Scala;
// the embedded engine adds these functions to feelin (engine/feel/camunda-functions.ts).
import { expect } from 'chai';
import { end, path, scriptTask, serviceTask, start, uid } from '../support/bpmn.js';
import { sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { deploy, nextJob } from '../support/probe.js';

describe('engine: FEEL extension functions in a script task', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** Deploys start -> script task (`expression` into `r`) -> probe job, runs it, and gives `r`. */
  async function scriptResult(expression: string, variables: Record<string, unknown> = {}): Promise<unknown> {
    const [id, probe] = [uid('feel-functions'), uid('probe')];
    await deploy(engine.zeebe, id, [
      start(),
      scriptTask('Task_Evaluate', `=${expression}`, 'r'),
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Task_Evaluate', 'Task_Probe', 'end'),
    ]);
    // the SDK's variable type has no nested contexts; the gateway takes any JSON object
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: variables as Record<string, string> });
    const job = await nextJob(engine.zeebe, probe);
    return (job.variables as { r?: unknown }).r;
  }

  it('get or else() deploys and falls back on null; is defined() is false for a missing entry', async () => {
    // given a customer without a phone number
    const customer = { name: 'Ada Lovelace' };
    // when
    const r = await scriptResult(
      '{phone: get or else(customer.phone, "unknown"), hasName: is defined(customer.name), hasPhone: is defined(customer.phone)}',
      { customer },
    );
    // then
    expect(r).to.deep.equal({ phone: 'unknown', hasName: true, hasPhone: false });
  });

  it('string functions: trim(), extract(), to base64() and a 36-character uuid()', async () => {
    // when
    const r = await scriptResult(
      '{name: trim(name), refs: extract(note, "12[0-9]*"), encoded: to base64("FEEL"), uuidLength: string length(uuid())}',
      { name: '  Ada  ', note: 'references are 1234, 1256, 1378' },
    );
    // then
    expect(r).to.deep.equal({ name: 'Ada', refs: ['1234', '1256'], encoded: 'RkVFTA==', uuidLength: 36 });
  });

  it('list functions: is empty(), duplicate values() and string join() with a prefix and suffix', async () => {
    // when
    const r = await scriptResult(
      '{empty: is empty(documents), duplicates: duplicate values([1,2,3,2,1]), joined: string join(["a", null, "c"], ", ", "[", "]")}',
      { documents: [] },
    );
    // then
    expect(r).to.deep.equal({ empty: true, duplicates: [1, 2], joined: '[a, c]' });
  });

  it('partition() and is blank(), new in Zeebe 8.7', async function () {
    sinceZeebe(engine, '8.8', this);
    // when
    const r = await scriptResult('{pages: partition([1,2,3,4,5], 2), blank: is blank("  "), none: partition([1], 0)}');
    // then
    expect(r).to.deep.equal({ pages: [[1, 2], [3, 4], [5]], blank: true, none: null });
  });

  it('context functions: get value() and context put() with a path of keys, context merge()', async () => {
    // given
    const applicant = { address: { city: 'Aarhus' } };
    // when
    const r = await scriptResult(
      '{city: get value(applicant, ["address", "city"]), updated: context put({x: 1, y: {z: 0, w: 1}}, ["y", "z"], 2), merged: context merge([{a: 1}, {b: 2}])}',
      { applicant },
    );
    // then
    expect(r).to.deep.equal({ city: 'Aarhus', updated: { x: 1, y: { z: 2, w: 1 } }, merged: { a: 1, b: 2 } });
  });

  it('context put() into a nested context of a variable keeps its other entries', async function () {
    // Zeebe 8.6 (FEEL Scala 1.18) replaces a nested context that comes from a variable: {address: {zip}}
    sinceZeebe(engine, '8.8', this);
    // given
    const applicant = { address: { city: 'Aarhus' } };
    // when
    const r = await scriptResult('context put(applicant, ["address", "zip"], "8000")', { applicant });
    // then
    expect(r).to.deep.equal({ address: { city: 'Aarhus', zip: '8000' } });
  });

  it('temporal functions: last day of month(), date and time() at a time zone, years and months duration()', async () => {
    // when
    const r = await scriptResult(
      '{last: string(last day of month(date("2024-02-10"))), zoned: string(date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")), age: string(years and months duration(date("2011-12-22"), date("2013-08-24")))}',
    );
    // then
    expect(r).to.deep.equal({ last: '2024-02-29', zoned: '2020-07-31T05:27:30@America/Los_Angeles', age: 'P1Y8M' });
  });

  it('range functions and decimal() with a rounding mode', async () => {
    // when
    const r = await scriptResult(
      '{during: during(5, [1..10]), overlaps: overlaps before([1..5], [4..10]), starts: starts((1..5], [1..5]), rounded: decimal(2.5, 0, "half_up")}',
    );
    // then
    expect(r).to.deep.equal({ during: true, overlaps: true, starts: false, rounded: 3 });
  });

  it('a wrong argument type gives null instead of an incident', async () => {
    // when
    const r = await scriptResult('{trimmed: trim(1), empty: is empty("x"), joined: string join([1, "a"])}');
    // then
    expect(r).to.deep.equal({ trimmed: null, empty: null, joined: null });
  });
});
