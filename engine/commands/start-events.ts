// The start events of a process's latest version are what message, signal and timer starts reach: deploying
// a new version moves them to it, and deleting the latest version moves them back to the one before.
import type pg from 'pg';
import type { ProcessModel } from '../model/types.js';
import { timerSchedule } from '../runtime/timer-schedule.js';

/**
 * Makes `model` (definition `key`) the version whose message, signal and timer start events are live,
 * replacing those of every other version; timer expressions are evaluated now, with no variables (a
 * deploy refuses one that fails before it gets here). Returns the new timers' due dates.
 */
export async function registerStartEvents(
  client: pg.ClientBase,
  model: ProcessModel,
  key: string,
  now: number,
  nextKey: () => Promise<string>,
): Promise<number[]> {
  for (const table of ['message_start_subscriptions', 'signal_start_subscriptions', 'start_timers'])
    await client.query(`delete from engine.${table} where bpmn_process_id = $1`, [model.id]);
  const due: number[] = [];
  for (const { elementId, timer } of model.timerStarts) {
    const schedule = timerSchedule(timer, {}, now);
    if (!schedule.ok) continue;
    await client.query(
      `insert into engine.start_timers (key, process_definition_key, bpmn_process_id, element_id, due_date, repetitions, interval)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        await nextKey(),
        key,
        model.id,
        elementId,
        schedule.value.due,
        schedule.value.repetitions,
        schedule.value.interval,
      ],
    );
    due.push(schedule.value.due);
  }
  for (const start of model.signalStarts)
    await client.query(
      `insert into engine.signal_start_subscriptions (signal_name, bpmn_process_id, process_definition_key, element_id)
       values ($1, $2, $3, $4)`,
      [start.signalName, model.id, key, start.elementId],
    );
  for (const start of model.messageStarts)
    await client.query(
      `insert into engine.message_start_subscriptions (message_name, bpmn_process_id, process_definition_key, element_id)
       values ($1, $2, $3, $4)`,
      [start.messageName, model.id, key, start.elementId],
    );
  return due;
}

/** Removes a process's start events, when its last version is deleted. */
export async function clearStartEvents(client: pg.ClientBase, bpmnProcessId: string): Promise<void> {
  for (const table of ['message_start_subscriptions', 'signal_start_subscriptions', 'start_timers'])
    await client.query(`delete from engine.${table} where bpmn_process_id = $1`, [bpmnProcessId]);
}
