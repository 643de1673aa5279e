// What every command shares: the connection pool, keys, parsed models, and the one way to change a
// process instance (lock it, run the interpreter, write the change set, commit, then tell the waiters).
import { query } from './state/sql.js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { parseBpmn } from './model/parse.js';
import type { ProcessModel } from './model/types.js';
import { InstanceCache, InstanceState, loadInstanceForUpdate, type InstanceLocator } from './runtime/instance-state.js';
import { deliverSignal } from './commands/signals.js';
import type { FollowUp } from './runtime/follow-ups.js';
import { Interpreter } from './runtime/interpreter.js';
import { Changes } from './state/changes.js';
import { CalledResources } from './state/called-resources.js';
import { KeyAllocator } from './state/keys.js';
import type { MessageRow, ProcessInstanceRow } from './state/rows.js';
import { inTransaction } from './state/transaction.js';

/** The logging the engine needs; pino loggers fit, and so does a silent stub. */
export interface EngineLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Work that runs on a locked instance inside its transaction. */
export interface InstanceWork {
  client: pg.PoolClient;
  state: InstanceState;
  changes: Changes;
  interpreter: Interpreter;
  model: ProcessModel;
  now: number;
}

/** Listeners for what a committed command made possible. */
export interface CoreEvents {
  jobsAvailable(types: string[]): void;
  timerScheduled(due: number): void;
  instanceEnded(key: string, result: Record<string, unknown> | null, state: 'COMPLETED' | 'TERMINATED'): void;
  /** An instance started by a message with a correlation key ended: a buffered message may start the next. */
  messageStartReleased(bpmnProcessId: string, correlationKey: string): void;
}

export class EngineCore {
  readonly keys: KeyAllocator;
  /** Tags this process's notifications so it can skip its own. */
  readonly origin = randomUUID();
  private readonly models = new Map<string, Promise<ProcessModel>>();
  readonly listeners: Partial<CoreEvents>[] = [];
  /** Instance states kept between commands (see InstanceCache). */
  readonly instances = new InstanceCache();
  /** Decisions and forms that processes call at run time. */
  readonly called: CalledResources;

  /**
   * @param pool connections for commands; a command may hold one for its whole transaction
   * @param aux a separate small pool for look-ups made while a command holds a connection (key blocks,
   *   model sources), so a full command pool can never wait on itself
   */
  constructor(
    readonly pool: pg.Pool,
    private readonly aux: pg.Pool,
    readonly log: EngineLogger,
  ) {
    this.keys = new KeyAllocator(aux);
    this.called = new CalledResources(aux);
  }

  /** The parsed model of a deployed process definition, parsed once per engine process. */
  model(definitionKey: string): Promise<ProcessModel> {
    let model = this.models.get(definitionKey);
    if (!model) {
      model = this.loadModel(definitionKey);
      model.catch(() => this.models.delete(definitionKey));
      this.models.set(definitionKey, model);
    }
    return model;
  }

  rememberModel(definitionKey: string, model: ProcessModel): void {
    this.models.set(definitionKey, Promise.resolve(model));
  }

  private async loadModel(definitionKey: string): Promise<ProcessModel> {
    const { rows } = await query<{ resource: string; bpmn_process_id: string }>(
      this.aux,
      'select resource, bpmn_process_id from engine.process_definitions where key = $1',
      [definitionKey],
    );
    const row = rows[0];
    if (!row) throw new Error(`process definition ${definitionKey} is missing`);
    const parsed = await parseBpmn(row.resource);
    const model = parsed.processes.find((p) => p.id === row.bpmn_process_id);
    if (!model) throw new Error(`process definition ${definitionKey} has no process '${row.bpmn_process_id}'`);
    return model;
  }

