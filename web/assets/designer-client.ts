// What the three designer editors share in the browser: the page's JSON block (the resource's text, the
// CSRF token and the texts to show), the "Check" and "Deploy" buttons that post to the server, and the list
// of findings. Each editor (BPMN, DMN, form) only says how to save its text and how to select an element.

/** The page's data, rendered by the server into <script type="application/json" id="designer-data">. */
export interface DesignerData {
  kind: 'process' | 'decision' | 'form';
  key: string;
  id: string;
  version: number;
  content: string;
  csrfToken: string;
  lintUrl: string;
  deployUrl: string;
  /** where drafts are saved and sent for approval (the way a change goes live) */
  draftsUrl: string;
  /** the Deploy button deploys at once (a development installation) instead of proposing a draft */
  directDeploy: boolean;
  texts: Record<string, string>;
}

/** A finding as the server sends it (web/staff/designer-lint.ts). */
export interface Finding {
  category: string;
  elementId: string;
  message: string;
  rule: string;
}

/** How an editor takes part: its current text, and (optionally) showing an element a finding names. */
export interface EditorHooks {
  save(): Promise<string>;
  select?(elementId: string): void;
}

/** Reads the page's data block. */
export function readDesignerData(): DesignerData {
  const block = document.getElementById('designer-data');
  return JSON.parse(block?.textContent ?? '{}') as DesignerData;
}

/** An element of the page by id; the templates always render these. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

const text = (data: DesignerData, name: string, values: Record<string, string | number> = {}): string =>
  (data.texts[name] ?? name).replace(/\{\{(\w+)\}\}/g, (_m, key: string) => String(values[key] ?? ''));

/** Shows a status line (read out by screen readers: the container is role=status). */
export function showStatus(message: string, kind: 'info' | 'error' | 'success' = 'info'): void {
  const status = byId('designer-status');
  status.className = `designer-status designer-status--${kind}`;
  status.textContent = message;
}

function showFindings(data: DesignerData, findings: readonly Finding[], hooks: EditorHooks): void {
  const list = byId<HTMLUListElement>('designer-findings');
  list.replaceChildren(
    ...findings.map((finding) => {
      const item = document.createElement('li');
      item.className = `designer-finding designer-finding--${finding.category}`;
      const label = document.createElement('strong');
      label.textContent = `${text(data, finding.category)}: `;
      item.append(label);
      if (finding.elementId && hooks.select) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'designer-finding-element';
        button.textContent = finding.elementId;
        button.addEventListener('click', () => hooks.select?.(finding.elementId));
        item.append(button, ' ');
      } else item.append(`${finding.elementId || text(data, 'resourceLevel')} `);
      item.append(`${finding.message} (${finding.rule})`);
      return item;
    }),
  );
}

async function post(url: string, csrfToken: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json().catch(() => undefined);
  return { status: response.status, json };
}

const findingsOf = (json: unknown): Finding[] =>
  Array.isArray((json as { findings?: unknown } | undefined)?.findings)
    ? (json as { findings: Finding[] }).findings
    : [];

function summary(data: DesignerData, findings: readonly Finding[]): string {
  if (findings.length === 0) return text(data, 'noFindings');
  const errors = findings.filter((f) => f.category === 'error').length;
  return text(data, 'findingsSummary', { errors, warnings: findings.length - errors });
}

/** Enables the page's Check and Deploy buttons for an editor that has loaded its model. */
export function wireToolbar(data: DesignerData, hooks: EditorHooks): void {
  const check = document.getElementById('designer-check') as HTMLButtonElement | null;
  const deploy = byId<HTMLButtonElement>('designer-deploy');
  const buttons = [check, deploy].filter((b): b is HTMLButtonElement => b !== null);
  const busy = (isBusy: boolean) => buttons.forEach((b) => (b.disabled = isBusy));
  const run = (action: () => Promise<void>) => () => {
    busy(true);
    action()
      .catch((error: unknown) => showStatus(text(data, 'failed', { status: String(error) }), 'error'))
      .finally(() => busy(false));
  };

  check?.addEventListener(
    'click',
    run(async () => {
      showStatus(text(data, 'checking'));
      const { status, json } = await post(data.lintUrl, data.csrfToken, { content: await hooks.save() });
      if (status !== 200) return showStatus(text(data, 'failed', { status }), 'error');
      const findings = findingsOf(json);
      showFindings(data, findings, hooks);
      showStatus(summary(data, findings), findings.some((f) => f.category === 'error') ? 'error' : 'success');
    }),
  );

  const propose = async () => {
    showStatus(text(data, 'proposing'));
    const saved = await post(data.draftsUrl, data.csrfToken, {
      kind: data.kind,
      content: await hooks.save(),
      basedOnKey: data.key,
    });
    const draftId = (saved.json as { draft?: { id?: unknown } } | undefined)?.draft?.id;
    const sent =
      (saved.status === 200 || saved.status === 201) && typeof draftId === 'string'
        ? await post(`${data.draftsUrl}/${draftId}/propose`, data.csrfToken, {})
        : saved;
    if (sent.status === 200) return showStatus(text(data, 'proposed'), 'success');
    if (sent.status === 400 && findingsOf(sent.json).length > 0) {
      showFindings(data, findingsOf(sent.json), hooks);
      return showStatus(text(data, 'refusedDraft'), 'error');
    }
    showStatus(text(data, 'failed', { status: sent.status }), 'error');
  };

  deploy.addEventListener(
    'click',
    run(async () => {
      if (!data.directDeploy) return propose();
      showStatus(text(data, 'deploying'));
      const { status, json } = await post(data.deployUrl, data.csrfToken, {
        kind: data.kind,
        content: await hooks.save(),
      });
      const url = (json as { url?: unknown } | undefined)?.url;
      if ((status === 200 || status === 201) && typeof url === 'string') {
        window.location.assign(url);
        return;
      }
      if (status === 400 && findingsOf(json).length > 0) {
        showFindings(data, findingsOf(json), hooks);
        const source = (json as { source?: unknown }).source;
        return showStatus(text(data, source === 'engine' ? 'refusedByEngine' : 'refusedByLint'), 'error');
      }
      showStatus(text(data, 'failed', { status }), 'error');
    }),
  );
  busy(false);
}

/** Says on the page that the model could not be opened. */
export function showLoadError(data: DesignerData, error: unknown): void {
  showStatus(text(data, 'loadFailed', { message: error instanceof Error ? error.message : String(error) }), 'error');
}
