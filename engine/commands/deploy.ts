// DeployResource: validate every resource, then version each process, decision requirements graph and
// form as Zeebe 8.6+ does. A resource is a duplicate when it has the same name and checksum as the latest
// version of its id. A call whose resources are all duplicates changes nothing and answers with the existing
// keys and versions; when any one of them changed, every resource of the call gets a new version in the new
// deployment, so resources deployed together can find each other (bindingType deployment). One bad
// resource rejects the whole call.
import { createHash } from 'node:crypto';
import type { EngineCore } from '../core.js';
import { parseDmn } from '../dmn/parse.js';
import { rejected } from '../errors.js';
import { parseBpmn } from '../model/parse.js';
import type { ModelProblem, ProcessModel } from '../model/types.js';
import { timerSchedule } from '../runtime/timer-schedule.js';
import { registerStartEvents } from './start-events.js';
import { inTransaction } from '../state/transaction.js';
import {
  identicalDrg,
  storeDrg,
  type DeployedDecision,
  type DeployedDecisionRequirements,
  type ParsedDrg,
} from './deploy-decisions.js';
import { isIdenticalForm, readForm, storeForm, type DeployedForm, type ParsedForm } from './deploy-forms.js';

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
  decisions: DeployedDecision[];
  decisionRequirements: DeployedDecisionRequirements[];
  forms: DeployedForm[];
}

interface ParsedBpmn {
  resource: ResourceInput;
  xml: string;
  checksum: string;
  processes: ProcessModel[];
}

function formatProblems(resource: string, problems: ModelProblem[]): string {
  const byElement = new Map<string, string[]>();
  for (const problem of problems)
    byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem.message]);
  // Zeebe's layout: the resource name, then each element and each of its errors on a line of its own
  const blocks = [...byElement].map(
    ([element, messages]) =>
      `- Element: ${element || '(resource)'}\n${messages.map((m) => `    - ERROR: ${m}\n`).join('')}`,
  );
  return `'${resource}': ${blocks.join('')}`;
}

const checksumOf = (content: Buffer) => createHash('md5').update(content).digest('hex');

/** Parses and checks every resource; collects every problem so that one answer names them all. */
async function parseResources(resources: ResourceInput[], now: number) {
  const errors: string[] = [];
  const bpmn: ParsedBpmn[] = [];
  const drgs: ParsedDrg[] = [];
  const forms: ParsedForm[] = [];
  const seen = new Map<string, string>();
  /** Ids must be unique per kind within one deployment. */
  const claim = (kind: string, id: string, resourceName: string) => {
    const other = seen.get(`${kind}:${id}`);
    if (other) errors.push(`Duplicated ${kind} id in resources '${other}' and '${resourceName}'`);
    seen.set(`${kind}:${id}`, resourceName);
  };
  for (const resource of resources) {
    const text = resource.content.toString('utf8');
    const checksum = checksumOf(resource.content);
    if (/\.(bpmn|xml)$/i.test(resource.name)) {
      const { processes, problems } = await parseBpmn(text);
      if (problems.length > 0) errors.push(formatProblems(resource.name, problems));
      else {
        for (const process of processes) claim('process', process.id, resource.name);
        bpmn.push({ resource, xml: text, processes, checksum });
      }
    } else if (/\.dmn$/i.test(resource.name)) {
      const { definitions, decisions, problems } = await parseDmn(text);
      if (problems.length > 0) errors.push(`'${resource.name}':\n${problems.map((p) => `- ${p}`).join('\n')}`);
      else {
        claim('decision requirements', definitions.id, resource.name);
        for (const decision of decisions) claim('decision', decision.id, resource.name);
        drgs.push({
          resourceName: resource.name,
          xml: text,
          checksum,
          id: definitions.id,
          name: definitions.name ?? definitions.id,
          decisions,
        });
      }
    } else if (/\.form$/i.test(resource.name)) {
      const form = readForm(resource.name, text);
      if ('problem' in form) errors.push(form.problem);
      else {
        claim('form', form.id, resource.name);
        forms.push({ resourceName: resource.name, json: text, checksum, id: form.id, versionTag: form.versionTag });
      }
    } else {
      errors.push(`'${resource.name}': unknown resource type (expected .bpmn, .xml, .dmn or .form)`);
    }
  }
  errors.push(...unresolvedDeploymentBindings(bpmn));
  errors.push(...unschedulableTimerStarts(bpmn, now));
  return { errors, bpmn, drgs, forms };
}

