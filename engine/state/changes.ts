// Everything one command changes, gathered in memory and written in a single SQL statement.
// A row created and removed within the same command never reaches the database; a key is never
// both written and deleted in one statement (PostgreSQL forbids touching a row twice in one).
import type { FollowUp } from '../runtime/follow-ups.js';
import type { InstanceState } from '../runtime/instance-state.js';
import { query } from './sql.js';
import type pg from 'pg';
import type {
  ElementInstanceRow,
  IncidentRow,
  JobRow,
  JournalRow,
  MessageSubscriptionRow,
  ProcessInstanceRow,
  SignalSubscriptionRow,
  TimerRow,
} from './rows.js';

interface VariableWrite {
  scope_key: string;
  name: string;
  value: unknown;
  process_instance_key: string;
}

/** Pending writes of one command. */
export class Changes {
  /** Work for other instances of the call tree, run after this change set is written (see follow-ups.ts). */
  readonly followUps: FollowUp[] = [];
  /** The change sets those follow-ups wrote, with their instances, for what happens after the commit. */
  readonly linked: { changes: Changes; state: InstanceState }[] = [];
  processInstanceInsert: ProcessInstanceRow | undefined;
  processInstanceUpdate: ProcessInstanceRow | undefined;
  readonly elementUpserts = new Map<string, ElementInstanceRow>();
  readonly elementDeletes = new Set<string>();
  readonly variableWrites = new Map<string, VariableWrite>();
  readonly variableScopeDeletes = new Set<string>();
  readonly jobInserts = new Map<string, JobRow>();
  readonly jobUpdates = new Map<string, JobRow>();
  readonly jobDeletes = new Set<string>();
  readonly timerInserts = new Map<string, TimerRow>();
  readonly timerUpdates = new Map<string, TimerRow>();
  readonly timerDeletes = new Set<string>();
  readonly subscriptionInserts = new Map<string, MessageSubscriptionRow>();
  readonly subscriptionDeletes = new Set<string>();
  readonly signalSubscriptionInserts = new Map<string, SignalSubscriptionRow>();
  readonly signalSubscriptionDeletes = new Set<string>();
  readonly incidentInserts = new Map<string, IncidentRow>();
  readonly incidentDeletes = new Set<string>();
  /** Element instances whose jobs, timers, subscriptions and incidents are all removed. */
  readonly ownerDeletes = new Set<string>();
  readonly messageCorrelations: { message_key: string; bpmn_process_id: string }[] = [];
  readonly journal: JournalRow[] = [];
  /** Variable names written per scope, journalled as one row per scope rather than one per variable. */
  private readonly variableEvents = new Map<string, { created: string[]; updated: string[] }>();
  /** Job types that gained activatable jobs; announced after commit. */
  readonly activatableJobTypes = new Set<string>();
  /** The key of an instance that completed with a caller waiting for its result. */
  resultReady: string | undefined;
  /** Set when the process instance ended in this command. */
  ended: 'COMPLETED' | 'TERMINATED' | undefined;

  upsertElement(row: ElementInstanceRow): void {
    this.elementUpserts.set(row.key, row);
  }

  deleteElement(key: string, createdHere: boolean): void {
    this.elementUpserts.delete(key);
    if (!createdHere) this.elementDeletes.add(key);
    this.deleteScopeVariables(key);
    this.deleteOwned(key);
  }

  setVariable(write: VariableWrite): void {
    this.variableWrites.set(`${write.scope_key}\u0000${write.name}`, write);
  }

  noteVariable(scopeKey: string, name: string, kind: 'created' | 'updated'): void {
    let event = this.variableEvents.get(scopeKey);
    if (!event) {
      event = { created: [], updated: [] };
      this.variableEvents.set(scopeKey, event);
    }
    if (!event[kind].includes(name)) event[kind].push(name);
  }

  deleteScopeVariables(scopeKey: string): void {
    for (const [id, write] of this.variableWrites) if (write.scope_key === scopeKey) this.variableWrites.delete(id);
    this.variableScopeDeletes.add(scopeKey);
  }

  insertJob(row: JobRow): void {
    this.jobInserts.set(row.key, row);
    if (row.state === 'ACTIVATABLE') this.activatableJobTypes.add(row.type);
  }

  /** Records a new state of an existing job (one loaded from the database). */
  updateJob(row: JobRow): void {
    if (this.jobInserts.has(row.key)) this.jobInserts.set(row.key, row);
    else this.jobUpdates.set(row.key, row);
    if (row.state === 'ACTIVATABLE') this.activatableJobTypes.add(row.type);
  }

