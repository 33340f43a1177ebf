import { completeElement, terminateChildren, transitionToActivated } from '../processing/lifecycle.ts';
import { throwEvent } from '../processing/throw-events.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { activateJobTask, jobWorkerTaskBehaviour } from './job-worker-task.ts';

/**
 * End events: none ends the token; error, escalation, signal and compensation throw first;
 * terminate ends its whole scope; a message end event with a task definition is a job.
 */
export const endEventBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (node.job) {
      activateJobTask(ctx, instance, node, node.job);
      return;
    }
    const outcome = throwEvent(ctx, instance, node);
    if (outcome === 'stop') return;
    transitionToActivated(ctx, instance);
    if (outcome === 'wait') return;
    if (node.event?.type === 'terminate') {
      const scope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
      if (scope) terminateChildren(ctx, scope, instance.key);
    }
    completeElement(ctx, instance);
  },
  onTerminate: jobWorkerTaskBehaviour.onTerminate,
};
