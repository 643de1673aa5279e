// EvaluateDecision: evaluates a deployed decision outside any process, as Zeebe's gateway does. A failed
// evaluation is still an answer (with failedDecisionId and failureMessage), not a rejected call; every
// value in the answer is JSON text.
import type { EngineCore } from '../core.js';
import { evaluateDecision } from '../dmn/evaluate.js';
import type { EvaluatedDecision } from '../dmn/types.js';
import { rejected } from '../errors.js';

const json = (value: unknown) => JSON.stringify(value ?? null);

export async function evaluateDecisionCommand(
  core: EngineCore,
  request: { decisionId: string; decisionKey: string; variables: Record<string, unknown> },
) {
  const byKey = request.decisionKey !== '' && BigInt(request.decisionKey) > 0n;
  if (!byKey && !request.decisionId)
    throw rejected(
      'EVALUATE',
      'INVALID_ARGUMENT',
      'Expected either a decision id or a valid decision key, but none provided',
    );
  const decision = await core.called.decisionByKeyOrId(
    core.pool,
    byKey ? { decisionKey: request.decisionKey } : { decisionId: request.decisionId },
  );
  if (!decision) {
    throw rejected(
      'EVALUATE',
      'NOT_FOUND',
      byKey
        ? `Expected to evaluate decision '${request.decisionKey}', but no decision found for key '${request.decisionKey}'`
        : `Expected to evaluate decision '${request.decisionId}', but no decision found for id '${request.decisionId}'`,
    );
  }
  const outcome = evaluateDecision(decision.graph, decision.decisionId, request.variables);
  const graphDecisions = await decisionsOfGraph(core, decision.decisionRequirementsKey);
  const instanceKey = await core.keys.next();
  return {
    decisionKey: decision.key,
    decisionId: decision.decisionId,
    decisionName: decision.name,
    decisionVersion: decision.version,
    decisionRequirementsId: decision.decisionRequirementsId,
    decisionRequirementsKey: decision.decisionRequirementsKey,
    decisionOutput: outcome.ok ? json(outcome.result) : '',
    evaluatedDecisions: outcome.evaluated.map((evaluated) => describe(evaluated, graphDecisions)),
    failedDecisionId: outcome.ok ? '' : outcome.failedDecisionId,
    failureMessage: outcome.ok ? '' : `Expected to evaluate decision '${decision.decisionId}', but ${outcome.message}`,
    decisionInstanceKey: instanceKey,
  };
}

/** The key and version of each decision of a deployed graph, by decision id. */
async function decisionsOfGraph(core: EngineCore, decisionRequirementsKey: string) {
  const { rows } = await core.pool.query<{ decision_id: string; key: string; version: number }>(
    'select decision_id, key::text, version from engine.decisions where decision_requirements_key = $1',
    [decisionRequirementsKey],
  );
  return new Map(rows.map((row) => [row.decision_id, { key: row.key, version: row.version }]));
}

/**
 * One evaluated decision in the wire shape, with the key and version of that decision of the graph (a
 * required decision has its own), as in Zeebe. A call of a business knowledge model has key and version -1.
 */
function describe(evaluated: EvaluatedDecision, graphDecisions: Map<string, { key: string; version: number }>) {
  const deployed = graphDecisions.get(evaluated.decisionId);
  return {
    decisionKey: deployed?.key ?? '-1',
    decisionId: evaluated.decisionId,
    decisionName: evaluated.decisionName,
    decisionVersion: deployed?.version ?? -1,
    decisionType: evaluated.decisionType,
    decisionOutput: json(evaluated.decisionOutput),
    matchedRules: evaluated.matchedRules.map((rule) => ({
      ruleId: rule.ruleId,
      ruleIndex: rule.ruleIndex,
      evaluatedOutputs: rule.evaluatedOutputs.map((output) => ({ ...output, outputValue: json(output.outputValue) })),
    })),
    evaluatedInputs: evaluated.evaluatedInputs.map((input) => ({ ...input, inputValue: json(input.inputValue) })),
  };
}
