// PublishMessage. The message correlates to the open subscriptions with its name and correlation key,
// at most once per process (bpmn process id), and starts instances through message start events;
// with a time to live it is also buffered for subscriptions opened later.
//
// Lock order, as everywhere: process instance rows first, then the advisory lock of the
// (name, correlation key) pair, which subscription opening also takes. Publishing locks the instances
// it saw waiting, then re-reads the subscriptions under the pair lock; if a new instance has started
// waiting in between, it rolls back and tries again with that instance included.
import { query } from '../state/sql.js';
import type { EngineCore } from '../core.js';
import { rejected } from '../errors.js';
import { loadInstanceForUpdate, type InstanceState } from '../runtime/instance-state.js';
import type { Changes } from '../state/changes.js';
import type { MessageRow, MessageSubscriptionRow } from '../state/rows.js';
import { inTransaction } from '../state/transaction.js';

export interface PublishRequest {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId: string;
  variables: Record<string, unknown>;
}

class WaitersChanged extends Error {}

const subscriptionColumns = `select key::text, process_instance_key::text, element_instance_key::text, target_element_id,
  bpmn_process_id, message_name, correlation_key, interrupting from engine.message_subscriptions`;

export async function publishMessage(core: EngineCore, request: PublishRequest): Promise<string> {
  if (request.name.trim() === '')
    throw rejected('PUBLISH', 'INVALID_ARGUMENT', 'Expected message name to be present, but it was blank');
  const key = await core.keys.next();
  const now = Date.now();
  const message: MessageRow = {
    key,
    name: request.name,
    correlation_key: request.correlationKey,
    message_id: request.messageId || null,
    variables: request.variables,
    deadline: now + Math.max(0, request.timeToLive),
  };
  let toLock = await waitingInstances(core, request.name, request.correlationKey);
  for (;;) {
    try {
      const committed = await inTransaction(core.pool, (client) =>
        publishLocked(core, client, message, request.timeToLive > 0, toLock),
      );
      for (const { changes, state } of committed) core.afterCommit(changes, state);
      return key;
    } catch (error) {
      if (!(error instanceof WaitersChanged)) throw error;
      toLock = await waitingInstances(core, request.name, request.correlationKey);
    }
  }
}

async function waitingInstances(core: EngineCore, name: string, correlationKey: string): Promise<string[]> {
  const { rows } = await query<{ key: string }>(
    core.pool,
    'select distinct process_instance_key::text as key from engine.message_subscriptions where message_name = $1 and correlation_key = $2',
    [name, correlationKey],
  );
  return rows.map((r) => r.key).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

async function publishLocked(
  core: EngineCore,
  client: import('pg').PoolClient,
  message: MessageRow,
  buffered: boolean,
  toLock: string[],
): Promise<{ changes: Changes; state: InstanceState }[]> {
  const states = new Map<string, InstanceState>();
  for (const key of toLock) {
    const state = await loadInstanceForUpdate(client, key, core.instances);
    if (state && state.processInstance.state === 'ACTIVE') states.set(key, state);
  }
  await query(client, 'select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
    message.name,
    message.correlation_key,
  ]);
  if (message.message_id) {
    const { rowCount } = await query(
      client,
      'select 1 from engine.messages where name = $1 and correlation_key = $2 and message_id = $3 and deadline > $4',
      [message.name, message.correlation_key, message.message_id, Date.now()],
    );
    if (rowCount) {
      throw rejected(
        'PUBLISH',
        'ALREADY_EXISTS',
        `Expected to publish a new message with id '${message.message_id}', but a message with that id was already published`,
      );
    }
  }
  if (buffered) {
    await query(
      client,
      `insert into engine.messages (key, name, correlation_key, message_id, variables, deadline) values ($1, $2, $3, $4, $5, $6)
       on conflict (name, correlation_key, message_id) where message_id is not null do update set key = excluded.key,
         variables = excluded.variables, deadline = excluded.deadline`,
      [
        message.key,
        message.name,
        message.correlation_key,
        message.message_id,
        JSON.stringify(message.variables),
        message.deadline,
      ],
    );
  }
  const { rows: subscriptions } = await query<MessageSubscriptionRow>(
    client,
    `${subscriptionColumns} where message_name = $1 and correlation_key = $2 order by key`,
    [message.name, message.correlation_key],
  );
  if (subscriptions.some((s) => !toLock.includes(s.process_instance_key))) throw new WaitersChanged();

  const done = new Set<string>();
  const committed: { changes: Changes; state: InstanceState }[] = [];
  const touched = new Map<string, MessageSubscriptionRow[]>();
  for (const subscription of subscriptions) {
    if (done.has(subscription.bpmn_process_id)) continue;
    const state = states.get(subscription.process_instance_key);
    // the first subscription (oldest first) of each process whose element still waits wins
    if (state?.elements.get(subscription.element_instance_key)?.state !== 'ACTIVATED') continue;
    touched.set(state.key, [...(touched.get(state.key) ?? []), subscription]);
    done.add(subscription.bpmn_process_id);
  }
  for (const [key, candidates] of touched) {
    const state = states.get(key);
    if (!state) continue;
    const run = await core.runAndWrite(client, state, async ({ interpreter }) => {
      for (const subscription of candidates) if (await interpreter.correlate(subscription, message)) break;
    });
    if (!buffered) run.changes.messageCorrelations.length = 0;
    committed.push(run);
  }
  committed.push(...(await startByMessage(core, client, message, done, buffered)));
  return committed;
}

