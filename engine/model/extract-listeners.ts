/**
 * `zeebe:executionListeners` (Zeebe 8.6+) and `zeebe:taskListeners` (Zeebe user tasks), with
 * Zeebe's ExecutionListenersValidator, TaskListener(s)Validator, the attribute checks of its
 * ZeebeElementValidators, and the per-element restrictions of its StartEvent, EndEvent,
 * BoundaryEvent, IntermediateThrowEvent and Gateway validators.
 */
import type { ExtractContext } from './extract-context.ts';
import { definitionKind, eventDefinitions } from './extract-events.ts';
import { DEFAULT_RETRIES } from './extract-jobs.ts';
import { toExpression } from './expressions.ts';
import { extensions, list, str, type ModdleElement } from './moddle.ts';
import type { FlowNode } from './types.ts';

type ExecutionListener = NonNullable<FlowNode['executionListeners']>[number];
type TaskListener = NonNullable<FlowNode['taskListeners']>[number];

function listenersOf(el: ModdleElement, container: string): ModdleElement[] {
  // A second container is reported by checkCommonExtensions; Zeebe reads the first one.
  const [first] = extensions(el, container);
  return first ? list(first, 'listeners') : [];
}

/** Zeebe's ZeebeElementValidator: a missing or unknown enum value reads as absent. */
function attributeProblem(attribute: string): string {
  return `Attribute '${attribute}' must be present and not empty`;
}

/** type and retries (default '3'); undefined when one of them is missing (already reported). */
function jobAttributes(listener: ModdleElement, id: string, ctx: ExtractContext): Pick<ExecutionListener, 'type' | 'retries'> | undefined {
  const type = str(listener, 'type');
  const retries = str(listener, 'retries') ?? DEFAULT_RETRIES;
  if (type === undefined || type === '') ctx.problems.add(id, attributeProblem('type'));
  if (retries === '') ctx.problems.add(id, attributeProblem('retries'));
  if (type === undefined || type === '' || retries === '') return undefined;
  return { type: toExpression(type), retries: toExpression(retries) };
}

export function extractExecutionListeners(el: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'executionListeners'> {
  const raw = listenersOf(el, 'zeebe:ExecutionListeners');
  if (raw.length === 0) return {};
  const listeners: ExecutionListener[] = [];
  const groups = new Map<string, { count: number; eventType: string; type: string }>();
  for (const listener of raw) {
    const eventType = str(listener, 'eventType');
    const validEventType = eventType === 'start' || eventType === 'end';
    if (!validEventType) ctx.problems.add(id, attributeProblem('eventType'));
    const attributes = jobAttributes(listener, id, ctx);
    if (validEventType && attributes) listeners.push({ eventType, ...attributes });

    // Java prints a missing value as null.
    const shownEventType = validEventType ? eventType : 'null';
    const shownType = str(listener, 'type') ?? 'null';
    const key = `${shownEventType}|${shownType}`;
    const group = groups.get(key) ?? { count: 0, eventType: shownEventType, type: shownType };
    group.count += 1;
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    if (group.count < 2) continue;
    ctx.problems.add(
      id,
      `Found '${group.count}' duplicates based on eventType[${group.eventType}] and type[${group.type}], these combinations should be unique.`,
    );
  }
  return listeners.length > 0 ? { executionListeners: listeners } : {};
}

/** Zeebe 8.8's event types (the docs' "Trigger a user task listener": canceling included). */
const TASK_LISTENER_EVENT_TYPES = ['creating', 'assigning', 'updating', 'completing', 'canceling'];
/** Deprecated names, read as their current name. */
const DEPRECATED_TASK_LISTENER_EVENT_TYPES: Readonly<Record<string, string>> = {
  create: 'creating',
  assignment: 'assigning',
  update: 'updating',
  complete: 'completing',
  cancel: 'canceling',
};

export function extractTaskListeners(el: ModdleElement, id: string, zeebeUserTask: boolean, ctx: ExtractContext): Pick<FlowNode, 'taskListeners'> {
  const raw = listenersOf(el, 'zeebe:TaskListeners');
  if (raw.length === 0) return {};
  if (!zeebeUserTask) {
    ctx.problems.add(id, 'Task listeners are only allowed on Camunda user tasks.');
    return {};
  }
  const listeners: TaskListener[] = [];
  for (const listener of raw) {
    const eventType = str(listener, 'eventType') ?? '';
    const normalised = TASK_LISTENER_EVENT_TYPES.includes(eventType) ? eventType : DEPRECATED_TASK_LISTENER_EVENT_TYPES[eventType];
    // Zeebe 8.8's TaskListenerValidator accepts every event type its model knows.
    if (normalised === undefined) ctx.problems.add(id, attributeProblem('eventType'));
    const attributes = jobAttributes(listener, id, ctx);
    if (normalised !== undefined && attributes) listeners.push({ eventType: normalised, ...attributes });
  }
  return listeners.length > 0 ? { taskListeners: listeners } : {};
}

/** Listener event types an element cannot have, by element and event definition. */
export function checkListenerPositions(node: FlowNode, el: ModdleElement, ctx: ExtractContext): void {
  const eventTypes = new Set(listenersOf(el, 'zeebe:ExecutionListeners').map((listener) => str(listener, 'eventType')));
  if (eventTypes.size === 0) return;
  const first = eventDefinitions(el)[0];
  const definition = first && definitionKind(first);
  switch (node.type) {
    case 'START_EVENT':
      if (eventTypes.has('start')) ctx.problems.add(node.id, "Execution listeners of type 'start' are not supported by start events");
      break;
    case 'BOUNDARY_EVENT':
      if (definition === 'compensate') {
        ctx.problems.add(node.id, "Execution listeners of type 'start' and 'end' are not supported by [compensation] boundary events");
      } else if (eventTypes.has('start')) {
        ctx.problems.add(node.id, "Execution listeners of type 'start' are not supported by boundary events");
      }
      break;
    case 'END_EVENT':
      if ((definition === 'error' || definition === 'escalation') && eventTypes.has('end')) {
        ctx.problems.add(node.id, "Execution listeners of type 'end' are not supported by [escalation, error] end events");
      }
      break;
    case 'INTERMEDIATE_THROW_EVENT':
      if (definition === 'escalation' && eventTypes.has('end')) {
        ctx.problems.add(node.id, "Execution listeners of type 'end' are not supported by [escalation] intermediate throw events");
      }
      break;
    case 'EXCLUSIVE_GATEWAY':
    case 'PARALLEL_GATEWAY':
    case 'INCLUSIVE_GATEWAY':
    case 'EVENT_BASED_GATEWAY':
      if (eventTypes.has('end')) ctx.problems.add(node.id, "Execution listeners of type 'end' are not supported by gateway element");
      break;
    default:
      break;
  }
}