/** Zeebe evaluates a timer start event's expression at deploy, with no variables; one that fails refuses the deploy. */
function unschedulableTimerStarts(bpmn: ParsedBpmn[], now: number): string[] {
  const errors: string[] = [];
  for (const { resource, processes } of bpmn) {
    const problems: ModelProblem[] = [];
    for (const { elementId, timer } of processes.flatMap((p) => p.timerStarts)) {
      const schedule = timerSchedule(timer, {}, now);
      if (!schedule.ok)
        problems.push({ elementId, message: `Invalid timer ${timer.kind} expression (${schedule.message})` });
    }
    if (problems.length > 0) errors.push(formatProblems(resource.name, problems));
  }
  return errors;
}

/**
 * Zeebe 8.8 refuses a call activity whose bindingType is deployment and whose static processId names a
 * process that is not part of the same deployment: it could never be called.
 */
function unresolvedDeploymentBindings(bpmn: ParsedBpmn[]): string[] {
  const deployed = new Set(bpmn.flatMap((b) => b.processes.map((p) => p.id)));
  const errors: string[] = [];
  for (const { resource, processes } of bpmn) {
    const problems: ModelProblem[] = [];
    for (const node of processes.flatMap((p) => [...p.nodes.values()])) {
      const called = node.calledElement;
      if (called?.binding.type !== 'deployment' || called.processId.kind !== 'static') continue;
      if (!deployed.has(called.processId.value))
        problems.push({
          elementId: `${node.id} > extensionElements > calledElement`,
          message: `Expected to find process with id '${called.processId.value}' in current deployment, but not found.`,
        });
    }
    if (problems.length > 0) errors.push(formatProblems(resource.name, problems));
  }
  return errors;
}

