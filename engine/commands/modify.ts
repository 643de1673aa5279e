// ModifyProcessInstance: activate elements (creating the flow scopes they need) and terminate element
// instances of one process instance, all or nothing. The checks and their messages are Zeebe 8.8's.
import type { EngineCore } from '../core.js';
import { rejected } from '../errors.js';
import type { ProcessModel } from '../model/types.js';
import type { InstanceState } from '../runtime/instance-state.js';
import type { Activation } from '../runtime/interpreter.js';

export interface ActivateInstruction {
  elementId: string;
  /** The element instance to activate under; -1 (or empty) to find the one active instance of its scope. */
  ancestorElementInstanceKey: string;
  variableInstructions: { scopeId: string; variables: Record<string, unknown> }[];
}

const unsupportedTypes = new Set(['START_EVENT', 'BOUNDARY_EVENT']);
const supportedTypes =
  '[PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, MANUAL_TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, SCRIPT_TASK, SEND_TASK, INCLUSIVE_GATEWAY, TASK]';

export async function modifyInstance(
  core: EngineCore,
  processInstanceKey: string,
  activate: ActivateInstruction[],
  terminate: string[],
): Promise<void> {
  const notFound = () =>
    rejected(
      'MODIFY',
      'NOT_FOUND',
      `Expected to modify process instance but no process instance found with key '${processInstanceKey}'`,
    );
  await core.onInstance(processInstanceKey, notFound, async ({ state, model, interpreter }) => {
    const activations = plan(state, model, activate, terminate);
    await interpreter.modify(activations, terminate);
  });
}

/** Checks every instruction against the instance and says where each activation goes; throws on the first problem. */
function plan(
  state: InstanceState,
  model: ProcessModel,
  activate: ActivateInstruction[],
  terminate: string[],
): Activation[] {
  const invalid = (reason: string) =>
    rejected(
      'MODIFY',
      'INVALID_ARGUMENT',
      `Expected to modify instance of process '${model.id}' but it contains one or more ${reason}`,
    );
  const missing = activate.filter((a) => !model.nodes.has(a.elementId) && !model.flows.has(a.elementId));
  if (missing.length > 0)
    throw invalid(
      `activate instructions with an element that could not be found: ${missing.map((a) => `'${a.elementId}'`).join(', ')}`,
    );
  const unsupported = activate.filter(
    (a) => model.flows.has(a.elementId) || unsupportedTypes.has(model.nodes.get(a.elementId)?.type ?? ''),
  );
  if (unsupported.length > 0) {
    const types = unsupported.map((a) =>
      model.flows.has(a.elementId) ? 'SEQUENCE_FLOW' : model.nodes.get(a.elementId)?.type,
    );
    throw invalid(
      `activate instructions for elements that are unsupported: ${unsupported.map((a) => `'${a.elementId}'`).join(', ')}. The activation of elements with type '${[...new Set(types)].join("', '")}' is not supported. Supported element types are: ${supportedTypes}`,
    );
  }
  const unknownKeys = terminate.filter((key) => key !== state.key && !state.elements.has(key));
  if (unknownKeys.length > 0)
    throw invalid(
      `terminate instructions with an element instance that could not be found: ${unknownKeys.map((k) => `'${k}'`).join(', ')}`,
    );
  return activate.map((instruction) => {
    // the element's flow scopes, innermost first, ending with the process
    const scopes: string[] = [];
    for (let id = model.nodes.get(instruction.elementId)?.flowScope; id; id = model.nodes.get(id)?.flowScope) {
      scopes.push(id);
      if (id === model.id) break;
    }
    for (const { scopeId } of instruction.variableInstructions) {
      if (!scopeId) continue;
      if (!model.nodes.has(scopeId) && scopeId !== model.id)
        throw invalid(`variable instructions with a scope element id that could not be found: '${scopeId}'`);
      if (scopeId !== instruction.elementId && !scopes.includes(scopeId))
        throw invalid(
          "variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.",
        );
    }
    const ancestor = instruction.ancestorElementInstanceKey;
    if (ancestor && ancestor !== '-1') {
      const element = ancestor === state.key ? { element_id: model.id } : state.elements.get(ancestor);
      if (!element)
        throw invalid(
          `activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${ancestor}'`,
        );
      if (!scopes.includes(element.element_id))
        throw invalid(
          `activate instructions with an ancestor scope key that is not an ancestor of the element to activate:\n- instance '${ancestor}' of element '${element.element_id}' is not an ancestor of element '${instruction.elementId}'`,
        );
      return { ...instruction, scopes, ancestorKey: ancestor };
    }
    // no ancestor given: the innermost scope with exactly one active instance (more than one is ambiguous)
    for (const scopeId of scopes) {
      if (scopeId === model.id) return { ...instruction, scopes, ancestorKey: state.key };
      const active = [...state.elements.values()].filter(
        (e) => e.element_id === scopeId && e.element_type !== 'MULTI_INSTANCE_BODY',
      );
      if (active.length > 1)
        throw invalid(
          `activate instructions for an element that has a flow scope with more than one active instance: '${scopeId}'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
        );
      if (active[0]) return { ...instruction, scopes, ancestorKey: active[0].key };
    }
    return { ...instruction, scopes, ancestorKey: state.key };
  });
}
