/**
 * User task listeners (Zeebe 8.8): each lifecycle transition of a Zeebe user task (creating,
 * assigning, updating, completing, canceling) runs the task's listeners of that event type as
 * jobs, one after another in model order. Meanwhile the task is in the transition's -ING state
 * and refuses other operations; the transition takes effect once the last listener's job
 * completed. A listener may correct the task's attributes (the next listener sees them) or, for
 * assigning, updating and completing, deny the transition: the task keeps its state and data.
 *
 * Records: the -ING record when a transition with listeners starts, CORRECTED after a listener
 * changed attributes, then the transition's own record (CREATED, ASSIGNED, UPDATED, COMPLETED,
 * CANCELED) or the denial (ASSIGNMENT_DENIED, UPDATE_DENIED, COMPLETION_DENIED). Transitions
 * without listeners keep writing only their own record, as before.
 */
import { EngineRejection, type CompleteJobRequest, type UserTaskCorrections } from '../api.ts';
import { USER_TASK_HEADERS } from '../model/extract-tasks.ts';
import type { FlowNode } from '../model/types.ts';
import type { ElementInstance, Job, TaskListenerEventType, UserTask, UserTaskAttributes, UserTaskState, UserTaskTransition } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { raiseElementIncident } from './incidents.ts';
import { createJob, evaluateJobSpec, recordJob } from './jobs.ts';
import { completeElement, finishTermination } from './lifecycle.ts';
import { attributesOf, changedAttributes, excludedDeciders, recordApproval, recordUserTask, USER_TASK_ATTRIBUTE_NAMES } from './user-tasks.ts';

type TransitionIntent = UserTaskTransition['intent'];

const EVENT_OF: Readonly<Record<TransitionIntent, TaskListenerEventType>> = {
  CREATE: 'creating',
  ASSIGN: 'assigning',
  CLAIM: 'assigning',
  UPDATE: 'updating',
  COMPLETE: 'completing',
  CANCEL: 'canceling',
};

const STATE_OF: Readonly<Record<TransitionIntent, Exclude<UserTaskState, 'CREATED'>>> = {
  CREATE: 'CREATING',
  ASSIGN: 'ASSIGNING',
  CLAIM: 'CLAIMING',
  UPDATE: 'UPDATING',
  COMPLETE: 'COMPLETING',
  CANCEL: 'CANCELING',
};

/** Zeebe's JobCompleteProcessor: only these transitions can be denied. */
const DENIABLE: ReadonlySet<TaskListenerEventType> = new Set(['assigning', 'updating', 'completing']);

type TaskListener = NonNullable<FlowNode['taskListeners']>[number];

function userTaskNode(ctx: BatchContext, task: UserTask): FlowNode | undefined {
  return ctx.state.definitions.get(task.processDefinitionKey)?.model.nodes.get(task.elementId);
}

export function taskListenersOf(ctx: BatchContext, task: UserTask, eventType: TaskListenerEventType): TaskListener[] {
  return (userTaskNode(ctx, task)?.taskListeners ?? []).filter((l) => l.eventType === eventType);
}

export function hasTaskListeners(ctx: BatchContext, task: UserTask, eventType: TaskListenerEventType): boolean {
  return taskListenersOf(ctx, task, eventType).length > 0;
}

/** The task's lifecycle state (tasks stored before listeners existed have none: CREATED). */
export function lifecycleState(task: UserTask): UserTaskState {
  return task.state ?? 'CREATED';
}

