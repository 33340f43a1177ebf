/**
 * Connects extracted nodes: sequence flows (incoming/outgoing, conditions, default flows),
 * boundary events and start events, with the structural checks of Zeebe's SequenceFlow,
 * FlowNode, ExclusiveGateway, EndEvent, BoundaryEvent, Activity, Process and SubProcess
 * validators.
 */
import type { ExtractContext } from './extract-context.ts';
import { definitionKind, eventDefinitions } from './extract-events.ts';
import { ACTIVITY_TYPES } from './element-types.ts';
import { expressionProblems, toExpression } from './expressions.ts';
import { bodyText, idOf, ref, str, type ModdleElement } from './moddle.ts';
import type { FlowNode, SequenceFlow } from './types.ts';

export interface ProcessBuild {
  readonly processId: string;
  readonly nodes: Map<string, FlowNode>;
  readonly flows: Map<string, SequenceFlow>;
  /** The moddle element behind each node, for checks that need more than the node keeps. */
  readonly elements: Map<string, ModdleElement>;
  /** Sequence flows of every scope, in document order. */
  readonly flowElements: ModdleElement[];
  /** Flows with a `conditionExpression`, valid or not (invalid ones are already reported). */
  readonly conditionalFlows: Set<string>;
  /** Elements rejected by type and not extracted; flows to them need no second problem. */
  readonly rejected: Set<string>;
}

export function linkStructure(build: ProcessBuild, ctx: ExtractContext): void {
  for (const element of build.flowElements) linkFlow(element, build, ctx);
  for (const node of build.nodes.values()) checkFlowsOf(node, build, ctx);
  linkBoundaryEvents(build, ctx);
  for (const node of build.nodes.values()) {
    if (node.type === 'PROCESS') checkProcessStartEvents(node, build, ctx);
    if (node.type === 'SUB_PROCESS') checkSubProcessStartEvent(node, build, ctx);
  }
}

function linkFlow(element: ModdleElement, build: ProcessBuild, ctx: ExtractContext): void {
  const id = idOf(element) ?? '';
  const endpoint = (property: 'sourceRef' | 'targetRef'): FlowNode | undefined => {
    const target = ref(element, property);
    const targetId = target && idOf(target);
    if (targetId === undefined) {
      // An unresolved id leaves the reference empty too; moddle has reported that already.
      if (!ctx.problems.hasProblemFor(id)) ctx.problems.add(id, `SequenceFlow is missing required attribute ${property}`);
      return undefined;
    }
    const node = build.nodes.get(targetId);
    if (!node && !build.rejected.has(targetId)) {
      ctx.problems.add(id, `SequenceFlow has ${property} '${targetId}' which cannot be resolved`);
    }
    return node;
  };
  const source = endpoint('sourceRef');
  const target = endpoint('targetRef');
  if (!source || !target) return;

  const flow: SequenceFlow = { id, sourceId: source.id, targetId: target.id };
  const conditionText = bodyText(element, 'conditionExpression');
  if (conditionText !== undefined) {
    build.conditionalFlows.add(id);
    // Zeebe: a condition must be a FEEL expression (`=…`), never a static value.
    ctx.problems.addAll(id, expressionProblems(conditionText, { mandatory: true, nonStatic: true }));
    const expression = toExpression(conditionText);
    if (expression.kind === 'feel') flow.condition = expression.source;
  }
  build.flows.set(id, flow);
  source.outgoing.push(id);
  target.incoming.push(id);
}

function checkFlowsOf(node: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const outgoing = node.outgoing.map((id) => build.flows.get(id)).filter((flow): flow is SequenceFlow => flow !== undefined);
  const isConditionalGateway = node.type === 'EXCLUSIVE_GATEWAY' || node.type === 'INCLUSIVE_GATEWAY';
  const hasCondition = (flow: SequenceFlow) => build.conditionalFlows.has(flow.id);

  if (!isConditionalGateway && outgoing.some(hasCondition)) {
    ctx.problems.add(node.id, 'Conditional sequence flows are only supported at exclusive or inclusive gateway');
  }
  if (isConditionalGateway && outgoing.length > 1) {
    for (const flow of outgoing) {
      if (flow.id === node.defaultFlow || hasCondition(flow)) continue;
      ctx.problems.add(flow.id, node.type === 'EXCLUSIVE_GATEWAY' ? 'Must have a condition or be default flow' : 'Must have a condition');
    }
  }
  if (node.defaultFlow !== undefined && build.flows.get(node.defaultFlow)?.sourceId !== node.id) {
    ctx.problems.add(node.id, 'Default flow must start at gateway');
  }
  if (node.type === 'END_EVENT' && node.outgoing.length > 0) {
    ctx.problems.add(node.id, 'End events must not have outgoing sequence flows to other elements.');
  }
  if (node.type === 'BOUNDARY_EVENT' && node.incoming.length > 0) {
    ctx.problems.add(node.id, 'Cannot have incoming sequence flows');
  }
}

