/**
 * Event definitions of start, end, intermediate and boundary events, with the checks of Zeebe's
 * StartEvent/EndEvent/IntermediateCatchEvent/IntermediateThrowEvent/BoundaryEvent/SubProcess,
 * EventDefinition, Error/Escalation/Signal/Link/Compensation/Timer/MessageEventDefinition and
 * MessageThrowEvent validators. Problems with a message, signal or escalation are reported on
 * that element, as Zeebe does (see validate-references.ts); problems Zeebe reports on an event
 * definition are reported on its event, since definitions rarely carry a meaningful id.
 */
import type { ExtractContext } from './extract-context.ts';
import { extractRequiredJob } from './extract-jobs.ts';
import { expressionProblems, toExpression } from './expressions.ts';
import { bodyText, bool, extensions, idOf, list, ref, str, type ModdleElement } from './moddle.ts';
import { staticTimerProblem } from './timer-format.ts';
import type { EventDefinition, Expression, FlowNode, TimerDefinition } from './types.ts';

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

export function eventDefinitions(event: ModdleElement): ModdleElement[] {
  return list(event, 'eventDefinitions');
}

/** What an event extractor contributes to its node. */
export type EventFields = Pick<FlowNode, 'event' | 'job' | 'interrupting'>;

/**
 * Zeebe's EventDefinitionValidator: definitions Zeebe 8.8 does not know at all (cancel,
 * conditional) are rejected wherever they appear, next to the event's own message.
 */
function checkKnownDefinitions(event: ModdleElement, id: string, ctx: ExtractContext): void {
  for (const definition of eventDefinitions(event)) {
    const kind = definitionKind(definition);
    if (kind === 'other' || kind === 'conditional') ctx.problems.add(id, 'Event definition of this type is not supported');
  }
}

// ---------------------------------------------------------------------------
// Start events
// ---------------------------------------------------------------------------

export type StartEventScope =
  | { kind: 'process' }
  | { kind: 'subProcess' }
  /** `atProcessLevel`: the event sub-process is a direct child of the process. */
  | { kind: 'eventSubProcess'; eventSubProcessId: string; atProcessLevel: boolean };

const PROCESS_START_KINDS: ReadonlySet<DefinitionKind> = new Set(['timer', 'message', 'signal']);
const EVENT_SUB_PROCESS_START_KINDS: ReadonlySet<DefinitionKind> = new Set(['timer', 'message', 'error', 'signal', 'escalation']);
const NON_INTERRUPTING_KINDS: ReadonlySet<DefinitionKind> = new Set(['message', 'timer', 'signal', 'escalation']);

export const EVENT_SUB_PROCESS_START_TYPES = 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation';

export function extractStartEvent(event: ModdleElement, id: string, ctx: ExtractContext, scope: StartEventScope): EventFields {
  checkKnownDefinitions(event, id, ctx);
  const definitions = eventDefinitions(event);
  if (definitions.length > 1) ctx.problems.add(id, "Start event can't have more than one type");
  const definition = definitions[0];
  if (scope.kind === 'eventSubProcess') return extractEventSubProcessStart(event, id, definition, ctx, scope);
  if (!definition) return { event: { type: 'none' } };
  // Zeebe: "Start events in subprocesses must be of type none", reported on the sub-process.
  if (scope.kind === 'subProcess') return {};

  const kind = definitionKind(definition);
  if (!PROCESS_START_KINDS.has(kind)) {
    // Zeebe 8.8 has no validator for these at the process level (its docs list none, timer,
    // message and signal start events); Baton rejects them rather than guess a meaning.
    if (kind !== 'other' && kind !== 'conditional') ctx.problems.add(id, 'Start events of a process must be one of: none, timer, message or signal');
    return {};
  }
  if (kind === 'timer') {
    const timer = extractTimer(definition, id, ctx);
    return timer ? { event: { type: 'timer', timer } } : {};
  }
  if (kind === 'message') {
    const message = extractMessageRef(definition, id, ctx, 'start');
    return message ? { event: { type: 'message', messageName: message.messageName } } : {};
  }
  const signal = extractSignalRef(definition, id, ctx, 'start');
  return signal ? { event: signal } : {};
}

