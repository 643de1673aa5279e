// What a form draft changes against the version that runs (issue 14), component by component, matched by
// their ids (the form editor keeps a component's id when it is edited): a component added or removed by its
// label, and for a kept one the properties a caseworker would notice (label, key, required, the condition
// that hides it, the choices).
import type { TFunction } from 'i18next';

interface Component {
  id?: string;
  type?: string;
  key?: string;
  path?: string;
  label?: string;
  text?: string;
  description?: string;
  validate?: Record<string, unknown>;
  conditional?: { hide?: string };
  values?: { label?: string; value?: unknown }[];
  components?: Component[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every component of a schema by id, lists and groups opened up. */
function componentsOf(schema: unknown): Map<string, Component> {
  const found = new Map<string, Component>();
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!isRecord(item)) continue;
      const component = item as Component;
      if (component.id) found.set(component.id, component);
      walk(component.components);
    }
  };
  walk(isRecord(schema) ? schema.components : undefined);
  return found;
}

/** How a component is named in a sentence: its label, its text's first line, else its key or id. */
const nameOf = (c: Component): string =>
  c.label ?? c.text?.split('\n')[0]?.replace(/^#+\s*/, '') ?? c.key ?? c.path ?? c.id ?? '';

/** The properties compared, as words. */
const properties: { name: string; read: (c: Component) => string }[] = [
  { name: 'label', read: (c) => c.label ?? '' },
  { name: 'text', read: (c) => c.text ?? '' },
  { name: 'key', read: (c) => c.key ?? c.path ?? '' },
  { name: 'description', read: (c) => c.description ?? '' },
  { name: 'required', read: (c) => (c.validate?.required === true ? 'yes' : 'no') },
  { name: 'hide', read: (c) => c.conditional?.hide ?? '' },
  { name: 'choices', read: (c) => (c.values ?? []).map((v) => v.label ?? String(v.value)).join(', ') },
];

/** The changes of a form in sentences; both texts are the forms' JSON. */
export function diffForms(liveJson: string | undefined, draftJson: string, t: TFunction): string[] {
  const parse = (text: string | undefined): unknown => {
    try {
      return text === undefined ? {} : (JSON.parse(text) as unknown);
    } catch {
      return {};
    }
  };
  const before = componentsOf(parse(liveJson));
  const after = componentsOf(parse(draftJson));
  const sentences: string[] = [];
  for (const [id, component] of after) {
    const old = before.get(id);
    if (!old) {
      sentences.push(t('designer:formDiff.added', { name: nameOf(component), type: component.type ?? '' }));
      continue;
    }
    for (const property of properties) {
      const [was, now] = [property.read(old), property.read(component)];
      if (was !== now)
        sentences.push(
          t('designer:formDiff.changed', {
            name: nameOf(component),
            property: t(`designer:formDiff.property.${property.name}`),
            before: was || '–',
            after: now || '–',
          }),
        );
    }
  }
  for (const [id, component] of before)
    if (!after.has(id)) sentences.push(t('designer:formDiff.removed', { name: nameOf(component) }));
  return sentences;
}
