import type { FlowNode } from '../model/types.ts';
import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { definitionOf, nodeOf, terminateElement } from './lifecycle.ts';

export interface ErrorCatch {
  /** The activity whose boundary event catches the error (it will be interrupted). */
  scope: ElementInstance;
  boundary: FlowNode;
}

/**
 * Finds the nearest error boundary event that catches `errorCode`, starting at `from` and
 * walking out through the enclosing scopes. A boundary naming the code beats a catch-all
 * one on the same activity.
 */
export function findErrorCatch(ctx: BatchContext, from: ElementInstance, errorCode: string): ErrorCatch | undefined {
  for (let scope: ElementInstance | undefined = from; scope; scope = scope.flowScopeKey ? ctx.state.elements.get(scope.flowScopeKey) : undefined) {
    const node = nodeOf(ctx, scope);
    const model = definitionOf(ctx, scope).model;
    let catchAll: FlowNode | undefined;
    for (const id of node.boundaryEvents) {
      const boundary = model.nodes.get(id)!;
      if (boundary.event?.type !== 'error') continue;
      const code = boundary.event.errorCode;
      if (!code) catchAll ??= boundary;
      else if (code.kind === 'static' && code.value === errorCode) return { scope, boundary };
    }
    if (catchAll) return { scope, boundary: catchAll };
  }
  return undefined;
}

/** Interrupts the catching activity; its error boundary event activates once it has terminated. */
export function catchError(ctx: BatchContext, found: ErrorCatch, variables: Record<string, unknown> | undefined): void {
  found.scope.interruptedBy = { boundaryId: found.boundary.id, variables };
  ctx.state.putElement(found.scope);
  terminateElement(ctx, found.scope);
}

/**
 * Zeebe's incident text (CatchEventAnalyzer): the message part only when the worker gave one,
 * then the error codes of the error boundary events that were considered on the way out
 * (per scope in descending code order, as Zeebe sorts them), or that there were none.
 */
export function uncaughtErrorMessage(ctx: BatchContext, from: ElementInstance | undefined, errorCode: string, errorMessage: string): string {
  const available: string[] = [];
  for (let scope = from; scope; scope = scope.flowScopeKey ? ctx.state.elements.get(scope.flowScopeKey) : undefined) {
    const model = definitionOf(ctx, scope).model;
    const codes = nodeOf(ctx, scope)
      .boundaryEvents.map((id) => model.nodes.get(id)!.event)
      .flatMap((event) => (event?.type === 'error' && event.errorCode?.kind === 'static' ? [event.errorCode.value] : []));
    available.push(...codes.sort().reverse());
  }
  const withMessage = errorMessage ? ` with message '${errorMessage}'` : '';
  const events = available.length ? ` Available error events are [${available.join(', ')}]` : ' No error events are available in the scope.';
  return `Expected to throw an error event with the code '${errorCode}'${withMessage}, but it was not caught.${events}`;
}