/** Zeebe's SubProcessValidator for event sub-processes reports on the event sub-process. */
function extractEventSubProcessStart(
  event: ModdleElement,
  id: string,
  definition: ModdleElement | undefined,
  ctx: ExtractContext,
  scope: Extract<StartEventScope, { kind: 'eventSubProcess' }>,
): EventFields {
  const espId = scope.eventSubProcessId;
  const interrupting = bool(event, 'isInterrupting') !== false;
  if (!definition) {
    ctx.problems.add(espId, EVENT_SUB_PROCESS_START_TYPES);
    return { interrupting };
  }
  const kind = definitionKind(definition);
  if (kind === 'compensate' && scope.atProcessLevel) ctx.problems.add(espId, 'A compensation event subprocess is not allowed on the process level');
  if (!EVENT_SUB_PROCESS_START_KINDS.has(kind)) {
    ctx.problems.add(espId, EVENT_SUB_PROCESS_START_TYPES);
    return { interrupting };
  }
  if (!interrupting && !NON_INTERRUPTING_KINDS.has(kind)) ctx.problems.add(espId, 'Non-Interrupting event of this type is not allowed');
  if (interrupting && kind === 'timer' && ref(definition, 'timeCycle')) {
    ctx.problems.add(espId, 'Interrupting timer event with time cycle is not allowed.');
  }
  const extracted = extractCaughtDefinition(kind, definition, id, ctx);
  return extracted ? { event: extracted, interrupting } : { interrupting };
}

// ---------------------------------------------------------------------------
// End and intermediate throw events
// ---------------------------------------------------------------------------

const END_EVENT_KINDS: ReadonlySet<DefinitionKind> = new Set(['error', 'message', 'terminate', 'signal', 'escalation', 'compensate']);

export function extractEndEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventFields {
  checkKnownDefinitions(event, id, ctx);
  const definitions = eventDefinitions(event);
  if (definitions.length > 1) ctx.problems.add(id, 'Must have at most one event definition');
  const definition = definitions[0];
  if (!definition) return { event: { type: 'none' } };
  const kind = definitionKind(definition);
  if (!END_EVENT_KINDS.has(kind)) {
    ctx.problems.add(id, 'End events must be one of: none, error, message, terminate, signal, escalation or compensation');
    return {};
  }
  if (kind === 'terminate') return { event: { type: 'terminate' } };
  if (kind === 'error') {
    const error = extractThrownError(definition, id, ctx);
    return error ? { event: error } : {};
  }
  if (kind === 'compensate') {
    return { event: extractThrownCompensation(definition, id, ctx, 'A compensation end event waitForCompletion attribute must be true or not present') };
  }
  return extractSharedThrow(event, definition, kind, id, ctx);
}

const THROW_EVENT_KINDS: ReadonlySet<DefinitionKind> = new Set(['message', 'signal', 'escalation', 'link', 'compensate']);

export function extractIntermediateThrowEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventFields {
  checkKnownDefinitions(event, id, ctx);
  const definitions = eventDefinitions(event);
  if (definitions.length > 1) ctx.problems.add(id, 'Must have at most one event definition');
  const definition = definitions[0];
  if (!definition) return { event: { type: 'none' } };
  const kind = definitionKind(definition);
  if (!THROW_EVENT_KINDS.has(kind)) {
    // Zeebe 8.8 has no such check (BPMN allows no other throw definitions); Baton's wording.
    if (kind !== 'other' && kind !== 'conditional') {
      ctx.problems.add(id, 'Intermediate throw events must be one of: none, message, signal, escalation, link or compensation');
    }
    return {};
  }
  if (kind === 'link') return { event: extractLink(definition, id, ctx) };
  if (kind === 'compensate') {
    return {
      event: extractThrownCompensation(definition, id, ctx, 'A compensation intermediate throwing event waitForCompletion attribute must be true or not present'),
    };
  }
  return extractSharedThrow(event, definition, kind, id, ctx);
}

