/**
 * Connects extracted nodes: sequence flows (incoming/outgoing, conditions, default flows),
 * boundary events, start events, event sub-processes, link events and compensation handlers,
 * with the structural checks of Zeebe's SequenceFlow, FlowNode, ExclusiveGateway,
 * EventBasedGateway, EndEvent, BoundaryEvent, Activity, Process, SubProcess, CompensationTask
 * and CompensationEventDefinition validators (and ModelUtil's duplicate checks).
 */
import type { ExtractContext } from './extract-context.ts';
import { definitionKind, eventDefinitions, type DefinitionKind } from './extract-events.ts';
import { ACTIVITY_TYPES } from './element-types.ts';
import { expressionProblems, toExpression } from './expressions.ts';
import { bodyText, idOf, ref, str, type ModdleElement } from './moddle.ts';
import type { BpmnElementType, FlowNode, SequenceFlow } from './types.ts';

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
    if (node.type === 'EVENT_SUB_PROCESS') checkEventSubProcessStartEvent(node, build, ctx);
    if (node.type === 'PROCESS' || node.type === 'SUB_PROCESS' || node.type === 'EVENT_SUB_PROCESS') {
      checkEventSubProcessDuplicates(node, build, ctx);
      linkLinkEvents(node, build, ctx);
    }
    if (node.type === 'EVENT_BASED_GATEWAY') checkEventBasedGateway(node, build, ctx);
    if (node.isForCompensation) checkCompensationHandler(node, ctx);
    if (node.event?.type === 'compensation' && node.type !== 'BOUNDARY_EVENT') checkCompensationThrow(node, build, ctx);
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
    if (node.event?.type === 'escalation' && host.type !== 'SUB_PROCESS' && host.type !== 'CALL_ACTIVITY') {
      ctx.problems.add(node.id, 'An escalation boundary event should only be attached to a subprocess, or a call activity.');
    }
    if (node.event?.type === 'compensation') linkCompensationBoundary(node, host, build, ctx);
  }
  for (const node of build.nodes.values()) {
    if (node.boundaryEvents.length > 0) checkBoundaryDuplicates(node, build, ctx);
  }
}

/**
 * Zeebe's BoundaryEventValidator: a compensation boundary event has no outgoing flows and is
 * the source of an association; the association's target is the host's compensation handler.
 */
function linkCompensationBoundary(boundary: FlowNode, host: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const association = ctx.associations.find((candidate) => {
    const source = ref(candidate, 'sourceRef');
    return source !== undefined && idOf(source) === boundary.id;
  });
  if (boundary.outgoing.length > 0 || !association) {
    ctx.problems.add(boundary.id, 'Compensation boundary events must have a compensation association and no outgoing sequence flows');
  }
  const target = association && ref(association, 'targetRef');
  const handler = target && build.nodes.get(idOf(target) ?? '');
  if (handler && ACTIVITY_TYPES.has(handler.type) && host.compensationHandler === undefined) host.compensationHandler = handler.id;
}

/** Zeebe's ActivityValidator (ModelUtil.verifyNoDuplicatedBoundaryEvents) and ReceiveTaskValidator. */
function checkBoundaryDuplicates(activity: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const definitions = activity.boundaryEvents.flatMap((id) => {
    const element = build.elements.get(id);
    return element ? eventDefinitions(element) : [];
  });
  checkDuplicateDefinitions(definitions, activity.id, ctx, { handlers: true });

  if (activity.type === 'RECEIVE_TASK') {
    const element = build.elements.get(activity.id);
    const message = element && ref(element, 'messageRef');
    const name = message && str(message, 'name');
    if (name !== undefined && namesOf(definitions, 'message').includes(name)) {
      ctx.problems.add(activity.id, 'Cannot reference the same message name as a boundary event');
    }
  }
}

