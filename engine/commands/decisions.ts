// EvaluateDecision: evaluates a deployed decision outside any process, as Zeebe's gateway does. A failed
// evaluation is still an answer (with failedDecisionId and failureMessage), not a rejected call; every
// value in the answer is JSON text.
import type { EngineCore } from '../core.js';
import { evaluateDecision } from '../dmn/evaluate.js';
import type { EvaluatedDecision } from '../dmn/types.js';
import { rejected } from '../errors.js';
import type { FoundDecision } from '../state/called-resources.js';

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
        ? `Expected to evaluate decision with key '${request.decisionKey}', but no such decision found`
        : `Expected to evaluate decision '${request.decisionId}', but no decision found for id '${request.decisionId}'`,
    );
  }
  const outcome = evaluateDecision(decision.graph, decision.decisionId, request.variables);
  const instanceKey = await core.keys.next();
  return {
    decisionKey: decision.key,
    decisionId: decision.decisionId,
    decisionName: decision.name,
    decisionVersion: decision.version,
    decisionRequirementsId: decision.decisionRequirementsId,
    decisionRequirementsKey: decision.decisionRequirementsKey,
    decisionOutput: outcome.ok ? json(outcome.result) : '',
    evaluatedDecisions: outcome.evaluated.map((evaluated) => describe(evaluated, decision)),
    failedDecisionId: outcome.ok ? '' : outcome.failedDecisionId,
    failureMessage: outcome.ok ? '' : `Expected to evaluate decision '${decision.decisionId}', but ${outcome.message}`,
    decisionInstanceKey: instanceKey,
  };
}

/** One evaluated decision in the wire shape; required decisions of the same graph share its version. */
function describe(evaluated: EvaluatedDecision, called: FoundDecision) {
  return {
    decisionKey: evaluated.decisionId === called.decisionId ? called.key : '',
    decisionId: evaluated.decisionId,
    decisionName: evaluated.decisionName,
    decisionVersion: called.version,
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