  deleteJob(key: string): void {
    this.jobUpdates.delete(key);
    if (!this.jobInserts.delete(key)) this.jobDeletes.add(key);
  }

  insertTimer(row: TimerRow): void {
    this.timerInserts.set(row.key, row);
  }

  updateTimer(row: TimerRow): void {
    if (this.timerInserts.has(row.key)) this.timerInserts.set(row.key, row);
    else this.timerUpdates.set(row.key, row);
  }

  deleteTimer(key: string): void {
    this.timerUpdates.delete(key);
    if (!this.timerInserts.delete(key)) this.timerDeletes.add(key);
  }

  insertSubscription(row: MessageSubscriptionRow): void {
    this.subscriptionInserts.set(row.key, row);
  }

  insertSignalSubscription(row: SignalSubscriptionRow): void {
    this.signalSubscriptionInserts.set(row.key, row);
  }

  deleteSignalSubscription(key: string): void {
    if (!this.signalSubscriptionInserts.delete(key)) this.signalSubscriptionDeletes.add(key);
  }

  deleteSubscription(key: string): void {
    if (!this.subscriptionInserts.delete(key)) this.subscriptionDeletes.add(key);
  }

  insertIncident(row: IncidentRow): void {
    this.incidentInserts.set(row.key, row);
  }

  deleteIncident(key: string): void {
    if (!this.incidentInserts.delete(key)) this.incidentDeletes.add(key);
  }

  /** Removes whatever an element instance owns: jobs, timers, subscriptions and incidents. */
  private deleteOwned(elementInstanceKey: string): void {
    for (const [key, row] of this.jobInserts)
      if (row.element_instance_key === elementInstanceKey) this.jobInserts.delete(key);
    for (const [key, row] of this.jobUpdates)
      if (row.element_instance_key === elementInstanceKey) this.jobUpdates.delete(key);
    for (const [key, row] of this.timerInserts)
      if (row.element_instance_key === elementInstanceKey) this.timerInserts.delete(key);
    for (const [key, row] of this.timerUpdates)
      if (row.element_instance_key === elementInstanceKey) this.timerUpdates.delete(key);
    for (const [key, row] of this.signalSubscriptionInserts) {
      if (row.element_instance_key === elementInstanceKey) this.signalSubscriptionInserts.delete(key);
    }
    for (const [key, row] of this.subscriptionInserts) {
      if (row.element_instance_key === elementInstanceKey) this.subscriptionInserts.delete(key);
    }
    for (const [key, row] of this.incidentInserts) {
      if (row.element_instance_key === elementInstanceKey) this.incidentInserts.delete(key);
    }
    this.ownerDeletes.add(elementInstanceKey);
  }

  /** The earliest due date among timers written by this command, to wake the scheduler. */
  earliestTimer(): number | undefined {
    let earliest: number | undefined;
    for (const timer of [...this.timerInserts.values(), ...this.timerUpdates.values()]) {
      if (earliest === undefined || timer.due_date < earliest) earliest = timer.due_date;
    }
    return earliest;
  }

