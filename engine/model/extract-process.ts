/**
 * Walks a `bpmn:process` (and its embedded sub-processes) into `FlowNode`s and
 * `SequenceFlow`s, then links them (see link-structure.ts).
 */
import { ACTIVITY_TYPES, NODE_TYPES } from './element-types.ts';
import { type ExtractContext, notSupportedYet, zeebeUnsupportedElement } from './extract-context.ts';
import { checkCommonExtensions, extractActivityMarkers, extractMappings } from './extract-common.ts';
import {
  type EventFields,
  type StartEventScope,
  extractBoundaryEvent,
  extractEndEvent,
  extractIntermediateCatchEvent,
  extractIntermediateThrowEvent,
  extractStartEvent,
} from './extract-events.ts';
import { checkListenerPositions, extractExecutionListeners, extractTaskListeners } from './extract-listeners.ts';
import {
  extractBusinessRuleTask,
  extractCallActivity,
  extractJobWorkerTask,
  extractReceiveTask,
  extractScriptTask,
  extractUserTask,
} from './extract-tasks.ts';
import { linkStructure, type ProcessBuild } from './link-structure.ts';
import { bool, extensions, idOf, list, localName, ref, str, type ModdleElement } from './moddle.ts';
import type { BpmnElementType, ExecutableProcess, FlowNode } from './types.ts';

/** Flow elements Zeebe accepts and ignores (FlowElementValidator's non-executable types). */
const NON_EXECUTABLE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Zeebe runs these, but the executable model has no type for them yet. */
const ZEEBE_ONLY = new Set(['bpmn:AdHocSubProcess']);

/** The flow scope whose children are being extracted. */
interface Scope {
  id: string;
  kind: 'process' | 'subProcess' | 'eventSubProcess';
  /** The process itself, or an element directly inside it. */
  atProcessLevel: boolean;
}

export function extractProcess(processElement: ModdleElement, ctx: ExtractContext): ExecutableProcess {
  const id = idOf(processElement) ?? '';
  const build: ProcessBuild = {
    processId: id,
    nodes: new Map(),
    flows: new Map(),
    elements: new Map(),
    flowElements: [],
    conditionalFlows: new Set(),
    rejected: new Set(),
  };
  const name = str(processElement, 'name');
  // The process has no flow scope: '' (Zeebe records use flowScopeKey -1 for it).
  const processNode = emptyNode(id, 'PROCESS', '');
  if (name !== undefined) processNode.name = name;
  build.nodes.set(id, processNode);
  build.elements.set(id, processElement);
  checkCommonExtensions(processElement, id, ctx);
  Object.assign(processNode, extractExecutionListeners(processElement, id, ctx));

  processNode.children = extractScope(processElement, { id, kind: 'process', atProcessLevel: true }, build, ctx);
  linkStructure(build, ctx);

  const process: ExecutableProcess = { bpmnProcessId: id, nodes: build.nodes, flows: build.flows, children: processNode.children };
  if (name !== undefined) process.name = name;
  if (processNode.startEventId !== undefined) process.noneStartEventId = processNode.startEventId;
  return process;
}

function emptyNode(id: string, type: BpmnElementType, scopeId: string): FlowNode {
  return { id, type, scopeId, incoming: [], outgoing: [], inputs: [], outputs: [], boundaryEvents: [] };
}

/**
 * Extracts the direct children of a process or (event) sub-process; returns their ids in
 * document order and lists the event sub-processes on the scope's node.
 */
function extractScope(scope: ModdleElement, at: Scope, build: ProcessBuild, ctx: ExtractContext): string[] {
  const children: string[] = [];
  const eventSubProcesses: string[] = [];
  for (const element of list(scope, 'flowElements')) {
    const id = idOf(element);
    if (element.$type === 'bpmn:SequenceFlow') {
      build.flowElements.push(element);
      continue;
    }
    if (NON_EXECUTABLE.has(element.$type)) continue;
    if (id === undefined || id === '') {
      ctx.problems.add(at.id, `An element of type '${localName(element.$type)}' has no id`);
      continue;
    }
    const type = NODE_TYPES[element.$type];
    if (!type) {
      const simpleName = localName(element.$type);
      ctx.problems.add(id, ZEEBE_ONLY.has(element.$type) ? notSupportedYet(`Elements of type '${simpleName}'`) : zeebeUnsupportedElement(simpleName));
      build.rejected.add(id);
      continue;
    }
    const node = extractNode(element, id, type, at, build, ctx);
    children.push(id);
    if (node.type === 'EVENT_SUB_PROCESS') eventSubProcesses.push(id);
  }
  const scopeNode = build.nodes.get(at.id);
  if (scopeNode && eventSubProcesses.length > 0) scopeNode.eventSubProcesses = eventSubProcesses;
  return children;
}