/** The non-empty message/signal/link names of definitions (ModelUtil.verifyNoDuplicatedEventDefinition). */
function namesOf(definitions: readonly ModdleElement[], kind: 'message' | 'signal' | 'link'): string[] {
  return definitions
    .filter((definition) => definitionKind(definition) === kind)
    .map((definition) => {
      if (kind === 'link') return str(definition, 'name');
      const referenced = ref(definition, kind === 'message' ? 'messageRef' : 'signalRef');
      return referenced && str(referenced, 'name');
    })
    .filter((name): name is string => name !== undefined && name !== '');
}

/**
 * ModelUtil's duplicate checks over the definitions caught in one place (an activity's boundary
 * events, the event sub-processes of a scope, a process's start events, an event-based
 * gateway's targets); `handlers` adds the error and escalation catch-all/code checks.
 */
function checkDuplicateDefinitions(definitions: readonly ModdleElement[], reportOn: string, ctx: ExtractContext, options: { handlers: boolean }): void {
  for (const name of duplicates(namesOf(definitions, 'message'))) {
    ctx.problems.add(reportOn, `Multiple message event definitions with the same name '${name}' are not allowed.`);
  }
  for (const name of duplicates(namesOf(definitions, 'signal'))) {
    ctx.problems.add(reportOn, `Multiple signal event definitions with the same name '${name}' are not allowed.`);
  }
  for (const name of duplicates(namesOf(definitions, 'link'))) {
    ctx.problems.add(reportOn, `Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`);
  }
  if (!options.handlers) return;
  checkDuplicateHandlers(definitions, 'escalation', reportOn, ctx);
  checkDuplicateHandlers(definitions, 'error', reportOn, ctx);
}