  /** Builds the interpreter for a state inside a transaction. */
  interpreter(
    client: pg.PoolClient,
    state: InstanceState,
    model: ProcessModel,
    changes: Changes,
    now: number,
  ): Interpreter {
    return new Interpreter(model, state, changes, {
      now,
      nextKey: () => this.keys.next(),
      lockCorrelation: async (name, correlationKey) => {
        await query(client, 'select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [name, correlationKey]);
      },
      findBufferedMessage: async (name, correlationKey, bpmnProcessId) => {
        const { rows } = await query<MessageRow>(
          client,
          `select key::text, name, correlation_key, message_id, variables, deadline::float8 as deadline
             from engine.messages m
            where name = $1 and correlation_key = $2 and deadline > $3
              and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = $4)
            order by key limit 1`,
          [name, correlationKey, now, bpmnProcessId],
        );
        return rows[0];
      },
      findDecision: (decisionId, binding) =>
        this.called.decisionFor(client, decisionId, binding, state.processInstance.process_definition_key),
      findFormKey: (formId, binding) =>
        this.called.formKeyFor(client, formId, binding, state.processInstance.process_definition_key),
      deploymentKey: async () => {
        const { rows } = await query<{ key: string }>(
          client,
          'select deployment_key::text as key from engine.process_definitions where key = $1',
          [state.processInstance.process_definition_key],
        );
        return rows[0]?.key ?? '';
      },
      findProcess: async (bpmnProcessId, binding) => {
        const definition = await this.called.processFor(
          client,
          bpmnProcessId,
          binding,
          state.processInstance.process_definition_key,
        );
        return definition ? { definition, model: await this.model(definition.key) } : undefined;
      },
    });
  }

  /**
   * Runs `work` on the locked, loaded instance in one transaction and commits its changes.
   * `missing` produces the error for an instance that does not exist or has ended.
   */
  async onInstance<T>(
    locator: InstanceLocator,
    missing: () => Error,
    work: (w: InstanceWork) => Promise<T>,
  ): Promise<T> {
    const { result, changes, state } = await inTransaction(this.pool, async (client) => {
      const state = await loadInstanceForUpdate(client, locator, this.instances);
      if (!state || state.processInstance.state !== 'ACTIVE') throw missing();
      return this.runAndWrite(client, state, work);
    });
    this.afterCommit(changes, state);
    return result;
  }

  /** Runs work on a new or already-locked instance inside the caller's transaction. */
  async runAndWrite<T>(
    client: pg.PoolClient,
    state: InstanceState,
    work: (w: InstanceWork) => Promise<T>,
  ): Promise<{ result: T; changes: Changes; state: InstanceState }> {
    const now = Date.now();
    const model = await this.model(state.processInstance.process_definition_key);
    const changes = new Changes();
    const interpreter = this.interpreter(client, state, model, changes, now);
    const result = await work({ client, state, changes, interpreter, model, now });
    await interpreter.drain();
    await changes.flush(client, this.origin);
    for (const followUp of changes.followUps) changes.linked.push(...(await this.runFollowUp(client, followUp, now)));
    return { result, changes, state };
  }

  /** Runs work one instance left for another of its call tree, in the same transaction (see follow-ups.ts). */
  private async runFollowUp(
    client: pg.PoolClient,
    followUp: FollowUp,
    now: number,
  ): Promise<{ changes: Changes; state: InstanceState }[]> {
    if (followUp.kind === 'signal') return deliverSignal(this, client, followUp.name, followUp.variables);
    if (followUp.kind === 'start-child') {
      const state = this.newInstance(followUp.childKey, followUp.definition, now);
      state.processInstance.parent_process_instance_key = followUp.parentKey;
      state.processInstance.parent_element_instance_key = followUp.elementKey;
      const run = await this.runAndWrite(client, state, async ({ changes, interpreter }) => {
        changes.processInstanceInsert = state.processInstance;
        await interpreter.start(followUp.variables, {});
      });
      return [{ changes: run.changes, state }];
    }
    const key =
      followUp.kind === 'cancel-child'
        ? followUp.childKey
        : followUp.kind === 'raise-incident'
          ? followUp.instanceKey
          : followUp.parentKey;
    const state = await loadInstanceForUpdate(client, key, this.instances);
    if (!state || state.processInstance.state !== 'ACTIVE') return [];
    const run = await this.runAndWrite(client, state, async ({ interpreter }) => {
      switch (followUp.kind) {
        case 'cancel-child':
          return interpreter.cancel();
        case 'child-completed':
          return interpreter.completeCallActivity(followUp.elementKey, followUp.variables);
        case 'child-error':
          return interpreter.catchChildError(followUp.elementKey, followUp.error);
        case 'child-escalation':
          return interpreter.catchChildEscalation(followUp.elementKey, followUp.code);
        case 'raise-incident':
          return interpreter.raiseIncidentAt(followUp.elementKey, followUp.type, followUp.message, followUp.jobKey);
      }
    });
    return [{ changes: run.changes, state }];
  }

  /** A fresh, unsaved instance row for a definition. */
  newInstance(
    key: string,
    definition: { key: string; bpmn_process_id: string; version: number },
    now: number,
  ): InstanceState {
    const row: ProcessInstanceRow = {
      key,
      process_definition_key: definition.key,
      bpmn_process_id: definition.bpmn_process_id,
      version: definition.version,
      state: 'ACTIVE',
      start_correlation_key: null,
      await_result: false,
      result: null,
      created_at: now,
      ended_at: null,
      revision: 0,
      parent_process_instance_key: null,
      parent_element_instance_key: null,
    };
    return new InstanceState(row);
  }

  /** Tells listeners what a committed change set made possible. */
  afterCommit(changes: Changes, state: InstanceState | undefined): void {
    if (state) this.instances.put(state);
    for (const linked of changes.linked) this.afterCommit(linked.changes, linked.state);
    const types = [...changes.activatableJobTypes];
    const due = changes.earliestTimer();
    for (const listener of this.listeners) {
      if (types.length > 0) listener.jobsAvailable?.(types);
      if (due !== undefined) listener.timerScheduled?.(due);
      if (changes.ended && state) {
        listener.instanceEnded?.(state.key, state.processInstance.result, changes.ended);
        const startKey = state.processInstance.start_correlation_key;
        if (startKey !== null) listener.messageStartReleased?.(state.processInstance.bpmn_process_id, startKey);
      }
    }
  }
}
