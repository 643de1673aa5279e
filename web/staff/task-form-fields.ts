// The task forms in the design system's own markup: a form-js schema (forms/*.form, designed in the
// designer) and the data it opens with become fields the task page renders as DKFDS form groups, posted like
// every other form on the site and checked by the completion (cases/tasks.ts completionVariables). It covers
// the components our forms use; a form with any other component returns undefined, and the page shows it
// with the form-js viewer instead. Hide conditions are evaluated here for the first render and again in the
// browser as the caseworker answers (cases/form-visibility.ts).
import { marked } from 'marked';
import { isHidden } from '../../cases/form-visibility.js';

interface Component {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  text?: string;
  description?: string;
  readonly?: boolean;
  disabled?: boolean;
  values?: { label: string; value: unknown }[];
  valuesKey?: string;
  conditional?: { hide?: string };
  validate?: { required?: boolean; maxLength?: number };
  components?: Component[];
  isRepeating?: boolean;
  allowAddRemove?: boolean;
}

/** One option of a radio group or a check list. */
export interface Choice {
  value: string;
  label: string;
  checked: boolean;
  id: string;
}

interface Base {
  id: string;
  label: string;
  description: string;
  /** the FEEL hide condition, for the browser to re-evaluate */
  hide?: string;
  /** the list item the condition reads as `this`, as "path.index" */
  scope?: string;
  hidden: boolean;
  error?: string;
}

/** A field of the task form, as the template renders it. */
export type FormField =
  | { kind: 'text'; html: string }
  | (Base & { kind: 'readonly'; name: string; value: string })
  | (Base & { kind: 'textfield' | 'textarea'; name: string; value: string; required: boolean; maxLength?: number })
  | (Base & { kind: 'radio'; name: string; required: boolean; choices: Choice[] })
  | (Base & { kind: 'checklist'; name: string; required: boolean; choices: Choice[] })
  | (Base & { kind: 'checkbox'; name: string; checked: boolean })
  | { kind: 'list'; id: string; name: string; label: string; items: { legend: string; fields: FormField[] }[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * form-js's text component: Markdown, as form-js renders it (with marked), with {{key}} from the data. The
 * designer's text and the data are escaped first, so neither can put HTML of its own on the page; headings
 * move two levels down, under the page's "Form" heading.
 */
function textField(text: string, data: Record<string, unknown>): FormField {
  const filled = escapeHtml(text).replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => escapeHtml(asText(data[key])));
  const html = marked
    .parse(filled, { async: false, gfm: true, breaks: false })
    .replace(/<(\/?)h([1-4])>/g, (_, slash: string, level: string) => `<${slash}h${Math.min(Number(level) + 2, 6)}>`);
  return { kind: 'text', html };
}

/** The id of a field's input, from the problem path the completion reports (checklist[0].reason). */
export const fieldId = (path: string): string => `f-${path.replace(/\[(\d+)\]\.?/g, '-$1-').replace(/\./g, '-')}`;

/** The post name of a field: checklist[0][reason]. */
const postName = (path: string): string => path.replace(/\[(\d+)\]\./g, '[$1][').replace(/\[([^\]]+)$/, '[$1]');

function choicesOf(
  component: Component,
  data: Record<string, unknown>,
  id: string,
  chosen: unknown,
): Choice[] | undefined {
  const source = component.values ?? (component.valuesKey ? data[component.valuesKey] : undefined);
  if (!Array.isArray(source)) return component.valuesKey ? [] : undefined;
  const picked = Array.isArray(chosen) ? chosen.map(asText) : [asText(chosen)];
  return source.map((option: unknown, i) => {
    const value = asText(isRecord(option) ? option.value : option);
    const label = isRecord(option) && typeof option.label === 'string' ? option.label : value;
    return { value, label, checked: picked.includes(value), id: `${id}-${i}` };
  });
}

/**
 * The fields of a schema for this data, or undefined if the schema has a component this renderer does not
 * know. `errors` are the completion's problems by their path.
 */
export function formFields(
  schema: unknown,
  data: Record<string, unknown>,
  errors: Record<string, string> = {},
): FormField[] | undefined {
  if (!isRecord(schema) || !Array.isArray(schema.components)) return undefined;
  let known = true;

  const read = (
    components: readonly Component[],
    values: Record<string, unknown>,
    prefix: string,
    item?: Record<string, unknown>,
    scope?: string,
  ): FormField[] => {
    const fields: FormField[] = [];
    for (const component of components) {
      if (component.type === 'text') {
        fields.push(textField(component.text ?? '', data));
        continue;
      }
      if (component.type === 'dynamiclist' && component.path && !component.allowAddRemove) {
        const rows = Array.isArray(values[component.path]) ? (values[component.path] as unknown[]) : [];
        fields.push({
          kind: 'list',
          id: fieldId(`${prefix}${component.path}`),
          name: postName(`${prefix}${component.path}`),
          label: component.label ?? '',
          items: rows.map((row, i) => {
            const itemValues = isRecord(row) ? row : {};
            const inner = read(
              component.components ?? [],
              itemValues,
              `${prefix}${component.path}[${i}].`,
              itemValues,
              `${component.path}.${i}`,
            );
            // the item's heading: its first read-only field (the document's title), else its number
            const first = inner.find((f) => f.kind === 'readonly');
            return { legend: first && 'value' in first ? first.value : String(i + 1), fields: inner };
          }),
        });
        continue;
      }
      const key = component.key;
      if (!key) {
        known = false;
        continue;
      }
      const path = `${prefix}${key}`;
      const id = fieldId(path);
      const value = values[key];
      const base: Base = {
        id,
        label: component.label ?? key,
        description: component.description ?? '',
        hidden: isHidden(component.conditional?.hide, data, item),
        ...(component.conditional?.hide ? { hide: component.conditional.hide } : {}),
        ...(scope ? { scope } : {}),
        ...(errors[path] ? { error: errors[path] } : {}),
      };
      const required = component.validate?.required === true;
      if (component.readonly || component.disabled) {
        // named, so the browser's hide conditions can read it; the completion never takes it back
        fields.push({ ...base, kind: 'readonly', name: postName(path), value: asText(value) });
      } else if (component.type === 'textfield' || component.type === 'textarea') {
        fields.push({
          ...base,
          kind: component.type,
          name: postName(path),
          value: asText(value),
          required,
          ...(component.validate?.maxLength ? { maxLength: component.validate.maxLength } : {}),
        });
      } else if (component.type === 'radio' || component.type === 'checklist') {
        const choices = choicesOf(component, data, id, value) ?? [];
        fields.push({ ...base, kind: component.type, name: postName(path), required, choices });
      } else if (component.type === 'checkbox') {
        fields.push({ ...base, kind: 'checkbox', name: postName(path), checked: value === true });
      } else known = false;
    }
    return fields;
  };

  const fields = read(schema.components as Component[], data, '');
  return known ? fields : undefined;
}

/**
 * The answer a posted task form carries, shaped as form-js would submit it: lists as arrays, a check box as
 * true or false, a check list as an array. The completion then checks it against the schema as it checks
 * any client's.
 */
export function postedData(schema: unknown, body: Record<string, unknown>): Record<string, unknown> {
  const components = isRecord(schema) && Array.isArray(schema.components) ? (schema.components as Component[]) : [];
  const shape = (list: readonly Component[], posted: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const component of list) {
      if (component.type === 'dynamiclist' && component.path) {
        // each row posts its own index (_row), so a row with nothing answered cannot shift the ones after it
        const raw = posted[component.path];
        const rows = (Array.isArray(raw) ? raw : isRecord(raw) ? Object.values(raw) : []).filter(isRecord);
        const placed: Record<string, unknown>[] = [];
        for (const row of rows) {
          const index = Number(row._row);
          if (Number.isInteger(index) && index >= 0 && index < 100) placed[index] = row;
        }
        out[component.path] = Array.from(placed, (row) => shape(component.components ?? [], row ?? {}));
        continue;
      }
      const key = component.key;
      if (!key || component.readonly || component.disabled || component.type === 'text') continue;
      const value = posted[key];
      if (component.type === 'checkbox') out[key] = value === 'true';
      else if (component.type === 'checklist')
        out[key] = Array.isArray(value) ? value.map(asText) : value === undefined ? [] : [asText(value)];
      else if (value !== undefined) out[key] = asText(value);
    }
    return out;
  };
  return shape(components, body);
}

