// Timer start events: a due start timer creates an instance of its process version (with no variables)
// at the timer start event, and is rescheduled by its cycle or removed, in one transaction. Several
// engine processes may fire timers: the row lock with SKIP LOCKED gives each due firing to one of them.
import type { EngineCore } from '../core.js';
import { nextDue } from '../feel/temporal.js';
import { query } from '../state/sql.js';
import { inTransaction } from '../state/transaction.js';

interface StartTimerRow {
  key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  element_id: string;
  due_date: number;
  repetitions: number;
  interval: string | null;
}

/** The keys of start timers due at `now`, earliest first. */
export async function dueStartTimers(core: EngineCore, now: number, limit: number): Promise<string[]> {
  const { rows } = await query<{ key: string }>(
    core.pool,
    'select key::text from engine.start_timers where due_date <= $1 order by due_date limit $2',
    [now, limit],
  );
  return rows.map((r) => r.key);
}

/** Fires one due start timer; does nothing if another engine process has it or it is no longer due. */
export async function fireStartTimer(core: EngineCore, key: string, now: number): Promise<void> {
  const runs = await inTransaction(core.pool, async (client) => {
    const { rows } = await query<StartTimerRow>(
      client,
      `select t.key::text, t.process_definition_key::text, t.bpmn_process_id, d.version, t.element_id,
              t.due_date::float8 as due_date, t.repetitions, t.interval
         from engine.start_timers t join engine.process_definitions d on d.key = t.process_definition_key
        where t.key = $1 and t.due_date <= $2 for update of t skip locked`,
      [key, now],
    );
    const timer = rows[0];
    if (!timer) return [];
    const remaining = timer.repetitions < 0 ? -1 : timer.repetitions - 1;
    const next = timer.interval ? nextDue(timer.interval, timer.due_date) : undefined;
    if (remaining !== 0 && next !== undefined)
      await query(client, 'update engine.start_timers set due_date = $2, repetitions = $3 where key = $1', [
        key,
        next,
        remaining,
      ]);
    else await query(client, 'delete from engine.start_timers where key = $1', [key]);
    const definition = {
      key: timer.process_definition_key,
      bpmn_process_id: timer.bpmn_process_id,
      version: timer.version,
    };
    const state = core.newInstance(await core.keys.next(), definition, now);
    const run = await core.runAndWrite(client, state, async ({ changes, interpreter }) => {
      changes.processInstanceInsert = state.processInstance;
      await interpreter.start({}, { eventStart: { elementId: timer.element_id, variables: {} } });
    });
    return [{ changes: run.changes, state, next: remaining !== 0 ? next : undefined }];
  });
  for (const { changes, state, next } of runs) {
    core.afterCommit(changes, state);
    if (next !== undefined) for (const listener of core.listeners) listener.timerScheduled?.(next);
  }
}
