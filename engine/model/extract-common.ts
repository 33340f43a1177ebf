/**
 * What any flow node may carry: variable mappings, duplicated extensions, and the activity
 * markers (multi-instance loops, compensation handlers).
 */
import type { ExtractContext } from './extract-context.ts';
import { expressionProblems, feelStringLiteral, targetPathProblems, toExpression } from './expressions.ts';
import { bodyText, bool, extensions, list, ref, str, type ModdleElement } from './moddle.ts';
import type { FlowNode, Mapping } from './types.ts';

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
  ['zeebe:ExecutionListeners', 'executionListeners'],
  ['zeebe:TaskHeaders', 'taskHeaders'],
  ['zeebe:AssignmentDefinition', 'assignmentDefinition'],
  ['zeebe:TaskSchedule', 'taskSchedule'],
  ['zeebe:PriorityDefinition', 'priorityDefinition'],
  ['zeebe:FormDefinition', 'formDefinition'],
  ['zeebe:UserTask', 'userTask'],
  ['zeebe:TaskListeners', 'taskListeners'],
  ['zeebe:CalledDecision', 'calledDecision'],
  ['zeebe:Script', 'script'],
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
}

/** Multi-instance loops and the compensation-handler marker of activities. */
export function extractActivityMarkers(el: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'loop' | 'isForCompensation'> {
  const markers: Pick<FlowNode, 'loop' | 'isForCompensation'> = {};
  const loop = ref(el, 'loopCharacteristics');
  if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    const extracted = extractLoop(loop, id, ctx);
    if (extracted) markers.loop = extracted;
  } else if (loop) {
    // Zeebe has no standard loop: its model only knows multi-instance loop characteristics.
    ctx.problems.add(id, 'Standard loop characteristics are not supported; use a multi-instance activity or a loop with a gateway');
  }
  if (bool(el, 'isForCompensation') === true) markers.isForCompensation = true;
  return markers;
}

type Loop = NonNullable<FlowNode['loop']>;

/**
 * `bpmn:multiInstanceLoopCharacteristics` + `zeebe:loopCharacteristics` (an extension of the
 * loop characteristics, not of the activity), with Zeebe's ZeebeLoopCharacteristicsValidator and
 * runtime expression checks.
 */
function extractLoop(loop: ModdleElement, id: string, ctx: ExtractContext): Loop | undefined {
  const elements = extensions(loop, 'zeebe:LoopCharacteristics');
  const zeebeLoop = elements[0];
  if (elements.length !== 1 || !zeebeLoop) {
    ctx.problems.add(id, "Must have exactly one 'zeebe:loopCharacteristics' extension element");
    return undefined;
  }
  const nonEmpty = (attribute: string) => {
    const value = str(zeebeLoop, attribute);
    return value === undefined || value === '' ? undefined : value;
  };
  const inputCollection = nonEmpty('inputCollection');
  const inputElement = nonEmpty('inputElement');
  const outputCollection = nonEmpty('outputCollection');
  const outputElement = nonEmpty('outputElement');
  if (inputCollection === undefined) ctx.problems.add(id, "Attribute 'inputCollection' must be present and not empty");
  else ctx.problems.addAll(id, expressionProblems(inputCollection, { mandatory: true, nonStatic: true }));
  if (outputCollection !== undefined && outputElement === undefined) {
    ctx.problems.add(id, "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set");
  } else if (outputElement !== undefined && outputCollection === undefined) {
    ctx.problems.add(id, "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set");
  }
  if (outputElement !== undefined) ctx.problems.addAll(id, expressionProblems(outputElement, { nonStatic: true }));

  const condition = bodyText(loop, 'completionCondition');
  if (condition) ctx.problems.addAll(id, expressionProblems(condition, {}));

  if (inputCollection === undefined) return undefined;
  const feelSource = (raw: string): string => {
    const expression = toExpression(raw);
    return expression.kind === 'feel' ? expression.source : raw;
  };
  const extracted: Loop = { sequential: bool(loop, 'isSequential') === true, inputCollection: feelSource(inputCollection) };
  if (inputElement !== undefined) extracted.inputElement = inputElement;
  if (outputCollection !== undefined) extracted.outputCollection = outputCollection;
  if (outputElement !== undefined) extracted.outputElement = feelSource(outputElement);
  if (condition) extracted.completionCondition = staticAsFeel(condition);
  return extracted;
}

/** java.math.BigDecimal's syntax: Zeebe's static expressions turn such text into numbers. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A condition as FEEL source. A static condition (no `=`) is typed the way Zeebe's static
 * expressions are (`true`, `false`, `null`, numbers), anything else is a string (which then
 * fails as a condition at runtime, as in Zeebe).
 */
function staticAsFeel(raw: string): string {
  const expression = toExpression(raw);
  if (expression.kind === 'feel') return expression.source;
  const value = expression.value;
  return value === 'true' || value === 'false' || value === 'null' || DECIMAL.test(value) ? value : feelStringLiteral(value);
}
