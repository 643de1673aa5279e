// DeleteResource, as Zeebe 8.6 and 8.8 answer it: a process version (refused while instances of it run;
// the version before becomes the latest, with its start events), a decision requirements graph with its
// decisions (their version numbers are given out again), or a form version. Deleted process and form
// versions stay as rows marked deleted, because Zeebe does not give their version numbers out again.
import type { EngineCore } from '../core.js';
import { rejected } from '../errors.js';
import { query } from '../state/sql.js';
import { inTransaction } from '../state/transaction.js';
import { clearStartEvents, registerStartEvents } from './start-events.js';

export async function deleteResource(core: EngineCore, key: string): Promise<void> {
  const notFound = () =>
    rejected('DELETE', 'NOT_FOUND', `Expected to delete resource but no resource found with key \`${key}\``);
  if (!/^\d+$/.test(key)) throw notFound();
  const dues = await inTransaction(core.pool, async (client) => {
    // deploys and deletes take turns, so what is latest cannot change underneath
    await client.query(`select pg_advisory_xact_lock(hashtext('engine.deploy'))`);
    const { rows: processes } = await query<{ bpmn_process_id: string }>(
      client,
      'select bpmn_process_id from engine.process_definitions where key = $1 and not deleted for update',
      [key],
    );
    const process = processes[0];
    if (process) {
      const { rowCount } = await query(
        client,
        "select 1 from engine.process_instances where process_definition_key = $1 and state = 'ACTIVE' limit 1",
        [key],
      );
      if (rowCount)
        throw rejected(
          'DELETE',
          'INVALID_STATE',
          `Expected to delete resource with key \`${key}\` but there are still running instances`,
        );
      await query(client, 'update engine.process_definitions set deleted = true where key = $1', [key]);
      const { rows: latest } = await query<{ key: string }>(
        client,
        `select key::text from engine.process_definitions where bpmn_process_id = $1 and not deleted
          order by version desc limit 1`,
        [process.bpmn_process_id],
      );
      if (!latest[0]) {
        await clearStartEvents(client, process.bpmn_process_id);
        return [];
      }
      const model = await core.model(latest[0].key);
      return registerStartEvents(client, model, latest[0].key, Date.now(), () => core.keys.next());
    }
    // the decisions first: they reference their graph
    await query(client, 'delete from engine.decisions where decision_requirements_key = $1', [key]);
    const drg = await query(client, 'delete from engine.decision_requirements where key = $1', [key]);
    if (drg.rowCount) return [];
    const form = await query(client, 'update engine.forms set deleted = true where key = $1 and not deleted', [key]);
    if (form.rowCount) return [];
    throw notFound();
  });
  for (const due of dues) for (const listener of core.listeners) listener.timerScheduled?.(due);
}
