// The embedded engine's reading of business knowledge models, DMN 1.1 and 1.2 files and rules whose entries
// do not match the columns: what deployment refuses (the wording is the embedded engine's own) and the edges
// of calling a business knowledge model that the engine specs (decisions-more.spec.ts) do not reach.
import { expect } from 'chai';
import { evaluateDecision } from '../../../engine/dmn/evaluate.js';
import { parseDmn } from '../../../engine/dmn/parse.js';
import type { DecisionModel } from '../../../engine/dmn/types.js';
import {
  businessKnowledgeModel,
  decisionTable,
  dmnXml,
  literalDecision,
  olderDmnXml,
  type KnowledgeModelSpec,
} from '../../support/dmn.js';

async function load(xml: string): Promise<DecisionModel[]> {
  const { decisions, problems } = await parseDmn(xml);
  expect(problems).to.deep.equal([]);
  return decisions;
}

async function problemsOf(elements: string[]): Promise<string[]> {
  return (await parseDmn(dmnXml('Definitions_1', elements))).problems;
}

async function decide(xml: string, decisionId: string, variables: Record<string, unknown> = {}) {
  const outcome = evaluateDecision(await load(xml), decisionId, variables);
  if (!outcome.ok) expect.fail(outcome.message);
  return outcome;
}

const caller = (expression: string, requires: string[]) =>
  literalDecision({ id: 'caller', expression, requiresKnowledge: requires });
const bkm = (spec: Partial<KnowledgeModelSpec> & { id: string }) =>
  businessKnowledgeModel({ name: spec.id.toLowerCase(), parameters: [{ name: 'a' }], body: 'a', ...spec });

describe('engine/dmn: business knowledge models (Zeebe 8.8, dmn-scala)', () => {
  it('calls a model by a name with spaces, and binds a named argument left out to null', async () => {
    const xml = dmnXml('Definitions_1', [
      caller('[compute fee(2), minus(a: 10)]', ['Fee', 'Minus']),
      bkm({ id: 'Fee', name: 'compute fee', parameters: [{ name: 'v' }], body: 'v * 3' }),
      bkm({
        id: 'Minus',
        name: 'minus',
        parameters: [{ name: 'a' }, { name: 'b' }],
        body: 'if b = null then "b null" else a - b',
      }),
    ]);
    expect((await decide(xml, 'caller')).result).to.deep.equal([6, 'b null']);
  });

  it('keeps dates as FEEL values across a call, and checks temporal typeRefs of the parameters', async () => {
    const xml = dmnXml('Definitions_1', [
      caller('[nextDay(date("2024-01-31")), nextDay("2024-01-31")]', ['NextDay']),
      bkm({
        id: 'NextDay',
        name: 'nextDay',
        parameters: [{ name: 'd', typeRef: 'date' }],
        body: 'd + duration("P1D")',
      }),
    ]);
    expect((await decide(xml, 'caller')).result).to.deep.equal(['2024-02-01', null]);
  });

  it('compiles models to plain JSON data that evaluates the same after a round trip', async () => {
    const xml = dmnXml('Definitions_1', [
      caller('gross(10)', ['Gross']),
      bkm({ id: 'Gross', name: 'gross', body: 'a + vat(a)', requires: ['Vat'] }),
      bkm({ id: 'Vat', name: 'vat', body: 'a * 0.25' }),
    ]);
    const decisions = JSON.parse(JSON.stringify(await load(xml))) as DecisionModel[];
    const outcome = evaluateDecision(decisions, 'caller', {});
    expect(outcome.ok && outcome.result).to.equal(12.5);
  });
});

