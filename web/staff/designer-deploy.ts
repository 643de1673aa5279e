// Deploys one model from the designer through the engine client, the same call on the embedded engine and
// on Zeebe, then records what the engine keyed so the designer, the task page and the case page can read
// that version back. BPMN is linted on the server first; the engine's own refusal (INVALID_ARGUMENT with
// element ids) comes back as findings too, so the designer sees both in one list.
import { UpstreamError } from '../../lib/errors/index.js';
import {
  deploymentRecords,
  type DeploymentRecord,
  type SentResource,
} from '../../lib/engine-client/deployment-records.js';
import type { CaseFile } from '../../cases/index.js';
import type { EngineClient } from '../../lib/engine-client/index.js';
import { hasErrors, lintBpmn, type Finding } from './designer-lint.js';

/** The kinds of resource the designer edits. */
export type DesignKind = DeploymentRecord['kind'];

/** What a deploy came to: the new (or unchanged) version, or the findings that stopped it. */
export type DeployOutcome =
  | { deployed: true; record: DeploymentRecord; isNew: boolean; findings: Finding[] }
  | { deployed: false; source: 'lint' | 'engine'; findings: Finding[] };

const refused = (source: 'lint' | 'engine', findings: Finding[]): DeployOutcome => ({
  deployed: false,
  source,
  findings,
});
const problem = (message: string, rule = 'resource'): Finding => ({ category: 'error', elementId: '', message, rule });
// resource names become file names in Operate and in the engine's deployment; keep them plain
const safeName = (id: string) => /^[A-Za-z_][\w.-]{0,200}$/.test(id);

/** The resource name a model is deployed under (its id + extension, STYLE.md) or the findings against it. */
async function prepare(kind: DesignKind, content: string): Promise<{ name: string; findings: Finding[] }> {
  if (kind === 'process') {
    const { findings, processIds } = await lintBpmn(content);
    const [id] = processIds;
    if (!id) return { name: '', findings: [...findings, problem('The model has no process.')] };
    return { name: `${id}.bpmn`, findings };
  }
  if (kind === 'decision') {
    // the file is named after its (first) decision, as processes/required-documents.dmn is
    const id = /<(?:[\w-]+:)?decision\b[^>]*?\sid="([^"]+)"/.exec(content)?.[1];
    if (!id || !safeName(id)) return { name: '', findings: [problem('The decision model has no usable id.')] };
    return { name: `${id}.dmn`, findings: [] };
  }
  let schema: unknown;
  try {
    schema = JSON.parse(content);
  } catch {
    return { name: '', findings: [problem('The form is not valid JSON.')] };
  }
  const id = (schema as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !safeName(id)) return { name: '', findings: [problem('The form has no usable id.')] };
  return { name: `${id}.form`, findings: [] };
}

/**
 * The checks a model passes before it may be saved as a draft, proposed or deployed: the id it is deployed
 * under (empty when it has none) and the findings (lint for BPMN, parse for DMN and forms).
 */
export async function checkModel(
  kind: DesignKind,
  content: string,
): Promise<{ resourceId: string; findings: Finding[] }> {
  if (content.trim() === '') return { resourceId: '', findings: [problem('The model is empty.')] };
  const { name, findings } = await prepare(kind, content);
  return { resourceId: name.replace(/\.(bpmn|dmn|form)$/, ''), findings };
}

const sentResource = (kind: DesignKind, name: string, content: string): SentResource => {
  const bytes = Buffer.from(content, 'utf8');
  return kind === 'process'
    ? { process: bytes, name }
    : kind === 'decision'
      ? { decision: bytes, name }
      : { form: bytes, name };
};

/** Reads the engine's refusal ("- Element: X\n    - ERROR: message") into findings; undefined if it is none. */
export function engineFindings(error: unknown): Finding[] | undefined {
  const e = error as { code?: unknown; details?: unknown; message?: unknown };
  const text = typeof e.details === 'string' && e.details ? e.details : typeof e.message === 'string' ? e.message : '';
  if (e.code !== 3 && !text.includes('INVALID_ARGUMENT')) return undefined;
  const findings: Finding[] = [];
  let element = '';
  for (const line of text.split('\n')) {
    // Zeebe writes the first element on the resource's line ("'x.bpmn': - Element: Task_A")
    const elementLine = /(?:^|\s)- Element: (.+?)\s*$/.exec(line);
    const errorLine = /^\s*- ERROR: (.+?)\s*$/.exec(line);
    if (elementLine) element = elementLine[1] === '(resource)' ? '' : (elementLine[1] ?? '');
    else if (errorLine)
      findings.push({ category: 'error', elementId: element, message: errorLine[1] ?? '', rule: 'engine' });
  }
  if (findings.length > 0) return findings;
  // no element lines (a DMN or form the engine cannot parse): keep what follows the fixed preamble
  const message = /following errors:\s*([^]+)$/.exec(text)?.[1] ?? text;
  return [{ category: 'error', elementId: '', message: message.trim(), rule: 'engine' }];
}

/** Checks, deploys and records one model; `actor` is stored as who deployed it. */
export async function deployModel(
  { engine, caseFile }: { engine: EngineClient; caseFile: CaseFile },
  kind: DesignKind,
  content: string,
  actor: string,
): Promise<DeployOutcome> {
  const { name, findings } = await prepare(kind, content);
  if (!name || hasErrors(findings)) return refused('lint', findings);
  const sent = [sentResource(kind, name, content)];
  let deployments: readonly unknown[];
  try {
    ({ deployments } = await engine.deployResources(sent));
  } catch (error) {
    const refusal = engineFindings(error);
    if (refusal) return refused('engine', refusal);
    throw new UpstreamError('the engine did not take the deployment', { kind, name });
  }
  const record = deploymentRecords(deployments, sent).find((r) => r.kind === kind);
  if (!record) throw new UpstreamError('the engine returned no deployed resource', { kind, name });
  const isNew = (await caseFile.deployedResources.content(record.key)) === undefined;
  await caseFile.deployedResources.record([record], actor);
  return { deployed: true, record, isNew, findings };
}
