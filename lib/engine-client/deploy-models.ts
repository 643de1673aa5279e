// Deploys processes/ (BPMN and DMN) and forms/ in one call. Idempotent: the engine (embedded or Zeebe)
// gives unchanged resources no new version, so every start can call it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { deploymentRecords, type DeploymentRecord, type SentResource } from './deployment-records.js';
import type { EngineClient } from './index.js';

export interface DeployedModels {
  processes: { bpmnProcessId: string; version: number }[];
  decisions: { decisionId: string; version: number }[];
  forms: { formId: string; version: number }[];
  /** every resource with its key and text, for cases/deployed-resources.ts */
  records: DeploymentRecord[];
}

type Resource = SentResource;

async function read(folder: string, extension: string, kind: 'process' | 'decision' | 'form'): Promise<Resource[]> {
  const names = (await fs.readdir(folder)).filter((name) => name.endsWith(extension)).sort();
  return Promise.all(
    names.map(async (name) => ({ [kind]: await fs.readFile(path.join(folder, name)), name }) as Resource),
  );
}

export async function deployModels(
  client: EngineClient,
  folders: { processes: string; forms: string } = { processes: 'processes', forms: 'forms' },
): Promise<DeployedModels> {
  const resources = [
    ...(await read(folders.processes, '.bpmn', 'process')),
    ...(await read(folders.processes, '.dmn', 'decision')),
    ...(await read(folders.forms, '.form', 'form')),
  ];
  const { deployments } = await client.deployResources(resources);
  const result: DeployedModels = {
    processes: [],
    decisions: [],
    forms: [],
    records: deploymentRecords(deployments, resources),
  };
  for (const deployment of deployments as Record<string, Record<string, unknown> | undefined>[]) {
    const { process, decision, form } = deployment;
    if (process)
      result.processes.push({ bpmnProcessId: String(process.bpmnProcessId), version: Number(process.version) });
    if (decision)
      result.decisions.push({ decisionId: String(decision.dmnDecisionId), version: Number(decision.version) });
    if (form) result.forms.push({ formId: String(form.formId), version: Number(form.version) });
  }
  return result;
}
