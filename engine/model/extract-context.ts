import type { ModdleElement } from './moddle.ts';
import type { Problems } from './problems.ts';

/** State shared by the extractors of one resource. */
export interface ExtractContext {
  readonly problems: Problems;
  /**
   * Messages referenced by catch events and receive tasks. Zeebe validates a message once, on
   * the message element (MessageValidator), however many events refer to it.
   */
  readonly caughtMessages: Set<ModdleElement>;
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