/** Every field with an id and a label, lists opened up. */
function* labelled(fields: readonly FormField[]): Generator<{ id: string; label: string }> {
  for (const field of fields) {
    if (field.kind === 'text') continue;
    if (field.kind === 'list') {
      yield { id: field.id, label: field.label };
      for (const item of field.items)
        for (const inner of labelled(item.fields)) yield { id: inner.id, label: `${item.legend}: ${inner.label}` };
      continue;
    }
    yield { id: field.id, label: field.label };
  }
}

/** The completion's problems for the error summary: each with the field's label and a link to it, if shown. */
export function problemList(
  fields: readonly FormField[],
  problems: readonly { field: string; message: string }[],
  say: (message: string) => string,
): { id?: string; text: string }[] {
  const byId = new Map([...labelled(fields)].map((f) => [f.id, f.label]));
  const seen = new Set<string>();
  const list: { id?: string; text: string }[] = [];
  for (const problem of problems) {
    if (seen.has(problem.field)) continue;
    seen.add(problem.field);
    const id = fieldId(problem.field);
    const label = byId.get(id);
    list.push(label ? { id, text: `${label}: ${say(problem.message)}` } : { text: say(problem.message) });
  }
  return list;
}

/** The answers a refused post carried, laid over the data the form opens with (lists row by row). */
export function withAnswers(data: Record<string, unknown>, answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(answers)) {
    const before = data[key];
    out[key] =
      Array.isArray(value) && Array.isArray(before) && value.every(isRecord)
        ? before.map((row: unknown, i) => ({ ...(isRecord(row) ? row : {}), ...(value[i] as Record<string, unknown>) }))
        : value;
  }
  return out;
}
