/**
 * BPMN XML → `ExecutableProcess`es, or `DeploymentRejected` listing every problem: Zeebe's
 * deploy-time validation (with its messages), plus what Baton's engine does not run yet.
 */
import { ENGINE_EXECUTABLE_TYPES, ENGINE_FEATURES, TYPE_DISPLAY_NAMES, type EngineFeature } from './element-types.ts';
import { newExtractContext, notSupportedYet } from './extract-context.ts';
import { extractProcess } from './extract-process.ts';
import { bool, idOf, list, readDefinitions, type ModdleElement } from './moddle.ts';
import { Problems } from './problems.ts';
import { validateReferences } from './validate-references.ts';
import { DeploymentRejected, type BpmnElementType, type ExecutableProcess } from './types.ts';

export interface ParseOptions {
  /**
   * The element types the engine can run; others are rejected as "not supported yet".
   * Defaults to ENGINE_EXECUTABLE_TYPES; tests pass a wider set to inspect extraction.
   * Multi-instance activities need 'MULTI_INSTANCE_BODY' (the element Zeebe creates around
   * their instances). Event definitions, compensation, links etc. are accepted on any element
   * type that is executable; listeners and called decisions need `features`.
   */
  executableTypes?: ReadonlySet<BpmnElementType>;
  /** Constructs beyond element types that the engine runs; defaults to ENGINE_FEATURES. */
  features?: ReadonlySet<EngineFeature>;
}

/**
 * One `ExecutableProcess` per `bpmn:process` with isExecutable="true" (Zeebe deploys only those
 * and rejects a resource without any). Never returns a partial result.
 *
 * Zeebe's rules are applied to executable processes only: a non-executable process is
 * documentation (e.g. a partner's pool) that Baton never runs. Moddle warnings count for the
 * whole document.
 */
export async function parseBpmn(xml: string, resourceName: string, options: ParseOptions = {}): Promise<ExecutableProcess[]> {
  const executableTypes = options.executableTypes ?? ENGINE_EXECUTABLE_TYPES;
  const features = options.features ?? ENGINE_FEATURES;
  const read = await readDefinitions(xml);
  const problems = new Problems();
  for (const problem of read.problems) problems.add(problem.elementId, problem.message);
  const definitions = read.definitions;
  if (!definitions) throw new DeploymentRejected(resourceName, problems.list);

  const ctx = newExtractContext(problems, associationsOf(definitions));
  const executable = list(definitions, 'rootElements').filter(
    (element) => element.$type === 'bpmn:Process' && bool(element, 'isExecutable') === true,
  );
  if (executable.length === 0) problems.add(idOf(definitions), 'Must contain at least one executable process');

  const processes = executable.map((element) => extractProcess(element, ctx));
  validateReferences(ctx);
  for (const process of processes) rejectWhatTheEngineCannotRun(process, executableTypes, features, problems);

  if (!problems.isEmpty) throw new DeploymentRejected(resourceName, problems.list);
  return processes;
}

function rejectWhatTheEngineCannotRun(
  process: ExecutableProcess,
  executableTypes: ReadonlySet<BpmnElementType>,
  features: ReadonlySet<EngineFeature>,
  problems: Problems,
): void {
  for (const node of process.nodes.values()) {
    if (node.loop && !executableTypes.has('MULTI_INSTANCE_BODY')) problems.add(node.id, notSupportedYet('Multi-instance activities'));
    if (node.executionListeners && !features.has('executionListeners')) problems.add(node.id, notSupportedYet('Execution listeners'));
    if (node.taskListeners && !features.has('taskListeners')) problems.add(node.id, notSupportedYet('Task listeners'));
    if (node.calledDecision && !features.has('calledDecisions')) {
      problems.add(node.id, notSupportedYet('Business rule tasks with a called decision (DMN)'));
    }
    if (executableTypes.has(node.type)) continue;
    problems.add(
      node.id,
      node.type === 'EVENT_SUB_PROCESS' ? notSupportedYet('Event sub-processes') : notSupportedYet(`Elements of type '${TYPE_DISPLAY_NAMES[node.type]}'`),
    );
  }
}

const SUB_PROCESS_TYPES = new Set(['bpmn:SubProcess', 'bpmn:AdHocSubProcess', 'bpmn:Transaction']);

/** Every `bpmn:association` of processes, (nested) sub-processes and collaborations. */
function associationsOf(definitions: ModdleElement): ModdleElement[] {
  const found: ModdleElement[] = [];
  const visit = (container: ModdleElement) => {
    for (const artifact of list(container, 'artifacts')) if (artifact.$type === 'bpmn:Association') found.push(artifact);
    for (const element of list(container, 'flowElements')) if (SUB_PROCESS_TYPES.has(element.$type)) visit(element);
  };
  for (const root of list(definitions, 'rootElements')) visit(root);
  return found;
}
