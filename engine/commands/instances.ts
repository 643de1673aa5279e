// Process instance commands: create (optionally waiting for the result), cancel, set variables,
// and resolve incidents.
import type pg from 'pg';
import { query } from '../state/sql.js';
import type { EngineCore } from '../core.js';
import { EngineError, rejected } from '../errors.js';
import type { JobRow } from '../state/rows.js';
import { inTransaction } from '../state/transaction.js';
import { findDefinition } from './deploy.js';

export interface CreateRequest {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  variables: Record<string, unknown>;
  startInstructions: string[];
  awaitResult?: boolean;
}

export interface CreatedInstance {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
}

export async function createInstance(core: EngineCore, request: CreateRequest): Promise<CreatedInstance> {
  const intent = request.awaitResult ? 'CREATE_WITH_AWAITING_RESULT' : 'CREATE';
  const definition = await findDefinition(core, request, intent);
  const model = await core.model(definition.key);
  for (const elementId of request.startInstructions) {
    const node = model.nodes.get(elementId);
    if (!node || node.type === 'BOUNDARY_EVENT') {
      throw rejected(
        intent,
        'INVALID_ARGUMENT',
        `Expected to create instance of process with start instructions but the element with id '${elementId}' targets unsupported element type`,
      );
    }
    if (node.flowScope !== model.id) {
      throw rejected(
        intent,
        'INVALID_ARGUMENT',
        `The embedded engine starts instances only at elements of the process itself, not inside the subprocess '${node.flowScope}' (element '${elementId}')`,
      );
    }
  }
  if (request.startInstructions.length === 0 && !model.noneStart) {
    throw rejected(
      intent,
      'INVALID_STATE',
      'Expected to create instance of process with none start event, but there is no such event',
    );
  }
  const key = await core.keys.next();
  const { changes, state } = await inTransaction(core.pool, async (client) => {
    const state = core.newInstance(key, definition, Date.now());
    state.processInstance.await_result = request.awaitResult === true;
    return core.runAndWrite(client, state, async ({ changes, interpreter }) => {
      changes.processInstanceInsert = state.processInstance;
      await interpreter.start(request.variables, {
        startAt: request.startInstructions.length > 0 ? request.startInstructions : undefined,
      });
    });
  });
  core.afterCommit(changes, state);
  return {
    processDefinitionKey: definition.key,
    bpmnProcessId: definition.bpmn_process_id,
    version: definition.version,
    processInstanceKey: key,
  };
}

/** Result waiters for CreateProcessInstanceWithResult, by process instance key. */
export class ResultWaiters {
  private readonly waiting = new Map<string, (result: Record<string, unknown> | null) => void>();

  constructor(private readonly core: EngineCore) {
    core.listeners.push({
      instanceEnded: (key, result, state) => {
        if (state === 'COMPLETED') this.waiting.get(key)?.(result);
      },
    });
  }

  /** Resolves when the instance completes, or rejects with DEADLINE_EXCEEDED after `timeoutMs`. */
  wait(key: string, timeoutMs: number): { promise: Promise<Record<string, unknown>>; cancel(): void } {
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.waiting.set(key, (result) => {
        this.waiting.delete(key);
        clearTimeout(timer);
        resolve(result ?? {});
      });
      timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(
          new EngineError(
            'DEADLINE_EXCEEDED',
            `Time out between gateway and broker: Request timed out after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
    });
    // an instance that finished in another engine process is found in its row
    void this.core.pool
      .query<{ result: Record<string, unknown> | null }>(
        `select result from engine.process_instances where key = $1 and state = 'COMPLETED'`,
        [key],
      )
      .then(({ rows }) => {
        if (rows[0]) this.waiting.get(key)?.(rows[0].result);
      })
      .catch(() => undefined);
    return {
      promise,
      cancel: () => {
        clearTimeout(timer);
        this.waiting.delete(key);
      },
    };
  }

  /** Called when another engine process reports that an instance completed. */
  completedElsewhere(key: string): void {
    if (!this.waiting.has(key)) return;
    void this.core.pool
      .query<{ result: Record<string, unknown> | null }>('select result from engine.process_instances where key = $1', [
        key,
      ])
      .then(({ rows }) => this.waiting.get(key)?.(rows[0]?.result ?? null))
      .catch(() => undefined);
  }
}

export async function cancelInstance(core: EngineCore, key: string): Promise<void> {
  await core.onInstance(
    key,
    () =>
      rejected(
        'CANCEL',
        'NOT_FOUND',
        `Expected to cancel a process instance with key '${key}', but no such process was found`,
      ),
    async ({ client, state, interpreter }) => {
      if (state.processInstance.parent_process_instance_key) {
        const root = await rootInstanceKey(client, state.processInstance.parent_process_instance_key);
        throw rejected(
          'CANCEL',
          'INVALID_STATE',
          `Expected to cancel a process instance with key '${key}', but it is created by a parent process instance. Cancel the root process instance '${root}' instead.`,
        );
      }
      interpreter.cancel();
    },
  );
}

/** The topmost instance of a call tree, walking up from an instance's parent. */
async function rootInstanceKey(client: pg.ClientBase, key: string): Promise<string> {
  const { rows } = await query<{ key: string }>(
    client,
    `with recursive up(key, parent) as (
       select key, parent_process_instance_key from engine.process_instances where key = $1
       union all
       select p.key, p.parent_process_instance_key from engine.process_instances p join up on p.key = up.parent
     )
     select key::text from up where parent is null`,
    [key],
  );
  return rows[0]?.key ?? key;
}

/** SetVariables on any live element instance (the process instance included). Returns the command's key. */
export async function setVariables(
  core: EngineCore,
  elementInstanceKey: string,
  document: Record<string, unknown>,
  local: boolean,
): Promise<string> {
  const notFound = () =>
    rejected(
      'UPDATE',
      'NOT_FOUND',
      `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
    );
  const key = await core.keys.next();
  await core.onInstance({ element: elementInstanceKey }, notFound, async ({ state, interpreter }) => {
    const element = state.elements.get(elementInstanceKey);
    if (!element || element.state === 'TERMINATING') throw notFound();
    interpreter.setVariables(elementInstanceKey, document, local);
  });
  return key;
}

export async function resolveIncident(core: EngineCore, incidentKey: string): Promise<void> {
  const notFound = () =>
    rejected(
      'RESOLVE',
      'NOT_FOUND',
      `Expected to resolve incident with key '${incidentKey}', but no such incident was found`,
    );
  await core.onInstance({ incident: incidentKey }, notFound, async ({ state, interpreter, client }) => {
    const incident = state.incidents.get(incidentKey);
    if (!incident) throw notFound();
    let job: JobRow | undefined;
    if (incident.job_key) {
      job = (await query<JobRow>(client, `${jobColumns} where key = $1 for update`, [incident.job_key])).rows[0];
      if (job && job.retries <= 0) {
        throw rejected(
          'RESOLVE',
          'INVALID_STATE',
          `Expected to resolve incident with key '${incidentKey}', but job with key '${incident.job_key}' has no retries left. Please update the job retries and retry resolving the incident`,
        );
      }
    }
    await interpreter.resolveIncident(incident, job);
  });
}

/** The jobs columns as the runtime's JobRow (keys as text, times as numbers). */
export const jobColumns = `select key::text, type, state, retries, worker, deadline::float8 as deadline, recur_at::float8 as recur_at,
  error_message, custom_headers, process_instance_key::text, element_instance_key::text, element_id, bpmn_process_id,
  process_definition_key::text, process_definition_version, scope_keys::text[] as scope_keys, created_at::float8 as created_at
  from engine.jobs`;
