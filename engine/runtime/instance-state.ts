// The live state of one process instance while a command runs: its element instances, variables
// and open incidents, loaded under the instance's row lock and changed only through the interpreter.
import { query } from '../state/sql.js';
import type pg from 'pg';
import type { ElementInstanceRow, IncidentRow, ProcessInstanceRow } from '../state/rows.js';

/** Variables of one scope, by name. */
export type Scope = Map<string, unknown>;

export class InstanceState {
  readonly elements = new Map<string, ElementInstanceRow>();
  readonly variables = new Map<string, Scope>();
  readonly incidents = new Map<string, IncidentRow>();
  /** Element instances created by the running command (they have no row yet). */
  readonly createdHere = new Set<string>();

  constructor(public processInstance: ProcessInstanceRow) {}

  get key(): string {
    return this.processInstance.key;
  }

  children(scopeKey: string): ElementInstanceRow[] {
    const result: ElementInstanceRow[] = [];
    for (const element of this.elements.values()) if (element.flow_scope_key === scopeKey) result.push(element);
    return result;
  }

  /** The scope and its ancestors, innermost first, ending with the process instance. */
  scopeChain(scopeKey: string): string[] {
    const chain: string[] = [];
    for (let key: string | null = scopeKey; key !== null;) {
      chain.push(key);
      key = this.elements.get(key)?.flow_scope_key ?? null;
    }
    return chain;
  }

  scope(scopeKey: string): Scope {
    let scope = this.variables.get(scopeKey);
    if (!scope) {
      scope = new Map();
      this.variables.set(scopeKey, scope);
    }
    return scope;
  }

  /** All variables visible from a scope, inner scopes shadowing outer ones: the FEEL context. */
  visibleVariables(scopeKey: string): Record<string, unknown> {
    const context: Record<string, unknown> = {};
    for (const key of this.scopeChain(scopeKey).reverse()) {
      for (const [name, value] of this.variables.get(key) ?? []) context[name] = value;
    }
    return context;
  }

  incidentsOf(elementInstanceKey: string): IncidentRow[] {
    return [...this.incidents.values()].filter((i) => i.element_instance_key === elementInstanceKey);
  }
}

/** How a command names the instance it works on: directly, or by one of the instance's jobs, elements or incidents. */
export type InstanceLocator = string | { job: string } | { element: string } | { incident: string };

const locate = {
  instance: '$1',
  job: '(select process_instance_key from engine.jobs where key = $1)',
  element: '(select process_instance_key from engine.element_instances where key = $1)',
  incident: '(select process_instance_key from engine.incidents where key = $1)',
};

/**
 * States this engine process holds between commands. A state is taken out while a command runs and
 * put back only after that command committed, so a failed command never leaves a half-changed state
 * behind. Each entry carries the instance's revision; a command bumps the revision in the row it
 * locks, and a state is reused only if it is exactly one revision behind (no other process changed it).
 */
export class InstanceCache {
  private readonly states = new Map<string, InstanceState>();

  constructor(private readonly capacity = 20_000) {}

  take(key: string, revision: number): InstanceState | undefined {
    const state = this.states.get(key);
    if (!state) return undefined;
    this.states.delete(key);
    return state.processInstance.revision === revision - 1 ? state : undefined;
  }

  put(state: InstanceState): void {
    const current = this.states.get(state.key);
    if (current && current.processInstance.revision >= state.processInstance.revision) return;
    this.states.delete(state.key);
    if (state.processInstance.state !== 'ACTIVE') return;
    state.createdHere.clear();
    this.states.set(state.key, state);
    if (this.states.size > this.capacity) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
  }
}

interface LoadedRows {
  elements: ElementInstanceRow[];
  variables: { scope_key: string; name: string; value: unknown }[];
  incidents: IncidentRow[];
}

const processInstanceColumns = `pi.key::text, pi.process_definition_key::text, pi.bpmn_process_id, pi.version, pi.state,
  pi.start_correlation_key, pi.await_result, pi.result, pi.created_at::float8 as created_at, pi.ended_at::float8 as ended_at,
  pi.revision::float8 as revision, pi.parent_process_instance_key::text, pi.parent_element_instance_key::text`;

/**
 * Locks a process instance row by bumping its revision, and returns its state: the one held in memory
 * when it is current, otherwise loaded from the tables. Returns undefined when there is no such instance.
 */
export async function loadInstanceForUpdate(
  client: pg.ClientBase,
  locator: InstanceLocator,
  cache?: InstanceCache,
): Promise<InstanceState | undefined> {
  const [by, key] =
    typeof locator === 'string'
      ? (['instance', locator] as const)
      : 'job' in locator
        ? (['job', locator.job] as const)
        : 'element' in locator
          ? (['element', locator.element] as const)
          : (['incident', locator.incident] as const);
  const { rows } = await query<ProcessInstanceRow>(
    client,
    `update engine.process_instances pi set revision = pi.revision + 1
      where pi.key = ${locate[by]} returning ${processInstanceColumns}`,
    [key],
  );
  const processInstance = rows[0];
  if (!processInstance) return undefined;
  const cached = cache?.take(processInstance.key, processInstance.revision);
  if (cached) {
    cached.processInstance = processInstance;
    return cached;
  }
  const { rows: loaded } = await query<LoadedRows>(
    client,
    `select coalesce((select json_agg(json_build_object('key', e.key::text, 'process_instance_key', e.process_instance_key::text,
                'element_id', e.element_id, 'element_type', e.element_type, 'flow_scope_key', e.flow_scope_key::text,
                'state', e.state, 'data', e.data) order by e.key)
              from engine.element_instances e where e.process_instance_key = $1), '[]') as elements,
            coalesce((select json_agg(json_build_object('scope_key', v.scope_key::text, 'name', v.name, 'value', v.value))
              from engine.variables v where v.process_instance_key = $1), '[]') as variables,
            coalesce((select json_agg(json_build_object('key', i.key::text, 'process_instance_key', i.process_instance_key::text,
                'element_instance_key', i.element_instance_key::text, 'element_id', i.element_id, 'job_key', i.job_key::text,
                'error_type', i.error_type, 'error_message', i.error_message, 'created_at', i.created_at))
              from engine.incidents i where i.process_instance_key = $1), '[]') as incidents`,
    [processInstance.key],
  );
  const { elements, variables, incidents } = loaded[0] ?? { elements: [], variables: [], incidents: [] };
  const state = new InstanceState(processInstance);
  for (const element of elements) state.elements.set(element.key, element);
  for (const variable of variables) state.scope(variable.scope_key).set(variable.name, variable.value);
  for (const incident of incidents) state.incidents.set(incident.key, incident);
  return state;
}
