// Look-ups of the resources a process calls at run time: the decision of a business rule task and the
// linked form of a user task, by binding (the latest version, or the one deployed with the process).
// Parsed decision requirements graphs are cached by key: a deployed version never changes.
import type pg from 'pg';
import { parseDmn } from '../dmn/parse.js';
import type { DecisionModel } from '../dmn/types.js';
import type { ResourceBinding } from '../model/types.js';
import { query } from './sql.js';

/** A deployed decision with the graph it belongs to, ready to evaluate. */
export interface FoundDecision {
  key: string;
  decisionId: string;
  name: string;
  version: number;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  /** Every decision of the graph, so that required decisions can be evaluated too. */
  graph: DecisionModel[];
}

/** A process definition a call activity starts an instance of. */
export interface CalledProcess {
  key: string;
  bpmn_process_id: string;
  version: number;
}

interface DecisionRow {
  key: string;
  decision_id: string;
  name: string;
  version: number;
  drg_key: string;
  drg_id: string;
}

const decisionColumns = `select d.key::text, d.decision_id, d.name, d.version,
       r.key::text as drg_key, r.drg_id
  from engine.decisions d join engine.decision_requirements r on r.key = d.decision_requirements_key`;

/**
 * The condition that picks one version of a called resource under a binding: the latest version, the one
 * deployed with the calling process, or the latest version carrying the version tag.
 */
function pickVersion(
  prefix: string,
  idColumn: string,
  binding: ResourceBinding,
  id: string,
  processDefinitionKey: string,
  softDeleted = false,
): { where: string; params: unknown[] } {
  // deleted process and form versions stay as rows (their numbers are not reused) and are skipped here
  const column = softDeleted ? `not ${prefix}deleted and ${prefix}${idColumn}` : `${prefix}${idColumn}`;
  if (binding.type === 'deployment')
    return {
      where: `${column} = $1 and ${prefix}deployment_key = (select deployment_key from engine.process_definitions where key = $2)`,
      params: [id, processDefinitionKey],
    };
  if (binding.type === 'versionTag')
    return {
      where: `${column} = $1 and ${prefix}version_tag = $2 order by ${prefix}version desc limit 1`,
      params: [id, binding.tag],
    };
  return { where: `${column} = $1 order by ${prefix}version desc limit 1`, params: [id] };
}

export class CalledResources {
  private readonly graphs = new Map<string, Promise<DecisionModel[]>>();

  /** @param aux the small look-up pool, for loading a graph's source while a command holds a connection */
  constructor(private readonly aux: pg.Pool) {}

  /** The decision a business rule task calls, or undefined when there is none under that binding. */
  async decisionFor(
    client: pg.ClientBase,
    decisionId: string,
    binding: ResourceBinding,
    processDefinitionKey: string,
  ): Promise<FoundDecision | undefined> {
    const pick = pickVersion('d.', 'decision_id', binding, decisionId, processDefinitionKey);
    const { rows } = await query<DecisionRow>(client, `${decisionColumns} where ${pick.where}`, pick.params);
    return rows[0] ? this.withGraph(rows[0]) : undefined;
  }

  /** A decision by key, or the latest version of a decision id, for the EvaluateDecision RPC. */
  async decisionByKeyOrId(
    client: pg.ClientBase | pg.Pool,
    lookup: { decisionKey?: string; decisionId?: string },
  ): Promise<FoundDecision | undefined> {
    const { rows } = lookup.decisionKey
      ? await query<DecisionRow>(client, `${decisionColumns} where d.key = $1`, [lookup.decisionKey])
      : await query<DecisionRow>(
          client,
          `${decisionColumns} where d.decision_id = $1 order by d.version desc limit 1`,
          [lookup.decisionId ?? ''],
        );
    return rows[0] ? this.withGraph(rows[0]) : undefined;
  }

  /** The key of the form a user task links to, or undefined when there is none under that binding. */
  async formKeyFor(
    client: pg.ClientBase,
    formId: string,
    binding: ResourceBinding,
    processDefinitionKey: string,
  ): Promise<string | undefined> {
    const pick = pickVersion('', 'form_id', binding, formId, processDefinitionKey, true);
    const { rows } = await query<{ key: string }>(
      client,
      `select key::text from engine.forms where ${pick.where}`,
      pick.params,
    );
    return rows[0]?.key;
  }

  /** The process definition a call activity calls, or undefined when there is none under that binding. */
  async processFor(
    client: pg.ClientBase,
    bpmnProcessId: string,
    binding: ResourceBinding,
    processDefinitionKey: string,
  ): Promise<CalledProcess | undefined> {
    const pick = pickVersion('', 'bpmn_process_id', binding, bpmnProcessId, processDefinitionKey, true);
    const { rows } = await query<CalledProcess>(
      client,
      `select key::text, bpmn_process_id, version from engine.process_definitions where ${pick.where}`,
      pick.params,
    );
    return rows[0];
  }

  private async withGraph(row: DecisionRow): Promise<FoundDecision> {
    return {
      key: row.key,
      decisionId: row.decision_id,
      name: row.name,
      version: row.version,
      decisionRequirementsKey: row.drg_key,
      decisionRequirementsId: row.drg_id,
      graph: await this.graph(row.drg_key),
    };
  }

  private graph(drgKey: string): Promise<DecisionModel[]> {
    let graph = this.graphs.get(drgKey);
    if (!graph) {
      graph = this.loadGraph(drgKey);
      graph.catch(() => this.graphs.delete(drgKey));
      this.graphs.set(drgKey, graph);
    }
    return graph;
  }

  private async loadGraph(drgKey: string): Promise<DecisionModel[]> {
    const { rows } = await query<{ resource: string }>(
      this.aux,
      'select resource from engine.decision_requirements where key = $1',
      [drgKey],
    );
    if (!rows[0]) throw new Error(`decision requirements ${drgKey} are missing`);
    return (await parseDmn(rows[0].resource)).decisions;
  }
}
