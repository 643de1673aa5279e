// DMN decisions as Zeebe 8.8 evaluates them with dmn-scala: result shapes per hit policy, FEEL unary tests,
// literal expressions, required decisions, the audit EvaluateDecision answers with, and what deployment refuses.
// Fixtures are DMN 1.3 as Camunda Modeler 8.8 writes it.
import { expect } from 'chai';
import { evaluateDecision } from '../../../engine/dmn/evaluate.js';
import { parseDmn } from '../../../engine/dmn/parse.js';
import type { DecisionModel } from '../../../engine/dmn/types.js';

/** Wraps decisions in a definitions element with the diagram interchange the Modeler adds. */
function definitions(decisions: string, id = 'Definitions_1'): string {
  const shapes = [...decisions.matchAll(/<decision id="([^"]+)"/g)].map(
    ([, decisionId], i) =>
      `<dmndi:DMNShape id="DMNShape_${i + 1}" dmnElementRef="${decisionId}"><dc:Bounds height="80" width="180" x="${160 + i * 240}" y="100" /></dmndi:DMNShape>`,
  );
  const edges = [...decisions.matchAll(/<informationRequirement id="([^"]+)"/g)].map(
    ([, requirementId], i) =>
      `<dmndi:DMNEdge id="DMNEdge_${i + 1}" dmnElementRef="${requirementId}"><di:waypoint x="250" y="260" /><di:waypoint x="250" y="180" /></dmndi:DMNEdge>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:di="http://www.omg.org/spec/DMN/20180521/DI/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${id}" name="DRD" namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="5.40.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  ${decisions}
  <dmndi:DMNDI>
    <dmndi:DMNDiagram>
      ${[...shapes, ...edges].join('\n      ')}
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** Parses a fixture that must be valid. */
async function load(xml: string): Promise<DecisionModel[]> {
  const { decisions, problems } = await parseDmn(xml);
  expect(problems).to.deep.equal([]);
  return decisions;
}

/** Parses a fixture that must be refused; returns its problems. */
async function problemsOf(xml: string): Promise<string[]> {
  const { problems } = await parseDmn(xml);
  expect(problems).to.not.be.empty;
  return problems;
}

/** Evaluates a decision that must succeed; returns its result. */
async function decide(xml: string, decisionId: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const outcome = evaluateDecision(await load(xml), decisionId, variables);
  if (!outcome.ok) expect.fail(outcome.message);
  return outcome.result;
}

const seasonDish = definitions(`<decision id="dish" name="Dish">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Season">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>season</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Dish" name="dish" typeRef="string" />
      <rule id="Rule_Winter">
        <inputEntry id="UnaryTests_1">
          <text>"Winter"</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Roastbeef"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_Summer">
        <description>Light food for hot days</description>
        <inputEntry id="UnaryTests_2">
          <text>"Summer"</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Salad"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);

