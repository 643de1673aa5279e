// BroadcastSignal, and the signals that throw events send. A signal is not buffered: it reaches the
// subscriptions open when it is sent (every waiting instance, every one of its subscriptions with the name)
// and starts an instance of each process whose latest version has a signal start event for it.
import type pg from 'pg';
import type { EngineCore } from '../core.js';
import { loadInstanceForUpdate, type InstanceState } from '../runtime/instance-state.js';
import type { Changes } from '../state/changes.js';
import type { SignalSubscriptionRow } from '../state/rows.js';
import { query } from '../state/sql.js';
import { inTransaction } from '../state/transaction.js';

type Run = { changes: Changes; state: InstanceState };

export async function broadcastSignal(
  core: EngineCore,
  name: string,
  variables: Record<string, unknown>,
): Promise<string> {
  const key = await core.keys.next();
  const runs = await inTransaction(core.pool, (client) => deliverSignal(core, client, name, variables));
  for (const { changes, state } of runs) core.afterCommit(changes, state);
  return key;
}

/**
 * Delivers a signal inside the caller's transaction: the instances waiting now, in key order (the lock
 * order), then new instances for the signal start events. Returns what each run wrote, for afterCommit.
 */
export async function deliverSignal(
  core: EngineCore,
  client: pg.PoolClient,
  name: string,
  variables: Record<string, unknown>,
): Promise<Run[]> {
  const runs: Run[] = [];
  // read before any instance starts, so an instance this signal starts does not also catch it
  const { rows: waiting } = await query<{ key: string }>(
    client,
    'select distinct process_instance_key::text as key from engine.signal_subscriptions where signal_name = $1 order by 1',
    [name],
  );
  const { rows: starts } = await query<{ key: string; bpmn_process_id: string; version: number; element_id: string }>(
    client,
    `select d.key::text, d.bpmn_process_id, d.version, s.element_id
       from engine.signal_start_subscriptions s join engine.process_definitions d on d.key = s.process_definition_key
      where s.signal_name = $1 order by d.key, s.element_id`,
    [name],
  );
  for (const { key } of waiting) {
    const state = await loadInstanceForUpdate(client, key, core.instances);
    if (!state || state.processInstance.state !== 'ACTIVE') continue;
    const { rows: subscriptions } = await query<SignalSubscriptionRow>(
      client,
      `select key::text, process_instance_key::text, element_instance_key::text, target_element_id, signal_name, interrupting
         from engine.signal_subscriptions where process_instance_key = $1 and signal_name = $2 order by key`,
      [key, name],
    );
    const run = await core.runAndWrite(client, state, async ({ interpreter }) => {
      for (const subscription of subscriptions) await interpreter.triggerSignal(subscription, variables);
    });
    runs.push({ changes: run.changes, state });
  }
  for (const start of starts) {
    const state = core.newInstance(await core.keys.next(), start, Date.now());
    const run = await core.runAndWrite(client, state, async ({ changes, interpreter }) => {
      changes.processInstanceInsert = state.processInstance;
      await interpreter.start({}, { eventStart: { elementId: start.element_id, variables } });
    });
    runs.push({ changes: run.changes, state });
  }
  return runs;
}
