// More of DMN as Zeebe runs it with dmn-scala: business knowledge models (a function definition with a literal
// expression body, what Camunda Modeler 8.8 draws) called from decisions by name, DMN 1.1 and 1.2 files, and
// rules whose entries do not match the table's columns (camunda/camunda#40889). Checked through
// EvaluateDecision, whose audit shows each call of a model, and through business rule tasks.
import { expect } from 'chai';
import { end, path, serviceTask, start, uid } from '../support/bpmn.js';
import {
  businessKnowledgeModel,
  businessRuleTask,
  decisionTable,
  dmnXml,
  literalDecision,
  olderDmnXml,
  type TableSpec,
} from '../support/dmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectStatus, nextJob } from '../support/probe.js';

type Client = TestEngine['zeebe'];
type Evaluation = Awaited<ReturnType<Client['evaluateDecision']>>;
type Variables = Parameters<Client['evaluateDecision']>[0]['variables'];

/** The decision's result as a JSON value. */
const outputOf = (response: Evaluation): unknown => JSON.parse(response.decisionOutput);
/** The audit in order: which decision (or business knowledge model) gave what, with its type, key and version. */
const auditOf = (response: Evaluation) =>
  response.evaluatedDecisions.map((d) => ({
    id: d.decisionId,
    type: d.decisionType,
    output: JSON.parse(d.decisionOutput) as unknown,
    key: d.decisionKey,
    version: d.decisionVersion,
  }));

