// Camunda 8.8's FEEL functions that feelin lacks or implements differently, and the scope an expression
// is evaluated in. feelin resolves a function call through the evaluation context before its built-ins,
// so these are handed in as context entries; only those the expression calls are added, so an expression
// without them costs what it did before. Multi-word names must be in the parse context too: `get or else`
// contains the keyword `or` and does not parse otherwise.
import type { FeelFunctionValue } from './functions/define.js';
import { booleanFunctions } from './functions/boolean.js';
import { contextFunctions } from './functions/context.js';
import { listFunctions } from './functions/list.js';
import { miscFunctions } from './functions/misc.js';
import { numericFunctions } from './functions/numeric.js';
import { rangeFunctions } from './functions/range.js';
import { stringFunctions } from './functions/string.js';
import { temporalFunctions } from './functions/temporal.js';

/** Every function the embedded engine adds to feelin, by FEEL name. */
export const camundaFunctions: Readonly<Record<string, FeelFunctionValue>> = {
  ...booleanFunctions,
  ...stringFunctions,
  ...listFunctions,
  ...contextFunctions,
  ...numericFunctions,
  ...temporalFunctions,
  ...rangeFunctions,
  ...miscFunctions,
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A call of one of the functions: its name (any run of spaces between the words) and an opening parenthesis. */
const callPattern = new RegExp(
  `(${Object.keys(camundaFunctions)
    .sort((a, b) => b.length - a.length)
    .map((name) => name.split(' ').map(escape).join('\\s+'))
    .join('|')})\\s*\\(`,
  'g',
);

type Functions = Readonly<Record<string, FeelFunctionValue>>;

/** Expressions are few (those of the deployed models), so the lookup is cached; the cap bounds odd callers. */
const calledIn = new Map<string, Functions | undefined>();
const CACHE_LIMIT = 5_000;

/** The functions an expression calls, or undefined when it calls none. */
export function functionsCalledIn(source: string): Functions | undefined {
  if (calledIn.has(source)) return calledIn.get(source);
  let found: Record<string, FeelFunctionValue> | undefined;
  for (const [, written = ''] of source.matchAll(callPattern)) {
    const name = written.replace(/\s+/g, ' ');
    const fn = camundaFunctions[name];
    if (fn) (found ??= {})[name] = fn;
  }
  if (calledIn.size >= CACHE_LIMIT) calledIn.clear();
  calledIn.set(source, found);
  return found;
}

/**
 * The context to evaluate an expression in: the variables, plus the Camunda functions it calls. A call
 * goes to the function even where a variable has its name, as on Zeebe, where functions and variables
 * are apart.
 */
export function feelScope(source: string, variables: Record<string, unknown>): Record<string, unknown> {
  const functions = functionsCalledIn(source);
  return functions ? { ...variables, ...functions } : variables;
}
