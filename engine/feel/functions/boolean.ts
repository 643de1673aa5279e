// Camunda's boolean extensions (FEEL Scala's BooleanBuiltinFunctions): `is defined`, `get or else`, `assert`.
import { feelFunction } from './define.js';

export const booleanFunctions = {
  /** True unless the value is null; a missing variable or context entry is null. */
  'is defined': feelFunction(['value'], (value) => (value === undefined ? null : value !== null)),

  /** The value, or the default when the value is null. */
  'get or else': feelFunction(['value', 'default'], (value, fallback) =>
    value === undefined || fallback === undefined ? null : (value ?? fallback),
  ),

  /** Fails the evaluation (an incident on Zeebe) unless the condition is true; otherwise gives the value. */
  assert: feelFunction(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition !== true) throw new Error(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
    return value;
  }),
};
