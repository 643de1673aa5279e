// DeployResource: validate every resource, then version each process as Zeebe does. A process is a
// duplicate (same key and version) when its resource has the same name and checksum as the latest
// version of that process id; anything else is a new version. One bad resource rejects the whole call.
import { createHash } from 'node:crypto';
import type { EngineCore } from '../core.js';
import { rejected } from '../errors.js';
import { parseBpmn } from '../model/parse.js';
import type { ModelProblem, ProcessModel } from '../model/types.js';
import { inTransaction } from '../state/transaction.js';

export interface ResourceInput {
  name: string;
  content: Buffer;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface DeployResult {
  key: string;
  processes: DeployedProcess[];
}

function formatProblems(resource: string, problems: ModelProblem[]): string {
  const byElement = new Map<string, string[]>();
  for (const problem of problems)
    byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem.message]);
  const lines = [...byElement].map(
    ([element, messages]) =>
      `- Element: ${element || '(resource)'}\n${messages.map((m) => `    - ERROR: ${m}`).join('\n')}`,
  );
  return `'${resource}':\n${lines.join('\n')}`;
}

export async function deploy(core: EngineCore, resources: ResourceInput[]): Promise<DeployResult> {
  if (resources.length === 0)
    throw rejected('CREATE', 'INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
  const errors: string[] = [];
  const parsed: { resource: ResourceInput; xml: string; checksum: string; processes: ProcessModel[] }[] = [];
  const seen = new Map<string, string>();
  for (const resource of resources) {
    if (!/\.(bpmn|xml)$/i.test(resource.name)) {
      errors.push(
        /\.(dmn|form)$/i.test(resource.name)
          ? `'${resource.name}': DMN and form resources are not supported by the embedded engine yet`
          : `'${resource.name}': unknown resource type`,
      );
      continue;
    }
    const xml = resource.content.toString('utf8');
    const { processes, problems } = await parseBpmn(xml);
    if (problems.length > 0) {
      errors.push(formatProblems(resource.name, problems));
      continue;
    }
    for (const process of processes) {
      const other = seen.get(process.id);
      if (other) errors.push(`Duplicated process id in resources '${other}' and '${resource.name}'`);
      seen.set(process.id, resource.name);
    }
    parsed.push({ resource, xml, processes, checksum: createHash('md5').update(resource.content).digest('hex') });
  }
  if (errors.length > 0) {
    throw rejected(
      'CREATE',
      'INVALID_ARGUMENT',
      `Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`,
    );
  }

  const now = Date.now();
  const fresh: { key: string; model: ProcessModel }[] = [];
  const result = await inTransaction(core.pool, async (client) => {
    // one deployment at a time, so version numbers never race
    await client.query(`select pg_advisory_xact_lock(hashtext('engine.deploy'))`);
    const processes: DeployedProcess[] = [];
    for (const { resource, xml, checksum, processes: models } of parsed) {
      for (const model of models) {
        const { rows } = await client.query<{ key: string; version: number; checksum: string; resource_name: string }>(
          `select key::text, version, checksum, resource_name from engine.process_definitions
            where bpmn_process_id = $1 order by version desc limit 1`,
          [model.id],
        );
        const latest = rows[0];
        if (latest && latest.checksum === checksum && latest.resource_name === resource.name) {
          processes.push({
            bpmnProcessId: model.id,
            version: latest.version,
            processDefinitionKey: latest.key,
            resourceName: resource.name,
          });
          continue;
        }
        const key = await core.keys.next();
        const version = (latest?.version ?? 0) + 1;
        processes.push({ bpmnProcessId: model.id, version, processDefinitionKey: key, resourceName: resource.name });
        fresh.push({ key, model });
        await client.query(
          `insert into engine.process_definitions (key, bpmn_process_id, version, resource_name, checksum, resource, deployment_key, created_at)
           values ($1, $2, $3, $4, $5, $6, 0, $7)`,
          [key, model.id, version, resource.name, checksum, xml, now],
        );
        // message start events follow the latest version only
        await client.query('delete from engine.message_start_subscriptions where bpmn_process_id = $1', [model.id]);
        for (const start of model.messageStarts) {
          await client.query(
            `insert into engine.message_start_subscriptions (message_name, bpmn_process_id, process_definition_key, element_id)
             values ($1, $2, $3, $4)`,
            [start.messageName, model.id, key, start.elementId],
          );
        }
      }
    }
    const deploymentKey = await core.keys.next();
    await client.query('insert into engine.deployments (key, created_at) values ($1, $2)', [deploymentKey, now]);
    const freshKeys = fresh.map((f) => f.key);
    if (freshKeys.length > 0) {
      await client.query('update engine.process_definitions set deployment_key = $1 where key = any($2::bigint[])', [
        deploymentKey,
        freshKeys,
      ]);
    }
    return { key: deploymentKey, processes };
  });
  for (const { key, model } of fresh) core.rememberModel(key, model);
  return result;
}

/** Looks up a definition the way CreateProcessInstance does: by id and version, latest by id, or by key. */
export async function findDefinition(
  core: EngineCore,
  query: { bpmnProcessId: string; version: number; processDefinitionKey: string },
  intent: string,
): Promise<{ key: string; bpmn_process_id: string; version: number }> {
  type Row = { key: string; bpmn_process_id: string; version: number };
  const select = 'select key::text, bpmn_process_id, version from engine.process_definitions';
  let rows: Row[];
  let reason: string;
  if (query.bpmnProcessId) {
    if (query.version >= 0) {
      ({ rows } = await core.pool.query<Row>(`${select} where bpmn_process_id = $1 and version = $2`, [
        query.bpmnProcessId,
        query.version,
      ]));
      reason = `Expected to find process definition with process ID '${query.bpmnProcessId}' and version '${query.version}', but none found`;
    } else {
      ({ rows } = await core.pool.query<Row>(`${select} where bpmn_process_id = $1 order by version desc limit 1`, [
        query.bpmnProcessId,
      ]));
      reason = `Expected to find process definition with process ID '${query.bpmnProcessId}', but none found`;
    }
  } else if (BigInt(query.processDefinitionKey || '-1') >= 0n) {
    ({ rows } = await core.pool.query<Row>(`${select} where key = $1`, [query.processDefinitionKey]));
    reason = `Expected to find process definition with key '${query.processDefinitionKey}', but none found`;
  } else {
    throw rejected(
      intent,
      'INVALID_ARGUMENT',
      'Expected at least a bpmnProcessId or a key greater than -1, but none given',
    );
  }
  const row = rows[0];
  if (!row) throw rejected(intent, 'NOT_FOUND', reason);
  return row;
}
