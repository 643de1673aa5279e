// Evaluates a decision of a DRG against variables, as dmn-scala (Zeebe's DMN engine) does: required
// decisions first (their results visible under their result names), the required business knowledge models
// as FEEL functions under their names, then the decision table or literal expression, with an audit of every
// decision evaluated (and every call of a business knowledge model) for EvaluateDecision.
import {
  evaluate as feelEvaluate,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelTime,
  unaryTest,
} from 'feelin';
import { feelScope } from '../feel/camunda-functions.js';
import { toJsonValue } from '../feel/expression.js';
import type {
  DecisionEvaluation,
  DecisionModel,
  DecisionTableLogic,
  DecisionTableOutput,
  DecisionTableRule,
  EvaluatedDecision,
  EvaluatedInput,
  KnowledgeModel,
  LiteralExpressionLogic,
  MatchedRule,
} from './types.js';

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** One rule's output values, in column order, keyed by output name. */
type RuleOutputs = { name: string | null; value: unknown }[];

/** Thrown by FEEL's `assert`, to tell its failure apart from other evaluation errors. */
class AssertionFailure extends Error {}

/** Camunda's FEEL extension `assert(value, condition[, cause])`. */
function assert(value: unknown, condition: unknown, cause?: unknown): unknown {
  if (condition !== true)
    throw new AssertionFailure(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
  return value;
}

function failure(source: string, error: unknown): { ok: false; message: string } {
  if (error instanceof AssertionFailure)
    return { ok: false, message: `Assertion failure on evaluate the expression '${source}': ${error.message}` };
  const reason = error instanceof Error ? error.message : String(error);
  return { ok: false, message: `failed to evaluate expression '${source}': ${reason}` };
}

/**
 * Evaluates a FEEL expression; the value stays a FEEL value (dates stay dates) until it leaves the engine.
 * Camunda's extension functions are there as in BPMN; `assert` is dmn-scala's, for its failure message.
 */
function feel(source: string, context: Record<string, unknown>): Result<unknown> {
  try {
    return { ok: true, value: feelEvaluate(source, { ...feelScope(source, context), assert }).value };
  } catch (error) {
    return failure(source, error);
  }
}

/** Evaluates an input entry with the input value as `?`. */
function test(source: string, input: unknown, context: Record<string, unknown>): Result<unknown> {
  try {
    return { ok: true, value: unaryTest(source, { ...feelScope(source, { ...context, '?': input }), assert }).value };
  } catch (error) {
    return failure(source, error);
  }
}

/** A value as FEEL-scala's `Val` prints it, for dmn-scala's failure messages. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'ValNull';
  if (typeof value === 'boolean') return `ValBoolean(${value})`;
  if (typeof value === 'number') return `ValNumber(${value})`;
  if (typeof value === 'string') return `ValString(${value})`;
  if (Array.isArray(value)) return `ValList(List(${value.map(describe).join(', ')}))`;
  if (value instanceof FeelDate) return `ValDate(${value.toString()})`;
  if (value instanceof FeelTime) return `ValTime(${value.toString()})`;
  if (value instanceof FeelDateTime) return `ValDateTime(${value.toString()})`;
  if (value instanceof FeelDuration)
    return `${value.yearsMonths ? 'ValYearMonthDuration' : 'ValDayTimeDuration'}(${value.toString()})`;
  if (typeof value === 'function') return 'ValFunction';
  if (typeof value === 'object') return `ValContext(StaticContext(${describeMap(Object.entries(value))},Map()))`;
  return `Val(${typeof value})`;
}

const describeMap = (entries: [string | null, unknown][]): string =>
  `Map(${entries.map(([name, value]) => `${name} -> ${describe(value)}`).join(', ')})`;
const describeRules = (rules: RuleOutputs[]): string =>
  `List(${rules.map((outputs) => describeMap(outputs.map((o) => [o.name, o.value]))).join(', ')})`;

/** dmn-scala's check of a decision's result against its variable's typeRef; unknown types pass. */
function typeProblem(value: unknown, typeRef: string | null): string | undefined {
  if (!typeRef || value === null || value === undefined) return undefined;
  const type = typeRef.replace(/feel:/g, '');
  const checks: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    boolean: (v) => typeof v === 'boolean',
    time: (v) => v instanceof FeelTime,
    date: (v) => v instanceof FeelDate,
    dateTime: (v) => v instanceof FeelDateTime,
    dayTimeDuration: (v) => v instanceof FeelDuration && !v.yearsMonths,
    yearMonthDuration: (v) => v instanceof FeelDuration && v.yearsMonths,
  };
  const check = checks[type];
  return check && !check(value) ? `expected '${type}' but found '${describe(value)}'` : undefined;
}

