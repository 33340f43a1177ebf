import { activateElement, completeElement, definitionOf, transitionToActivated } from '../processing/lifecycle.ts';
import { throwEvent } from '../processing/throw-events.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { activateJobTask, jobWorkerTaskBehaviour } from './job-worker-task.ts';

/**
 * Intermediate throw events: none passes; escalation, signal and compensation throw; a message
 * throw event with a task definition is a job; a link jumps to the catch link of the same
 * name in the same scope.
 */
export const intermediateThrowEventBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    if (node.job) {
      activateJobTask(ctx, instance, node, node.job);
      return;
    }
    const outcome = throwEvent(ctx, instance, node);
    if (outcome === 'stop') return;
    transitionToActivated(ctx, instance);
    if (outcome === 'continue') completeElement(ctx, instance);
  },
  afterLeft(ctx, instance, node, flowScope) {
    if (node.event?.type !== 'link') return;
    const { linkName } = node.event;
    const def = definitionOf(ctx, instance);
    const target = [...def.model.nodes.values()].find(
      (n) => n.type === 'INTERMEDIATE_CATCH_EVENT' && n.scopeId === node.scopeId && n.event?.type === 'link' && n.event.linkName === linkName,
    );
    if (!target) throw new Error(`no catch link event '${linkName}' in scope '${node.scopeId}'`);
    activateElement(ctx, def, target, flowScope);
  },
  onTerminate: jobWorkerTaskBehaviour.onTerminate,
};