describe('engine/dmn: what deployment refuses of business knowledge models', () => {
  it('refuses a model whose body is missing, not FEEL, or not a literal expression', async () => {
    const noBody = bkm({ id: 'NoBody' }).replace(/<literalExpression .*<\/literalExpression>/, '');
    const context = bkm({ id: 'Boxed' }).replace(
      /<literalExpression .*<\/literalExpression>/,
      '<context id="Context_1"><contextEntry id="ContextEntry_1"><literalExpression id="LiteralExpression_1"><text>1</text></literalExpression></contextEntry></context>',
    );
    expect(
      await problemsOf([
        caller('[nobody(1), boxed(1), bad(1)]', ['NoBody', 'Boxed', 'Bad']),
        noBody,
        context,
        bkm({ id: 'Bad', body: 'a +' }),
      ]),
    ).to.deep.equal([
      "Business knowledge model 'NoBody': the function definition has no body (expected a literal expression)",
      "Business knowledge model 'Boxed': unsupported business knowledge model logic 'Context' (expected a literal expression)",
      "Business knowledge model 'Bad', literal expression 'LiteralExpression_Bad': FEEL expression: failed to parse expression 'a +': unexpected input at position 3 (near 'a +')",
    ]);
  });

  it('refuses a requirement of a model that is not in the file, imported, or part of a cycle', async () => {
    const imported = caller('f(1)', []).replace(
      '<literalExpression',
      '<knowledgeRequirement id="KnowledgeRequirement_1"><requiredKnowledge href="other.dmn#F"/></knowledgeRequirement><literalExpression',
    );
    expect(await problemsOf([imported])).to.deep.equal([
      "Decision 'caller', knowledge requirement 'KnowledgeRequirement_1': business knowledge model 'F' of namespace 'other.dmn' is imported; imported business knowledge models are not supported",
    ]);
    expect(await problemsOf([caller('f(1)', ['Nowhere']), bkm({ id: 'F', requires: ['Gone'] })])).to.deep.equal([
      "Business knowledge model 'F': the required business knowledge model 'Gone' is not in the file",
      "Decision 'caller': the required business knowledge model 'Nowhere' is not in the file",
    ]);
    expect(
      await problemsOf([caller('a(1)', ['A']), bkm({ id: 'A', requires: ['B'] }), bkm({ id: 'B', requires: ['A'] })]),
    ).to.deep.equal([
      "Business knowledge model 'A': Invalid DMN model: Cyclic dependencies between BKMs detected (A -> B -> A)",
    ]);
  });
});

describe('engine/dmn: DMN 1.1 and 1.2 files', () => {
  const elements = [
    literalDecision({ id: 'greeting', expression: 'hello(name)', requiresKnowledge: ['Hello'] }),
    bkm({ id: 'Hello', name: 'hello', parameters: [{ name: 'n', typeRef: 'string' }], body: '"Hello " + n' }),
  ];

  for (const version of ['1.1', '1.2'] as const) {
    it(`reads a DMN ${version} file as the same decisions as its DMN 1.3 form`, async () => {
      const older = await load(olderDmnXml(version, 'Definitions_1', elements));
      expect(older).to.deep.equal(await load(dmnXml('Definitions_1', elements)));
      expect(
        (await decide(olderDmnXml(version, 'Definitions_1', elements), 'greeting', { name: 'Ada' })).result,
      ).to.equal('Hello Ada');
    });
  }

  it('still refuses a namespace that is no DMN one it knows (1.1 to 1.5)', async () => {
    const xml = dmnXml('Definitions_1', elements).replace(
      'https://www.omg.org/spec/DMN/20191111/MODEL/',
      'https://example.org/spec/DMN/not-a-version/MODEL/',
    );
    const [problem] = (await parseDmn(xml)).problems;
    expect(problem).to.match(/^Failed to parse the DMN XML/);
  });
});

describe('engine/dmn: rules whose entries do not match the columns (camunda/camunda#40889)', () => {
  it('refuses only a rule without output entries, which the DMN schema forbids', async () => {
    const table = (then: string[]) =>
      decisionTable({ id: 'dish', inputs: ['season'], outputs: ['dish'], rules: [{ when: [], then }] });
    expect(await problemsOf([table(['"Stew"', '"Soup"'])])).to.deep.equal([]);
    expect(await problemsOf([table([])])).to.deep.equal([
      "Decision 'dish', rule 'dish_r0': a rule must have at least one output entry",
    ]);
  });
});