/** Message, signal and escalation throws, alike for end and intermediate throw events. */
function extractSharedThrow(event: ModdleElement, definition: ModdleElement, kind: DefinitionKind, id: string, ctx: ExtractContext): EventFields {
  if (kind === 'message') {
    // Zeebe runs message throw events as jobs (MessageThrowEventValidator); the message is optional.
    const job = extractRequiredJob(event, id, ctx);
    const message = ref(definition, 'messageRef');
    if (message) useMessage(ctx, message, 'thrown');
    const messageEvent: EventDefinition = { type: 'message', messageName: toExpression((message && str(message, 'name')) ?? '') };
    return job ? { event: messageEvent, job } : { event: messageEvent };
  }
  if (kind === 'signal') {
    const signal = extractSignalRef(definition, id, ctx, 'other');
    return signal ? { event: signal } : {};
  }
  const escalation = extractEscalation(definition, id, ctx, 'throw');
  return escalation ? { event: escalation } : {};
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

/**
 * Compensation throw events; `activityRef` is checked once every node exists
 * (link-structure.ts: Zeebe's CompensationEventDefinitionValidator).
 */
function extractThrownCompensation(definition: ModdleElement, id: string, ctx: ExtractContext, waitMessage: string): EventDefinition {
  if (bool(definition, 'waitForCompletion') === false) ctx.problems.add(id, waitMessage);
  const activity = ref(definition, 'activityRef');
  const activityRef = activity && idOf(activity);
  return activityRef === undefined ? { type: 'compensation', waitForCompletion: true } : { type: 'compensation', activityRef, waitForCompletion: true };
}

function extractLink(definition: ModdleElement, id: string, ctx: ExtractContext): EventDefinition {
  const name = str(definition, 'name');
  if (name === undefined || name === '') ctx.problems.add(id, 'Link name must be present and not empty.');
  return { type: 'link', linkName: name ?? '' };
}

// ---------------------------------------------------------------------------
// Intermediate catch and boundary events
// ---------------------------------------------------------------------------

const CATCH_EVENT_KINDS: ReadonlySet<DefinitionKind> = new Set(['message', 'timer', 'signal', 'link']);

export function extractIntermediateCatchEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventFields {
  checkKnownDefinitions(event, id, ctx);
  const definitions = eventDefinitions(event);
  const definition = definitions[0];
  if (definitions.length !== 1 || !definition) {
    ctx.problems.add(id, 'Must have exactly one event definition');
    return {};
  }
  const kind = definitionKind(definition);
  if (!CATCH_EVENT_KINDS.has(kind)) {
    ctx.problems.add(id, 'Event definition must be one of: message, timer, signal, or link');
    return {};
  }
  if (kind === 'timer') {
    if (!ref(definition, 'timeDuration') && !ref(definition, 'timeDate')) {
      ctx.problems.add(id, 'Intermediate timer catch event must have either a time duration or a time date.');
    }
    const timer = extractTimer(definition, id, ctx);
    return timer ? { event: { type: 'timer', timer } } : {};
  }
  if (kind === 'message') {
    const message = extractMessageRef(definition, id, ctx, 'caught');
    return message ? { event: { type: 'message', ...message } } : {};
  }
  if (kind === 'link') return { event: extractLink(definition, id, ctx) };
  const signal = extractSignalRef(definition, id, ctx, 'other');
  return signal ? { event: signal } : {};
}

/** What a catching event (boundary event, event sub-process start) waits for. */
function extractCaughtDefinition(kind: DefinitionKind, definition: ModdleElement, id: string, ctx: ExtractContext): EventDefinition | undefined {
  switch (kind) {
    case 'timer': {
      const timer = extractTimer(definition, id, ctx);
      return timer && { type: 'timer', timer };
    }
    case 'message': {
      const message = extractMessageRef(definition, id, ctx, 'caught');
      return message && { type: 'message', ...message };
    }
    case 'error':
      return extractCaughtError(definition, id, ctx);
    case 'signal':
      return extractSignalRef(definition, id, ctx, 'other');
    case 'escalation':
      return extractEscalation(definition, id, ctx, 'catch');
    default:
      return { type: 'compensation', waitForCompletion: true };
  }
}

const BOUNDARY_KINDS: ReadonlySet<DefinitionKind> = new Set(['timer', 'message', 'error', 'signal', 'escalation', 'compensate']);

/** The host-dependent checks (escalation hosts, compensation associations) are in link-structure.ts. */
export function extractBoundaryEvent(event: ModdleElement, id: string, ctx: ExtractContext): EventFields {
  checkKnownDefinitions(event, id, ctx);
  const definitions = eventDefinitions(event);
  if (definitions.length !== 1) ctx.problems.add(id, 'Must have exactly one event definition');
  const definition = definitions[0];
  if (!definition) return {};
  const kind = definitionKind(definition);
  if (!BOUNDARY_KINDS.has(kind)) {
    ctx.problems.add(id, 'Boundary events must be one of: timer, message, error, signal, escalation');
    return {};
  }
  // Zeebe looks at the <bpmn:outgoing> children, not at flows naming the event as sourceRef.
  const outgoing = event.outgoing;
  if (kind !== 'compensate' && !(Array.isArray(outgoing) && outgoing.length)) {
    ctx.problems.add(id, 'Must have at least one outgoing sequence flow or association');
  }
  const interrupting = bool(event, 'cancelActivity') !== false;
  if (!interrupting && !NON_INTERRUPTING_KINDS.has(kind)) {
    ctx.problems.add(id, 'Non-Interrupting event of this type is not allowed');
  }
  if (kind === 'timer' && interrupting && ref(definition, 'timeCycle')) {
    ctx.problems.add(id, 'Interrupting timer event with time cycle is not allowed.');
  }
  const extracted = extractCaughtDefinition(kind, definition, id, ctx);
  return extracted ? { event: extracted } : {};
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

/**
 * Zeebe's EscalationEventDefinitionValidator. Throw events need an escalation (its code is
 * checked on the escalation, validate-references.ts); on catch events no escalation, or one
 * without a code, catches every escalation.
 */
function extractEscalation(definition: ModdleElement, id: string, ctx: ExtractContext, side: 'throw' | 'catch'): EventDefinition | undefined {
  const escalation = ref(definition, 'escalationRef');
  if (side === 'throw') {
    if (!escalation) {
      ctx.problems.add(id, 'Must reference an escalation');
      return undefined;
    }
    ctx.thrownEscalations.add(escalation);
    const code = str(escalation, 'escalationCode');
    if (code === undefined || code === '') return undefined;
    ctx.problems.addAll(id, expressionProblems(code, { mandatory: true }));
    return { type: 'escalation', escalationCode: toExpression(code) };
  }
  const code = escalation ? str(escalation, 'escalationCode') : undefined;
  if (code === undefined || code === '') return { type: 'escalation' };
  if (code.startsWith('=')) ctx.problems.add(id, 'The escalationCode of the escalation catch event is not allowed to be an expression');
  return { type: 'escalation', escalationCode: { kind: 'static', value: code } };
}

// ---------------------------------------------------------------------------
// Timers, messages, signals
// ---------------------------------------------------------------------------

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
 * The message a catch event, receive task or message start event refers to. The message itself
 * is validated once later (validate-references.ts); here only the reference is required. Start
 * events of a process have no correlation key.
 */
export function extractMessageRef(owner: ModdleElement, id: string, ctx: ExtractContext, use: 'caught' | 'start'): CaughtMessage | undefined {
  const message = ref(owner, 'messageRef');
  if (!message) {
    ctx.problems.add(id, 'Must reference a message');
    return undefined;
  }
  useMessage(ctx, message, use);
  const messageName = toExpression(str(message, 'name') ?? '');
  if (use === 'start') return { messageName };
  const correlationKey = extensions(message, 'zeebe:Subscription')
    .map((subscription) => str(subscription, 'correlationKey'))
    .find((key) => key !== undefined);
  return correlationKey === undefined ? { messageName } : { messageName, correlationKey: toExpression(correlationKey) };
}

export function useMessage(ctx: ExtractContext, message: ModdleElement, use: 'caught' | 'thrown' | 'start'): void {
  const entry = ctx.messages.get(message) ?? { caught: false, thrown: false, startEvents: 0 };
  if (use === 'caught') entry.caught = true;
  else if (use === 'thrown') entry.thrown = true;
  else entry.startEvents += 1;
  ctx.messages.set(message, entry);
}

/** Zeebe's SignalEventDefinitionValidator; the signal is validated once later. */
function extractSignalRef(definition: ModdleElement, id: string, ctx: ExtractContext, use: 'start' | 'other'): EventDefinition | undefined {
  const signal = ref(definition, 'signalRef');
  if (!signal) {
    ctx.problems.add(id, 'Must reference a signal');
    return undefined;
  }
  const entry = ctx.signals.get(signal) ?? { startEvents: 0, other: false };
  if (use === 'start') entry.startEvents += 1;
  else entry.other = true;
  ctx.signals.set(signal, entry);
  return { type: 'signal', signalName: toExpression(str(signal, 'name') ?? '') };
}