/** Starts instances of processes whose latest version has a message start event for this message. */
async function startByMessage(
  core: EngineCore,
  client: import('pg').PoolClient,
  message: MessageRow,
  done: Set<string>,
  buffered: boolean,
): Promise<{ changes: Changes; state: InstanceState }[]> {
  const { rows: starts } = await query<{
    bpmn_process_id: string;
    process_definition_key: string;
    element_id: string;
  }>(
    client,
    `select s.bpmn_process_id, s.process_definition_key::text, s.element_id from engine.message_start_subscriptions s
      where s.message_name = $1 order by s.bpmn_process_id`,
    [message.name],
  );
  const started: { changes: Changes; state: InstanceState }[] = [];
  for (const start of starts) {
    if (done.has(start.bpmn_process_id)) continue;
    if (message.correlation_key !== '') {
      // two start messages of different names but the same key must not both start an instance
      await query(client, 'select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
        `start:${start.bpmn_process_id}`,
        message.correlation_key,
      ]);
      const { rowCount } = await query(
        client,
        `select 1 from engine.process_instances where bpmn_process_id = $1 and start_correlation_key = $2 and state = 'ACTIVE'`,
        [start.bpmn_process_id, message.correlation_key],
      );
      if (rowCount) continue;
    }
    const { rows } = await query<{ version: number }>(
      client,
      'select version from engine.process_definitions where key = $1',
      [start.process_definition_key],
    );
    const version = rows[0]?.version ?? 1;
    const state = core.newInstance(
      await core.keys.next(),
      { key: start.process_definition_key, bpmn_process_id: start.bpmn_process_id, version },
      Date.now(),
    );
    state.processInstance.start_correlation_key = message.correlation_key === '' ? null : message.correlation_key;
    const run = await core.runAndWrite(client, state, async ({ changes, interpreter }) => {
      changes.processInstanceInsert = state.processInstance;
      if (buffered)
        changes.messageCorrelations.push({ message_key: message.key, bpmn_process_id: start.bpmn_process_id });
      changes.journal.push({
        process_instance_key: state.key,
        key: message.key,
        at: Date.now(),
        value_type: 'MESSAGE',
        intent: 'CORRELATED',
        element_id: start.element_id,
        element_type: 'START_EVENT',
        flow_scope_key: state.key,
        detail: { messageName: message.name },
      });
      await interpreter.start(
        {},
        { messageStart: { elementId: start.element_id, variables: message.variables, messageKey: message.key } },
      );
    });
    done.add(start.bpmn_process_id);
    started.push(run);
  }
  return started;
}

/** After an instance started by a keyed message ends, the next buffered message with that key may start one. */
export async function releaseMessageStart(
  core: EngineCore,
  bpmnProcessId: string,
  correlationKey: string,
): Promise<void> {
  const committed = await inTransaction(core.pool, async (client) => {
    const { rows } = await query<MessageRow>(
      client,
      `select m.key::text, m.name, m.correlation_key, m.message_id, m.variables, m.deadline::float8 as deadline
         from engine.messages m join engine.message_start_subscriptions s on s.message_name = m.name and s.bpmn_process_id = $1
        where m.correlation_key = $2 and m.deadline > $3
          and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = $1)
        order by m.key limit 1`,
      [bpmnProcessId, correlationKey, Date.now()],
    );
    const message = rows[0];
    if (!message) return [];
    await query(client, 'select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      message.name,
      message.correlation_key,
    ]);
    const others = new Set<string>();
    const { rows: starts } = await query<{ bpmn_process_id: string }>(
      client,
      'select bpmn_process_id from engine.message_start_subscriptions where message_name = $1 and bpmn_process_id <> $2',
      [message.name, bpmnProcessId],
    );
    for (const s of starts) others.add(s.bpmn_process_id);
    return startByMessage(core, client, message, others, true);
  });
  for (const { changes, state } of committed) core.afterCommit(changes, state);
}
