import { ENGINE_EXECUTABLE_TYPES } from '../model/element-types.ts';
import type { BpmnElementType } from '../model/types.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { businessRuleTaskBehaviour } from './business-rule-task.ts';
import { callActivityBehaviour } from './call-activity.ts';
import { catchEventBehaviour } from './catch-event.ts';
import { endEventBehaviour } from './end-event.ts';
import { eventBasedGatewayBehaviour } from './event-based-gateway.ts';
import { exclusiveGatewayBehaviour } from './exclusive-gateway.ts';
import { inclusiveGatewayBehaviour } from './inclusive-gateway.ts';
import { intermediateThrowEventBehaviour } from './intermediate-throw-event.ts';
import { jobWorkerTaskBehaviour } from './job-worker-task.ts';
import { multiInstanceBodyBehaviour } from './multi-instance-body.ts';
import { passThroughBehaviour } from './pass-through.ts';
import { processBehaviour } from './process.ts';
import { scriptTaskBehaviour } from './script-task.ts';
import { startEventBehaviour } from './start-event.ts';
import { subProcessBehaviour } from './sub-process.ts';
import { userTaskBehaviour } from './user-task.ts';

const behaviours: Partial<Record<BpmnElementType, ElementBehaviour>> = {
  PROCESS: processBehaviour,
  SUB_PROCESS: subProcessBehaviour,
  EVENT_SUB_PROCESS: subProcessBehaviour,
  CALL_ACTIVITY: callActivityBehaviour,
  MULTI_INSTANCE_BODY: multiInstanceBodyBehaviour,
  START_EVENT: startEventBehaviour,
  END_EVENT: endEventBehaviour,
  INTERMEDIATE_CATCH_EVENT: catchEventBehaviour,
  INTERMEDIATE_THROW_EVENT: intermediateThrowEventBehaviour,
  BOUNDARY_EVENT: passThroughBehaviour,
  SERVICE_TASK: jobWorkerTaskBehaviour,
  SEND_TASK: jobWorkerTaskBehaviour,
  BUSINESS_RULE_TASK: businessRuleTaskBehaviour,
  SCRIPT_TASK: scriptTaskBehaviour,
  USER_TASK: userTaskBehaviour,
  RECEIVE_TASK: catchEventBehaviour,
  MANUAL_TASK: passThroughBehaviour,
  TASK: passThroughBehaviour,
  EXCLUSIVE_GATEWAY: exclusiveGatewayBehaviour,
  PARALLEL_GATEWAY: passThroughBehaviour,
  INCLUSIVE_GATEWAY: inclusiveGatewayBehaviour,
  EVENT_BASED_GATEWAY: eventBasedGatewayBehaviour,
};

// Deployment accepts exactly the types in ENGINE_EXECUTABLE_TYPES; each must have a behaviour.
for (const type of ENGINE_EXECUTABLE_TYPES) {
  if (!behaviours[type]) throw new Error(`element type ${type} is deployable but has no behaviour`);
}

export function behaviourOf(type: BpmnElementType): ElementBehaviour {
  const behaviour = behaviours[type];
  if (!behaviour) throw new Error(`no behaviour for element type ${type}`);
  return behaviour;
}
