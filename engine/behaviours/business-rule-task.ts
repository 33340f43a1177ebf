import { evaluateDeployedDecision } from '../processing/decisions.ts';
import { evaluateToString } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { completeElement, subscribeAndActivate } from '../processing/lifecycle.ts';
import { scopeLookup } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { activateJobTask, jobWorkerTaskBehaviour } from './job-worker-task.ts';

/**
 * Business rule tasks: `zeebe:calledDecision` evaluates the latest version of a DMN decision
 * into the result variable, which leaves the task like a job's variables; with a task
 * definition the decision is a worker's job instead.
 */
export const businessRuleTaskBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (node.job) return activateJobTask(ctx, instance, node, node.job);
    const called = node.calledDecision;
    if (!called) throw new Error(`business rule task '${node.id}' has neither a called decision nor a task definition`);
    const lookup = scopeLookup(ctx.state, instance.key);
    const decisionId = evaluateToString(called.decisionId, lookup);
    if (!decisionId.ok) return void raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', decisionId.message);
    const decision = ctx.state.latestDecision.get(decisionId.value);
    if (!decision) {
      const message = `Expected to evaluate decision '${decisionId.value}', but no decision found for id '${decisionId.value}'`;
      return void raiseElementIncident(ctx, instance, 'CALLED_DECISION_ERROR', message);
    }
    const evaluated = evaluateDeployedDecision(ctx, decision, lookup, instance);
    if (!evaluated.ok) return void raiseElementIncident(ctx, instance, 'DECISION_EVALUATION_ERROR', evaluated.result.failureMessage);
    if (!subscribeAndActivate(ctx, instance, node)) return;
    completeElement(ctx, instance, { [called.resultVariable]: evaluated.result.decisionOutput });
  },
  onTerminate: jobWorkerTaskBehaviour.onTerminate,
};