export async function deploy(core: EngineCore, resources: ResourceInput[]): Promise<DeployResult> {
  if (resources.length === 0)
    throw rejected('CREATE', 'INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
  const parsedAt = Date.now();
  const { errors, bpmn, drgs, forms } = await parseResources(resources, parsedAt);
  if (errors.length > 0) {
    throw rejected(
      'CREATE',
      'INVALID_ARGUMENT',
      `Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`,
    );
  }

  const now = Date.now();
  const nextKey = () => core.keys.next();
  const fresh: { key: string; model: ProcessModel }[] = [];
  const startTimersDue: number[] = [];
  const result = await inTransaction(core.pool, async (client) => {
    // one deployment at a time, so version numbers never race
    await client.query(`select pg_advisory_xact_lock(hashtext('engine.deploy'))`);
    // the latest version that is not deleted; version numbers of deleted ones are not given out again
    const latestProcess = async (processId: string) => {
      const { rows } = await client.query<{
        key: string;
        version: number;
        checksum: string;
        resource_name: string;
        highest: number;
      }>(
        `select d.key::text, d.version, d.checksum, d.resource_name,
                (select max(version) from engine.process_definitions where bpmn_process_id = $1) as highest
           from engine.process_definitions d
          where d.bpmn_process_id = $1 and not d.deleted order by d.version desc limit 1`,
        [processId],
      );
      if (rows[0]) return rows[0];
      const { rows: any } = await client.query<{ highest: number | null }>(
        'select max(version) as highest from engine.process_definitions where bpmn_process_id = $1',
        [processId],
      );
      return any[0]?.highest
        ? { key: '', version: 0, checksum: '', resource_name: '', highest: any[0].highest }
        : undefined;
    };
    // duplicates are reused only when the whole call is duplicates
    let reuse = true;
    for (const { resource, checksum, processes: models } of bpmn) {
      for (const model of models) {
        const latest = await latestProcess(model.id);
        if (!latest?.key || latest.checksum !== checksum || latest.resource_name !== resource.name) reuse = false;
      }
    }
    for (const drg of drgs) if (reuse && !(await identicalDrg(client, drg))) reuse = false;
    for (const form of forms) if (reuse && !(await isIdenticalForm(client, form))) reuse = false;

    const processes: DeployedProcess[] = [];
    for (const { resource, xml, checksum, processes: models } of bpmn) {
      for (const model of models) {
        const latest = await latestProcess(model.id);
        if (reuse && latest?.key) {
          processes.push({
            bpmnProcessId: model.id,
            version: latest.version,
            processDefinitionKey: latest.key,
            resourceName: resource.name,
          });
          continue;
        }
        const key = await nextKey();
        const version = (latest?.highest ?? 0) + 1;
        processes.push({ bpmnProcessId: model.id, version, processDefinitionKey: key, resourceName: resource.name });
        fresh.push({ key, model });
        await client.query(
          `insert into engine.process_definitions (key, bpmn_process_id, version, resource_name, checksum, resource, deployment_key, created_at, version_tag)
           values ($1, $2, $3, $4, $5, $6, 0, $7, $8)`,
          [key, model.id, version, resource.name, checksum, xml, now, model.versionTag ?? null],
        );
        startTimersDue.push(...(await registerStartEvents(client, model, key, parsedAt, nextKey)));
      }
    }
    const stored = [];
    for (const drg of drgs) stored.push(await storeDrg(client, drg, nextKey, now, reuse));
    const storedForms = [];
    for (const form of forms) storedForms.push(await storeForm(client, form, nextKey, now, reuse));

    const deploymentKey = await nextKey();
    await client.query('insert into engine.deployments (key, created_at) values ($1, $2)', [deploymentKey, now]);
    // the rows this call stored belong to this deployment (the deployment binding of called resources)
    const freshKeys = fresh.map((f) => f.key);
    const freshDrgs = stored.filter((s) => s.fresh).map((s) => s.requirements.decisionRequirementsKey);
    const freshForms = storedForms.filter((f) => f.fresh).map((f) => f.deployed.formKey);
    const claimDeployment = (table: string, column: string, keys: string[]) =>
      keys.length === 0
        ? Promise.resolve()
        : client.query(`update engine.${table} set deployment_key = $1 where ${column} = any($2::bigint[])`, [
            deploymentKey,
            keys,
          ]);
    await claimDeployment('process_definitions', 'key', freshKeys);
    await claimDeployment('decision_requirements', 'key', freshDrgs);
    await claimDeployment('decisions', 'decision_requirements_key', freshDrgs);
    await claimDeployment('forms', 'key', freshForms);
    return {
      key: deploymentKey,
      processes,
      decisions: stored.flatMap((s) => s.decisions),
      decisionRequirements: stored.map((s) => s.requirements),
      forms: storedForms.map((f) => f.deployed),
    };
  });
  for (const { key, model } of fresh) core.rememberModel(key, model);
  for (const due of startTimersDue) for (const listener of core.listeners) listener.timerScheduled?.(due);
  return result;
}

/** Looks up a definition the way CreateProcessInstance does: by id and version, latest by id, or by key. */
export async function findDefinition(
  core: EngineCore,
  query: { bpmnProcessId: string; version: number; processDefinitionKey: string },
  intent: string,
): Promise<{ key: string; bpmn_process_id: string; version: number }> {
  type Row = { key: string; bpmn_process_id: string; version: number };
  const select = 'select key::text, bpmn_process_id, version from engine.process_definitions where not deleted and';
  let rows: Row[];
  let reason: string;
  if (query.bpmnProcessId) {
    if (query.version >= 0) {
      ({ rows } = await core.pool.query<Row>(`${select} bpmn_process_id = $1 and version = $2`, [
        query.bpmnProcessId,
        query.version,
      ]));
      reason = `Expected to find process definition with process ID '${query.bpmnProcessId}' and version '${query.version}', but none found`;
    } else {
      ({ rows } = await core.pool.query<Row>(`${select} bpmn_process_id = $1 order by version desc limit 1`, [
        query.bpmnProcessId,
      ]));
      reason = `Expected to find process definition with process ID '${query.bpmnProcessId}', but none found`;
    }
  } else if (BigInt(query.processDefinitionKey || '-1') >= 0n) {
    ({ rows } = await core.pool.query<Row>(`${select} key = $1`, [query.processDefinitionKey]));
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
