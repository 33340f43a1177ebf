import { EngineRejection, type DecisionEvaluationResult, type EvaluateDecisionRequest } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { evaluateDeployedDecision } from '../processing/decisions.ts';

/**
 * EvaluateDecision: one decision outside any process. A failure is an answer (with the failed
 * decision and message), not a rejection, as in Zeebe.
 */
export function evaluateDecisionCommand(ctx: BatchContext, request: EvaluateDecisionRequest): DecisionEvaluationResult {
  const key = request.decisionKey && request.decisionKey !== '0' && request.decisionKey !== '-1' ? request.decisionKey : undefined;
  const decision = key ? ctx.state.decisions.get(key) : request.decisionId ? ctx.state.latestDecision.get(request.decisionId) : undefined;
  if (!decision) {
    if (!key && !request.decisionId) throw new EngineRejection('INVALID_ARGUMENT', 'Expected either a decision id or a valid decision key, but none provided');
    throw new EngineRejection(
      'NOT_FOUND',
      key ? `Expected to evaluate decision with key '${key}', but no such decision found` : `Expected to evaluate decision '${request.decisionId}', but no decision found for id '${request.decisionId}'`,
    );
  }
  const variables = request.variables ?? {};
  return evaluateDeployedDecision(ctx, decision, (name) => variables[name]).result;
}
