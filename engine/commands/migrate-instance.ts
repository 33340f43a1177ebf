/**
 * MigrateProcessInstance (Zeebe 8.6, docs "Process instance migration"): a running process
 * instance moves to another process definition. Every active element instance must be mapped
 * (sourceElementId → targetElementId) to an element of the same type in the same (mapped) flow
 * scope; it keeps its key, its variables, its job (type, retries and headers unchanged), its user
 * task and its incidents, which all take the target's definition and element id. Catch events:
 * a mapped catch event keeps its subscription (a timer keeps its due date), an unmapped one is
 * closed, and a catch event of the target that no instruction maps to is subscribed anew.
 * Everything is checked before anything changes; a refused migration writes nothing.
 * Records: ELEMENT_MIGRATED per element instance (the process instance first, then breadth
 * first), MIGRATED records of the jobs, user tasks, incidents, variables, timers and
 * subscriptions that moved, then PROCESS_INSTANCE_MIGRATION MIGRATED.
 */
import { EngineRejection, type MigrateInstanceRequest } from '../api.ts';
import type { BpmnElementType, FlowNode } from '../model/types.ts';
import type { BatchContext } from '../processing/context.ts';
import { closeEventSubscriptions, openEventSubscriptions, planSubscription, subscriptionNodes } from '../processing/event-subscriptions.ts';
import { recordIncident } from '../processing/incidents.ts';
import { recordJob } from '../processing/jobs.ts';
import { definitionOf } from '../processing/lifecycle.ts';
import { recordUserTask } from '../processing/user-tasks.ts';
import type { DeployedProcess, ElementInstance } from '../state/types.ts';

/** The element types Zeebe 8.6 migrates (as active element instances). */
const SUPPORTED: ReadonlySet<BpmnElementType> = new Set([
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'CALL_ACTIVITY',
  'MULTI_INSTANCE_BODY',
  'SERVICE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'INTERMEDIATE_CATCH_EVENT',
  'EVENT_BASED_GATEWAY',
  'EXCLUSIVE_GATEWAY',
]);

const SUPPORTED_CATCH_EVENTS: ReadonlySet<string> = new Set(['message', 'timer', 'signal']);

interface ElementPlan {
  instance: ElementInstance;
  targetId: string;
  targetNode: FlowNode;
  /** Source catch event id → target catch event id, for subscriptions that move. */
  keep: Map<string, string>;
  /** Source catch event ids whose subscriptions close. */
  close: Set<string>;
  /** Target catch events subscribed anew. */
  open: FlowNode[];
}

function refuse(code: 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION', message: string): never {
  throw new EngineRejection(code, message);
}

