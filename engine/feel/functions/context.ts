// Camunda's context extensions (FEEL Scala's ContextBuiltinFunctions): `get value` and `context put` with a
// path of keys, `context merge` over a list or several contexts, and the deprecated names `put` and `put all`.
import { feelFunction, isContext, isList, isListOfStrings } from './define.js';

/** The entry at the path of keys; null when a key is missing or leads through a non-context. */
function valueAt(context: Record<string, unknown>, keys: string[]): unknown {
  let current: unknown = context;
  for (const key of keys) {
    if (!isContext(current) || !Object.hasOwn(current, key)) return null;
    current = current[key];
  }
  return keys.length === 0 ? null : (current ?? null);
}

/** A copy of the context with the value at the path; entries on the way that are not contexts are replaced. */
function putAt(context: Record<string, unknown>, [key, ...rest]: string[], value: unknown): Record<string, unknown> {
  if (key === undefined) return context;
  if (rest.length === 0) return { ...context, [key]: value };
  const nested = context[key];
  return { ...context, [key]: putAt(isContext(nested) ? nested : {}, rest, value) };
}

/** `get value(context, key)` and `get value(context, keys)`; `m` is the DMN name of the context parameter. */
function getValue(context: unknown, key: unknown, m: unknown, keys: unknown): unknown {
  if ((context === undefined) === (m === undefined) || (key === undefined) === (keys === undefined)) return null;
  const target = context ?? m;
  const path = key ?? keys;
  if (!isContext(target)) return null;
  if (typeof path === 'string') return Object.hasOwn(target, path) ? (target[path] ?? null) : null;
  return isListOfStrings(path) ? valueAt(target, path) : null;
}

/** `context put(context, key, value)` and `context put(context, keys, value)`. */
function contextPut(context: unknown, key: unknown, value: unknown, keys?: unknown): unknown {
  if ((key === undefined) === (keys === undefined) || value === undefined || !isContext(context)) return null;
  const path = key ?? keys;
  if (typeof path === 'string') return { ...context, [path]: value };
  return isListOfStrings(path) && path.length > 0 ? putAt(context, path, value) : null;
}

/** `context merge(contexts)`: one list of contexts, or the contexts as separate arguments. */
function contextMerge(...args: unknown[]): unknown {
  if (args.length === 0) return null;
  const contexts = args.length === 1 && isList(args[0]) ? args[0] : args;
  if (!contexts.every(isContext)) return null;
  return Object.assign({}, ...contexts) as Record<string, unknown>;
}

export const contextFunctions = {
  'get value': feelFunction(['context', 'key', 'm', 'keys'], getValue),
  'context put': feelFunction(['context', 'key', 'value', 'keys'], contextPut),
  /** Deprecated name of `context put`. */
  put: feelFunction(['context', 'key', 'value'], (context, key, value) => contextPut(context, key, value)),
  'context merge': feelFunction(['...contexts'], contextMerge),
  /** Deprecated name of `context merge`. */
  'put all': feelFunction(['...contexts'], contextMerge),
};
