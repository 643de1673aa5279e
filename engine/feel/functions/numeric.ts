// Camunda's numeric extensions: `random number()` and `decimal(n, scale, mode)` with a rounding mode
// (Java's RoundingMode names, any case). Rounding uses feelin's own functions, so it is as exact as theirs.
import { feelFunction, feelinBuiltin, type FeelFunctionValue } from './define.js';

const decimal = feelinBuiltin('decimal');

/** Java's rounding modes by the feelin function that rounds that way; UNNECESSARY is handled apart. */
const roundings: Record<string, FeelFunctionValue> = {
  UP: feelinBuiltin('round up'),
  DOWN: feelinBuiltin('round down'),
  CEILING: feelinBuiltin('ceiling'),
  FLOOR: feelinBuiltin('floor'),
  HALF_UP: feelinBuiltin('round half up'),
  HALF_DOWN: feelinBuiltin('round half down'),
  HALF_EVEN: decimal,
};

function round(n: unknown, scale: unknown, mode: unknown): unknown {
  if (mode === undefined) return decimal(n, scale);
  if (typeof n !== 'number' || typeof scale !== 'number' || typeof mode !== 'string') return null;
  const name = mode.toUpperCase();
  // UNNECESSARY asserts that no rounding is needed; Java throws otherwise, and FEEL Scala gives null
  if (name === 'UNNECESSARY') return decimal(n, scale) === n ? n : null;
  const rounding = Object.hasOwn(roundings, name) ? roundings[name] : undefined;
  return rounding ? rounding(n, scale) : null;
}

export const numericFunctions = {
  /** A random number from 0 (inclusive) to 1 (exclusive). */
  'random number': feelFunction([], () => Math.random()),
  decimal: feelFunction(['n', 'scale', 'mode'], round),
};