export function migrateProcessInstance(ctx: BatchContext, request: MigrateInstanceRequest): void {
  const pik = request.processInstanceKey;
  const root = ctx.state.elements.get(pik);
  if (!root || root.flowScopeKey !== null || root.key !== root.processInstanceKey) {
    refuse('NOT_FOUND', `Expected to migrate process instance but no process instance found with key '${pik}'`);
  }
  const target = ctx.state.definitions.get(request.targetProcessDefinitionKey);
  if (!target) {
    refuse('NOT_FOUND', `Expected to migrate process instance to process definition but no process definition found with key '${request.targetProcessDefinitionKey}'`);
  }
  const source = definitionOf(ctx, root);
  const instructions = request.mappingInstructions ?? [];

  const counts = new Map<string, number>();
  for (const i of instructions) counts.set(i.sourceElementId, (counts.get(i.sourceElementId) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  if (duplicates.length) {
    refuse('INVALID_ARGUMENT', `Expected to migrate process instance '${pik}' but the mapping instructions contain duplicate source element ids '[${duplicates.join(', ')}]'.`);
  }
  for (const { sourceElementId, targetElementId } of instructions) {
    if (!source.model.nodes.has(sourceElementId)) {
      refuse(
        'INVALID_ARGUMENT',
        `Expected to migrate process instance '${pik}' but mapping instructions contain a non-existing source element id '${sourceElementId}'. Elements provided in mapping instructions must exist in the source process definition.`,
      );
    }
    if (!target.model.nodes.has(targetElementId)) {
      refuse(
        'INVALID_ARGUMENT',
        `Expected to migrate process instance '${pik}' but mapping instructions contain a non-existing target element id '${targetElementId}'. Elements provided in mapping instructions must exist in the target process definition.`,
      );
    }
  }
  const mapping = new Map(instructions.map((i) => [i.sourceElementId, i.targetElementId]));

  if (root.startCorrelationKey && source.bpmnProcessId !== target.bpmnProcessId && ctx.state.messageStartKeys.has(`${target.bpmnProcessId}\u0000${root.startCorrelationKey}`)) {
    refuse(
      'FAILED_PRECONDITION',
      `Expected to migrate process instance '${pik}' but target process definition '${target.key}' has an active instance triggered by a message start event with correlation key '${root.startCorrelationKey}'. Only one instance per correlation key is allowed for message start events.`,
    );
  }

  // Breadth first from the process instance, as Zeebe migrates.
  const order: ElementInstance[] = [];
  for (let queue = [root]; queue.length; ) {
    const next: ElementInstance[] = [];
    for (const e of queue) {
      order.push(e);
      next.push(...ctx.state.childrenOf(e.key).sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1)));
    }
    queue = next;
  }
  const plans = order.map((e) => planElement(ctx, e, e === root, source, target, mapping));

  for (const plan of plans) migrateElement(ctx, plan, target);
  if (root.startCorrelationKey && source.bpmnProcessId !== target.bpmnProcessId) {
    ctx.state.messageStartKeys.delete(`${source.bpmnProcessId}\u0000${root.startCorrelationKey}`);
    ctx.state.messageStartKeys.set(`${target.bpmnProcessId}\u0000${root.startCorrelationKey}`, root.key);
  }
  ctx.record({
    key: pik,
    valueType: 'PROCESS_INSTANCE_MIGRATION',
    intent: 'MIGRATED',
    processInstanceKey: pik,
    bpmnProcessId: target.bpmnProcessId,
    value: { processInstanceKey: pik, targetProcessDefinitionKey: target.key, mappingInstructions: instructions, tenantId: '<default>' },
  });
}

function eventTypeOf(node: FlowNode): string | undefined {
  return node.event?.type ?? (node.message ? 'message' : undefined);
}

