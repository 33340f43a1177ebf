import { ENGINE_EXECUTABLE_TYPES } from '../model/element-types.ts';
import type { BpmnElementType } from '../model/types.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { catchEventBehaviour } from './catch-event.ts';
import { endEventBehaviour } from './end-event.ts';
import { exclusiveGatewayBehaviour } from './exclusive-gateway.ts';
import { jobWorkerTaskBehaviour } from './job-worker-task.ts';
import { passThroughBehaviour } from './pass-through.ts';
import { processBehaviour } from './process.ts';
import { startEventBehaviour } from './start-event.ts';
import { userTaskBehaviour } from './user-task.ts';

const behaviours: Partial<Record<BpmnElementType, ElementBehaviour>> = {
  PROCESS: processBehaviour,
  START_EVENT: startEventBehaviour,
  END_EVENT: endEventBehaviour,
  SERVICE_TASK: jobWorkerTaskBehaviour,
  USER_TASK: userTaskBehaviour,
  RECEIVE_TASK: catchEventBehaviour,
  INTERMEDIATE_CATCH_EVENT: catchEventBehaviour,
  EXCLUSIVE_GATEWAY: exclusiveGatewayBehaviour,
  PARALLEL_GATEWAY: passThroughBehaviour,
  BOUNDARY_EVENT: passThroughBehaviour,
  MANUAL_TASK: passThroughBehaviour,
  TASK: passThroughBehaviour,
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