describe('engine/dmn: decision tables (Zeebe 8.8, dmn-scala)', () => {
  describe('hit policy UNIQUE (the default)', () => {
    it('returns the output value of the one matching rule when the table has one output', async () => {
      // given a table with one output column
      // when one rule matches
      const result = await decide(seasonDish, 'dish', { season: 'Summer' });
      // then the result is the bare value, not a context
      expect(result).to.equal('Salad');
    });

    it('returns null when no rule matches and no output has a default', async () => {
      const outcome = evaluateDecision(await load(seasonDish), 'dish', { season: 'Autumn' });
      expect(outcome).to.deep.include({ ok: true, result: null });
      expect(outcome.evaluated[0]?.matchedRules).to.deep.equal([]);
    });

    it('returns a context keyed by output name when the table has several outputs', async () => {
      const xml = definitions(`<decision id="menu" name="Menu">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Season">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>season</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Dish" name="dish" typeRef="string" />
      <output id="Output_2" label="Beverage" name="beverage" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>"Winter"</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Stew"</text>
        </outputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Red wine"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
      expect(await decide(xml, 'menu', { season: 'Winter' })).to.deep.equal({ dish: 'Stew', beverage: 'Red wine' });
      expect(await decide(xml, 'menu', { season: 'Summer' })).to.equal(null);
    });

    it('fails when more than one rule matches, with the matched rules still in the audit', async () => {
      // given two overlapping rules
      const xml = definitions(`<decision id="discount" name="Discount">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Order size">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>orderSize</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Discount" name="discount" typeRef="number" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>&gt; 5</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>0.1</text>
        </outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_2">
          <text>&gt; 10</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>0.15</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
      // when both match
      const outcome = evaluateDecision(await load(xml), 'discount', { orderSize: 12 });
      // then the evaluation fails, in dmn-scala's words
      expect(outcome.ok).to.equal(false);
      if (outcome.ok) return;
      expect(outcome.message).to.equal(
        "multiple values aren't allowed for UNIQUE hit policy. found: 'List(Map(discount -> ValNumber(0.1)), Map(discount -> ValNumber(0.15)))'",
      );
      expect(outcome.failedDecisionId).to.equal('discount');
      expect(outcome.evaluated).to.have.length(1);
      expect(outcome.evaluated[0]?.decisionOutput).to.equal(null);
      expect(outcome.evaluated[0]?.matchedRules.map((r) => r.ruleIndex)).to.deep.equal([1, 2]);
      // and with one match it is fine
      expect(await decide(xml, 'discount', { orderSize: 7 })).to.equal(0.1);
    });
  });

  describe('hit policies FIRST and ANY', () => {
    const advertisement = definitions(`<decision id="advertisement" name="Advertisement">
    <decisionTable id="DecisionTable_1" hitPolicy="FIRST">
      <input id="Input_1" label="Age">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>age</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Advertisement" name="advertisement" typeRef="string" />
      <rule id="Rule_Cars">
        <inputEntry id="UnaryTests_1">
          <text>&gt;= 18</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Cars"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_Videogames">
        <inputEntry id="UnaryTests_2">
          <text>&gt;= 12</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Videogames"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_Toys">
        <inputEntry id="UnaryTests_3">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_3">
          <text>"Toys"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);

    it('FIRST returns the output of the first matching rule, and only that rule is audited', async () => {
      const outcome = evaluateDecision(await load(advertisement), 'advertisement', { age: 14 });
      expect(outcome).to.deep.include({ ok: true, result: 'Videogames' });
      expect(outcome.evaluated[0]?.matchedRules).to.deep.equal([
        {
          ruleId: 'Rule_Videogames',
          ruleIndex: 2,
          evaluatedOutputs: [{ outputId: 'Output_1', outputName: 'Advertisement', outputValue: 'Videogames' }],
        },
      ]);
    });

    const leave = definitions(`<decision id="leave" name="Leave application">
    <decisionTable id="DecisionTable_1" hitPolicy="ANY">
      <input id="Input_1" label="Vacation days left">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>daysLeft</text>
        </inputExpression>
      </input>
      <input id="Input_2" label="On probation">
        <inputExpression id="InputExpression_2" typeRef="boolean">
          <text>isOnProbation</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Result" name="result" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>0</text>
        </inputEntry>
        <inputEntry id="UnaryTests_2">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Refused"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_3">
          <text>-</text>
        </inputEntry>
        <inputEntry id="UnaryTests_4">
          <text>true</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Refused"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_3">
        <inputEntry id="UnaryTests_5">
          <text>&gt; 0</text>
        </inputEntry>
        <inputEntry id="UnaryTests_6">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_3">
          <text>"Applied"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);

    it('ANY returns the common output when all matching rules agree', async () => {
      expect(await decide(leave, 'leave', { daysLeft: 0, isOnProbation: true })).to.equal('Refused');
      expect(await decide(leave, 'leave', { daysLeft: 3, isOnProbation: false })).to.equal('Applied');
    });

    it('ANY fails when matching rules give different outputs', async () => {
      const outcome = evaluateDecision(await load(leave), 'leave', { daysLeft: 3, isOnProbation: true });
      expect(outcome).to.deep.include({
        ok: false,
        message:
          "different values aren't allowed for ANY hit policy. found: 'List(Map(result -> ValString(Refused)), Map(result -> ValString(Applied)))'",
        failedDecisionId: 'leave',
      });
    });
  });

  describe('multiple-hit policies', () => {
    const holidays = (hitPolicy: string, outputs = '') =>
      definitions(`<decision id="holidays" name="Holidays">
    <decisionTable id="DecisionTable_1" ${hitPolicy}>
      <input id="Input_1" label="Age">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>age</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Holidays" name="holidays" typeRef="number">${outputs}</output>
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>22</text>
        </outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_2">
          <text>&gt;= 60</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>3</text>
        </outputEntry>
      </rule>
      <rule id="Rule_3">
        <inputEntry id="UnaryTests_3">
          <text>&lt; 18, &gt;= 60</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_3">
          <text>5</text>
        </outputEntry>
      </rule>
      <rule id="Rule_4">
        <inputEntry id="UnaryTests_4">
          <text>[18..30]</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_4">
          <text>2</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);

    it('RULE ORDER returns a list of the outputs of all matching rules, in rule order', async () => {
      expect(await decide(holidays('hitPolicy="RULE ORDER"'), 'holidays', { age: 65 })).to.deep.equal([22, 3, 5]);
      expect(await decide(holidays('hitPolicy="RULE ORDER"'), 'holidays', { age: 40 })).to.deep.equal([22]);
    });

    it('COLLECT without an aggregator returns a list', async () => {
      expect(await decide(holidays('hitPolicy="COLLECT"'), 'holidays', { age: 16 })).to.deep.equal([22, 5]);
    });

    it('COLLECT with SUM, MIN, MAX and COUNT returns a number', async () => {
      expect(await decide(holidays('hitPolicy="COLLECT" aggregation="SUM"'), 'holidays', { age: 65 })).to.equal(30);
      expect(await decide(holidays('hitPolicy="COLLECT" aggregation="MIN"'), 'holidays', { age: 65 })).to.equal(3);
      expect(await decide(holidays('hitPolicy="COLLECT" aggregation="MAX"'), 'holidays', { age: 20 })).to.equal(22);
      expect(await decide(holidays('hitPolicy="COLLECT" aggregation="COUNT"'), 'holidays', { age: 20 })).to.equal(2);
    });

    it('OUTPUT ORDER sorts by the position of each value in the output values; PRIORITY takes the first', async () => {
      const values = '<outputValues id="UnaryTests_Values"><text>5,2,22,3</text></outputValues>';
      expect(await decide(holidays('hitPolicy="OUTPUT ORDER"', values), 'holidays', { age: 65 })).to.deep.equal([
        5, 22, 3,
      ]);
      expect(await decide(holidays('hitPolicy="PRIORITY"', values), 'holidays', { age: 20 })).to.equal(2);
    });

    it('returns a list of contexts when the table has several outputs', async () => {
      const xml = definitions(`<decision id="routing" name="Routing">
    <decisionTable id="DecisionTable_1" hitPolicy="RULE ORDER">
      <input id="Input_1" label="Age">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>age</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Routing" name="routing" typeRef="string" />
      <output id="Output_2" label="Reason" name="reason" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>&lt; 18</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"DECLINE"</text>
        </outputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Applicant too young"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_2">
          <text></text>
        </inputEntry>
        <outputEntry id="LiteralExpression_3">
          <text>"ACCEPT"</text>
        </outputEntry>
        <outputEntry id="LiteralExpression_4">
          <text>"Acceptable"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
      expect(await decide(xml, 'routing', { age: 17 })).to.deep.equal([
        { routing: 'DECLINE', reason: 'Applicant too young' },
        { routing: 'ACCEPT', reason: 'Acceptable' },
      ]);
    });

    it('returns null, not an empty list or zero, when no rule matches (dmn-scala takes the default outputs)', async () => {
      const none = definitions(`<decision id="bonus" name="Bonus">
    <decisionTable id="DecisionTable_1" hitPolicy="COLLECT">
      <input id="Input_1" label="Years">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>years</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Bonus" name="bonus" typeRef="number" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>&gt; 10</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>100</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
      expect(await decide(none, 'bonus', { years: 1 })).to.equal(null);
      const counted = none.replace('hitPolicy="COLLECT"', 'hitPolicy="COLLECT" aggregation="COUNT"');
      expect(await decide(counted, 'bonus', { years: 1 })).to.equal(null);
    });

    it('COLLECT SUM fails on an output that is not a number', async () => {
      const xml = definitions(`<decision id="total" name="Total">
    <decisionTable id="DecisionTable_1" hitPolicy="COLLECT" aggregation="SUM">
      <input id="Input_1" label="Kind">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>kind</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Amount" name="amount" typeRef="number" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"ten"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
      const outcome = evaluateDecision(await load(xml), 'total', { kind: 'a' });
      expect(outcome).to.deep.include({ ok: false, message: "expected number but found 'ValString(ten)'" });
    });
  });

  it('uses the default output entries when no rule matches', async () => {
    const xml = definitions(`<decision id="shipping" name="Shipping">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Weight">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>weight</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Carrier" name="carrier" typeRef="string">
        <defaultOutputEntry id="LiteralExpression_Default">
          <text>"Post"</text>
        </defaultOutputEntry>
      </output>
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>&gt; 30</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Freight"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
    expect(await decide(xml, 'shipping', { weight: 2 })).to.equal('Post');
    expect(await decide(xml, 'shipping', { weight: 40 })).to.equal('Freight');
  });

  describe('input entries are FEEL unary tests with the input value as ?', () => {
    const forms = definitions(`<decision id="forms" name="Unary test forms">
    <decisionTable id="DecisionTable_1" hitPolicy="RULE ORDER">
      <input id="Input_1" label="Number">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>n</text>
        </inputExpression>
      </input>
      <input id="Input_2" label="Text">
        <inputExpression id="InputExpression_2" typeRef="string">
          <text>s</text>
        </inputExpression>
      </input>
      <input id="Input_3" label="Flag">
        <inputExpression id="InputExpression_3" typeRef="boolean">
          <text>b</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Form" name="form" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1"><text>[1..10]</text></inputEntry>
        <inputEntry id="UnaryTests_2"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_3"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_1"><text>"range"</text></outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_4"><text>&lt; 5</text></inputEntry>
        <inputEntry id="UnaryTests_5"><text></text></inputEntry>
        <inputEntry id="UnaryTests_6"><text></text></inputEntry>
        <outputEntry id="LiteralExpression_2"><text>"comparison"</text></outputEntry>
      </rule>
      <rule id="Rule_3">
        <inputEntry id="UnaryTests_7"><text>2, 4, 6</text></inputEntry>
        <inputEntry id="UnaryTests_8"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_9"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_3"><text>"number list"</text></outputEntry>
      </rule>
      <rule id="Rule_4">
        <inputEntry id="UnaryTests_10"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_11"><text>"a","b"</text></inputEntry>
        <inputEntry id="UnaryTests_12"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_4"><text>"string list"</text></outputEntry>
      </rule>
      <rule id="Rule_5">
        <inputEntry id="UnaryTests_13"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_14"><text>not("x")</text></inputEntry>
        <inputEntry id="UnaryTests_15"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_5"><text>"negation"</text></outputEntry>
      </rule>
      <rule id="Rule_6">
        <inputEntry id="UnaryTests_16"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_17"><text>"x"</text></inputEntry>
        <inputEntry id="UnaryTests_18"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_6"><text>"string"</text></outputEntry>
      </rule>
      <rule id="Rule_7">
        <inputEntry id="UnaryTests_19"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_20"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_21"><text>true</text></inputEntry>
        <outputEntry id="LiteralExpression_7"><text>"boolean"</text></outputEntry>
      </rule>
      <rule id="Rule_8">
        <inputEntry id="UnaryTests_22"><text>? != null and ? &gt;= limit and ? != 7</text></inputEntry>
        <inputEntry id="UnaryTests_23"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_24"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_8"><text>"expression with ?"</text></outputEntry>
      </rule>
      <rule id="Rule_9">
        <inputEntry id="UnaryTests_25"><text>null</text></inputEntry>
        <inputEntry id="UnaryTests_26"><text>-</text></inputEntry>
        <inputEntry id="UnaryTests_27"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_9"><text>"null"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>`);

    it('matches ranges, comparisons, lists, negation, strings, booleans, - and empty entries', async () => {
      expect(await decide(forms, 'forms', { n: 4, s: 'a', b: true, limit: 100 })).to.deep.equal([
        'range',
        'comparison',
        'number list',
        'string list',
        'negation',
        'boolean',
      ]);
      expect(await decide(forms, 'forms', { n: 10, s: 'x', b: false, limit: 100 })).to.deep.equal(['range', 'string']);
    });

    it('evaluates a FEEL expression with ? against the input value and the other variables', async () => {
      expect(await decide(forms, 'forms', { n: 12, s: 'x', b: false, limit: 11 })).to.deep.equal([
        'string',
        'expression with ?',
      ]);
      expect(await decide(forms, 'forms', { n: 7, s: 'x', b: false, limit: 0 })).to.deep.equal(['range', 'string']);
    });

    it('treats a missing variable as null: comparisons with null do not match, null matches null', async () => {
      expect(await decide(forms, 'forms', { s: 'x', b: false })).to.deep.equal(['string', 'null']);
    });
  });

  it('evaluates output entries as FEEL expressions over the variables', async () => {
    const xml = definitions(`<decision id="fee" name="Fee">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Amount">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>amount</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Fee" name="fee" typeRef="number" />
      <output id="Output_2" label="Note" name="note" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>&gt;= 1000</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>amount * 0.02</text>
        </outputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Dear " + applicant.name</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
    expect(await decide(xml, 'fee', { amount: 2000, applicant: { name: 'Ada' } })).to.deep.equal({
      fee: 40,
      note: 'Dear Ada',
    });
  });

  it('ignores input and output typeRefs and rule annotations, as dmn-scala does', async () => {
    // given an input declared as a number, and a rule with an annotation column
    const xml = definitions(`<decision id="typed" name="Typed">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Code">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>code</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Result" name="result" typeRef="number" />
      <annotation name="Notes" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>"A1"</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"not a number"</text>
        </outputEntry>
        <annotationEntry>
          <text>only for testing</text>
        </annotationEntry>
      </rule>
    </decisionTable>
  </decision>`);
    // when the values are strings, then nothing is converted or refused
    expect(await decide(xml, 'typed', { code: 'A1' })).to.equal('not a number');
  });

  it('audits inputs (label, else the expression cut to 30 characters), matched rules and outputs', async () => {
    const xml = definitions(`<decision id="audited" name="Audited">
    <decisionTable id="DecisionTable_1">
      <input id="Input_Labelled" label="Season">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>season</text>
        </inputExpression>
      </input>
      <input id="Input_Unlabelled">
        <inputExpression id="InputExpression_2" typeRef="number">
          <text>guests.adults + guests.children + 0</text>
        </inputExpression>
      </input>
      <output id="Output_1" name="dish" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>"Winter"</text>
        </inputEntry>
        <inputEntry id="UnaryTests_2">
          <text>&gt; 4</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Stew"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_3">
          <text>"Winter"</text>
        </inputEntry>
        <inputEntry id="UnaryTests_4">
          <text>&lt;= 4</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>"Roastbeef"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
    const outcome = evaluateDecision(await load(xml), 'audited', {
      season: 'Winter',
      guests: { adults: 2, children: 1 },
    });
    expect(outcome.evaluated).to.deep.equal([
      {
        decisionId: 'audited',
        decisionName: 'Audited',
        decisionType: 'DECISION_TABLE',
        decisionOutput: 'Roastbeef',
        evaluatedInputs: [
          { inputId: 'Input_Labelled', inputName: 'Season', inputValue: 'Winter' },
          { inputId: 'Input_Unlabelled', inputName: 'guests.adults + guests.childre', inputValue: 3 },
        ],
        matchedRules: [
          {
            ruleId: 'Rule_2',
            ruleIndex: 2,
            evaluatedOutputs: [{ outputId: 'Output_1', outputName: 'dish', outputValue: 'Roastbeef' }],
          },
        ],
      },
    ]);
  });

  it('fails on a failing FEEL expression, with no inputs audited when an input expression failed', async () => {
    const xml = definitions(`<decision id="checked" name="Checked">
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Height">
        <inputExpression id="InputExpression_1" typeRef="number">
          <text>assert(height, height != null)</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Size" name="size" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"any"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);
    const outcome = evaluateDecision(await load(xml), 'checked', {});
    expect(outcome).to.deep.include({
      ok: false,
      message:
        "Assertion failure on evaluate the expression 'assert(height, height != null)': The condition is not fulfilled",
      failedDecisionId: 'checked',
    });
    expect(outcome.evaluated[0]).to.deep.include({ decisionOutput: null, evaluatedInputs: [], matchedRules: [] });
  });

  it('fails when the decision is not in the graph', async () => {
    const outcome = evaluateDecision(await load(seasonDish), 'unknown', {});
    expect(outcome).to.deep.equal({
      ok: false,
      message: "no decision found for id 'unknown'",
      failedDecisionId: 'unknown',
      evaluated: [],
    });
  });

  it('compiles decisions to plain JSON data that evaluates the same after a round trip', async () => {
    const decisions = await load(seasonDish);
    const stored = JSON.parse(JSON.stringify(decisions)) as DecisionModel[];
    expect(stored).to.deep.equal(decisions);
    expect(evaluateDecision(stored, 'dish', { season: 'Winter' })).to.deep.include({ ok: true, result: 'Roastbeef' });
  });
});

describe('engine/dmn: literal expressions and required decisions (Zeebe 8.8, dmn-scala)', () => {
  it('evaluates a decision literal expression to its value', async () => {
    const xml = definitions(`<decision id="greeting" name="Greeting">
    <variable id="InformationItem_1" name="greeting" typeRef="string" />
    <literalExpression id="LiteralExpression_1">
      <text>"Hello " + name</text>
    </literalExpression>
  </decision>`);
    const outcome = evaluateDecision(await load(xml), 'greeting', { name: 'Ada' });
    expect(outcome).to.deep.equal({
      ok: true,
      result: 'Hello Ada',
      evaluated: [
        {
          decisionId: 'greeting',
          decisionName: 'Greeting',
          decisionType: 'LITERAL_EXPRESSION',
          decisionOutput: 'Hello Ada',
          evaluatedInputs: [],
          matchedRules: [],
        },
      ],
    });
  });

  it('returns dates and durations as ISO strings', async () => {
    const xml = definitions(`<decision id="due" name="Due date">
    <variable id="InformationItem_1" name="due" typeRef="date" />
    <literalExpression id="LiteralExpression_1">
      <text>date(received) + duration("P14D")</text>
    </literalExpression>
  </decision>`);
    expect(await decide(xml, 'due', { received: '2026-01-25' })).to.equal('2026-02-08');
  });

  it("fails when the result does not match the variable's typeRef", async () => {
    const xml = definitions(`<decision id="count" name="Count">
    <variable id="InformationItem_1" name="count" typeRef="number" />
    <literalExpression id="LiteralExpression_1">
      <text>"three"</text>
    </literalExpression>
  </decision>`);
    const outcome = evaluateDecision(await load(xml), 'count', {});
    expect(outcome).to.deep.include({
      ok: false,
      message: "expected 'number' but found 'ValString(three)'",
      failedDecisionId: 'count',
    });
  });

  const dinner = definitions(`<decision id="dish" name="Dish">
    <informationRequirement id="InformationRequirement_Season">
      <requiredDecision href="#season_decision" />
    </informationRequirement>
    <informationRequirement id="InformationRequirement_Guests">
      <requiredDecision href="#guests" />
    </informationRequirement>
    <decisionTable id="DecisionTable_1">
      <input id="Input_1" label="Season">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>season</text>
        </inputExpression>
      </input>
      <input id="Input_2" label="Guests">
        <inputExpression id="InputExpression_2" typeRef="number">
          <text>guests.count</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="Dish" name="dish" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>"Winter"</text>
        </inputEntry>
        <inputEntry id="UnaryTests_2">
          <text>&gt; 4</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Stew for " + string(guests.count) + guests.suffix</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <decision id="season_decision" name="Season">
    <variable id="InformationItem_1" name="season" typeRef="string" />
    <literalExpression id="LiteralExpression_Season">
      <text>if month &lt; 3 or month = 12 then "Winter" else "Other"</text>
    </literalExpression>
  </decision>
  <decision id="guests" name="Guests">
    <decisionTable id="DecisionTable_2">
      <input id="Input_3" label="Party">
        <inputExpression id="InputExpression_3" typeRef="string">
          <text>party</text>
        </inputExpression>
      </input>
      <output id="Output_2" label="Count" name="count" typeRef="number" />
      <output id="Output_3" label="Suffix" name="suffix" typeRef="string" />
      <rule id="Rule_2">
        <inputEntry id="UnaryTests_3">
          <text>"family"</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_2">
          <text>6</text>
        </outputEntry>
        <outputEntry id="LiteralExpression_3">
          <text>" guests"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>`);

  it('makes a required literal expression available by its variable name and a required table by its decision id', async () => {
    // when the dependent decision is evaluated
    const outcome = evaluateDecision(await load(dinner), 'dish', { month: 1, party: 'family' });
    // then it reads both results, and the audit lists the required decisions first
    expect(outcome).to.deep.include({ ok: true, result: 'Stew for 6 guests' });
    expect(outcome.evaluated.map((d) => [d.decisionId, d.decisionOutput])).to.deep.equal([
      ['season_decision', 'Winter'],
      ['guests', { count: 6, suffix: ' guests' }],
      ['dish', 'Stew for 6 guests'],
    ]);
  });

  it('names the required decision that failed', async () => {
    const failing = dinner.replace(
      'if month &lt; 3 or month = 12 then "Winter" else "Other"',
      'assert(month, month != null, "month is required")',
    );
    const outcome = evaluateDecision(await load(failing), 'dish', { party: 'family' });
    expect(outcome).to.deep.include({
      ok: false,
      message:
        'Assertion failure on evaluate the expression \'assert(month, month != null, "month is required")\': month is required',
      failedDecisionId: 'season_decision',
    });
    expect(outcome.evaluated.map((d) => [d.decisionId, d.decisionOutput])).to.deep.equal([['season_decision', null]]);
  });
});

describe('engine/dmn: what deployment refuses', () => {
  /** A one-rule table with the given parts, for problems inside a decision table. */
  const table = (parts: { attributes?: string; input?: string; outputs?: string; rule?: string }) =>
    definitions(`<decision id="broken" name="Broken">
    <decisionTable id="DecisionTable_1"${parts.attributes ?? ''}>
      ${
        parts.input ??
        `<input id="Input_1" label="Season">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>season</text>
        </inputExpression>
      </input>`
      }
      ${parts.outputs ?? '<output id="Output_1" label="Dish" name="dish" typeRef="string" />'}
      <rule id="Rule_1">
        ${
          parts.rule ??
          `<inputEntry id="UnaryTests_1">
          <text>"Winter"</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>"Stew"</text>
        </outputEntry>`
        }
      </rule>
    </decisionTable>
  </decision>`);

  it('accepts a valid file and reports its definitions', async () => {
    const parsed = await parseDmn(seasonDish);
    expect(parsed.problems).to.deep.equal([]);
    expect(parsed.definitions).to.deep.equal({
      id: 'Definitions_1',
      name: 'DRD',
      namespace: 'http://camunda.org/schema/1.0/dmn',
    });
    expect(parsed.decisions.map((d) => [d.id, d.name, d.resultName])).to.deep.equal([['dish', 'Dish', 'dish']]);
  });

  it('accepts input data and knowledge sources, which have no runtime meaning', async () => {
    const xml = definitions(`<decision id="eligible" name="Eligible">
    <informationRequirement id="InformationRequirement_1">
      <requiredInput href="#InputData_Age" />
    </informationRequirement>
    <authorityRequirement id="AuthorityRequirement_1">
      <requiredAuthority href="#KnowledgeSource_Law" />
    </authorityRequirement>
    <variable id="InformationItem_1" name="eligible" typeRef="boolean" />
    <literalExpression id="LiteralExpression_1">
      <text>age &gt;= 18</text>
    </literalExpression>
  </decision>
  <inputData id="InputData_Age" name="Age" />
  <knowledgeSource id="KnowledgeSource_Law" name="Law" />`);
    expect(await decide(xml, 'eligible', { age: 20 })).to.equal(true);
  });

  it('refuses XML that is not DMN 1.3', async () => {
    const problems = await problemsOf('<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd"><decision');
    expect(problems[0]).to.match(/^Failed to parse the DMN XML/);
  });

  it('refuses an unknown hit policy or aggregation', async () => {
    expect(await problemsOf(table({ attributes: ' hitPolicy="LAST"' }))).to.deep.equal([
      "Decision 'broken', decision table 'DecisionTable_1': hit policy 'LAST' is not supported",
    ]);
    expect(await problemsOf(table({ attributes: ' hitPolicy="COLLECT" aggregation="AVG"' }))).to.deep.equal([
      "Decision 'broken', decision table 'DecisionTable_1': aggregation 'AVG' is not supported",
    ]);
  });

  it('refuses COLLECT with an aggregator on several outputs', async () => {
    const outputs = `<output id="Output_1" label="A" name="a" typeRef="number" />
      <output id="Output_2" label="B" name="b" typeRef="number" />`;
    const rule = `<inputEntry id="UnaryTests_1"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_1"><text>1</text></outputEntry>
        <outputEntry id="LiteralExpression_2"><text>2</text></outputEntry>`;
    expect(
      await problemsOf(table({ attributes: ' hitPolicy="COLLECT" aggregation="SUM"', outputs, rule })),
    ).to.deep.equal([
      "Decision 'broken', decision table 'DecisionTable_1': hit policy 'COLLECT' with aggregator is not defined for compound output",
    ]);
  });

  it('refuses several outputs when one has no name, or two share a name', async () => {
    const rule = `<inputEntry id="UnaryTests_1"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_1"><text>1</text></outputEntry>
        <outputEntry id="LiteralExpression_2"><text>2</text></outputEntry>`;
    const unnamed = `<output id="Output_1" label="Discount" typeRef="number" />
      <output id="Output_2" label="Shipping" name="shipping" typeRef="string" />`;
    expect(await problemsOf(table({ outputs: unnamed, rule }))).to.deep.equal([
      "Decision 'broken', output 'Output_1': no output name defined for `Discount`",
    ]);
    const shared = `<output id="Output_1" label="A" name="value" typeRef="number" />
      <output id="Output_2" label="B" name="value" typeRef="number" />`;
    expect(await problemsOf(table({ outputs: shared, rule }))).to.deep.equal([
      "Decision 'broken', output 'Output_2': output name 'value' is used by another output",
    ]);
  });

  it('refuses an input expression that is missing or not FEEL', async () => {
    const input = (expression: string) => `<input id="Input_1" label="Season">
        <inputExpression id="InputExpression_1" typeRef="string">${expression}</inputExpression>
      </input>`;
    const [missing] = await problemsOf(table({ input: input('') }));
    expect(missing).to.equal(
      "Decision 'broken', input expression of input 'Input_1': The expression 'InputExpression_1' must not be empty.",
    );
    const [invalid] = await problemsOf(table({ input: input('<text>season +</text>') }));
    expect(invalid).to.match(
      /^Decision 'broken', input expression of input 'Input_1': FEEL expression: failed to parse expression 'season \+'/,
    );
  });

  it('refuses an input entry that is not a FEEL unary test', async () => {
    const rule = `<inputEntry id="UnaryTests_1"><text>[1..</text></inputEntry>
        <outputEntry id="LiteralExpression_1"><text>"Stew"</text></outputEntry>`;
    const [problem] = await problemsOf(table({ rule }));
    expect(problem).to.match(
      /^Decision 'broken', input entry 'UnaryTests_1' of rule 'Rule_1': FEEL unary-tests: failed to parse expression '\[1\.\.'/,
    );
  });

  it('refuses an output entry that is empty or not FEEL', async () => {
    const rule = (output: string) => `<inputEntry id="UnaryTests_1"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_1"><text>${output}</text></outputEntry>`;
    expect(await problemsOf(table({ rule: rule('') }))).to.deep.equal([
      "Decision 'broken', output entry 'LiteralExpression_1' of rule 'Rule_1': FEEL expression: failed to parse expression '': the expression is empty",
    ]);
    const [invalid] = await problemsOf(table({ rule: rule('"Stew') }));
    expect(invalid).to.match(
      /^Decision 'broken', output entry 'LiteralExpression_1' of rule 'Rule_1': FEEL expression:/,
    );
  });

  it('refuses a default output entry that is not FEEL', async () => {
    const outputs = `<output id="Output_1" label="Dish" name="dish" typeRef="string">
        <defaultOutputEntry id="LiteralExpression_Default"><text>"Stew" +</text></defaultOutputEntry>
      </output>`;
    const [problem] = await problemsOf(table({ outputs }));
    expect(problem).to.match(/^Decision 'broken', default output entry of output 'Output_1': FEEL expression:/);
  });

  it('refuses an expression language other than FEEL', async () => {
    const rule = `<inputEntry id="UnaryTests_1" expressionLanguage="javascript"><text>true</text></inputEntry>
        <outputEntry id="LiteralExpression_1"><text>"Stew"</text></outputEntry>`;
    expect(await problemsOf(table({ rule }))).to.deep.equal([
      "Decision 'broken', input entry 'UnaryTests_1' of rule 'Rule_1': Expression language 'javascript' is not supported",
    ]);
  });

  it('refuses a literal expression that is not FEEL', async () => {
    const xml = definitions(`<decision id="greeting" name="Greeting">
    <variable id="InformationItem_1" name="greeting" typeRef="string" />
    <literalExpression id="LiteralExpression_1">
      <text>"Hello " +</text>
    </literalExpression>
  </decision>`);
    const [problem] = await problemsOf(xml);
    expect(problem).to.match(/^Decision 'greeting', literal expression 'LiteralExpression_1': FEEL expression:/);
  });

  it('refuses a decision without decision logic, or with logic other than a table or a literal expression', async () => {
    const empty = definitions(`<decision id="empty" name="Empty" />`);
    expect(await problemsOf(empty)).to.deep.equal([
      "Decision 'empty': the decision has no decision logic (expected a decision table or a literal expression)",
    ]);
    const context = definitions(`<decision id="context" name="Context">
    <context id="Context_1">
      <contextEntry id="ContextEntry_1">
        <variable id="InformationItem_1" name="a" />
        <literalExpression id="LiteralExpression_1"><text>1</text></literalExpression>
      </contextEntry>
    </context>
  </decision>`);
    expect(await problemsOf(context)).to.deep.equal([
      "Decision 'context': unsupported decision logic 'Context' (expected a decision table or a literal expression)",
    ]);
  });

  it('refuses two decisions with the same id', async () => {
    const xml = definitions(`<decision id="twice" name="First">
    <literalExpression id="LiteralExpression_1"><text>1</text></literalExpression>
  </decision>
  <decision id="twice" name="Second">
    <literalExpression id="LiteralExpression_2"><text>2</text></literalExpression>
  </decision>`);
    expect(await problemsOf(xml)).to.deep.equal(["The id 'twice' is used by more than one element"]);
  });

  it('refuses a required decision that is not in the file, or imported from another', async () => {
    const missing = definitions(`<decision id="dependent" name="Dependent">
    <informationRequirement id="InformationRequirement_1">
      <requiredDecision href="#elsewhere" />
    </informationRequirement>
    <literalExpression id="LiteralExpression_1"><text>elsewhere</text></literalExpression>
  </decision>`);
    expect(await problemsOf(missing)).to.deep.equal([
      "Decision 'dependent': the required decision 'elsewhere' is not in the file",
    ]);
    const imported = missing.replace('href="#elsewhere"', 'href="https://example.com/other#elsewhere"');
    expect(await problemsOf(imported)).to.deep.equal([
      "Decision 'dependent', information requirement 'InformationRequirement_1': decision 'elsewhere' of namespace 'https://example.com/other' is imported; imported decisions are not supported",
    ]);
  });

  it('refuses cyclic required decisions', async () => {
    const xml = definitions(`<decision id="chicken" name="Chicken">
    <informationRequirement id="InformationRequirement_1">
      <requiredDecision href="#egg" />
    </informationRequirement>
    <literalExpression id="LiteralExpression_1"><text>egg</text></literalExpression>
  </decision>
  <decision id="egg" name="Egg">
    <informationRequirement id="InformationRequirement_2">
      <requiredDecision href="#chicken" />
    </informationRequirement>
    <literalExpression id="LiteralExpression_2"><text>chicken</text></literalExpression>
  </decision>`);
    expect(await problemsOf(xml)).to.deep.equal([
      "Decision 'chicken': Invalid DMN model: Cyclic dependencies between decisions detected (chicken -> egg -> chicken)",
    ]);
  });
});