/** The checks of one active element instance; returns what to do with it and its subscriptions. */
function planElement(
  ctx: BatchContext,
  e: ElementInstance,
  isRoot: boolean,
  source: DeployedProcess,
  target: DeployedProcess,
  mapping: ReadonlyMap<string, string>,
): ElementPlan {
  const pik = e.processInstanceKey;
  const concurrent = () => refuse('FAILED_PRECONDITION', `Expected to migrate process instance '${pik}' but a concurrent command was executed on the process instance. Please retry the migration.`);
  const sourceNode = source.model.nodes.get(e.elementId)!;
  if (!isRoot) {
    if (!SUPPORTED.has(e.elementType)) {
      refuse('FAILED_PRECONDITION', `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' has an unsupported type. The migration of a ${e.elementType} is not supported.`);
    }
    const catchType = eventTypeOf(sourceNode);
    if (e.elementType === 'INTERMEDIATE_CATCH_EVENT' && !SUPPORTED_CATCH_EVENTS.has(catchType ?? '')) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' is intermediate catch event of type '${(catchType ?? 'none').toUpperCase()}'. Migrating active intermediate catch event of this type is not possible yet.`,
      );
    }
  }
  const targetId = isRoot ? target.bpmnProcessId : mapping.get(e.elementId);
  if (targetId === undefined) {
    refuse('FAILED_PRECONDITION', `Expected to migrate process instance '${pik}' but no mapping instruction defined for active element with id '${e.elementId}'. Elements cannot be migrated without a mapping.`);
  }
  const targetNode = target.model.nodes.get(targetId)!;
  const inner = !!sourceNode.loop && e.elementType !== 'MULTI_INSTANCE_BODY';
  if (!isRoot) {
    const targetType: BpmnElementType = targetNode.loop && !inner ? 'MULTI_INSTANCE_BODY' : targetNode.type;
    if (e.elementType !== targetType) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' and type '${e.elementType}' is mapped to an element with id '${targetId}' and different type '${targetType}'. Elements must be mapped to elements of the same type.`,
      );
    }
    if (e.elementType === 'USER_TASK') {
      const implementation = (node: FlowNode) => (node.userTask?.zeebeUserTask ? 'zeebe user task' : 'job worker');
      if (implementation(sourceNode) !== implementation(targetNode)) {
        refuse(
          'FAILED_PRECONDITION',
          `Expected to migrate process instance '${pik}' but active user task with id '${e.elementId}' and implementation '${implementation(sourceNode)}' is mapped to an user task with id '${targetId}' and different implementation '${implementation(targetNode)}'. Elements must be mapped to elements of the same implementation.`,
        );
      }
    }
    const flowScope = ctx.state.elements.get(e.flowScopeKey!)!;
    const expected = flowScope.flowScopeKey === null ? target.bpmnProcessId : mapping.get(flowScope.elementId);
    const actual = inner ? targetId : targetNode.scopeId;
    if (expected !== actual) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but the flow scope of active element with id '${e.elementId}' is changed. The flow scope of the active element is expected to be '${expected}' but was '${actual}'. The flow scope of an element cannot be changed during migration yet.`,
      );
    }
    if (e.elementType === 'MULTI_INSTANCE_BODY' && sourceNode.loop!.sequential !== targetNode.loop!.sequential) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' has a different loop characteristics than the target element with id '${targetId}'. Both elements must have either sequential or parallel loop characteristics.`,
      );
    }
  }
  // Not in a wait state: a token on its way (a join waiting for its other branches, an
  // interrupting event about to start) or an element being terminated.
  if (e.state === 'TERMINATING' || e.pendingEventSubProcess || e.interruptedBy || (e.joins && Object.keys(e.joins).length)) concurrent();
  const task = e.userTaskKey ? ctx.state.userTasks.get(e.userTaskKey) : undefined;
  if (task?.transition) concurrent();
  if (e.compensable?.length) {
    refuse(
      'FAILED_PRECONDITION',
      `Expected to migrate process instance '${pik}' but the element with id '${e.elementId}' holds compensation subscriptions of completed activities. Migrating compensation subscriptions is not possible yet.`,
    );
  }

  // Catch events: what the element is subscribed to now, and what it would be in the target.
  const subscribedTo = new Map<string, { messageName?: string }>();
  for (const key of e.timerKeys ?? []) {
    const timer = ctx.state.timers.get(key);
    if (timer) subscribedTo.set(timer.targetElementId, {});
  }
  for (const key of e.subscriptionKeys ?? []) {
    const message = ctx.state.subscriptions.get(key);
    const signal = message ? undefined : ctx.state.signalSubscriptions.get(key);
    if (message) subscribedTo.set(message.targetElementId, { messageName: message.messageName });
    else if (signal) subscribedTo.set(signal.targetElementId, {});
  }
  const asTarget: ElementInstance = { ...e, processDefinitionKey: target.key, bpmnProcessId: target.bpmnProcessId, elementId: targetId };
  const targetCatch = subscriptionNodes(ctx, asTarget, targetNode);
  const targetCatchIds = new Set(targetCatch.map((n) => n.id));
  const keep = new Map<string, string>();
  const close = new Set<string>();
  const claimedBy = new Map<string, string>();
  for (const sourceCatchId of subscribedTo.keys()) {
    const targetCatchId = mapping.get(sourceCatchId);
    if (targetCatchId === undefined) {
      close.add(sourceCatchId);
      continue;
    }
    const sourceCatch = source.model.nodes.get(sourceCatchId)!;
    if (!targetCatchIds.has(targetCatchId)) {
      const what = sourceCatch.type === 'BOUNDARY_EVENT' ? 'boundary event' : 'catch event';
      const What = sourceCatch.type === 'BOUNDARY_EVENT' ? 'Boundary events' : 'Catch events';
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' is mapped to an element with id '${targetId}' and has a ${what} with id '${sourceCatchId}' that is mapped to an element with id '${targetCatchId}'. These mappings detach the ${what} from the element in the target process. ${What} must stay attached to the same element instance.`,
      );
    }
    const targetCatchNode = target.model.nodes.get(targetCatchId)!;
    const sourceType = eventTypeOf(sourceCatch) ?? 'none';
    const targetType = eventTypeOf(targetCatchNode) ?? 'none';
    if (sourceType !== targetType) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' has a catch event with id '${sourceCatchId}' of type '${sourceType.toUpperCase()}' that is mapped to a catch event with id '${targetCatchId}' of different type '${targetType.toUpperCase()}'. Catch events must be mapped to catch events of the same type.`,
      );
    }
    const other = claimedBy.get(targetCatchId);
    if (other !== undefined) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' has catch events with ids '${other}' and '${sourceCatchId}' that are mapped to the same catch event with id '${targetCatchId}'. A catch event can only be the target of one mapping instruction.`,
      );
    }
    claimedBy.set(targetCatchId, sourceCatchId);
    keep.set(sourceCatchId, targetCatchId);
  }
  const open = targetCatch.filter((n) => !claimedBy.has(n.id));
  for (const node of open) {
    const plan = planSubscription(ctx, e, node);
    if (!plan.ok) {
      refuse('FAILED_PRECONDITION', `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' is mapped to element with id '${targetId}' that must be subscribed to a catch event. ${plan.message}`);
    }
    if (plan.value.kind !== 'message') continue;
    const messageName = plan.value.messageName;
    const existing = [...subscribedTo].find(([, s]) => s.messageName === messageName);
    if (existing) {
      refuse(
        'FAILED_PRECONDITION',
        `Expected to migrate process instance '${pik}' but active element with id '${e.elementId}' is already subscribed to the same message name '${messageName}'. Currently, migrating message subscriptions to the same message name isn't supported without a mapping. Please provide a mapping instruction between message catch event with id '${existing[0]}' and the target message catch event. `,
      );
    }
  }
  return { instance: e, targetId, targetNode, keep, close, open };
}