describe('engine: business knowledge models, DMN 1.1 and 1.2, rules that do not match the columns', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const deployDmn = (drgId: string, elements: string[], xml = dmnXml(drgId, elements)) =>
    engine.zeebe.deployResource({ decision: Buffer.from(xml), name: `${drgId}.dmn` });
  const evaluate = (decisionId: string, variables: Record<string, unknown>) =>
    engine.zeebe.evaluateDecision({ decisionId, variables: variables as Variables });
  const keyOf = async (deployment: ReturnType<typeof deployDmn>, decisionId: string) =>
    (await deployment).deployments.find((d) => d.decision?.dmnDecisionId === decisionId)?.decision?.decisionKey;

  it('Business knowledge model: a decision calls a BKM whose logic is a literal expression as a FEEL function by its name, with positional or named arguments; each call is audited as a LITERAL_EXPRESSION with key and version -1', async () => {
    const fee = uid('fee');
    const decisionKey = await keyOf(
      deployDmn(uid('drg'), [
        literalDecision({
          id: fee,
          expression: 'discount(price, 0.1) + discount(rate: 0.5, amount: base)',
          requiresKnowledge: ['Bkm_Discount'],
        }),
        businessKnowledgeModel({
          id: 'Bkm_Discount',
          name: 'discount',
          parameters: [
            { name: 'amount', typeRef: 'number' },
            { name: 'rate', typeRef: 'number' },
          ],
          body: 'amount * (1 - rate)',
        }),
      ]),
      fee,
    );
    const response = await evaluate(fee, { price: 100, base: 10 });
    expect(outputOf(response)).to.equal(95);
    expect(auditOf(response)).to.deep.equal([
      { id: 'Bkm_Discount', type: 'LITERAL_EXPRESSION', output: 90, key: '-1', version: -1 },
      { id: 'Bkm_Discount', type: 'LITERAL_EXPRESSION', output: 5, key: '-1', version: -1 },
      { id: fee, type: 'LITERAL_EXPRESSION', output: 95, key: decisionKey, version: 1 },
    ]);
  });

  it('Business knowledge model: a BKM calls the BKMs it requires; a decision can call only the BKMs it requires itself', async () => {
    const [total, vatOnly] = [uid('total'), uid('vat-only')];
    await deployDmn(uid('drg'), [
      literalDecision({ id: total, expression: 'gross(net)', requiresKnowledge: ['Bkm_Gross'] }),
      literalDecision({ id: vatOnly, expression: 'vat(net)', requiresKnowledge: ['Bkm_Gross'] }),
      businessKnowledgeModel({
        id: 'Bkm_Gross',
        name: 'gross',
        parameters: [{ name: 'x', typeRef: 'number' }],
        body: 'x + vat(x)',
        requires: ['Bkm_Vat'],
      }),
      businessKnowledgeModel({ id: 'Bkm_Vat', name: 'vat', parameters: [{ name: 'y' }], body: 'y * 0.25' }),
    ]);
    const response = await evaluate(total, { net: 100 });
    expect(outputOf(response)).to.equal(125);
    expect(auditOf(response).map(({ id, output }) => [id, output])).to.deep.equal([
      ['Bkm_Vat', 25],
      ['Bkm_Gross', 125],
      [total, 125],
    ]);
    expect(outputOf(await evaluate(vatOnly, { net: 100 }))).to.equal(null);
  });

  it("Business knowledge model: a call with an argument that does not match its parameter's typeRef, or with too few arguments, gives null without running the body; a failing body gives null too, and the decision goes on; the body sees the evaluation's variables, not the results of required decisions", async () => {
    const [base, top] = [uid('base'), uid('top')];
    const deployment = deployDmn(uid('drg'), [
      literalDecision({ id: base, expression: '100', variable: { name: 'baseValue' } }),
      literalDecision({
        id: top,
        expression: '[f(1), f("one"), f(), failing(1), baseValue]',
        requiresDecisions: [base],
        requiresKnowledge: ['Bkm_F', 'Bkm_Failing'],
      }),
      businessKnowledgeModel({
        id: 'Bkm_F',
        name: 'f',
        parameters: [{ name: 'a', typeRef: 'number' }],
        body: 'a + baseValue',
      }),
      businessKnowledgeModel({
        id: 'Bkm_Failing',
        name: 'failing',
        parameters: [{ name: 'a' }],
        body: 'assert(a, a > 5, "too small")',
      }),
    ]);
    const baseKey = await keyOf(deployment, base);
    const response = await evaluate(top, { baseValue: 5 });
    expect(outputOf(response)).to.deep.equal([6, null, null, null, 100]);
    expect(auditOf(response).map(({ id, output }) => [id, output])).to.deep.equal([
      [base, 100],
      ['Bkm_F', 6],
      ['Bkm_Failing', null],
      [top, [6, null, null, null, 100]],
    ]);
    expect(auditOf(response)[0], 'the required decision, with its own key').to.include({ key: baseKey, version: 1 });
  });

  it('Business knowledge model: an empty BKM (no logic, as the Modeler first draws it) deploys; called without arguments it gives null, audited as UNKNOWN', async () => {
    const priced = uid('priced');
    await deployDmn(uid('drg'), [
      literalDecision({ id: priced, expression: '[pricing(), pricing(1)]', requiresKnowledge: ['Bkm_Pricing'] }),
      businessKnowledgeModel({ id: 'Bkm_Pricing', name: 'pricing', parameters: [] }),
    ]);
    const response = await evaluate(priced, {});
    expect(outputOf(response)).to.deep.equal([null, null]);
    expect(auditOf(response).map(({ id, type, output }) => [id, type, output])).to.deep.equal([
      ['Bkm_Pricing', 'UNKNOWN', null],
      [priced, 'LITERAL_EXPRESSION', [null, null]],
    ]);
  });

  it('Business rule task: a decision table calls a BKM in its input expression and output entries, and the result reaches the process (Zeebe zeebe:calledDecision)', async () => {
    const [decisionId, id, probe] = [uid('doubled'), uid('decide-bkm'), uid('probe')];
    const table: TableSpec = {
      id: decisionId,
      inputs: ['double(n)'],
      outputs: ['result'],
      rules: [{ when: ['> 5'], then: ['double(n) + 1'] }],
      requiresKnowledge: ['Bkm_Double'],
    };
    await deployDmn(uid('drg'), [
      decisionTable(table),
      businessKnowledgeModel({ id: 'Bkm_Double', name: 'double', parameters: [{ name: 'v' }], body: 'v * 2' }),
    ]);
    await deploy(engine.zeebe, id, [
      start(),
      businessRuleTask('Task_Decide', decisionId, 'result'),
      serviceTask('Task_Probe', probe),
      end(),
      path('start', 'Task_Decide', 'Task_Probe', 'end'),
    ]);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { n: 4 } });
    expect((await nextJob(engine.zeebe, probe)).variables).to.deep.equal({ n: 4, result: 9 });
  });

  it('DeployResource: a BKM whose body is not FEEL, a knowledge requirement to no BKM, and BKMs that require each other are rejected with INVALID_ARGUMENT naming the resource', async () => {
    const caller = (bkmId: string) =>
      literalDecision({ id: uid('caller'), expression: 'f(1)', requiresKnowledge: [bkmId] });
    const broken = {
      'bad-feel': [
        caller('Bkm_F'),
        businessKnowledgeModel({ id: 'Bkm_F', name: 'f', parameters: [{ name: 'a' }], body: 'a +' }),
      ],
      missing: [caller('Bkm_Nowhere')],
      cycle: [
        caller('Bkm_A'),
        businessKnowledgeModel({
          id: 'Bkm_A',
          name: 'f',
          parameters: [{ name: 'x' }],
          body: 'g(x)',
          requires: ['Bkm_B'],
        }),
        businessKnowledgeModel({
          id: 'Bkm_B',
          name: 'g',
          parameters: [{ name: 'x' }],
          body: 'f(x)',
          requires: ['Bkm_A'],
        }),
      ],
    };
    for (const [kind, elements] of Object.entries(broken)) {
      const drgId = uid(`drg-${kind}`);
      const message = await expectStatus(deployDmn(drgId, elements), 'INVALID_ARGUMENT');
      expect(message, kind).to.contain(`${drgId}.dmn`);
    }
  });

  for (const version of ['1.1', '1.2'] as const) {
    it(`DeployResource: a DMN ${version} file (as Camunda Modeler wrote it before DMN 1.3) deploys and evaluates as DMN 1.3 does, with a required decision and a BKM`, async () => {
      const [drgId, dish, season] = [uid('drg'), uid('dish'), uid('season')];
      const table: TableSpec = {
        id: dish,
        inputs: ['season'],
        outputs: ['dish'],
        rules: [
          { when: ['"Winter"'], then: ['portion("Roastbeef")'] },
          { when: ['"Summer"'], then: ['portion("Salad")'] },
        ],
        requiresKnowledge: ['Bkm_Portion'],
      };
      const withSeason = decisionTable(table).replace(
        /(<decision [^>]*>)/,
        `$1<informationRequirement id="InformationRequirement_${dish}"><requiredDecision href="#${season}"/></informationRequirement>`,
      );
      const deployment = await deployDmn(
        drgId,
        [],
        olderDmnXml(version, drgId, [
          withSeason,
          literalDecision({
            id: season,
            expression: 'if month < 4 then "Winter" else "Summer"',
            variable: { name: 'season', typeRef: 'string' },
          }),
          businessKnowledgeModel({
            id: 'Bkm_Portion',
            name: 'portion',
            parameters: [{ name: 'dish', typeRef: 'string' }],
            body: '"large " + dish',
          }),
        ]),
      );
      const ids = deployment.deployments.flatMap((d) => (d.decision ? [d.decision.dmnDecisionId] : []));
      expect(ids).to.have.members([dish, season]);
      expect(outputOf(await evaluate(dish, { month: 2 }))).to.equal('large Roastbeef');
      const summer = await evaluate(dish, { month: 7 });
      expect(outputOf(summer)).to.equal('large Salad');
      expect(auditOf(summer).map(({ id }) => id)).to.deep.equal([season, 'Bkm_Portion', dish]);
    });
  }

  for (const [version, namespace] of [
    ['1.4', 'https://www.omg.org/spec/DMN/20211108/MODEL/'],
    ['1.5', 'https://www.omg.org/spec/DMN/20230324/MODEL/'],
  ] as const) {
    it(`DeployResource: a DMN ${version} file (the namespace newer than DMN 1.3) deploys and evaluates as DMN 1.3 does`, async () => {
      // given a literal decision in the newer namespace
      const [drgId, decisionId] = [uid('drg'), uid('greeting')];
      const xml = dmnXml(drgId, [literalDecision({ id: decisionId, expression: '"Hello " + name' })]).replace(
        'https://www.omg.org/spec/DMN/20191111/MODEL/',
        namespace,
      );
      expect(xml).to.contain(namespace);
      // when
      await deployDmn(drgId, [], xml);
      // then
      expect(outputOf(await evaluate(decisionId, { name: 'Ada' }))).to.equal('Hello Ada');
    });
  }

  it('Decisions use Camunda FEEL extension functions: get or else() in a literal expression, is defined() in an input expression, trim() in an output entry', async () => {
    // given a literal decision and a table that call extension functions
    const [greeting, known] = [uid('greeting'), uid('known')];
    await deployDmn(uid('drg'), [
      literalDecision({ id: greeting, expression: '"Hello " + get or else(name, "stranger")' }),
      decisionTable({
        id: known,
        inputs: ['is defined(passport)'],
        outputs: ['status'],
        rules: [
          { when: ['true'], then: ['trim("  on file  ")'] },
          { when: ['false'], then: ['"missing"'] },
        ],
      }),
    ]);
    // when / then
    expect(outputOf(await evaluate(greeting, {}))).to.equal('Hello stranger');
    expect(outputOf(await evaluate(greeting, { name: 'Ada' }))).to.equal('Hello Ada');
    expect(outputOf(await evaluate(known, { passport: 'X1' }))).to.equal('on file');
    expect(outputOf(await evaluate(known, {}))).to.equal('missing');
  });

  it('DeployResource: a rule with fewer or more input entries than the table has inputs deploys (camunda/camunda#40889); an input without an entry matches anything and an extra entry is ignored', async () => {
    const decisionId = uid('inputs');
    await deployDmn(uid('drg'), [
      decisionTable({
        id: decisionId,
        hitPolicy: 'COLLECT',
        inputs: ['a', 'b'],
        outputs: ['rule'],
        rules: [
          { when: ['"A"'], then: ['"short"'] },
          { when: ['"B"', '-', '"never"'], then: ['"long"'] },
        ],
      }),
    ]);
    expect(outputOf(await evaluate(decisionId, { a: 'A', b: 'anything' }))).to.deep.equal(['short']);
    const long = await evaluate(decisionId, { a: 'B', b: 'anything' });
    expect(outputOf(long)).to.deep.equal(['long']);
    expect(long.evaluatedDecisions[0]?.evaluatedInputs.map((i) => i.inputId)).to.deep.equal([
      `${decisionId}_in0`,
      `${decisionId}_in1`,
    ]);
  });

  it('DeployResource: a rule with more output entries than outputs deploys and the extra ones are ignored; a rule giving one of two outputs gives that value alone, and a list of results takes the shape of its first matched rule', async () => {
    const [unique, collect, collectReversed] = [uid('outputs'), uid('collect'), uid('collect')];
    const oneThenTwo = [
      { when: ['"A"'], then: ['"one"'] },
      { when: ['-'], then: ['"b1"', '"b2"', '"b3"'] },
    ];
    await deployDmn(uid('drg'), [
      decisionTable({ id: unique, hitPolicy: 'FIRST', inputs: ['a'], outputs: ['x', 'y'], rules: oneThenTwo }),
      decisionTable({ id: collect, hitPolicy: 'COLLECT', inputs: ['a'], outputs: ['x', 'y'], rules: oneThenTwo }),
      decisionTable({
        id: collectReversed,
        hitPolicy: 'COLLECT',
        inputs: ['a'],
        outputs: ['x', 'y'],
        rules: [...oneThenTwo].reverse(),
      }),
    ]);
    expect(outputOf(await evaluate(unique, { a: 'A' }))).to.equal('one');
    const two = await evaluate(unique, { a: 'B' });
    expect(outputOf(two)).to.deep.equal({ x: 'b1', y: 'b2' });
    expect(two.evaluatedDecisions[0]?.matchedRules[0]?.evaluatedOutputs.map((o) => o.outputId)).to.deep.equal([
      `${unique}_out0`,
      `${unique}_out1`,
    ]);
    expect(outputOf(await evaluate(collect, { a: 'A' }))).to.deep.equal(['one', 'b1']);
    expect(outputOf(await evaluate(collectReversed, { a: 'A' }))).to.deep.equal([{ x: 'b1', y: 'b2' }, { x: 'one' }]);
  });

  it('DeployResource: a rule without output entries is rejected with INVALID_ARGUMENT (the DMN schema wants one)', async () => {
    const drgId = uid('drg');
    const table = decisionTable({
      id: uid('no-outputs'),
      inputs: ['a'],
      outputs: ['x'],
      rules: [{ when: ['"A"'], then: [] }],
    });
    expect(await expectStatus(deployDmn(drgId, [table]), 'INVALID_ARGUMENT')).to.contain(`${drgId}.dmn`);
  });
});
