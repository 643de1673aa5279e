// FEEL through feelin: classifying attributes, checking syntax at deploy time, and evaluating at run time.
// Results are normalised to JSON (dates and durations become ISO strings), because variables are JSON.
// Camunda's extension functions (camunda-functions.ts) take part in both the syntax check and evaluation.
import { evaluate as feelEvaluate, parseExpression } from 'feelin';
import type { Expression } from '../model/types.js';
import { feelScope, functionsCalledIn } from './camunda-functions.js';

/** Zeebe's rule: an attribute that starts with `=` is a FEEL expression; anything else is a static value. */
export function toExpression(raw: string): Expression {
  const trimmed = raw.trim();
  return trimmed.startsWith('=') ? { kind: 'feel', source: trimmed.slice(1) } : { kind: 'static', value: raw };
}

/** The expression as it was written, for messages. */
export function describeExpression(expression: Expression): string {
  return expression.kind === 'feel' ? expression.source : expression.value;
}

/** Returns why a FEEL expression cannot be parsed, or undefined when it can. */
export function feelSyntaxProblem(source: string): string | undefined {
  if (source.trim() === '') return 'the FEEL expression is empty';
  let problem: string | undefined;
  const tree = parseExpression(source, functionsCalledIn(source) ?? {}, undefined);
  tree.iterate({
    enter(node) {
      if (problem === undefined && node.type.isError) {
        const near = source.slice(Math.max(0, node.from - 10), node.to + 10).trim();
        problem = `failed to parse expression '${source}': unexpected input at position ${node.from} (near '${near}')`;
      }
    },
  });
  return problem;
}

/** The outcome of evaluating an expression: a JSON-compatible value, or the reason it failed. */
export type Evaluation = { ok: true; value: unknown } | { ok: false; message: string };

/** Turns FEEL runtime values into plain JSON values. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function') return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Evaluates an expression (static values evaluate to themselves) against a variable context. */
export function evaluate(expression: Expression, context: Record<string, unknown>): Evaluation {
  if (expression.kind === 'static') return { ok: true, value: expression.value };
  try {
    const { value } = feelEvaluate(expression.source, feelScope(expression.source, context));
    return { ok: true, value: toJsonValue(value) };
  } catch (error) {
    return {
      ok: false,
      message: `failed to evaluate expression '${expression.source}': ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The FEEL type names Zeebe uses in its "Expected result ... to be X" messages. */
export function feelTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'number') return 'NUMBER';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (Array.isArray(value)) return 'ARRAY';
  return 'OBJECT';
}

/**
 * Zeebe's wording for a result of the wrong type. Given the context, a null result also lists the variables
 * the expression reads that the context lacks, as Zeebe's FEEL engine reports them.
 */
export function wrongType(
  expression: Expression,
  expected: string,
  value: unknown,
  context?: Record<string, unknown>,
): string {
  const message = `Expected result of the expression '${describeExpression(expression)}' to be '${expected}', but was '${feelTypeName(value)}'.`;
  if (value !== null || !context || expression.kind !== 'feel') return message;
  const missing = missingVariables(expression.source, context);
  if (missing.length === 0) return message;
  const warnings = missing.map((name) => `[NO_VARIABLE_FOUND] No variable found with name '${name}'`);
  return `${message} The evaluation reported the following warnings:\n${warnings.join('\n')}`;
}

/** The variables an expression reads (not functions it calls, not names it binds) that `context` lacks. */
function missingVariables(source: string, context: Record<string, unknown>): string[] {
  const read: string[] = [];
  const bound = new Set<string>();
  parseExpression(source, functionsCalledIn(source) ?? {}, undefined).iterate({
    enter(node) {
      const text = source.slice(node.from, node.to);
      if (node.type.name === 'Name' && node.node.parent?.type.name === 'InExpression') bound.add(text);
      if (node.type.name !== 'VariableName') return;
      const parent = node.node.parent;
      if (parent?.type.name === 'FunctionInvocation' && parent.from === node.from) return;
      if (!read.includes(text)) read.push(text);
    },
  });
  return read.filter((name) => !bound.has(name) && !(name in context));
}
