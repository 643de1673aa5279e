// MigrateProcessInstance: moves an instance to another process definition by mapping each active element to
// an element of the same type in the same flow scope there. Jobs keep their keys, types, headers and
// variables and take the target's process and element ids. The checks and messages are Zeebe 8.8's.
import type { EngineCore } from '../core.js';
import { rejected } from '../errors.js';
import { query } from '../state/sql.js';

export interface MappingInstruction {
  sourceElementId: string;
  targetElementId: string;
}

export async function migrateInstance(
  core: EngineCore,
  processInstanceKey: string,
  targetKey: string,
  mappings: MappingInstruction[],
): Promise<void> {
  const notFound = () =>
    rejected(
      'MIGRATE',
      'NOT_FOUND',
      `Expected to migrate process instance but no process instance found with key '${processInstanceKey}'`,
    );
  const { rows } = await query<{ version: number }>(
    core.pool,
    'select version from engine.process_definitions where key = $1 and not deleted',
    [/^\d+$/.test(targetKey) ? targetKey : '-1'],
  );
  const targetVersion = rows[0]?.version;
  if (targetVersion === undefined)
    throw rejected(
      'MIGRATE',
      'NOT_FOUND',
      `Expected to migrate process instance to process definition but no process definition found with key '${targetKey}'`,
    );
  const target = await core.model(targetKey);
  await core.onInstance(processInstanceKey, notFound, async ({ client, state, model, changes }) => {
    const prefix = `Expected to migrate process instance '${processInstanceKey}' but`;
    const invalid = (reason: string) => rejected('MIGRATE', 'INVALID_ARGUMENT', `${prefix} ${reason}`);
    const refused = (reason: string) => rejected('MIGRATE', 'INVALID_STATE', `${prefix} ${reason}`);
    for (const { sourceElementId } of mappings)
      if (!model.nodes.has(sourceElementId))
        throw invalid(
          `mapping instructions contain a non-existing source element id '${sourceElementId}'. Elements provided in mapping instructions must exist in the source process definition.`,
        );
    for (const { targetElementId } of mappings)
      if (!target.nodes.has(targetElementId))
        throw invalid(
          `mapping instructions contain a non-existing target element id '${targetElementId}'. Elements provided in mapping instructions must exist in the target process definition.`,
        );
    const sources = mappings.map((m) => m.sourceElementId);
    const duplicates = [...new Set(sources.filter((id, i) => sources.indexOf(id) !== i))];
    if (duplicates.length > 0)
      throw invalid(`the mapping instructions contain duplicate source element ids '[${duplicates.join(', ')}]'.`);
    const mapped = new Map(mappings.map((m) => [m.sourceElementId, m.targetElementId]));
    const active = [...state.elements.values()].filter((e) => e.element_type !== 'PROCESS');
    for (const element of active) {
      const targetId = mapped.get(element.element_id);
      if (!targetId)
        throw refused(
          `no mapping instruction defined for active element with id '${element.element_id}'. Elements cannot be migrated without a mapping.`,
        );
      const source = model.nodes.get(element.element_id);
      const destination = target.nodes.get(targetId);
      if (!source || !destination) continue;
      if (source.type !== destination.type)
        throw refused(
          `active element with id '${source.id}' and type '${source.type}' is mapped to an element with id '${targetId}' and different type '${destination.type}'. Elements must be mapped to elements of the same type.`,
        );
      const expectedScope =
        source.flowScope === model.id ? target.id : (mapped.get(source.flowScope) ?? source.flowScope);
      if (destination.flowScope !== expectedScope)
        throw refused(
          `the flow scope of active element with id '${source.id}' is changed. The flow scope of the active element is expected to be '${expectedScope}' but was '${destination.flowScope}'. The flow scope of an element cannot be changed during migration yet.`,
        );
    }
    // the rows first, then the state this engine keeps in memory
    await query(
      client,
      'update engine.process_instances set process_definition_key = $2, bpmn_process_id = $3, version = $4 where key = $1',
      [state.key, targetKey, target.id, targetVersion],
    );
    for (const element of state.elements.values()) {
      const targetId =
        element.element_type === 'PROCESS' ? target.id : (mapped.get(element.element_id) ?? element.element_id);
      await query(client, 'update engine.element_instances set element_id = $2 where key = $1', [
        element.key,
        targetId,
      ]);
      await query(
        client,
        `update engine.jobs set element_id = $2, bpmn_process_id = $3, process_definition_key = $4, process_definition_version = $5
          where element_instance_key = $1`,
        [element.key, targetId, target.id, targetKey, targetVersion],
      );
      element.element_id = targetId;
      changes.upsertElement(element);
    }
    Object.assign(state.processInstance, {
      process_definition_key: targetKey,
      bpmn_process_id: target.id,
      version: targetVersion,
    });
  });
}
