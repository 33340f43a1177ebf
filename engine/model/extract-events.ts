/**
 * Event definitions of start, end, intermediate catch and boundary events, with the checks of
 * Zeebe's StartEvent/EndEvent/IntermediateCatchEvent/BoundaryEvent/ErrorEventDefinition/
 * TimerEventDefinition/Message validators. Problems with a message are reported on the message,
 * as Zeebe does; problems Zeebe reports on an event definition are reported on its event, since
 * definitions rarely carry a meaningful id.
 */
import { type ExtractContext, notSupportedYet } from './extract-context.ts';
import { expressionProblems, toExpression } from './expressions.ts';
import { bodyText, bool, extensions, list, ref, str, type ModdleElement } from './moddle.ts';
import { staticTimerProblem } from './timer-format.ts';
import type { EventDefinition, Expression, TimerDefinition } from './types.ts';

export type DefinitionKind =
  | 'message'
  | 'timer'
  | 'error'
  | 'terminate'
  | 'signal'
  | 'link'
  | 'escalation'
  | 'compensate'
  | 'conditional'
  | 'other';

const KIND_BY_TYPE: Record<string, DefinitionKind> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensate',
  'bpmn:ConditionalEventDefinition': 'conditional',
};

export function definitionKind(definition: ModdleElement): DefinitionKind {
  return KIND_BY_TYPE[definition.$type] ?? 'other';
}

const KIND_LABEL: Record<DefinitionKind, string> = {
  message: 'Message',
  timer: 'Timer',
  error: 'Error',
  terminate: 'Terminate',
  signal: 'Signal',
  link: 'Link',
  escalation: 'Escalation',
  compensate: 'Compensation',
  conditional: 'Conditional',
  other: 'Other',
};

export function eventDefinitions(event: ModdleElement): ModdleElement[] {
  return list(event, 'eventDefinitions');
}

/** Start events of the process scope; sub-process start events are checked by the sub-process. */
export function extractStartEvent(event: ModdleElement, id: string, ctx: ExtractContext, inSubProcess: boolean): EventDefinition | undefined {
  const definitions = eventDefinitions(event);
  if (definitions.length > 1) ctx.problems.add(id, "Start event can't have more than one type");
  const definition = definitions[0];
  if (!definition) return { type: 'none' };
  // Zeebe: "Start events in subprocesses must be of type none", reported on the sub-process.
  if (inSubProcess) return undefined;
  const kind = definitionKind(definition);
  if (kind === 'other') ctx.problems.add(id, 'Event definition of this type is not supported');
  else ctx.problems.add(id, notSupportedYet(`${KIND_LABEL[kind]} start events`));
  return undefined;
}

const END_EVENT_KINDS: ReadonlySet<DefinitionKind> = new Set(['error', 'message', 'terminate', 'signal', 'escalation', 'compensate']);

export function extractEndEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventDefinition | undefined {
  const definitions = eventDefinitions(event);
  if (definitions.length > 1) ctx.problems.add(id, 'Must have at most one event definition');
  const definition = definitions[0];
  if (!definition) return { type: 'none' };
  const kind = definitionKind(definition);
  if (!END_EVENT_KINDS.has(kind)) {
    ctx.problems.add(id, 'End events must be one of: none, error, message, terminate, signal, escalation or compensation');
    return undefined;
  }
  if (kind === 'terminate') return { type: 'terminate' };
  if (kind === 'error') return extractThrownError(definition, id, ctx);
  ctx.problems.add(id, notSupportedYet(`${KIND_LABEL[kind]} end events`));
  return undefined;
}

/** Zeebe's ErrorEventDefinitionValidator for end events: an error with a code is required. */
function extractThrownError(definition: ModdleElement, id: string, ctx: ExtractContext): EventDefinition | undefined {
  const error = ref(definition, 'errorRef');
  if (!error) {
    ctx.problems.add(id, 'Must reference an error');
    return undefined;
  }
  const errorCode = str(error, 'errorCode');
  if (errorCode === undefined || errorCode === '') {
    ctx.problems.add(id, 'ErrorCode must be present and not empty');
    return undefined;
  }
  ctx.problems.addAll(id, expressionProblems(errorCode, { mandatory: true }));
  return { type: 'error', errorCode: toExpression(errorCode) };
}

const CATCH_EVENT_KINDS: ReadonlySet<DefinitionKind> = new Set(['message', 'timer', 'signal', 'link', 'conditional']);

export function extractIntermediateCatchEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventDefinition | undefined {
  const definitions = eventDefinitions(event);
  const definition = definitions[0];
  if (definitions.length !== 1 || !definition) {
    ctx.problems.add(id, 'Must have exactly one event definition');
    return undefined;
  }
  const kind = definitionKind(definition);
  if (!CATCH_EVENT_KINDS.has(kind)) {
    ctx.problems.add(id, 'Event definition must be one of: message, timer, signal, link, or conditional');
    return undefined;
  }
  if (kind === 'timer') {
    if (!ref(definition, 'timeDuration') && !ref(definition, 'timeDate')) {
      ctx.problems.add(id, 'Intermediate timer catch event must have either a time duration or a time date.');
    }
    const timer = extractTimer(definition, id, ctx);
    return timer && { type: 'timer', timer };
  }
  if (kind === 'message') {
    const message = extractCaughtMessage(definition, 'messageRef', id, ctx);
    return message && { type: 'message', ...message };
  }
  ctx.problems.add(id, notSupportedYet(`${KIND_LABEL[kind]} intermediate catch events`));
  return undefined;
}