  /**
   * Writes all changes with one statement of data-modifying CTEs. `origin` tags the job notifications
   * so the engine process that wrote them can ignore its own (it has already woken its streams).
   */
  async flush(client: pg.ClientBase, origin: string): Promise<void> {
    const parts: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const json = (rows: Iterable<unknown>): string => param(JSON.stringify([...rows]));
    const keys = (set: Set<string>): string => param([...set]);
    const add = (sql: string) => parts.push(`w${parts.length} as (${sql})`);
    const upsert = (table: string, rows: Map<string, unknown>, conflict: string, update: string[]) => {
      if (rows.size === 0) return;
      const set = update.map((c) => `${c} = excluded.${c}`).join(', ');
      add(
        `insert into engine.${table} select * from jsonb_populate_recordset(null::engine.${table}, ${json(rows.values())}::jsonb) on conflict (${conflict}) do update set ${set}`,
      );
    };
    const insert = (table: string, rows: Iterable<unknown>) => {
      const list = [...rows];
      if (list.length === 0) return;
      add(
        `insert into engine.${table} select * from jsonb_populate_recordset(null::engine.${table}, ${json(list)}::jsonb)`,
      );
    };
    const remove = (table: string, column: string, set: Set<string>) => {
      if (set.size > 0) add(`delete from engine.${table} where ${column} = any(${keys(set)}::bigint[])`);
    };

    if (this.processInstanceInsert) insert('process_instances', [this.processInstanceInsert]);
    if (this.processInstanceUpdate) {
      const pi = this.processInstanceUpdate;
      add(
        `update engine.process_instances set state = ${param(pi.state)}, ended_at = ${param(pi.ended_at)}, result = ${param(pi.result === null ? null : JSON.stringify(pi.result))}::jsonb where key = ${param(pi.key)}`,
      );
    }
    remove('element_instances', 'key', this.elementDeletes);
    upsert('element_instances', this.elementUpserts, 'key', ['state', 'data']);
    remove('variables', 'scope_key', this.variableScopeDeletes);
    if (this.variableWrites.size > 0) {
      // JSON null must stay the JSON value null, not become SQL NULL
      add(
        `insert into engine.variables (scope_key, name, value, process_instance_key)
         select scope_key, name, coalesce(value, 'null'::jsonb), process_instance_key
           from jsonb_to_recordset(${json(this.variableWrites.values())}::jsonb)
             as v(scope_key bigint, name text, value jsonb, process_instance_key bigint)
         on conflict (scope_key, name) do update set value = excluded.value`,
      );
    }
    const ownerDeletes = this.ownerDeletes;
    if (ownerDeletes.size > 0) {
      const owners = keys(ownerDeletes);
      for (const table of ['jobs', 'timers', 'message_subscriptions', 'signal_subscriptions', 'incidents']) {
        add(`delete from engine.${table} where element_instance_key = any(${owners}::bigint[])`);
      }
    }
    const notOwned = <T extends { element_instance_key: string }>(rows: Map<string, T>) =>
      new Map([...rows].filter(([, row]) => !ownerDeletes.has(row.element_instance_key)));
    remove('jobs', 'key', this.jobDeletes);
    insert('jobs', this.jobInserts.values());
    upsert('jobs', notOwned(this.jobUpdates), 'key', [
      'state',
      'retries',
      'worker',
      'deadline',
      'recur_at',
      'error_message',
    ]);
    remove('timers', 'key', this.timerDeletes);
    insert('timers', this.timerInserts.values());
    upsert('timers', notOwned(this.timerUpdates), 'key', ['due_date', 'repetitions']);
    remove('message_subscriptions', 'key', this.subscriptionDeletes);
    insert('message_subscriptions', this.subscriptionInserts.values());
    remove('signal_subscriptions', 'key', this.signalSubscriptionDeletes);
    insert('signal_subscriptions', this.signalSubscriptionInserts.values());
    remove('incidents', 'key', this.incidentDeletes);
    insert('incidents', this.incidentInserts.values());
    insert('message_correlations', this.messageCorrelations);
    const processInstanceKey = [...this.variableWrites.values()][0]?.process_instance_key;
    for (const [scope, names] of this.variableEvents) {
      if (!processInstanceKey) break;
      this.journal.push({
        process_instance_key: processInstanceKey,
        key: scope,
        at: Date.now(),
        value_type: 'VARIABLE',
        intent: 'MERGED',
        element_id: null,
        element_type: null,
        flow_scope_key: scope,
        detail: names,
      });
    }
    if (this.journal.length > 0) {
      add(
        `insert into engine.journal (process_instance_key, key, at, value_type, intent, element_id, element_type, flow_scope_key, detail)
         select process_instance_key, key, at, value_type, intent, element_id, element_type, flow_scope_key, detail
         from jsonb_to_recordset(${json(this.journal)}::jsonb) as j(process_instance_key bigint, key bigint, at bigint,
           value_type text, intent text, element_id text, element_type text, flow_scope_key bigint, detail jsonb)`,
      );
    }
    // Unreferenced plain SELECTs in WITH never run, so the notifications go in the main query.
    const channels: string[] = [];
    const payloads: string[] = [];
    const announce = (channel: string, subject: string) => {
      channels.push(channel);
      payloads.push(`${origin}:${subject}`);
    };
    for (const type of this.activatableJobTypes) announce('engine_jobs', type);
    if (this.resultReady) announce('engine_results', this.resultReady);
    const notify =
      channels.length > 0
        ? `select pg_notify(c, p) from unnest(${param(channels)}::text[], ${param(payloads)}::text[]) as n(c, p)`
        : 'select 1';
    if (parts.length === 0 && channels.length === 0) return;
    await query(client, parts.length > 0 ? `with ${parts.join(',\n')} ${notify}` : notify, params);
  }
}