function checkDuplicateHandlers(definitions: readonly ModdleElement[], kind: 'error' | 'escalation', reportOn: string, ctx: ExtractContext): void {
  const referenced = definitions
    .filter((definition) => definitionKind(definition) === kind)
    .map((definition) => ref(definition, kind === 'error' ? 'errorRef' : 'escalationRef'));
  const catchAll =
    kind === 'error'
      ? 'The same scope can not contain more than one error catch event without error code. An error catch event without error code catches all errors.'
      : 'The same scope can not contain more than one escalation catch event without escalation code. An escalation catch event without escalation code catches all escalations.';
  if (referenced.filter((element) => element === undefined).length > 1) ctx.problems.add(reportOn, catchAll);
  const codes = referenced
    .filter((element): element is ModdleElement => element !== undefined)
    .map((element) => str(element, kind === 'error' ? 'errorCode' : 'escalationCode') ?? null);
  for (const code of duplicates(codes)) {
    ctx.problems.add(
      reportOn,
      code === null
        ? catchAll
        : kind === 'error'
          ? `Multiple error catch events with the same error code '${code}' are not supported on the same scope.`
          : `Multiple escalation catch events with the same escalation code '${code}' are not supported on the same scope.`,
    );
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
 * Zeebe's ProcessValidator. A process may have only timer, message or signal start events; then
 * it has no `noneStartEventId` and CreateProcessInstance has nowhere to start.
 */
function checkProcessStartEvents(process: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const starts = startEventsOf(process, build);
  const noneStarts = starts.filter((start) => isNoneStart(start, build));
  if (starts.length === 0) ctx.problems.add(process.id, 'Must have at least one start event');
  else if (noneStarts.length > 1) ctx.problems.add(process.id, 'Multiple none start events are not allowed');
  const [only] = noneStarts;
  if (only && noneStarts.length === 1) process.startEventId = only.id;
  if (starts.length > 0) process.startEvents = starts.map((start) => start.id);

  const definitions = starts.flatMap((start) => {
    const element = build.elements.get(start.id);
    return element ? eventDefinitions(element) : [];
  });
  checkDuplicateDefinitions(
    definitions.filter((definition) => definitionKind(definition) === 'signal'),
    process.id,
    ctx,
    { handlers: false },
  );
  // Two start events referring to the same message are reported on the message (MessageValidator).
  const seenMessages = new Set<ModdleElement>();
  const messageDefinitions = definitions.filter((definition) => {
    if (definitionKind(definition) !== 'message') return false;
    const message = ref(definition, 'messageRef');
    if (!message || seenMessages.has(message)) return false;
    seenMessages.add(message);
    return true;
  });
  checkDuplicateDefinitions(messageDefinitions, process.id, ctx, { handlers: false });
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

/**
 * Zeebe's SubProcessValidator for event sub-processes; the start event's definition was
 * checked when it was extracted (extract-events.ts).
 */
function checkEventSubProcessStartEvent(eventSubProcess: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const starts = startEventsOf(eventSubProcess, build);
  if (starts.length !== 1) ctx.problems.add(eventSubProcess.id, 'Must have exactly one start event');
  const [first] = starts;
  if (!first) return;
  eventSubProcess.startEventId = first.id;
  eventSubProcess.interrupting = first.interrupting !== false;
}

/** ModelUtil.verifyNoDuplicatedEventSubprocesses: the triggers of a scope's event sub-processes. */
function checkEventSubProcessDuplicates(scope: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const definitions = (scope.eventSubProcesses ?? []).flatMap((id) => {
    const eventSubProcess = build.nodes.get(id);
    return eventSubProcess ? startEventsOf(eventSubProcess, build) : [];
  });
  const elements = definitions.flatMap((start) => {
    const element = build.elements.get(start.id);
    return element ? eventDefinitions(element) : [];
  });
  if (elements.length > 0) checkDuplicateDefinitions(elements, scope.id, ctx, { handlers: true });
}

/**
 * ModelUtil.verifyLinkIntermediateEvents, for the process and every sub-process: link catch
 * names are unique across the scope and the sub-processes inside it, and every link throw of
 * the scope has a link catch of the same name in the same scope (its `linkTarget`).
 */
function linkLinkEvents(scope: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const catches = linkEventsWithin(scope, 'INTERMEDIATE_CATCH_EVENT', build, true);
  const catchDefinitions = catches.flatMap((node) => {
    const element = build.elements.get(node.id);
    return element ? eventDefinitions(element) : [];
  });
  checkDuplicateDefinitions(catchDefinitions, scope.id, ctx, { handlers: false });
  for (const thrower of linkEventsWithin(scope, 'INTERMEDIATE_THROW_EVENT', build, false)) {
    if (thrower.event?.type !== 'link' || thrower.event.linkName === '') continue;
    const name = thrower.event.linkName;
    const target = catches.find((node) => node.scopeId === scope.id && node.event?.type === 'link' && node.event.linkName === name);
    if (target) thrower.linkTarget = target.id;
    else ctx.problems.add(scope.id, `Can't find an catch link event for the throw link event with the name '${name}'.`);
  }
}

/** Link events among the scope's children, and with `nested` in every sub-process inside it. */
function linkEventsWithin(scope: FlowNode, type: BpmnElementType, build: ProcessBuild, nested: boolean): FlowNode[] {
  const found: FlowNode[] = [];
  for (const id of scope.children ?? []) {
    const child = build.nodes.get(id);
    if (!child) continue;
    if (child.type === type && child.event?.type === 'link') found.push(child);
    if (nested && (child.type === 'SUB_PROCESS' || child.type === 'EVENT_SUB_PROCESS')) found.push(...linkEventsWithin(child, type, build, true));
  }
  return found;
}

const EVENT_BASED_TARGET_KINDS: ReadonlySet<DefinitionKind> = new Set(['message', 'timer', 'signal']);

/** Zeebe's EventBasedGatewayValidator. */
function checkEventBasedGateway(gateway: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  const targets = gateway.outgoing
    .map((id) => build.flows.get(id))
    .map((flow) => flow && build.nodes.get(flow.targetId))
    .filter((node): node is FlowNode => node !== undefined);
  // Zeebe counts the gateway's <bpmn:outgoing> children, not the flows naming it as sourceRef.
  const declared = build.elements.get(gateway.id)?.outgoing;
  const declaredCount = Array.isArray(declared) ? declared.length : 0;
  if (Math.min(gateway.outgoing.length, declaredCount) < 2) ctx.problems.add(gateway.id, 'Event-based gateway must have at least 2 outgoing sequence flows.');
  const targetDefinitions = targets.map((target) => {
    const element = build.elements.get(target.id);
    return target.type === 'INTERMEDIATE_CATCH_EVENT' && element ? eventDefinitions(element) : undefined;
  });
  const valid = targetDefinitions.every((definitions) => {
    const [only] = definitions ?? [];
    return definitions?.length === 1 && only !== undefined && EVENT_BASED_TARGET_KINDS.has(definitionKind(only));
  });
  if (!valid) {
    ctx.problems.add(
      gateway.id,
      'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
    );
  }
  checkDuplicateDefinitions(
    targetDefinitions.flatMap((definitions) => definitions ?? []).filter((definition) => definitionKind(definition) !== 'link'),
    gateway.id,
    ctx,
    { handlers: false },
  );
  const onlyFromGateway = targets.every((target) =>
    target.incoming.every((id) => {
      const flow = build.flows.get(id);
      return flow === undefined || flow.sourceId === gateway.id;
    }),
  );
  if (!onlyFromGateway) {
    ctx.problems.add(
      gateway.id,
      'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
    );
  }
}

const COMPENSATION_TASK_TYPES: ReadonlySet<BpmnElementType> = new Set(['SERVICE_TASK', 'USER_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'MANUAL_TASK', 'TASK']);
const TASK_TYPES: ReadonlySet<BpmnElementType> = new Set([...COMPENSATION_TASK_TYPES, 'RECEIVE_TASK', 'BUSINESS_RULE_TASK']);

/** Zeebe's CompensationTaskValidator (tasks only; a sub-process may be a handler too). */
function checkCompensationHandler(handler: FlowNode, ctx: ExtractContext): void {
  if (!TASK_TYPES.has(handler.type)) return;
  if (!COMPENSATION_TASK_TYPES.has(handler.type)) {
    ctx.problems.add(handler.id, 'Compensation task must be one of: service task, user task, send task, script task, manual task, or undefined task.');
  }
  if (handler.incoming.length > 0) ctx.problems.add(handler.id, 'A compensation handler should have no incoming sequence flows');
  if (handler.outgoing.length > 0) ctx.problems.add(handler.id, 'A compensation handler should have no outgoing sequence flows');
  if (handler.boundaryEvents.length > 0) ctx.problems.add(handler.id, 'A compensation handler should have no boundary events');
}

/** Zeebe's CompensationEventDefinitionValidator, for compensation throw and end events. */
function checkCompensationThrow(event: FlowNode, build: ProcessBuild, ctx: ExtractContext): void {
  if (event.event?.type !== 'compensation' || event.event.activityRef === undefined) return;
  const activityId = event.event.activityRef;
  const activity = build.nodes.get(activityId);
  const hasCompensationBoundary = (activity?.boundaryEvents ?? []).some((id) => build.nodes.get(id)?.event?.type === 'compensation');
  if (!hasCompensationBoundary && activity?.type !== 'SUB_PROCESS') {
    ctx.problems.add(event.id, `The referenced compensation activity '${activityId}' must have either a compensation boundary event or be a subprocess`);
  }
  if (activity?.scopeId !== event.scopeId) {
    ctx.problems.add(event.id, `The referenced compensation activity '${activityId}' must be in the same scope as the compensation throw event`);
  }
}

function isNoneStart(start: FlowNode, build: ProcessBuild): boolean {
  const element = build.elements.get(start.id);
  return element !== undefined && eventDefinitions(element).length === 0;
}