const BOUNDARY_KINDS: ReadonlySet<DefinitionKind> = new Set(['timer', 'message', 'error', 'signal', 'escalation', 'compensate']);
const NON_INTERRUPTING_KINDS: ReadonlySet<DefinitionKind> = new Set(['message', 'timer', 'signal', 'escalation', 'conditional']);

export function extractBoundaryEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventDefinition | undefined {
  const definitions = eventDefinitions(event);
  if (definitions.length !== 1) ctx.problems.add(id, 'Must have exactly one event definition');
  const definition = definitions[0];
  if (!definition) return undefined;
  const kind = definitionKind(definition);
  if (!BOUNDARY_KINDS.has(kind)) {
    ctx.problems.add(id, 'Boundary events must be one of: timer, message, error, signal, escalation');
    return undefined;
  }
  const interrupting = bool(event, 'cancelActivity') !== false;
  if (!interrupting && !NON_INTERRUPTING_KINDS.has(kind)) {
    ctx.problems.add(id, 'Non-Interrupting event of this type is not allowed');
  }
  if (kind === 'timer') {
    if (interrupting && ref(definition, 'timeCycle')) {
      ctx.problems.add(id, 'Interrupting timer event with time cycle is not allowed.');
    }
    const timer = extractTimer(definition, id, ctx);
    return timer && { type: 'timer', timer };
  }
  if (kind === 'message') {
    const message = extractCaughtMessage(definition, 'messageRef', id, ctx);
    return message && { type: 'message', ...message };
  }
  if (kind === 'error') return extractCaughtError(definition, id, ctx);
  ctx.problems.add(id, notSupportedYet(`${KIND_LABEL[kind]} boundary events`));
  return undefined;
}

/** No errorRef, or an error without a code, catches every error (Zeebe's catch-all). */
function extractCaughtError(definition: ModdleElement, id: string, ctx: ExtractContext): EventDefinition {
  const error = ref(definition, 'errorRef');
  const errorCode = error ? str(error, 'errorCode') : undefined;
  if (errorCode === undefined || errorCode === '') return { type: 'error' };
  if (errorCode.startsWith('=')) {
    ctx.problems.add(id, 'The errorCode of the error catch event is not allowed to be an expression');
  }
  return { type: 'error', errorCode: { kind: 'static', value: errorCode } };
}

const TIMER_PROPERTIES: ReadonlyArray<[property: string, kind: TimerDefinition['kind']]> = [
  // Zeebe reads them in this order when more than one is (wrongly) present.
  ['timeDuration', 'duration'],
  ['timeCycle', 'cycle'],
  ['timeDate', 'date'],
];

export function extractTimer(definition: ModdleElement, id: string, ctx: ExtractContext): TimerDefinition | undefined {
  const present = TIMER_PROPERTIES.filter(([property]) => ref(definition, property));
  if (present.length !== 1) ctx.problems.add(id, 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle');
  const first = present[0];
  if (!first) return undefined;
  const [property, kind] = first;
  const text = bodyText(definition, property) ?? '';
  const expression = toExpression(text);
  if (expression.kind === 'feel') {
    ctx.problems.addAll(id, expressionProblems(text, {}));
  } else {
    // Zeebe evaluates static timer values at deploy time and rejects what does not parse.
    const problem = staticTimerProblem(kind, text);
    if (problem) ctx.problems.add(id, problem);
  }
  return { kind, expression };
}

export interface CaughtMessage {
  messageName: Expression;
  correlationKey?: Expression;
}

/**
 * A message caught by an event or receive task. The message itself is validated once later
 * (`validateCaughtMessages`); here only the reference is required.
 */
export function extractCaughtMessage(owner: ModdleElement, property: string, id: string, ctx: ExtractContext): CaughtMessage | undefined {
  const message = ref(owner, property);
  if (!message) {
    ctx.problems.add(id, 'Must reference a message');
    return undefined;
  }
  ctx.caughtMessages.add(message);
  const name = str(message, 'name') ?? '';
  const correlationKey = extensions(message, 'zeebe:Subscription')
    .map((subscription) => str(subscription, 'correlationKey'))
    .find((key) => key !== undefined);
  return correlationKey === undefined
    ? { messageName: toExpression(name) }
    : { messageName: toExpression(name), correlationKey: toExpression(correlationKey) };
}

/** Zeebe's MessageValidator + the runtime expression checks, reported on the message. */
export function validateCaughtMessages(ctx: ExtractContext): void {
  for (const message of ctx.caughtMessages) {
    const id = str(message, 'id');
    const name = str(message, 'name');
    if (name === undefined || name === '') ctx.problems.add(id, 'Name must be present and not empty');
    else ctx.problems.addAll(id, expressionProblems(name, {}));

    const subscriptions = extensions(message, 'zeebe:Subscription');
    const subscription = subscriptions[0];
    if (subscriptions.length !== 1 || !subscription) {
      ctx.problems.add(id, 'Must have exactly one zeebe:subscription extension element');
      continue;
    }
    const correlationKey = str(subscription, 'correlationKey');
    if (correlationKey === undefined || correlationKey === '') {
      ctx.problems.add(id, "Attribute 'correlationKey' must be present and not empty");
    } else {
      ctx.problems.addAll(id, expressionProblems(correlationKey, { mandatory: true, nonStatic: true }));
    }
  }
}
