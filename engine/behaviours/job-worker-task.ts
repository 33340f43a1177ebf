import type { FlowNode, JobDefinition } from '../model/types.ts';
import type { BatchContext } from '../processing/context.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { cancelJob, createJob, evaluateJobSpec } from '../processing/jobs.ts';
import { subscribeAndActivate } from '../processing/lifecycle.ts';
import type { ElementInstance } from '../state/types.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * Any task a job worker performs (service task; job-based user task). Order as Zeebe:
 * evaluate the job's expressions, open boundary subscriptions, activate, then create the job.
 */
export function activateJobTask(ctx: BatchContext, instance: ElementInstance, node: FlowNode, job: JobDefinition): void {
  const spec = evaluateJobSpec(ctx, instance, job);
  if (!spec.ok) {
    raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', spec.message);
    return;
  }
  if (!subscribeAndActivate(ctx, instance, node)) return;
  createJob(ctx, instance, spec.value);
}

export const jobWorkerTaskBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (!node.job) throw new Error(`task '${node.id}' has no job definition`);
    activateJobTask(ctx, instance, node, node.job);
  },
  onTerminate(ctx, instance) {
    cancelJob(ctx, instance);
  },
};
