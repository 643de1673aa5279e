// What the Camunda function modules share: how a FEEL function is declared for feelin, how to reach one
// of feelin's own built-ins, and the type checks FEEL Scala's built-ins match their arguments with.
import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';

/**
 * A function value as feelin invokes it: `$args` names the parameters, for named arguments and arity
 * checks. A parameter that the call leaves out arrives as `undefined`; a `null` argument was given.
 */
export type FeelFunctionValue = ((...args: unknown[]) => unknown) & { $args: string[] };

/** Declares a FEEL function with its parameter names. */
export function feelFunction(params: string[], body: (...args: unknown[]) => unknown): FeelFunctionValue {
  return Object.assign((...args: unknown[]) => body(...args), { $args: params });
}

/**
 * One of feelin's built-in functions, for an override that adds Camunda's overloads and hands the rest
 * on. feelin does not export its built-ins: a name that the context declares without a value resolves to
 * the built-in of that name.
 */
export function feelinBuiltin(name: string): FeelFunctionValue {
  const { value } = evaluate(name, { [name]: undefined });
  if (typeof value !== 'function') throw new Error(`feelin has no built-in function '${name}'`);
  return value as FeelFunctionValue;
}

/** A FEEL context: feelin represents contexts as plain objects, every other value has another shape. */
export function isContext(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function isListOfStrings(value: unknown): value is string[] {
  return isList(value) && value.every((item) => typeof item === 'string');
}

/** FEEL Scala's `intValue` of a number: the integer part, as Java's BigDecimal.intValue() truncates. */
export function intValue(value: number): number {
  return Math.trunc(value);
}

/** Structural equality of FEEL values, as FEEL Scala compares list items (contexts ignore key order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isContext(a) && isContext(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
  }
  if (isTemporal(a) && isTemporal(b)) return a.constructor === b.constructor && String(a) === String(b);
  return false;
}

function isTemporal(value: unknown): value is FeelDate | FeelTime | FeelDateTime | FeelDuration {
  return (
    value instanceof FeelDate ||
    value instanceof FeelTime ||
    value instanceof FeelDateTime ||
    value instanceof FeelDuration
  );
}
