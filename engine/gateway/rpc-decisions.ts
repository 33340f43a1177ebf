/** EvaluateDecision: a DMN decision evaluated outside any process; JSON documents travel as strings. */
import type { DecisionEvaluationResult } from '../api.ts';
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';
import { checkTenants, optionalKey, parseDocument, type Int64 } from './wire.ts';

interface EvaluateDecisionRequest {
  decisionKey: Int64;
  decisionId: string;
  variables: string;
  tenantId: string;
}

type Wire<T> = { [K in keyof T]: T[K] extends unknown[] ? unknown[] : T[K] extends object ? unknown : T[K] };

/** Outputs and input values are JSON documents as strings on the wire. */
function toWire(result: DecisionEvaluationResult): Wire<DecisionEvaluationResult> {
  return {
    ...result,
    // A failed evaluation has no output: Zeebe leaves the field empty rather than "null".
    decisionOutput: result.failedDecisionId ? '' : JSON.stringify(result.decisionOutput ?? null),
    evaluatedDecisions: result.evaluatedDecisions.map((d) => ({
      ...d,
      decisionOutput: JSON.stringify(d.decisionOutput ?? null),
      tenantId: result.tenantId,
      evaluatedInputs: d.evaluatedInputs.map((i) => ({ ...i, inputValue: JSON.stringify(i.inputValue ?? null) })),
      matchedRules: d.matchedRules.map((r) => ({
        ...r,
        evaluatedOutputs: r.evaluatedOutputs.map((o) => ({ ...o, outputValue: JSON.stringify(o.outputValue ?? null) })),
      })),
    })),
  };
}

export function decisionRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    EvaluateDecision: unary<EvaluateDecisionRequest, Wire<DecisionEvaluationResult>>('EvaluateDecision', log, async (request) => {
      checkTenants('EvaluateDecision', [request.tenantId]);
      const result = await engine.evaluateDecision({
        decisionKey: optionalKey(request.decisionKey),
        decisionId: request.decisionId || undefined,
        variables: parseDocument(request.variables) ?? {},
      });
      return toWire(result);
    }),
  };
}
