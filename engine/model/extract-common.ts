/**
 * What any flow node may carry: variable mappings, and extensions or markers whose presence
 * changes how it runs (listeners, loops, compensation) and that Baton must not silently ignore.
 */
import { type ExtractContext, notSupportedYet } from './extract-context.ts';
import { expressionProblems, feelStringLiteral, targetPathProblems, toExpression } from './expressions.ts';
import { bool, extensions, list, ref, str, type ModdleElement } from './moddle.ts';
import type { Mapping } from './types.ts';

/**
 * `zeebe:ioMapping`. Zeebe (ZeebeRuntimeValidators) requires an output source to be FEEL
 * (`=`), but accepts a static input source and turns it into a string literal
 * (VariableMappingTransformer), so `source="abc"` maps the string "abc", never a variable.
 */
export function extractMappings(el: ModdleElement, id: string, ctx: ExtractContext): { inputs: Mapping[]; outputs: Mapping[] } {
  const ioMapping = extensions(el, 'zeebe:IoMapping')[0];
  if (!ioMapping) return { inputs: [], outputs: [] };
  const read = (parameter: ModdleElement, direction: 'input' | 'output'): Mapping => {
    const source = str(parameter, 'source');
    const target = str(parameter, 'target') ?? '';
    ctx.problems.addAll(id, expressionProblems(source, { mandatory: true, nonStatic: direction === 'output' }));
    ctx.problems.addAll(id, targetPathProblems(target));
    const expression = toExpression(source ?? '');
    return { source: expression.kind === 'feel' ? expression.source : feelStringLiteral(expression.value), target };
  };
  return {
    inputs: list(ioMapping, 'inputParameters').map((parameter) => read(parameter, 'input')),
    outputs: list(ioMapping, 'outputParameters').map((parameter) => read(parameter, 'output')),
  };
}

// Zeebe's ExtensionElementDuplicationValidators, for the extensions Baton reads.
const SINGLE_EXTENSIONS: ReadonlyArray<[type: string, name: string]> = [
  ['zeebe:IoMapping', 'ioMapping'],
  ['zeebe:TaskHeaders', 'taskHeaders'],
  ['zeebe:AssignmentDefinition', 'assignmentDefinition'],
  ['zeebe:TaskSchedule', 'taskSchedule'],
  ['zeebe:PriorityDefinition', 'priorityDefinition'],
  ['zeebe:FormDefinition', 'formDefinition'],
  ['zeebe:UserTask', 'userTask'],
];

/** Checks that apply to every flow node and to the process itself. */
export function checkCommonExtensions(el: ModdleElement, id: string, ctx: ExtractContext): void {
  for (const [type, name] of SINGLE_EXTENSIONS) {
    if (extensions(el, type).length > 1) {
      ctx.problems.add(
        id,
        `Must have exactly one 'zeebe:${name}' extension element when exists. ` +
          'Please check process definition XML and retain only one extension element.',
      );
    }
  }
  if (extensions(el, 'zeebe:ExecutionListeners').some((container) => list(container, 'listeners').length > 0)) {
    ctx.problems.add(id, notSupportedYet('Execution listeners'));
  }
  if (extensions(el, 'zeebe:TaskListeners').some((container) => list(container, 'listeners').length > 0)) {
    ctx.problems.add(id, notSupportedYet('Task listeners'));
  }
}

/** Loop markers and compensation handlers on activities. */
export function checkActivityMarkers(el: ModdleElement, id: string, ctx: ExtractContext): void {
  const loop = ref(el, 'loopCharacteristics');
  if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    ctx.problems.add(id, notSupportedYet('Multi-instance activities'));
  } else if (loop) {
    // Zeebe has no standard loop: its model only knows multi-instance loop characteristics.
    ctx.problems.add(id, 'Standard loop characteristics are not supported; use a multi-instance activity or a loop with a gateway');
  }
  if (bool(el, 'isForCompensation') === true) ctx.problems.add(id, notSupportedYet('Compensation handlers'));
}