/** Zeebe's UserTaskCommandPreconditionChecker: operations need a CREATED task. */
export function requireCreated(task: UserTask, verb: string): void {
  const state = lifecycleState(task);
  if (state !== 'CREATED') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to ${verb} user task with key '${task.key}', but it is in state '${state}'`);
  }
}

/** What the transition's changes are measured against: the task as it is (creation: as the model made it). */
function baseline(task: UserTask, t: UserTaskTransition): UserTaskAttributes {
  const current = attributesOf(task);
  return t.intent === 'CREATE' ? { ...current, assignee: t.modelAssignee ?? '' } : current;
}

function withAttributes(task: UserTask, attributes: UserTaskAttributes): UserTask {
  return { ...task, ...attributes };
}

function applyAttributes(task: UserTask, attributes: UserTaskAttributes): void {
  Object.assign(task, { ...attributes, candidateGroups: [...attributes.candidateGroups], candidateUsers: [...attributes.candidateUsers] });
}

/**
 * Starts a transition whose listeners must run first: the task enters the -ING state, the -ING
 * record is written and the first listener's job is created.
 */
export function startTransition(
  ctx: BatchContext,
  task: UserTask,
  transition: Omit<UserTaskTransition, 'eventType' | 'listenerIndex'>,
): void {
  const t: UserTaskTransition = { ...transition, eventType: EVENT_OF[transition.intent], listenerIndex: 0 };
  task.state = STATE_OF[t.intent];
  task.transition = t;
  ctx.state.userTasks.put(task);
  const changed = t.intent === 'CREATE' || t.intent === 'CANCEL' ? [] : changedAttributes(attributesOf(task), t.attributes);
  recordUserTask(ctx, withAttributes(task, t.attributes), task.state, {
    action: t.action,
    changedAttributes: changed,
    ...(t.variables ? { variables: t.variables } : {}),
  });
  runNextTaskListener(ctx, task.key);
}

/** Creates the job of the transition's next listener, or lets the transition take effect after the last one. */
export function runNextTaskListener(ctx: BatchContext, userTaskKey: string): void {
  const task = ctx.state.userTasks.get(userTaskKey);
  const t = task?.transition;
  const instance = task ? ctx.state.elements.get(task.elementInstanceKey) : undefined;
  if (!task || !t || !instance) return;
  const listener = taskListenersOf(ctx, task, t.eventType)[t.listenerIndex];
  if (!listener) {
    finishTransition(ctx, task, instance);
    return;
  }
  const spec = evaluateJobSpec(ctx, instance, { type: listener.type, retries: listener.retries, headers: {} });
  if (!spec.ok) {
    // Resolving the incident re-runs the whole transition (retryTaskListeners).
    raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', spec.message);
    return;
  }
  createJob(ctx, instance, { ...spec.value, headers: listenerJobHeaders(ctx, task, t) }, undefined, { eventType: t.eventType, index: t.listenerIndex });
}

/** After an incident on a listener's expressions: the transition runs all its listeners again. */
export function retryTaskListeners(ctx: BatchContext, instance: ElementInstance): boolean {
  const task = instance.userTaskKey ? ctx.state.userTasks.get(instance.userTaskKey) : undefined;
  if (!task?.transition || instance.jobKey) return false;
  task.transition.listenerIndex = 0;
  ctx.state.userTasks.put(task);
  ctx.enqueue(() => runNextTaskListener(ctx, task.key));
  return true;
}

/**
 * BpmnJobBehavior.extractUserTaskHeaders: the user task's own headers and its data, as the
 * listener sees it (with earlier listeners' corrections), under Zeebe's reserved header names.
 */
function listenerJobHeaders(ctx: BatchContext, task: UserTask, t: UserTaskTransition): Record<string, string> {
  const headers: Record<string, string> = { ...(userTaskNode(ctx, task)?.userTask?.headers ?? {}) };
  const a = t.attributes;
  if (t.action) headers['io.camunda.zeebe:action'] = t.action;
  const changed = changedAttributes(baseline(task, t), a);
  if (changed.length) headers['io.camunda.zeebe:changedAttributes'] = JSON.stringify(changed);
  if (a.priority > 0) headers[USER_TASK_HEADERS.priority] = String(a.priority);
  headers[USER_TASK_HEADERS.userTaskKey] = task.key;
  if (a.assignee) headers[USER_TASK_HEADERS.assignee] = a.assignee;
  if (a.candidateGroups.length) headers[USER_TASK_HEADERS.candidateGroups] = JSON.stringify(a.candidateGroups);
  if (a.candidateUsers.length) headers[USER_TASK_HEADERS.candidateUsers] = JSON.stringify(a.candidateUsers);
  if (a.dueDate) headers[USER_TASK_HEADERS.dueDate] = a.dueDate;
  if (a.followUpDate) headers[USER_TASK_HEADERS.followUpDate] = a.followUpDate;
  if (task.formKey) headers[USER_TASK_HEADERS.formKey] = task.formKey;
  return headers;
}

// --- a listener's job completes

const CORRECTABLE: Readonly<Record<keyof UserTaskCorrections, keyof UserTaskAttributes>> = {
  assignee: 'assignee',
  candidateGroups: 'candidateGroups',
  candidateUsers: 'candidateUsers',
  dueDate: 'dueDate',
  followUpDate: 'followUpDate',
  priority: 'priority',
};

/**
 * Zeebe's JobCompleteProcessor checks for task listener jobs, then the transition goes on:
 * denied, or corrected and on to the next listener. Everything is checked before anything changes.
 */
export function completeTaskListenerJob(ctx: BatchContext, instance: ElementInstance, job: Job, request: CompleteJobRequest): void {
  const task = instance.userTaskKey ? ctx.state.userTasks.get(instance.userTaskKey) : undefined;
  const t = task?.transition;
  if (!task || !t || t.eventType !== job.taskListener!.eventType) {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to complete job with key '${job.key}', but its user task is not waiting for it`);
  }
  const ids = `(job key '${job.key}', type '${job.type}', processInstanceKey '${job.processInstanceKey}')`;
  const eventName = t.eventType.toUpperCase();
  const result = request.result ?? {};
  const corrections = (result.corrections ?? {}) as Record<string, unknown>;
  const corrected = Object.keys(corrections).filter((name) => corrections[name] !== undefined);
  if (request.variables && Object.keys(request.variables).length) {
    throw new EngineRejection(
      'INVALID_ARGUMENT',
      `Task Listener job completion with variables payload provided is not yet supported ${ids}. Support will be enabled with the resolution of issue #23702.`,
    );
  }
  if (result.denied && !DENIABLE.has(t.eventType)) {
    throw new EngineRejection(
      'INVALID_ARGUMENT',
      `Denying result is not supported for '${eventName}' task listener jobs ${ids}. Only the following listener event types support denying: [ASSIGNING, COMPLETING, UPDATING].`,
    );
  }
  if (result.denied && corrected.length) {
    throw new EngineRejection(
      'INVALID_ARGUMENT',
      `Expected to complete task listener job with corrections, but the job result is denied ${ids}. The corrections would be reverted by the denial. Either complete the job with corrections without setting denied, or complete the job with a denied result but no corrections.`,
    );
  }
  if (t.eventType === 'creating' && corrected.includes('assignee') && t.modelAssignee) {
    throw new EngineRejection(
      'INVALID_ARGUMENT',
      `Expected to complete task listener job, but correcting the assignee on 'CREATING' event is not supported when the user task has an assignee defined in the model ${ids}. Use the 'CREATING' event to set an assignee only if it was not defined. Use the 'ASSIGNING' event to correct an assignee that is already defined.`,
    );
  }
  const unknown = corrected.find((name) => !Object.hasOwn(CORRECTABLE, name));
  if (unknown) {
    throw new EngineRejection(
      'INVALID_ARGUMENT',
      `Expected to complete task listener job with a corrections result, but property '${unknown}' cannot be corrected ${ids}. Only the following properties can be corrected: [assignee, candidateGroupsList, candidateUsersList, dueDate, followUpDate, priority].`,
    );
  }
  const next: UserTaskAttributes = { ...t.attributes };
  for (const name of corrected) {
    const attribute = CORRECTABLE[name as keyof UserTaskCorrections];
    (next as unknown as Record<string, unknown>)[attribute] = Array.isArray(corrections[name]) ? [...(corrections[name] as string[])] : corrections[name];
  }
  // Four-eyes holds for corrections too: a listener cannot hand an approval task to whoever may not decide it.
  if (corrected.includes('assignee') && next.assignee) {
    const why = excludedDeciders(ctx.state, task).get(next.assignee);
    if (why) {
      throw new EngineRejection(
        'FAILED_PRECONDITION',
        `Expected to complete task listener job with key '${job.key}' correcting the assignee of approval task with key '${task.key}' to '${next.assignee}', but '${next.assignee}' ${why}`,
      );
    }
  }

  ctx.state.removeJob(job.key);
  instance.jobKey = undefined;
  ctx.state.putElement(instance);
  recordJob(ctx, job, 'COMPLETED', {
    variables: {},
    result: {
      type: 'USER_TASK',
      denied: !!result.denied,
      deniedReason: result.deniedReason ?? '',
      correctedAttributes: corrected.map((name) => USER_TASK_ATTRIBUTE_NAMES[CORRECTABLE[name as keyof UserTaskCorrections]]),
      corrections: result.corrections ?? {},
    },
  });
  if (result.denied) {
    denyTransition(ctx, task, result.deniedReason ?? '');
    return;
  }
  const changed = corrected
    .map((name) => CORRECTABLE[name as keyof UserTaskCorrections])
    .filter((attribute) => JSON.stringify(next[attribute]) !== JSON.stringify(t.attributes[attribute]))
    .map((attribute) => USER_TASK_ATTRIBUTE_NAMES[attribute]);
  t.attributes = next;
  t.listenerIndex = job.taskListener!.index + 1;
  ctx.state.userTasks.put(task);
  if (changed.length) recordUserTask(ctx, withAttributes(task, next), 'CORRECTED', { action: t.action, changedAttributes: changed });
  ctx.enqueue(() => runNextTaskListener(ctx, task.key));
}

