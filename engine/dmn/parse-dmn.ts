/**
 * Deploy-time reading of a DMN 1.3 resource into the executable model: dmn-moddle parses,
 * the decisions are copied out (extract-decision.ts), and the whole graph is checked
 * (validate-dmn.ts). Every problem of the resource is reported at once, in Zeebe's
 * deployment-rejection layout.
 */
import { DmnModdle, type ModdleWarning } from 'dmn-moddle';
import { idOf, isElement, list, str, type ModdleElement } from '../model/moddle.ts';
import { Problems } from '../model/problems.ts';
import type { ModelProblem } from '../model/types.ts';
import { extractDecision } from './extract-decision.ts';
import { DmnRejected, type Decision, type DecisionRequirements } from './types.ts';
import { validateDecisions } from './validate-dmn.ts';

// One instance is enough: fromXML keeps its parse state per call.
const moddle = DmnModdle();

/**
 * Parses and validates `xml`; rejects with DmnRejected listing every problem. Moddle never
 * resolves DOCTYPEs or external entities, so untrusted XML is safe to hand it.
 */
export async function parseDmn(xml: string, resourceName: string): Promise<DecisionRequirements> {
  const problems = new Problems();
  const definitions = await readDefinitions(xml, problems);
  if (!definitions) throw new DmnRejected(resourceName, problems.list);

  const id = idOf(definitions);
  if (!id) problems.add(undefined, "Expected the definitions to have an 'id' (the decision requirements id)");

  const decisions = readDecisions(definitions, problems);

  if (!problems.isEmpty || !id) throw new DmnRejected(resourceName, problems.list);
  return {
    id,
    name: str(definitions, 'name') ?? '',
    namespace: str(definitions, 'namespace') ?? '',
    resourceName,
    decisions,
  };
}

function readDecisions(definitions: ModdleElement, problems: Problems): Map<string, Decision> {
  // Input data, knowledge sources, …: nothing to run. Moddle already drops a second element
  // with a known id (and warns), so decision ids are unique here.
  const elements = list(definitions, 'drgElement').filter((element) => element.$type === 'dmn:Decision');
  if (elements.length === 0) problems.add(undefined, 'Expected the DMN resource to contain at least one decision, but found none');
  const decisions = new Map<string, Decision>();
  for (const element of elements) {
    const decision = extractDecision(element, problems);
    if (decision) decisions.set(decision.id, decision);
  }
  // A decision that was reported (and left out) still exists for the decisions requiring it.
  const declaredIds = new Set(elements.map(idOf).filter((decisionId) => decisionId !== undefined));
  try {
    validateDecisions(decisions, declaredIds, problems);
  } catch (error) {
    // A requirement chain deep enough to exhaust the stack (Zeebe fails such a parse too).
    if (!(error instanceof RangeError)) throw error;
    problems.add(undefined, 'Failed to parse DMN: the chain of required decisions is too deep');
  }
  return decisions;
}

/**
 * Moddle reports duplicate ids, unknown elements and attributes of known namespaces as
 * warnings next to a usable tree. Zeebe would reject such a resource, so every warning
 * becomes a problem. Unparsable XML, or a root that is not DMN 1.3 `definitions`, throws.
 */
async function readDefinitions(xml: string, problems: Problems): Promise<ModdleElement | undefined> {
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml, 'dmn:Definitions');
    for (const warning of warnings) addWarning(warning, problems);
    if (isElement(rootElement) && rootElement.$type === 'dmn:Definitions') return rootElement;
    problems.add(undefined, 'Expected a DMN 1.3 <definitions> document');
  } catch (error) {
    problems.add(undefined, `Failed to parse DMN XML: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  }
  return undefined;
}

function addWarning(warning: ModdleWarning, problems: Problems): void {
  const problem = warningToProblem(warning);
  problems.add(problem.elementId, problem.message);
}

function warningToProblem(warning: ModdleWarning): ModelProblem {
  // The XML of a duplicate is dropped entirely; say what happened in plain words.
  const duplicate = /nested error: duplicate ID <([^>]*)>/.exec(warning.message)?.[1];
  if (duplicate !== undefined) return { elementId: duplicate, message: `Expected ids to be unique, but found the id '${duplicate}' twice` };
  const elementId = isElement(warning.element) ? idOf(warning.element) : undefined;
  const message = oneLine(warning.message);
  return elementId ? { elementId, message } : { message };
}

/** Moddle's messages span several lines (and count lines from 0); keep one line per problem. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, '; ');
}
