import type { FlowNode } from '../model/types.ts';
import type { BatchContext } from '../processing/context.ts';
import type { ElementInstance } from '../state/types.ts';

/**
 * What one kind of BPMN element does at each lifecycle step. The shared mechanics
 * (records, mappings, scopes, flows) live in processing/lifecycle.ts.
 */
export interface ElementBehaviour {
  /** Input mappings are applied. Move on with transitionToActivated / completeElement, or raise an incident. */
  onActivate(ctx: BatchContext, instance: ElementInstance, node: FlowNode): void;
  /** Last step before COMPLETED; false = an incident was raised, stay COMPLETING. */
  onComplete?(ctx: BatchContext, instance: ElementInstance, node: FlowNode): boolean;
  /** The flows to take when leaving (default: all outgoing flows). */
  outgoingFlows?(ctx: BatchContext, instance: ElementInstance, node: FlowNode): string[];
  /**
   * Clean up what the element holds (jobs, user tasks); children are terminated by the lifecycle.
   * false = the element waits (a user task's canceling listeners): finishTermination follows later.
   */
  onTerminate?(ctx: BatchContext, instance: ElementInstance, node: FlowNode): void | boolean;
  /** Root elements only: the instance has ended (completed or terminated). */
  onLeft?(ctx: BatchContext, instance: ElementInstance, node: FlowNode): void;
  /** After the element left its scope and its flows were taken (link throws, event-based gateways). */
  afterLeft?(ctx: BatchContext, instance: ElementInstance, node: FlowNode, flowScope: ElementInstance): void;

  // --- containers (process, sub-processes, multi-instance body)

  /**
   * A child is about to complete, its variables still in place. False = an incident was raised
   * on the child, which stays COMPLETING. The multi-instance body collects outputs here.
   */
  beforeChildCompletes?(ctx: BatchContext, scope: ElementInstance, child: ElementInstance): boolean;
  /** True if a completed child must not take its outgoing flows (multi-instance inner instances). */
  childrenTakeNoFlows?: boolean;
  /** Nothing is left inside the scope (no child, no waiting token): complete it, or go on. */
  onEmpty?(ctx: BatchContext, scope: ElementInstance, node: FlowNode): void;
}