function linkBoundaryEvents(build: ProcessBuild, ctx: ExtractContext): void {
  for (const node of build.nodes.values()) {
    if (node.type !== 'BOUNDARY_EVENT') continue;
    const host = node.attachedTo === undefined ? undefined : build.nodes.get(node.attachedTo);
    if (!host || !ACTIVITY_TYPES.has(host.type)) {
      ctx.problems.add(node.id, 'Must be attached to an activity');
      continue;
    }
    host.boundaryEvents.push(node.id);
  }
  for (const node of build.nodes.values()) {
    if (node.boundaryEvents.length > 0) checkBoundaryDuplicates(node, build, ctx);
  }
}

/** Zeebe's ActivityValidator (ModelUtil.verifyNoDuplicatedBoundaryEvents) and ReceiveTaskValidator. */
function checkBoundaryDuplicates(activity: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const definitions = activity.boundaryEvents.flatMap((id) => {
    const element = build.elements.get(id);
    return element ? eventDefinitions(element) : [];
  });
  const messageNames = definitions
    .filter((definition) => definitionKind(definition) === 'message')
    .map((definition) => ref(definition, 'messageRef'))
    .map((message) => (message ? str(message, 'name') : undefined))
    .filter((name): name is string => name !== undefined && name !== '');
  for (const name of duplicates(messageNames)) {
    ctx.problems.add(activity.id, `Multiple message event definitions with the same name '${name}' are not allowed.`);
  }

  const errors = definitions.filter((definition) => definitionKind(definition) === 'error').map((definition) => ref(definition, 'errorRef'));
  const catchAll =
    'The same scope can not contain more than one error catch event without error code. An error catch event without error code catches all errors.';
  if (errors.filter((error) => error === undefined).length > 1) ctx.problems.add(activity.id, catchAll);
  const codes = errors.filter((error): error is ModdleElement => error !== undefined).map((error) => str(error, 'errorCode') ?? null);
  for (const code of duplicates(codes)) {
    ctx.problems.add(
      activity.id,
      code === null ? catchAll : `Multiple error catch events with the same error code '${code}' are not supported on the same scope.`,
    );
  }

  if (activity.type === 'RECEIVE_TASK') {
    const element = build.elements.get(activity.id);
    const message = element && ref(element, 'messageRef');
    const name = message && str(message, 'name');
    if (name !== undefined && messageNames.includes(name)) {
      ctx.problems.add(activity.id, 'Cannot reference the same message name as a boundary event');
    }
  }
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

function startEventsOf(scope: FlowNode, build: ProcessBuild): FlowNode[] {
  return (scope.children ?? []).map((id) => build.nodes.get(id)).filter((node): node is FlowNode => node?.type === 'START_EVENT');
}

/**
 * Zeebe's ProcessValidator. Zeebe accepts a process whose only start events are message or timer
 * start events; Baton rejects those start events for now (extract-events), so a process that
 * deploys always has the none start event CreateProcessInstance needs.
 */
function checkProcessStartEvents(process: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const starts = startEventsOf(process, build);
  const noneStarts = starts.filter((start) => isNoneStart(start, build));
  if (starts.length === 0) ctx.problems.add(process.id, 'Must have at least one start event');
  else if (noneStarts.length > 1) ctx.problems.add(process.id, 'Multiple none start events are not allowed');
  const [only] = noneStarts;
  if (only && noneStarts.length === 1) process.startEventId = only.id;
}

/** Zeebe's SubProcessValidator for embedded sub-processes. */
function checkSubProcessStartEvent(subProcess: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const starts = startEventsOf(subProcess, build);
  if (starts.length !== 1) ctx.problems.add(subProcess.id, 'Must have exactly one start event');
  const [first] = starts;
  if (!first) return;
  if (isNoneStart(first, build)) subProcess.startEventId = first.id;
  else ctx.problems.add(subProcess.id, 'Start events in subprocesses must be of type none');
}

function isNoneStart(start: FlowNode, build: ProcessBuild): boolean {
  const element = build.elements.get(start.id);
  return element !== undefined && eventDefinitions(element).length === 0;
}