function migrateElement(ctx: BatchContext, plan: ElementPlan, target: DeployedProcess): void {
  const { instance: e, targetId } = plan;
  const { state } = ctx;
  e.processDefinitionKey = target.key;
  e.bpmnProcessId = target.bpmnProcessId;
  e.version = target.version;
  e.elementId = targetId;
  state.putElement(e);
  ctx.record({
    key: e.key,
    valueType: 'PROCESS_INSTANCE',
    intent: 'ELEMENT_MIGRATED',
    processInstanceKey: e.processInstanceKey,
    bpmnProcessId: e.bpmnProcessId,
    elementId: e.elementId,
    value: {
      bpmnElementType: e.elementType,
      flowScopeKey: e.flowScopeKey ?? '-1',
      version: e.version,
      processDefinitionKey: e.processDefinitionKey,
      ...(e.parentProcessInstanceKey && { parentProcessInstanceKey: e.parentProcessInstanceKey, parentElementInstanceKey: e.parentElementInstanceKey }),
    },
  });

  const job = e.jobKey ? state.jobs.get(e.jobKey) : undefined;
  if (job) {
    Object.assign(job, { processDefinitionKey: target.key, bpmnProcessId: target.bpmnProcessId, version: target.version, elementId: targetId });
    state.putJob(job);
    recordJob(ctx, job, 'MIGRATED');
  }
  const task = e.userTaskKey ? state.userTasks.get(e.userTaskKey) : undefined;
  if (task) {
    Object.assign(task, { processDefinitionKey: target.key, bpmnProcessId: target.bpmnProcessId, version: target.version, elementId: targetId });
    state.userTasks.put(task);
    recordUserTask(ctx, task, 'MIGRATED');
  }
  for (const incident of state.incidents.values()) {
    if (incident.elementInstanceKey !== e.key) continue;
    Object.assign(incident, { processDefinitionKey: target.key, bpmnProcessId: target.bpmnProcessId, elementId: targetId });
    state.incidents.put(incident);
    recordIncident(ctx, incident, 'MIGRATED');
  }
  for (const [name, value] of state.variables.local(e.key)) {
    ctx.record({
      key: ctx.state.nextKey(),
      valueType: 'VARIABLE',
      intent: 'MIGRATED',
      processInstanceKey: e.processInstanceKey,
      bpmnProcessId: e.bpmnProcessId,
      value: { name, value: value ?? null, scopeKey: e.key, processDefinitionKey: target.key },
    });
  }

  // Subscriptions: unmapped catch events close first (a kept one may take a closed one's id), then the mapped ones move, then new ones open.
  if (plan.close.size) closeEventSubscriptions(ctx, e, (id) => plan.close.has(id));
  for (const key of e.timerKeys ?? []) {
    const timer = state.timers.get(key);
    const to = timer && plan.keep.get(timer.targetElementId);
    if (!timer || !to) continue;
    timer.targetElementId = to;
    timer.processDefinitionKey = target.key;
    state.timers.put(timer);
    ctx.record({
      key: timer.key,
      valueType: 'TIMER',
      intent: 'MIGRATED',
      processInstanceKey: timer.processInstanceKey,
      bpmnProcessId: target.bpmnProcessId,
      elementId: to,
      value: {
        elementInstanceKey: timer.elementInstanceKey,
        processInstanceKey: timer.processInstanceKey,
        processDefinitionKey: timer.processDefinitionKey,
        dueDate: timer.dueDate,
        targetElementId: to,
        repetitions: timer.repetitions,
        tenantId: '<default>',
      },
    });
  }
  for (const key of e.subscriptionKeys ?? []) {
    const message = state.subscriptions.get(key);
    if (message) {
      const to = plan.keep.get(message.targetElementId);
      if (!to) continue;
      const node = target.model.nodes.get(to)!;
      message.targetElementId = to;
      message.bpmnProcessId = target.bpmnProcessId;
      message.interrupting = node.type === 'BOUNDARY_EVENT' ? node.cancelActivity !== false : node.type === 'START_EVENT' ? node.interrupting !== false : true;
      state.putSubscription(message);
      ctx.record({
        key: message.key,
        valueType: 'PROCESS_MESSAGE_SUBSCRIPTION',
        intent: 'MIGRATED',
        processInstanceKey: message.processInstanceKey,
        bpmnProcessId: message.bpmnProcessId,
        elementId: to,
        value: {
          processInstanceKey: message.processInstanceKey,
          elementInstanceKey: message.elementInstanceKey,
          bpmnProcessId: message.bpmnProcessId,
          messageName: message.messageName,
          correlationKey: message.correlationKey,
          elementId: to,
          interrupting: message.interrupting,
          tenantId: '<default>',
        },
      });
      continue;
    }
    const signal = state.signalSubscriptions.get(key);
    const to = signal && plan.keep.get(signal.targetElementId);
    if (!signal || !to) continue;
    signal.targetElementId = to;
    signal.bpmnProcessId = target.bpmnProcessId;
    state.putSignalSubscription(signal);
    ctx.record({
      key: signal.key,
      valueType: 'SIGNAL_SUBSCRIPTION',
      intent: 'MIGRATED',
      processInstanceKey: signal.processInstanceKey,
      bpmnProcessId: signal.bpmnProcessId,
      elementId: to,
      value: { signalName: signal.signalName, catchEventInstanceKey: signal.elementInstanceKey, catchEventId: to, bpmnProcessId: signal.bpmnProcessId },
    });
  }
  if (plan.open.length) {
    const opened = openEventSubscriptions(ctx, e, plan.targetNode, plan.open);
    if (!opened.ok) throw new Error(`subscribing '${e.elementId}' failed after the migration was checked: ${opened.message}`);
  }
}
