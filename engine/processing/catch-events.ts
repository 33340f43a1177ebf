import type { FlowNode } from '../model/types.ts';
import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { closeEventSubscriptions } from './event-subscriptions.ts';
import { activateElement, checkScopeCompletion, definitionOf, nodeOf, terminateChildren, terminateElement } from './lifecycle.ts';

/** Where a thrown error or escalation is caught. */
export type CatchTarget =
  | { kind: 'boundary'; activity: ElementInstance; node: FlowNode }
  | { kind: 'eventSubProcess'; scope: ElementInstance; eventSubProcess: FlowNode; start: FlowNode };

type Thrown = 'error' | 'escalation';

const CONTAINERS = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS']);

/**
 * Zeebe's catch-event search: from the throwing element outwards, each activity's boundary
 * events, each container's event sub-processes (before the container's own boundary events),
 * and from a called process on into its parent call activity. At every element a catch event
 * naming the code beats a catch-all one.
 */
export function findCatch(ctx: BatchContext, thrower: ElementInstance, thrown: Thrown, code: string): CatchTarget | undefined {
  let cameThroughEventSubProcess: string | undefined;
  for (let current: ElementInstance | undefined = thrower; current; ) {
    const node = nodeOf(ctx, current);
    const model = definitionOf(ctx, current).model;
    if (CONTAINERS.has(current.elementType)) {
      const esp = matchEventSubProcess(model.nodes, node, thrown, code, cameThroughEventSubProcess);
      if (esp) return { kind: 'eventSubProcess', scope: current, eventSubProcess: esp.esp, start: esp.start };
    }
    const isInnerInstance = !!node.loop && current.elementType !== 'MULTI_INSTANCE_BODY';
    if (!isInnerInstance) {
      const boundary = pick(node.boundaryEvents.map((id) => model.nodes.get(id)!), thrown, code);
      if (boundary) return { kind: 'boundary', activity: current, node: boundary };
    }
    cameThroughEventSubProcess = current.elementType === 'EVENT_SUB_PROCESS' ? current.elementId : undefined;
    if (current.flowScopeKey) current = ctx.state.elements.get(current.flowScopeKey);
    else current = current.parentElementInstanceKey ? ctx.state.elements.get(current.parentElementInstanceKey) : undefined;
  }
  return undefined;
}

function matchEventSubProcess(
  nodes: Map<string, FlowNode>,
  container: FlowNode,
  thrown: Thrown,
  code: string,
  skip: string | undefined,
): { esp: FlowNode; start: FlowNode } | undefined {
  const candidates: FlowNode[] = [];
  const espOfStart = new Map<FlowNode, FlowNode>();
  for (const id of container.eventSubProcesses ?? []) {
    if (id === skip) continue;
    const esp = nodes.get(id)!;
    const start = esp.startEventId ? nodes.get(esp.startEventId) : undefined;
    if (!start) continue;
    candidates.push(start);
    espOfStart.set(start, esp);
  }
  const start = pick(candidates, thrown, code);
  return start ? { esp: espOfStart.get(start)!, start } : undefined;
}

function pick(events: FlowNode[], thrown: Thrown, code: string): FlowNode | undefined {
  let catchAll: FlowNode | undefined;
  for (const e of events) {
    const def = e.event;
    if (def?.type !== thrown) continue;
    const expected = def.type === 'error' ? def.errorCode : def.type === 'escalation' ? def.escalationCode : undefined;
    if (!expected) catchAll ??= e;
    else if (expected.kind === 'static' && expected.value === code) return e;
  }
  return catchAll;
}

/** Whether the catch interrupts: error catches always do; escalations as modelled. */
export function interrupts(target: CatchTarget): boolean {
  if (target.kind === 'boundary') return target.node.cancelActivity !== false;
  return target.start.interrupting !== false;
}

/**
 * Hands the thrown event to its catcher. Interrupting: the catching activity (or the
 * container's other children) is terminated first; the boundary event or event sub-process
 * starts once that is done. Non-interrupting: it starts beside them at once.
 */
export function deliverToCatch(
  ctx: BatchContext,
  target: CatchTarget,
  variables: Record<string, unknown> | undefined,
  options: { local?: boolean } = {},
): void {
  if (target.kind === 'boundary') {
    const activity = target.activity;
    if (!interrupts(target)) {
      const flowScope = activity.flowScopeKey ? ctx.state.elements.get(activity.flowScopeKey) : undefined;
      const payload = options.local ? { localVariables: variables } : { variables };
      if (flowScope) activateElement(ctx, definitionOf(ctx, activity), target.node, flowScope, payload);
      return;
    }
    activity.interruptedBy = { boundaryId: target.node.id, variables, local: options.local };
    ctx.state.putElement(activity);
    terminateElement(ctx, activity);
    return;
  }
  startEventSubProcess(ctx, target.scope, target.eventSubProcess, target.start, variables, options.local);
}

export function startEventSubProcess(
  ctx: BatchContext,
  scope: ElementInstance,
  eventSubProcess: FlowNode,
  start: FlowNode,
  variables: Record<string, unknown> | undefined,
  local?: boolean,
): void {
  if (start.interrupting === false) {
    // The event's variables go on to the start event (sub-process behaviour), local or not.
    activateElement(ctx, definitionOf(ctx, scope), eventSubProcess, scope, { variables });
    return;
  }
  scope.pendingEventSubProcess = { id: eventSubProcess.id, variables, local };
  ctx.state.putElement(scope);
  closeEventSubProcessSubscriptions(ctx, scope);
  terminateChildren(ctx, scope);
  checkScopeCompletion(ctx, scope);
}

/** Once an interrupting event sub-process runs, no other event sub-process of the scope may start. */
function closeEventSubProcessSubscriptions(ctx: BatchContext, scope: ElementInstance): void {
  const model = definitionOf(ctx, scope).model;
  closeEventSubscriptions(ctx, scope, (targetId) => model.nodes.get(model.nodes.get(targetId)?.scopeId ?? '')?.type === 'EVENT_SUB_PROCESS');
}

/**
 * Zeebe's incident text for an uncaught error: the message part only when one was given, then
 * the error codes of the error catch events that were considered on the way out (per element
 * in descending order, as Zeebe sorts them), or that there were none.
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
