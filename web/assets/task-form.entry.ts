// The task page's form island (DESIGN.md "Caseworker pages"): renders the task's linked form with the
// form-js viewer from the schema and data the server put in data attributes (no inline script under the
// CSP), and on submit puts form-js's validated data into the completion form's hidden field, so the post
// itself is an ordinary form post with its CSRF token and the server's redirect.
import { Form } from '@bpmn-io/form-js';
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

void start();
