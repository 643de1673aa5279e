// What a deployment gave back, joined with what was sent: one record per process, decision requirements
// graph and form, with the engine's key, version and the resource's text. The web stores these
// (cases/deployed-resources.ts) because a broker-only Zeebe cannot hand a form or a BPMN back over gRPC.

/** A deployed resource as the engine keyed it. */
export interface DeploymentRecord {
  kind: 'process' | 'decision' | 'form';
  /** processDefinitionKey, decisionRequirementsKey or formKey */
  key: string;
  /** bpmnProcessId, decisionRequirementsId or formId */
  id: string;
  version: number;
  resourceName: string;
  content: string;
}

/** A resource as sent to DeployResource. */
export type SentResource = { name: string } & ({ process: Buffer } | { decision: Buffer } | { form: Buffer });

const contentOf = (resource: SentResource | undefined) =>
  resource
    ? 'process' in resource
      ? resource.process
      : 'decision' in resource
        ? resource.decision
        : resource.form
    : undefined;

/** Joins a DeployResource response's deployments with the resources sent, by resource name. */
export function deploymentRecords(deployments: readonly unknown[], sent: readonly SentResource[]): DeploymentRecord[] {
  const byName = new Map(sent.map((resource) => [resource.name, resource]));
  const records: DeploymentRecord[] = [];
  for (const deployment of deployments as Record<string, Record<string, unknown> | undefined>[]) {
    const { process, decisionRequirements, form } = deployment;
    const add = (kind: DeploymentRecord['kind'], body: Record<string, unknown>, key: unknown, id: unknown) => {
      const resourceName = String(body.resourceName);
      const content = contentOf(byName.get(resourceName));
      if (content === undefined) return;
      records.push({
        kind,
        key: String(key),
        id: String(id),
        version: Number(body.version),
        resourceName,
        content: content.toString('utf8'),
      });
    };
    if (process) add('process', process, process.processDefinitionKey, process.bpmnProcessId);
    if (decisionRequirements)
      add(
        'decision',
        decisionRequirements,
        decisionRequirements.decisionRequirementsKey,
        decisionRequirements.dmnDecisionRequirementsId,
      );
    if (form) add('form', form, form.formKey, form.formId);
  }
  return records;
}