const DENIAL: Readonly<Partial<Record<TransitionIntent, { intent: 'ASSIGNMENT_DENIED' | 'UPDATE_DENIED' | 'COMPLETION_DENIED'; what: string }>>> = {
  ASSIGN: { intent: 'ASSIGNMENT_DENIED', what: 'Assignment' },
  CLAIM: { intent: 'ASSIGNMENT_DENIED', what: 'Assignment' },
  UPDATE: { intent: 'UPDATE_DENIED', what: 'Update' },
  COMPLETE: { intent: 'COMPLETION_DENIED', what: 'Completion' },
};

/** A listener denied the transition: the task is back to CREATED as it was, corrections discarded. */
function denyTransition(ctx: BatchContext, task: UserTask, reason: string): void {
  const t = task.transition!;
  const denial = DENIAL[t.intent]!;
  task.state = 'CREATED';
  task.transition = undefined;
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, denial.intent, { action: t.action, deniedReason: reason, changedAttributes: [] });
  ctx.userTaskOutcomes.push({
    userTaskKey: task.key,
    // Zeebe's UserTaskProcessor answers the waiting request with INVALID_STATE and this text.
    error: new EngineRejection('FAILED_PRECONDITION', `${denial.what} of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: '${reason}'`),
  });
}

/** The last listener completed: the transition takes effect. */
function finishTransition(ctx: BatchContext, task: UserTask, instance: ElementInstance): void {
  const t = task.transition!;
  const changed = t.intent === 'CANCEL' ? [] : changedAttributes(baseline(task, t), t.attributes);
  task.transition = undefined;
  task.state = 'CREATED';
  switch (t.intent) {
    case 'CREATE': {
      applyAttributes(task, { ...t.attributes, assignee: '' });
      ctx.state.userTasks.put(task);
      recordUserTask(ctx, task, 'CREATED', { action: t.action, changedAttributes: [] });
      // As in Zeebe, the assignee (from the model, or a creating listener) is an assignment of its own.
      if (t.attributes.assignee) assignAfterCreation(ctx, task, t.attributes.assignee);
      return;
    }
    case 'ASSIGN':
    case 'CLAIM':
    case 'UPDATE':
      applyAttributes(task, t.attributes);
      ctx.state.userTasks.put(task);
      recordUserTask(ctx, task, t.intent === 'UPDATE' ? 'UPDATED' : 'ASSIGNED', { action: t.action, changedAttributes: changed, ...t.extra });
      ctx.userTaskOutcomes.push({ userTaskKey: task.key });
      return;
    case 'COMPLETE': {
      applyAttributes(task, t.attributes);
      if (t.approval) {
        const { approvalsRequired, ...approval } = t.approval;
        recordApproval(ctx, task, approval, approvalsRequired, t.action, t.extra ?? {});
      } else {
        ctx.state.userTasks.remove(task.key);
        instance.userTaskKey = undefined;
        ctx.state.putElement(instance);
        const variables = t.variables ?? {};
        recordUserTask(ctx, task, 'COMPLETED', { variables, action: t.action, changedAttributes: changed, ...t.extra });
        completeElement(ctx, instance, variables);
      }
      ctx.userTaskOutcomes.push({ userTaskKey: task.key });
      return;
    }
    case 'CANCEL':
      ctx.state.userTasks.remove(task.key);
      instance.userTaskKey = undefined;
      ctx.state.putElement(instance);
      recordUserTask(ctx, task, 'CANCELED', { action: t.action });
      finishTermination(ctx, instance);
      return;
  }
}

