// What the designer's pages show, built from the deployed resources and the process-version counts: the
// overview (every id with its versions, the cases on each process version, the deploy history) and one
// editor page (the resource's text and the texts the browser code needs, as one JSON block, because the
// Content-Security-Policy allows no inline script).
import type { TFunction } from 'i18next';
import type { DeployedResource, DeployedResources } from '../../cases/deployed-resources.js';
import type { ProcessVersions, ProcessVersionUse } from '../../cases/process-versions.js';
import { scriptJson } from '../views.js';
import type { DesignKind } from './designer-deploy.js';

/** A version on the overview, with the cases on it (processes only). */
export interface VersionRow extends DeployedResource {
  applications: number;
  open: number;
}

/** One id with its versions, newest first. */
export interface ResourceGroup {
  id: string;
  latest: VersionRow;
  older: VersionRow[];
}

/** The overview page's model. */
export interface DesignerOverview {
  processes: ResourceGroup[];
  decisions: ResourceGroup[];
  forms: ResourceGroup[];
  /** cases on a process definition the designer has no record of (deployed elsewhere), and not yet started */
  unrecorded: ProcessVersionUse[];
  history: DeployedResource[];
}

const historyLength = 50;

function groups(resources: DeployedResource[], usage: Map<string, ProcessVersionUse>): ResourceGroup[] {
  const byId = new Map<string, VersionRow[]>();
  for (const resource of resources) {
    const use = usage.get(resource.key);
    const row = { ...resource, applications: use?.applications ?? 0, open: use?.open ?? 0 };
    byId.set(resource.id, [...(byId.get(resource.id) ?? []), row]);
  }
  return [...byId].flatMap(([id, rows]) => {
    const [latest, ...older] = rows;
    return latest ? [{ id, latest, older }] : [];
  });
}

/** Builds the overview. */
export async function designerOverview(
  deployed: DeployedResources,
  versions: ProcessVersions,
): Promise<DesignerOverview> {
  const [processes, decisions, forms, usage] = await Promise.all([
    deployed.list('process'),
    deployed.list('decision'),
    deployed.list('form'),
    versions.usage(),
  ]);
  const byKey = new Map(usage.flatMap((u) => (u.processDefinitionKey ? [[u.processDefinitionKey, u] as const] : [])));
  const known = new Set(processes.map((p) => p.key));
  const history = [...processes, ...decisions, ...forms]
    .sort((a, b) => b.deployedAt.getTime() - a.deployedAt.getTime() || Number(BigInt(b.key) - BigInt(a.key)))
    .slice(0, historyLength);
  return {
    processes: groups(processes, byKey),
    decisions: groups(decisions, new Map()),
    forms: groups(forms, new Map()),
    unrecorded: usage.filter((u) => !u.processDefinitionKey || !known.has(u.processDefinitionKey)),
    history,
  };
}

/** The texts the editor's browser code shows (status lines and finding labels). */
const clientTexts = [
  'proposing',
  'proposed',
  'refusedDraft',
  'checking',
  'deploying',
  'noFindings',
  'findingsSummary',
  'refusedByLint',
  'refusedByEngine',
  'failed',
  'loadFailed',
  'error',
  'warn',
  'info',
  'resourceLevel',
  'drdView',
] as const;

/** The editor page's model; `dataJson` renders the JSON block for the browser code. */
export interface EditorPage {
  kind: DesignKind;
  resource: DeployedResource;
  /** `directDeploy`: the Deploy button puts the model live at once (a development installation) */
  dataJson(t: TFunction, csrfToken: string, directDeploy?: boolean): string;
}

/** The editor page of a deployed resource by its key, or undefined when no such resource of that kind. */
export async function editorPage(
  deployed: DeployedResources,
  kind: DesignKind,
  key: string,
): Promise<EditorPage | undefined> {
  if (!/^\d{1,20}$/.test(key)) return undefined;
  const resource = (await deployed.list(kind)).find((r) => r.key === key);
  const content = resource && (await deployed.content(key));
  if (!resource || content === undefined) return undefined;
  return {
    kind,
    resource,
    dataJson: (t, csrfToken, directDeploy = false) =>
      scriptJson({
        kind,
        key,
        id: resource.id,
        version: resource.version,
        content,
        csrfToken,
        lintUrl: '/staff/designer/lint',
        deployUrl: '/staff/designer/deploy',
        draftsUrl: '/staff/designer/drafts',
        directDeploy,
        texts: Object.fromEntries(clientTexts.map((name) => [name, t(`designer:client.${name}`)])),
      }),
  };
}
