/**
 * Walks a `bpmn:process` (and its embedded sub-processes) into `FlowNode`s and
 * `SequenceFlow`s, then links them (see link-structure.ts).
 */
import { ACTIVITY_TYPES, NODE_TYPES } from './element-types.ts';
import { type ExtractContext, notSupportedYet, zeebeUnsupportedElement } from './extract-context.ts';
import { checkActivityMarkers, checkCommonExtensions, extractMappings } from './extract-common.ts';
import {
  extractBoundaryEvent,
  extractEndEvent,
  extractIntermediateCatchEvent,
  extractStartEvent,
} from './extract-events.ts';
import { extractReceiveTask, extractServiceTask, extractUserTask } from './extract-tasks.ts';
import { linkStructure, type ProcessBuild } from './link-structure.ts';
import { bool, idOf, list, localName, ref, str, type ModdleElement } from './moddle.ts';
import type { BpmnElementType, ExecutableProcess, FlowNode } from './types.ts';

/** Flow elements Zeebe accepts and ignores (FlowElementValidator's non-executable types). */
const NON_EXECUTABLE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Zeebe runs these, but the executable model has no type for them yet. */
const ZEEBE_ONLY = new Set(['bpmn:AdHocSubProcess']);

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

  processNode.children = extractScope(processElement, id, build, ctx);
  linkStructure(build, ctx);

  const process: ExecutableProcess = { bpmnProcessId: id, nodes: build.nodes, flows: build.flows, children: processNode.children };
  if (name !== undefined) process.name = name;
  if (processNode.startEventId !== undefined) process.noneStartEventId = processNode.startEventId;
  return process;
}

function emptyNode(id: string, type: BpmnElementType, scopeId: string): FlowNode {
  return { id, type, scopeId, incoming: [], outgoing: [], inputs: [], outputs: [], boundaryEvents: [] };
}

/** Extracts the direct children of a process or sub-process; returns their ids in document order. */
function extractScope(scope: ModdleElement, scopeId: string, build: ProcessBuild, ctx: ExtractContext): string[] {
  const children: string[] = [];
  for (const element of list(scope, 'flowElements')) {
    const id = idOf(element);
    if (element.$type === 'bpmn:SequenceFlow') {
      build.flowElements.push(element);
      continue;
    }
    if (NON_EXECUTABLE.has(element.$type)) continue;
    if (id === undefined || id === '') {
      ctx.problems.add(scopeId, `An element of type '${localName(element.$type)}' has no id`);
      continue;
    }
    const type = NODE_TYPES[element.$type];
    if (!type) {
      const simpleName = localName(element.$type);
      ctx.problems.add(id, ZEEBE_ONLY.has(element.$type) ? notSupportedYet(`Elements of type '${simpleName}'`) : zeebeUnsupportedElement(simpleName));
      build.rejected.add(id);
      continue;
    }
    extractNode(element, id, type, scopeId, build, ctx);
    children.push(id);
  }
  return children;
}

function extractNode(
  element: ModdleElement,
  id: string,
  elementType: BpmnElementType,
  scopeId: string,
  build: ProcessBuild,
  ctx: ExtractContext,
): void {
  const type = elementType === 'SUB_PROCESS' && bool(element, 'triggeredByEvent') === true ? 'EVENT_SUB_PROCESS' : elementType;
  const node = emptyNode(id, type, scopeId);
  // Registered before a sub-process's children, so `nodes` iterates in document order.
  build.nodes.set(id, node);
  build.elements.set(id, element);
  const name = str(element, 'name');
  if (name !== undefined) node.name = name;
  Object.assign(node, extractMappings(element, id, ctx));
  checkCommonExtensions(element, id, ctx);
  if (ACTIVITY_TYPES.has(type)) checkActivityMarkers(element, id, ctx);

  const inSubProcess = scopeId !== build.processId;
  const setEvent = (event: FlowNode['event']) => {
    if (event) node.event = event;
  };
  switch (type) {
    case 'START_EVENT':
      setEvent(extractStartEvent(element, id, ctx, inSubProcess));
      break;
    case 'END_EVENT':
      setEvent(extractEndEvent(element, id, ctx));
      break;
    case 'INTERMEDIATE_CATCH_EVENT':
      setEvent(extractIntermediateCatchEvent(element, id, ctx));
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
      Object.assign(node, extractServiceTask(element, id, ctx));
      break;
    case 'USER_TASK':
      Object.assign(node, extractUserTask(element, id, ctx));
      break;
    case 'RECEIVE_TASK':
      Object.assign(node, extractReceiveTask(element, id, ctx));
      break;
    case 'EXCLUSIVE_GATEWAY':
    case 'INCLUSIVE_GATEWAY': {
      const defaultFlow = ref(element, 'default');
      const defaultFlowId = defaultFlow && idOf(defaultFlow);
      if (defaultFlowId !== undefined) node.defaultFlow = defaultFlowId;
      break;
    }
    case 'SUB_PROCESS':
      node.children = extractScope(element, id, build, ctx);
      break;
    default:
      // Event sub-processes, call activities and the other Zeebe elements Baton does not run
      // yet keep only their common fields; parse-bpmn rejects them by type.
      break;
  }
}
