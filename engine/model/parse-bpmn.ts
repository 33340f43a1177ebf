/**
 * BPMN XML → `ExecutableProcess`es, or `DeploymentRejected` listing every problem: Zeebe's
 * deploy-time validation (with its messages), plus what Baton's engine does not run yet.
 */
import { ENGINE_EXECUTABLE_TYPES, TYPE_DISPLAY_NAMES } from './element-types.ts';
import { notSupportedYet, type ExtractContext } from './extract-context.ts';
import { validateCaughtMessages } from './extract-events.ts';
import { extractProcess } from './extract-process.ts';
import { bool, idOf, list, readDefinitions } from './moddle.ts';
import { Problems } from './problems.ts';
import { DeploymentRejected, type BpmnElementType, type ExecutableProcess } from './types.ts';

export interface ParseOptions {
  /**
   * The element types the engine can run; others are rejected as "not supported yet".
   * Defaults to ENGINE_EXECUTABLE_TYPES; tests pass a wider set to inspect extraction.
   */
  executableTypes?: ReadonlySet<BpmnElementType>;
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
  const read = await readDefinitions(xml);
  const problems = new Problems();
  for (const problem of read.problems) problems.add(problem.elementId, problem.message);
  const definitions = read.definitions;
  if (!definitions) throw new DeploymentRejected(resourceName, problems.list);

  const ctx: ExtractContext = { problems, caughtMessages: new Set() };
  const executable = list(definitions, 'rootElements').filter(
    (element) => element.$type === 'bpmn:Process' && bool(element, 'isExecutable') === true,
  );
  if (executable.length === 0) problems.add(idOf(definitions), 'Must contain at least one executable process');

  const processes = executable.map((element) => extractProcess(element, ctx));
  validateCaughtMessages(ctx);
  for (const process of processes) rejectWhatTheEngineCannotRun(process, executableTypes, problems);

  if (!problems.isEmpty) throw new DeploymentRejected(resourceName, problems.list);
  return processes;
}

function rejectWhatTheEngineCannotRun(process: ExecutableProcess, executableTypes: ReadonlySet<BpmnElementType>, problems: Problems): void {
  for (const node of process.nodes.values()) {
    if (executableTypes.has(node.type)) continue;
    problems.add(
      node.id,
      node.type === 'EVENT_SUB_PROCESS' ? notSupportedYet('Event sub-processes') : notSupportedYet(`Elements of type '${TYPE_DISPLAY_NAMES[node.type]}'`),
    );
  }
}
