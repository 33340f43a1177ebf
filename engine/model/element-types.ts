/**
 * Which BPMN elements exist in the executable model, and which of them the engine runs today.
 */
import type { BpmnElementType } from './types.ts';

/** Moddle type → Zeebe's BpmnElementType. `bpmn:SubProcess` becomes EVENT_SUB_PROCESS when triggeredByEvent. */
export const NODE_TYPES: Readonly<Record<string, BpmnElementType>> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
};

export const ACTIVITY_TYPES: ReadonlySet<BpmnElementType> = new Set([
  'SERVICE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'MANUAL_TASK',
  'TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
]);

/**
 * The element types the engine executes (engine/behaviours/registry.ts asserts that each has a
 * behaviour). Everything else that Zeebe runs is still extracted (so the next engine part only
 * has to add its type here and its behaviour) but rejected at deploy time with "... are not
 * supported yet". Multi-instance activities need MULTI_INSTANCE_BODY.
 */
export const ENGINE_EXECUTABLE_TYPES: ReadonlySet<BpmnElementType> = new Set([
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'CALL_ACTIVITY',
  'MULTI_INSTANCE_BODY',
  'START_EVENT',
  'END_EVENT',
  'INTERMEDIATE_CATCH_EVENT',
  'INTERMEDIATE_THROW_EVENT',
  'BOUNDARY_EVENT',
  'SERVICE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'MANUAL_TASK',
  'TASK',
  'EXCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'EVENT_BASED_GATEWAY',
]);

/**
 * Constructs that are not element types but change how an element runs, so an engine that
 * ignored them would run the model wrongly: each is rejected as "not supported yet" unless the
 * engine lists it here.
 * - executionListeners: `zeebe:executionListeners` (FlowNode.executionListeners)
 * - taskListeners: `zeebe:taskListeners` (FlowNode.taskListeners)
 * - calledDecisions: business rule tasks with `zeebe:calledDecision` (DMN)
 */
export type EngineFeature = 'executionListeners' | 'taskListeners' | 'calledDecisions';

export const ENGINE_FEATURES: ReadonlySet<EngineFeature> = new Set<EngineFeature>(['executionListeners', 'taskListeners', 'calledDecisions']);

/** The BPMN name used in "Elements of type '…'" messages (Zeebe prints the model class name). */
export const TYPE_DISPLAY_NAMES: Readonly<Record<BpmnElementType, string>> = {
  PROCESS: 'Process',
  START_EVENT: 'StartEvent',
  END_EVENT: 'EndEvent',
  SERVICE_TASK: 'ServiceTask',
  USER_TASK: 'UserTask',
  RECEIVE_TASK: 'ReceiveTask',
  SEND_TASK: 'SendTask',
  SCRIPT_TASK: 'ScriptTask',
  BUSINESS_RULE_TASK: 'BusinessRuleTask',
  MANUAL_TASK: 'ManualTask',
  TASK: 'Task',
  EXCLUSIVE_GATEWAY: 'ExclusiveGateway',
  PARALLEL_GATEWAY: 'ParallelGateway',
  INCLUSIVE_GATEWAY: 'InclusiveGateway',
  EVENT_BASED_GATEWAY: 'EventBasedGateway',
  INTERMEDIATE_CATCH_EVENT: 'IntermediateCatchEvent',
  INTERMEDIATE_THROW_EVENT: 'IntermediateThrowEvent',
  BOUNDARY_EVENT: 'BoundaryEvent',
  SUB_PROCESS: 'SubProcess',
  EVENT_SUB_PROCESS: 'SubProcess (event sub-process)',
  CALL_ACTIVITY: 'CallActivity',
  MULTI_INSTANCE_BODY: 'MultiInstanceBody',
  SEQUENCE_FLOW: 'SequenceFlow',
};
