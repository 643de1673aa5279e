// The task page's form (DESIGN.md "Caseworker pages"). Our forms come as the design system's own fields
// (web/staff/task-form-fields.ts), posted as they are: here the fields a condition hides are shown and hidden
// as the caseworker answers, by the same FEEL evaluation the server used (cases/form-visibility.ts). A form
// with a component those fields do not cover comes as a form-js island instead: rendered with the form-js
// viewer from the schema and data the server put in data attributes (no inline script under the CSP), with
// form-js's validated data put into the completion form's hidden field on submit, so that post too is an
// ordinary form post with its CSRF token and the server's redirect.
import { Form } from '@bpmn-io/form-js';
import { isHidden } from '../../cases/form-visibility.js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import './task-form.css';

function readJson(element: HTMLElement, name: string): unknown {
  const raw = element.dataset[name];
  return raw ? (JSON.parse(raw) as unknown) : undefined;
}

async function start(): Promise<void> {
  const container = document.getElementById('task-form');
  const post = document.getElementById('complete-form');
  const field = document.getElementById('complete-variables');
  const problems = document.getElementById('complete-errors');
  if (!container) return;
  const form = new Form({ container });
  await form.importSchema(readJson(container, 'schema'), readJson(container, 'data') ?? {});
  if (!(post instanceof HTMLFormElement) || !(field instanceof HTMLInputElement)) return;
  post.addEventListener('submit', (event) => {
    const { data, errors } = form.submit();
    if (Object.keys(errors).length > 0) {
      event.preventDefault();
      if (problems) problems.hidden = false;
      container
        .querySelector<HTMLElement>('.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select')
        ?.focus();
      return;
    }
    if (problems) problems.hidden = true;
    field.value = JSON.stringify(data);
  });
}

/** Puts `value` at a post name's path (checklist[0][verdict]), making lists where the next step is a number. */
function place(root: Record<string, unknown>, steps: string[], value: unknown, isList: boolean): void {
  let at: Record<string, unknown> | unknown[] = root;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const container = at as Record<string, unknown>;
    if (last) {
      if (isList) {
        const list = Array.isArray(container[step]) ? (container[step] as unknown[]) : [];
        if (value !== undefined) list.push(value);
        container[step] = list;
      } else container[step] = value;
      return;
    }
    const next = steps[i + 1] ?? '';
    container[step] ??= /^\d+$/.test(next) ? [] : {};
    at = container[step] as Record<string, unknown>;
  });
}

/** The answers on the page, shaped as the hide conditions read them. */
function answersOf(form: HTMLFormElement): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) || !element.name) continue;
    const isList = element.name.endsWith('[]');
    const steps = element.name.replace(/\[\]$/, '').replace(/\]/g, '').split('[');
    if (steps.some((step) => step.startsWith('_'))) continue;
    if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (element.checked) place(root, steps, element.value, false);
      continue;
    }
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      if (isList) place(root, steps, element.checked ? element.value : undefined, true);
      else place(root, steps, element.checked, false);
      continue;
    }
    place(root, steps, element.value, false);
  }
  return root;
}

/** Shows and hides the fields whose conditions read the answers. */
function followConditions(form: HTMLFormElement): void {
  const conditional = Array.from(form.querySelectorAll<HTMLElement>('[data-hide]'));
  const update = () => {
    const root = answersOf(form);
    for (const field of conditional) {
      const [path = '', index = ''] = (field.dataset.scope ?? '').split('.');
      const rows = path ? root[path] : undefined;
      const item = Array.isArray(rows) ? (rows[Number(index)] as Record<string, unknown> | undefined) : undefined;
      field.hidden = isHidden(field.dataset.hide, root, path ? (item ?? {}) : undefined);
    }
  };
  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
}

const fields = document.querySelector<HTMLFormElement>('form.task-fields');
if (fields) followConditions(fields);
else void start();
