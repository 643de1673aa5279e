// Whether a form field is hidden by its `conditional.hide` FEEL expression, as form-js decides it: the
// expression sees the form's data, and inside a dynamic list also `this` (the item) and `parent` (the data
// around the list). Shared by the server (the task page's first render, the completion's checks) and the
// browser (the task page's fields as the caseworker answers), so both hide the same fields.
import { evaluate } from 'feelin';

/** The FEEL source of a hide condition ("=x != 1" -> "x != 1"), or undefined for none. */
export function hideSource(hide: unknown): string | undefined {
  if (typeof hide !== 'string') return undefined;
  const trimmed = hide.trim();
  if (trimmed === '') return undefined;
  return trimmed.startsWith('=') ? trimmed.slice(1) : trimmed;
}

/**
 * Whether the condition hides its field for this data. A condition that fails to evaluate shows the field:
 * a field wrongly shown can be left alone, one wrongly hidden cannot be filled in.
 */
export function isHidden(hide: unknown, root: Record<string, unknown>, item?: Record<string, unknown>): boolean {
  const source = hideSource(hide);
  if (!source) return false;
  try {
    const context = item ? { ...root, ...item, this: item, parent: root } : root;
    return evaluate(source, context).value === true;
  } catch {
    return false;
  }
}
