// zeebe:input and zeebe:output mappings. Like Zeebe, which evaluates the mappings of an element as one
// FEEL context, a later mapping can read the targets written by earlier ones; a dotted target
// (`a.b`) builds or extends a nested context. A missing source yields null, not an error.
import { evaluate } from '../feel/expression.js';
import type { Mapping } from '../model/types.js';

export type MappingResult = { ok: true; document: Record<string, unknown> } | { ok: false; message: string };

function assign(document: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    document[head] = value;
    return;
  }
  const current = document[head];
  const nested: Record<string, unknown> =
    typeof current === 'object' && current !== null && !Array.isArray(current)
      ? { ...(current as Record<string, unknown>) }
      : {};
  assign(nested, rest, value);
  document[head] = nested;
}

/** Evaluates mappings against `context`, returning the document of targets. */
export function applyMappings(mappings: Mapping[], context: Record<string, unknown>): MappingResult {
  const document: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const result = evaluate(mapping.source, { ...context, ...document });
    if (!result.ok) return { ok: false, message: result.message };
    const path = mapping.target.split('.');
    // a nested target extends the variable visible under its first segment
    const head = path[0] ?? '';
    if (path.length > 1 && !(head in document) && typeof context[head] === 'object' && context[head] !== null) {
      document[head] = context[head];
    }
    assign(document, path, result.value);
  }
  return { ok: true, document };
}
