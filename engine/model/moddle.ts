/**
 * Reading BPMN XML with bpmn-moddle + the Zeebe extension, and typed access to the resulting
 * element tree. Moddle objects never leave engine/model: extraction copies what the engine
 * needs into plain `ExecutableProcess` data.
 */
import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { ModelProblem } from './types.ts';

/** A moddle element seen through runtime checks: only `$type` is trusted. */
export interface ModdleElement {
  readonly $type: string;
  readonly [property: string]: unknown;
}

// One instance is enough: fromXML keeps its parse state per call.
const moddle = BpmnModdle({ zeebe });

export type ReadResult = { definitions: ModdleElement; problems: ModelProblem[] };

/**
 * Parses the XML. Moddle reports duplicate ids, unresolved references and unknown elements or
 * attributes in known namespaces as warnings next to a usable tree; Zeebe would reject such a
 * resource, so every warning becomes a problem. Unparsable XML throws inside moddle and comes
 * back as a single problem without a tree.
 */
export async function readDefinitions(xml: string): Promise<ReadResult | { definitions?: undefined; problems: ModelProblem[] }> {
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    if (!isElement(rootElement) || rootElement.$type !== 'bpmn:Definitions') {
      return { problems: [{ message: 'Expected a <bpmn:definitions> document' }] };
    }
    return { definitions: rootElement, problems: warnings.map(warningToProblem) };
  } catch (error) {
    return { problems: [{ message: `Failed to parse BPMN XML: ${firstLine(error)}` }] };
  }
}

function warningToProblem(warning: ModdleWarning): ModelProblem {
  const elementId = isElement(warning.element) ? str(warning.element, 'id') : undefined;
  // Moddle's own line numbers count from 0; drop its multi-line layout to keep one message.
  const message = warning.message.replace(/\s*\n\s*/g, '; ');
  return elementId ? { elementId, message } : { message };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, '; ');
}

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

export function str(el: ModdleElement, property: string): string | undefined {
  const value = el[property];
  return typeof value === 'string' ? value : undefined;
}

export function bool(el: ModdleElement, property: string): boolean | undefined {
  const value = el[property];
  return typeof value === 'boolean' ? value : undefined;
}

export function ref(el: ModdleElement, property: string): ModdleElement | undefined {
  const value = el[property];
  return isElement(value) ? value : undefined;
}

export function list(el: ModdleElement, property: string): ModdleElement[] {
  const value = el[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

export function idOf(el: ModdleElement): string | undefined {
  return str(el, 'id');
}

/** Extension elements of one type (e.g. `zeebe:TaskDefinition`), in document order. */
export function extensions(el: ModdleElement, type: string): ModdleElement[] {
  const container = ref(el, 'extensionElements');
  return container ? list(container, 'values').filter((value) => value.$type === type) : [];
}

/**
 * The text of a body element such as `conditionExpression` or `timeDuration`, trimmed like
 * Zeebe's model API (`getTextContent()` trims); undefined when the element is absent.
 */
export function bodyText(el: ModdleElement, property: string): string | undefined {
  const child = ref(el, property);
  if (!child) return undefined;
  return (str(child, 'body') ?? '').trim();
}

/** `bpmn:ComplexGateway` → `ComplexGateway`, the simple class name Zeebe prints. */
export function localName(type: string): string {
  return type.slice(type.indexOf(':') + 1);
}