function extractNode(element: ModdleElement, id: string, elementType: BpmnElementType, scope: Scope, build: ProcessBuild, ctx: ExtractContext): FlowNode {
  const type = elementType === 'SUB_PROCESS' && bool(element, 'triggeredByEvent') === true ? 'EVENT_SUB_PROCESS' : elementType;
  const node = emptyNode(id, type, scope.id);
  // Registered before a sub-process's children, so `nodes` iterates in document order.
  build.nodes.set(id, node);
  build.elements.set(id, element);
  const name = str(element, 'name');
  if (name !== undefined) node.name = name;
  Object.assign(node, extractMappings(element, id, ctx));
  checkCommonExtensions(element, id, ctx);
  Object.assign(node, extractExecutionListeners(element, id, ctx));
  if (ACTIVITY_TYPES.has(type)) Object.assign(node, extractActivityMarkers(element, id, ctx));

  const setEvent = (fields: EventFields) => {
    if (fields.event) node.event = fields.event;
    if (fields.job) node.job = fields.job;
    if (fields.interrupting !== undefined) node.interrupting = fields.interrupting;
  };
  switch (type) {
    case 'START_EVENT': {
      const startScope: StartEventScope =
        scope.kind === 'eventSubProcess'
          ? { kind: 'eventSubProcess', eventSubProcessId: scope.id, atProcessLevel: scope.atProcessLevel }
          : { kind: scope.kind };
      setEvent(extractStartEvent(element, id, ctx, startScope));
      break;
    }
    case 'END_EVENT':
      setEvent(extractEndEvent(element, id, ctx));
      break;
    case 'INTERMEDIATE_CATCH_EVENT':
      setEvent(extractIntermediateCatchEvent(element, id, ctx));
      break;
    case 'INTERMEDIATE_THROW_EVENT':
      setEvent(extractIntermediateThrowEvent(element, id, ctx));
      break;
    case 'BOUNDARY_EVENT': {
      setEvent(extractBoundaryEvent(element, id, ctx));
      const attachedTo = ref(element, 'attachedToRef');
      const attachedToId = attachedTo && idOf(attachedTo);
      if (attachedToId !== undefined) node.attachedTo = attachedToId;
      node.cancelActivity = bool(element, 'cancelActivity') !== false;
      break;
    }
    case 'SERVICE_TASK':
    case 'SEND_TASK':
      Object.assign(node, extractJobWorkerTask(element, id, ctx));
      break;
    case 'SCRIPT_TASK':
      Object.assign(node, extractScriptTask(element, id, ctx));
      break;
    case 'BUSINESS_RULE_TASK':
      Object.assign(node, extractBusinessRuleTask(element, id, ctx));
      break;
    case 'USER_TASK': {
      const extracted = extractUserTask(element, id, ctx);
      Object.assign(node, extracted, extractTaskListeners(element, id, extracted.userTask?.zeebeUserTask === true, ctx));
      break;
    }
    case 'RECEIVE_TASK':
      Object.assign(node, extractReceiveTask(element, id, ctx));
      break;
    case 'CALL_ACTIVITY':
      Object.assign(node, extractCallActivity(element, id, ctx));
      break;
    case 'EXCLUSIVE_GATEWAY':
    case 'INCLUSIVE_GATEWAY': {
      const defaultFlow = ref(element, 'default');
      const defaultFlowId = defaultFlow && idOf(defaultFlow);
      if (defaultFlowId !== undefined) node.defaultFlow = defaultFlowId;
      break;
    }
    case 'SUB_PROCESS':
      node.children = extractScope(element, { id, kind: 'subProcess', atProcessLevel: false }, build, ctx);
      break;
    case 'EVENT_SUB_PROCESS':
      node.children = extractScope(element, { id, kind: 'eventSubProcess', atProcessLevel: scope.kind === 'process' }, build, ctx);
      break;
    default:
      // Parallel and event-based gateways, manual and undefined tasks: common fields only.
      break;
  }
  if (type !== 'USER_TASK' && extensions(element, 'zeebe:TaskListeners').some((container) => list(container, 'listeners').length > 0)) {
    ctx.problems.add(id, 'Task listeners are only allowed on Camunda user tasks.');
  }
  checkListenerPositions(node, element, ctx);
  return node;
}