/** One output row as a context keyed by output name. */
const rowContext = (outputs: RuleOutputs): unknown =>
  Object.fromEntries(outputs.map((o) => [o.name ?? 'null', o.value]));

/**
 * One output row as the result: the value itself when the row has one value, else a context keyed by output
 * name. A rule with fewer output entries than the table has outputs gives a shorter row (dmn-scala's shape).
 */
function rowValue(outputs: RuleOutputs): unknown {
  return outputs.length === 1 ? outputs[0]?.value : rowContext(outputs);
}

/** Several rows as a list, shaped by the first row as dmn-scala does: its values alone when it has one. */
function rowList(rows: RuleOutputs[]): unknown[] {
  return (rows[0]?.length ?? 0) === 1 ? rows.map((row) => row[0]?.value) : rows.map(rowContext);
}

/** A stable text for comparing rows (ANY) with JSON semantics. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** dmn-scala's priority order: per output, the position of the value in the output values, concatenated. */
function byPriority(rows: RuleOutputs[], outputs: DecisionTableOutput[]): RuleOutputs[] {
  const key = (row: RuleOutputs): string =>
    outputs
      .map((output, column) => {
        const value = row[column]?.value;
        const position =
          typeof value === 'string' || typeof value === 'number' ? output.priorities.lastIndexOf(String(value)) : -1;
        return position >= 0 ? String(position) : '_';
      })
      .join('');
  return rows
    .map((row) => ({ row, key: key(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}

function numbers(rows: RuleOutputs[]): Result<number[]> {
  if (rows[0]?.length !== 1)
    return { ok: false, message: `multiple values aren't allowed. found: ${describeRules(rows)}` };
  const values: number[] = [];
  for (const row of rows) {
    const value = row[0]?.value;
    if (typeof value !== 'number') return { ok: false, message: `expected number but found '${describe(value)}'` };
    values.push(value);
  }
  return { ok: true, value: values };
}

/** The table's result from the outputs of the matched rules (at least one), by hit policy. */
function applyHitPolicy(table: DecisionTableLogic, rows: RuleOutputs[]): Result<unknown> {
  switch (table.hitPolicy) {
    case 'FIRST':
      return { ok: true, value: rowValue(rows[0] ?? []) };
    case 'UNIQUE':
      return rows.length === 1
        ? { ok: true, value: rowValue(rows[0] ?? []) }
        : {
            ok: false,
            message: `multiple values aren't allowed for UNIQUE hit policy. found: '${describeRules(rows)}'`,
          };
    case 'ANY': {
      const distinct = [...new Map(rows.map((row) => [canonical(rowValue(row)), row])).values()];
      return distinct.length === 1
        ? { ok: true, value: rowValue(rows[0] ?? []) }
        : {
            ok: false,
            message: `different values aren't allowed for ANY hit policy. found: '${describeRules(distinct)}'`,
          };
    }
    case 'PRIORITY':
      return { ok: true, value: rowValue(byPriority(rows, table.outputs)[0] ?? []) };
    case 'OUTPUT ORDER':
      return { ok: true, value: rowList(byPriority(rows, table.outputs)) };
    case 'RULE ORDER':
      return { ok: true, value: rowList(rows) };
    case 'COLLECT': {
      if (table.aggregation === null) return { ok: true, value: rowList(rows) };
      if (table.aggregation === 'COUNT') return { ok: true, value: rows.length };
      const values = numbers(rows);
      if (!values.ok) return values;
      if (table.aggregation === 'SUM') return { ok: true, value: values.value.reduce((sum, n) => sum + n, 0) };
      return { ok: true, value: (table.aggregation === 'MIN' ? Math.min : Math.max)(...values.value) };
    }
  }
}

/** One evaluation of a DRG: the audit it builds up, and the decisions by id. */
class Evaluation {
  readonly evaluated: EvaluatedDecision[] = [];
  private readonly byId: Map<string, DecisionModel>;

  constructor(
    decisions: DecisionModel[],
    private readonly variables: Record<string, unknown>,
  ) {
    this.byId = new Map(decisions.map((d) => [d.id, d]));
  }

  find(decisionId: string): DecisionModel | undefined {
    return this.byId.get(decisionId);
  }

  /** Evaluates a decision and, first, every decision it requires (again each time, as dmn-scala does). */
  decide(decision: DecisionModel, path: string[]): Result<unknown> {
    if (path.includes(decision.id))
      return { ok: false, message: 'Invalid DMN model: Cyclic dependencies between decisions detected.' };
    const context: Record<string, unknown> = { ...this.variables };
    for (const requiredId of decision.requiredDecisions) {
      const required = this.find(requiredId);
      if (!required) return { ok: false, message: `no decision found for id '${requiredId}'` };
      const result = this.decide(required, [...path, decision.id]);
      if (!result.ok) return result;
      context[required.resultName] = result.value;
    }
    // the models see the evaluation's variables, not the results of required decisions (dmn-scala's scope)
    Object.assign(context, this.functions(decision.requiredKnowledge));
    const result =
      decision.logic.type === 'DECISION_TABLE'
        ? this.table(decision, decision.logic, context)
        : this.literal(decision, decision.logic, context);
    if (!result.ok) return result;
    const problem = typeProblem(result.value, decision.resultTypeRef);
    return problem ? { ok: false, message: problem } : result;
  }

  /** The FEEL functions of business knowledge models, by the models' names. */
  private functions(models: KnowledgeModel[]): Record<string, FeelFunction> {
    return Object.fromEntries(models.map((model) => [model.name, this.knowledgeFunction(model)]));
  }

  /**
   * A business knowledge model as a FEEL function, as dmn-scala's `BusinessKnowledgeEvaluator` makes it.
   * A call that cannot go ahead (too few arguments, one that does not match its parameter's typeRef) or
   * whose body fails gives null, with the decision going on: FEEL Scala turns the failed call into null.
   * Each call that runs the body is audited, under the model's id and name.
   */
  private knowledgeFunction(model: KnowledgeModel): FeelFunction {
    const names = model.parameters.map((parameter) => parameter.name);
    const scope = { ...this.variables, ...this.functions(model.requiredKnowledge) };
    return new FeelFunction((...args: unknown[]) => {
      if (args.length < names.length) return null;
      const bound: Record<string, unknown> = {};
      for (const [index, parameter] of model.parameters.entries()) {
        const value = args[index] ?? null;
        if (typeProblem(value, parameter.typeRef)) return null;
        bound[parameter.name] = value;
      }
      const result: Result<unknown> =
        model.body === null ? { ok: true, value: null } : feel(model.body, { ...scope, ...bound });
      this.evaluated.push({
        decisionId: model.id,
        decisionName: model.name,
        decisionType: model.body === null ? 'UNKNOWN' : 'LITERAL_EXPRESSION',
        decisionOutput: result.ok ? toJsonValue(result.value) : null,
        evaluatedInputs: [],
        matchedRules: [],
      });
      return result.ok ? result.value : null;
    }, names);
  }

  private audit(
    decision: DecisionModel,
    output: Result<unknown>,
    evaluatedInputs: EvaluatedInput[] = [],
    matchedRules: MatchedRule[] = [],
  ): void {
    this.evaluated.push({
      decisionId: decision.id,
      decisionName: decision.name ?? '',
      decisionType: decision.logic.type,
      decisionOutput: output.ok ? toJsonValue(output.value) : null,
      evaluatedInputs,
      matchedRules,
    });
  }

  private literal(decision: DecisionModel, logic: LiteralExpressionLogic, context: Record<string, unknown>) {
    const result = feel(logic.expression, context);
    this.audit(decision, result);
    return result;
  }

  private table(decision: DecisionModel, table: DecisionTableLogic, context: Record<string, unknown>): Result<unknown> {
    const inputValues: unknown[] = [];
    for (const input of table.inputs) {
      const value = feel(input.expression, context);
      if (!value.ok) {
        this.audit(decision, value);
        return value;
      }
      inputValues.push(value.value);
    }
    const evaluatedInputs = table.inputs.map((input, i) => ({
      inputId: input.id,
      inputName: input.name,
      inputValue: toJsonValue(inputValues[i]),
    }));

    const matched: { rule: DecisionTableRule; index: number }[] = [];
    for (const [index, rule] of table.rules.entries()) {
      const met = this.matches(rule, inputValues, context);
      if (!met.ok) {
        this.audit(decision, met, evaluatedInputs);
        return met;
      }
      if (met.value) matched.push({ rule, index: index + 1 });
    }

    if (matched.length === 0) {
      const result = this.defaults(table.outputs, context);
      this.audit(decision, result, evaluatedInputs);
      return result;
    }

    const rules = table.hitPolicy === 'FIRST' ? matched.slice(0, 1) : matched;
    const rows: RuleOutputs[] = [];
    for (const { rule } of rules) {
      const row: RuleOutputs = [];
      // entries beyond the table's outputs are ignored, and a rule with fewer gives a shorter row
      for (const [column, source] of rule.outputEntries.slice(0, table.outputs.length).entries()) {
        const value = feel(source, context);
        if (!value.ok) {
          this.audit(decision, value, evaluatedInputs);
          return value;
        }
        row.push({ name: table.outputs[column]?.name ?? null, value: value.value });
      }
      rows.push(row);
    }
    const matchedRules: MatchedRule[] = rules.map(({ rule, index }, r) => ({
      ruleId: rule.id,
      ruleIndex: index,
      evaluatedOutputs: (rows[r] ?? []).map((output, column) => {
        const clause = table.outputs[column];
        return {
          outputId: clause?.id ?? '',
          outputName: clause?.label ?? clause?.name ?? '',
          outputValue: toJsonValue(output.value),
        };
      }),
    }));
    const result = applyHitPolicy(table, rows);
    this.audit(decision, result, evaluatedInputs, matchedRules);
    return result;
  }

  /** Whether every input entry of a rule holds; null counts as not holding, anything else non-boolean fails. */
  private matches(rule: DecisionTableRule, inputValues: unknown[], context: Record<string, unknown>): Result<boolean> {
    // an entry beyond the table's inputs is ignored, and an input without an entry matches anything
    for (const [column, source] of rule.inputEntries.slice(0, inputValues.length).entries()) {
      if (source === '') continue;
      const outcome = test(source, inputValues[column], context);
      if (!outcome.ok) return outcome;
      if (outcome.value === false || outcome.value === null || outcome.value === undefined)
        return { ok: true, value: false };
      if (outcome.value !== true)
        return {
          ok: false,
          message: `input entry must return true, false, or null, but found '${describe(outcome.value)}'`,
        };
    }
    return { ok: true, value: true };
  }

  /** No rule matched: the default output entries, as one value, a context, or null when there are none. */
  private defaults(outputs: DecisionTableOutput[], context: Record<string, unknown>): Result<unknown> {
    const row: RuleOutputs = [];
    for (const output of outputs) {
      if (output.defaultValue === null) continue;
      const value = feel(output.defaultValue, context);
      if (!value.ok) return value;
      row.push({ name: output.name, value: value.value });
    }
    return { ok: true, value: row.length === 0 ? null : rowValue(row) };
  }
}

/**
 * Evaluates one decision of a DRG (all the decisions of one .dmn resource) against variables. The result
 * and every audited value are JSON values. On failure, `failedDecisionId` is the decision evaluated last,
 * as in Zeebe.
 */
export function evaluateDecision(
  decisions: DecisionModel[],
  decisionId: string,
  variables: Record<string, unknown>,
): DecisionEvaluation {
  const evaluation = new Evaluation(decisions, variables);
  const decision = evaluation.find(decisionId);
  const result = decision
    ? evaluation.decide(decision, [])
    : { ok: false as const, message: `no decision found for id '${decisionId}'` };
  const evaluated = evaluation.evaluated;
  if (result.ok) return { ok: true, result: toJsonValue(result.value), evaluated };
  return {
    ok: false,
    message: result.message,
    failedDecisionId: evaluated.at(-1)?.decisionId ?? decisionId,
    evaluated,
  };
}
