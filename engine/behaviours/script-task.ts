import { evaluateFeel } from '../feel/expression.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { completeElement, subscribeAndActivate } from '../processing/lifecycle.ts';
import { scopeLookup } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { activateJobTask, jobWorkerTaskBehaviour } from './job-worker-task.ts';

/**
 * Script tasks: `zeebe:script` evaluates a FEEL expression into its result variable, which
 * leaves the task like a job's variables; with a task definition the script runs in a worker.
 */
export const scriptTaskBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (node.job) {
      activateJobTask(ctx, instance, node, node.job);
      return;
    }
    if (!node.script) throw new Error(`script task '${node.id}' has neither a script nor a task definition`);
    const result = evaluateFeel(node.script.expression, scopeLookup(ctx.state, instance.key));
    if (!result.ok) {
      raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', result.message);
      return;
    }
    if (!subscribeAndActivate(ctx, instance, node)) return;
    completeElement(ctx, instance, { [node.script.resultVariable]: result.value });
  },
  onTerminate: jobWorkerTaskBehaviour.onTerminate,
};
