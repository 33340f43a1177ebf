import type { DecisionEvaluationResult, EvaluatedDecisionInfo } from '../api.ts';
import { evaluateDecision } from '../dmn/index.ts';
import type { DeployedDecision, ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import type { VariableLookup } from './variables.ts';

/**
 * Evaluates one deployed decision (its required decisions first) and writes Zeebe's
 * DECISION_EVALUATION record: EVALUATED with every evaluated decision's inputs and matched
 * rules, or FAILED with the decision that failed and why. Used by business rule tasks and by
 * EvaluateDecision; `caller` is the element instance of a business rule task, if any.
 */
export function evaluateDeployedDecision(
  ctx: BatchContext,
  decision: DeployedDecision,
  lookup: VariableLookup,
  caller?: ElementInstance,
): { ok: boolean; result: DecisionEvaluationResult } {
  const { state } = ctx;
  const requirements = state.decisionRequirements.get(decision.requirementsKey);
  if (!requirements) throw new Error(`decision requirements ${decision.requirementsKey} of decision ${decision.key} are not loaded`);
  const outcome = evaluateDecision(requirements.drg, decision.decisionId, lookup);
  const evaluatedDecisions: EvaluatedDecisionInfo[] = outcome.evaluatedDecisions.map((d) => {
    const key = requirements.decisionKeys[d.decisionId] ?? '-1';
    return {
      decisionKey: key,
      decisionId: d.decisionId,
      decisionName: d.decisionName,
      decisionVersion: state.decisions.get(key)?.version ?? decision.version,
      decisionType: d.decisionType,
      decisionOutput: d.decisionOutput,
      matchedRules: d.matchedRules,
      evaluatedInputs: d.evaluatedInputs,
    };
  });
  const result: DecisionEvaluationResult = {
    decisionKey: decision.key,
    decisionId: decision.decisionId,
    decisionName: decision.name,
    decisionVersion: decision.version,
    decisionRequirementsId: requirements.decisionRequirementsId,
    decisionRequirementsKey: requirements.key,
    decisionOutput: outcome.ok ? outcome.decisionOutput : null,
    evaluatedDecisions,
    failedDecisionId: outcome.ok ? '' : outcome.failedDecisionId,
    failureMessage: outcome.ok ? '' : outcome.message,
    decisionInstanceKey: state.nextKey(),
    tenantId: '<default>',
  };
  ctx.record({
    key: result.decisionInstanceKey,
    valueType: 'DECISION_EVALUATION',
    intent: outcome.ok ? 'EVALUATED' : 'FAILED',
    processInstanceKey: caller?.processInstanceKey,
    bpmnProcessId: caller?.bpmnProcessId,
    elementId: caller?.elementId,
    value: {
      decisionKey: result.decisionKey,
      decisionId: result.decisionId,
      decisionName: result.decisionName,
      decisionVersion: result.decisionVersion,
      decisionRequirementsId: result.decisionRequirementsId,
      decisionRequirementsKey: result.decisionRequirementsKey,
      decisionOutput: result.decisionOutput,
      evaluatedDecisions,
      failedDecisionId: result.failedDecisionId,
      evaluationFailureMessage: result.failureMessage,
      elementInstanceKey: caller?.key ?? '-1',
      processDefinitionKey: caller?.processDefinitionKey ?? '-1',
    },
  });
  return { ok: outcome.ok, result };
}