/**
 * The assignee a task is created with is assigned in a transition of its own; without
 * assigning listeners that is just the ASSIGNED record.
 */
export function assignAfterCreation(ctx: BatchContext, task: UserTask, assignee: string): void {
  if (hasTaskListeners(ctx, task, 'assigning')) {
    startTransition(ctx, task, { intent: 'ASSIGN', attributes: { ...attributesOf(task), assignee }, action: '' });
    return;
  }
  task.assignee = assignee;
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED');
}

/**
 * The user task's element is terminated. A transition waiting for listeners is abandoned (its
 * job was canceled with the element). With canceling listeners (and unless a modification
 * terminates it) the task goes CANCELING and the element waits: false. Otherwise it is gone.
 */
export function cancelUserTask(ctx: BatchContext, task: UserTask, instance: ElementInstance): boolean {
  if (task.transition && task.transition.intent !== 'CANCEL') {
    const verb = { CREATE: 'create', ASSIGN: 'assign', CLAIM: 'claim', UPDATE: 'update', COMPLETE: 'complete', CANCEL: 'cancel' }[task.transition.intent];
    ctx.userTaskOutcomes.push({
      userTaskKey: task.key,
      error: new EngineRejection('FAILED_PRECONDITION', `Expected to ${verb} user task with key '${task.key}', but it was canceled while its task listeners ran`),
    });
    task.transition = undefined;
    task.state = 'CREATED';
  }
  if (!ctx.modifying && hasTaskListeners(ctx, task, 'canceling')) {
    startTransition(ctx, task, { intent: 'CANCEL', attributes: attributesOf(task), action: '' });
    return false;
  }
  ctx.state.userTasks.remove(task.key);
  instance.userTaskKey = undefined;
  ctx.state.putElement(instance);
  recordUserTask(ctx, task, 'CANCELED');
  return true;
}
