import type { ModdleElement } from './moddle.ts';
import type { Problems } from './problems.ts';

/** How the events and tasks of one resource use a `bpmn:message` (Zeebe's MessageValidator). */
export interface MessageUse {
  /** Intermediate catch, boundary, event sub-process start event or receive task. */
  caught: boolean;
  /** Intermediate throw, end event or send task. */
  thrown: boolean;
  /** Start events of a process (not of an event sub-process). */
  startEvents: number;
}

/** How the events of one resource use a `bpmn:signal`. */
export interface SignalUse {
  startEvents: number;
  other: boolean;
}

/** State shared by the extractors of one resource. */
export interface ExtractContext {
  readonly problems: Problems;
  /**
   * Messages referenced by events and tasks. Zeebe validates a message once, on the message
   * element (MessageValidator), however many events refer to it.
   */
  readonly messages: Map<ModdleElement, MessageUse>;
  /** Signals referenced by events, validated once like messages (SignalValidator). */
  readonly signals: Map<ModdleElement, SignalUse>;
  /** Escalations referenced by throw events: they need a code (EscalationValidator). */
  readonly thrownEscalations: Set<ModdleElement>;
  /** Every `bpmn:association` of the document (compensation handlers are linked by them). */
  readonly associations: readonly ModdleElement[];
}

export function newExtractContext(problems: Problems, associations: readonly ModdleElement[]): ExtractContext {
  return { problems, messages: new Map(), signals: new Map(), thrownEscalations: new Set(), associations };
}

/** Wording for what Zeebe runs but Baton does not run yet. */
export function notSupportedYet(what: string): string {
  return `${what} are not supported yet`;
}

/** Zeebe's FlowElementValidator message for elements Zeebe itself cannot run. */
export function zeebeUnsupportedElement(simpleName: string): string {
  return (
    `Elements of type '${simpleName}' are currently not supported. Please refer to the documentation ` +
    'for a list of supported elements: https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/'
  );
}
