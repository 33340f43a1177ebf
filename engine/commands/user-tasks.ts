import { EngineRejection, type JsonObject, type UserTaskAssignRequest, type UserTaskCompleteRequest, type UserTaskUnassignOptions, type UserTaskUpdateRequest } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { completeElement } from '../processing/lifecycle.ts';
import { hasTaskListeners, requireCreated, startTransition } from '../processing/task-listeners.ts';
import {
  approvalPolicy,
  attributesOf,
  changedAttributes,
  excludedDeciders,
  recordApproval,
  recordUserTask,
  REQUESTER_VARIABLES,
  type ApprovalPolicy,
} from '../processing/user-tasks.ts';
import type { UserTask, UserTaskApproval, UserTaskAttributes } from '../state/types.ts';

/**
 * Human-task commands with the segregation-of-duties rules enforced here, in the engine, so
 * that no door (REST, gRPC, in-process) can get around them:
 * - with an `actor`, one claims only for oneself and only as a candidate, and only the
 *   assignee completes;
 * - approval tasks (header `approval` = "true") are never assigned to, nor decided by, the
 *   request's initiator or requester (four-eyes);
 * - approval tasks needing n approvals (header `approvals`) stay open after each approval,
 *   back in the candidate pool, until n different users approved; one rejection decides.
 * Every check runs before anything changes: a rejected command writes nothing.
 *
 * With task listeners (Zeebe 8.8) the operation only starts the transition: each command
 * returns the user task's key when it waits for listeners (the engine answers the caller once
 * the transition took effect or was denied), undefined when it took effect at once. Operations
 * on a task whose transition waits are refused with Zeebe's "it is in state 'X'".
 */

/** Variables the engine sets when an approval task is decided; a completion may not set them. */
const DECISION_VARIABLES = ['decision', 'decisionReason', 'decidedBy', 'approvers'] as const;

function requireTask(ctx: BatchContext, key: string, action: string): UserTask {
  const task = ctx.state.userTasks.get(key);
  if (!task) throw new EngineRejection('NOT_FOUND', `Expected to ${action} user task with key '${key}', but no such user task was found`);
  return task;
}

function requireActor(actor: string | undefined, action: string, key: string): void {
  if (actor !== undefined && !actor.trim()) throw new EngineRejection('INVALID_ARGUMENT', `Expected to ${action} user task with key '${key}' on behalf of a user, but the actor is empty`);
}


/** Assign (allowOverride) or claim (only if unassigned or already the claimer's). */
export function assignUserTask(ctx: BatchContext, request: UserTaskAssignRequest): string | undefined {
  const claim = request.allowOverride === false;
  const verb = claim ? 'claim' : 'assign';
  const task = requireTask(ctx, request.userTaskKey, verb);
  requireCreated(task, verb);
  if (claim && !request.assignee.trim()) {
    // Zeebe's UserTaskClaimProcessor wording (INVALID_STATE).
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to claim user task with key '${task.key}', but provided assignee is empty`);
  }
  if (!request.assignee) throw new EngineRejection('INVALID_ARGUMENT', `Expected to assign user task with key '${task.key}' to a user, but the assignee is empty`);
  requireActor(request.actor, verb, task.key);
  if (claim && task.assignee && task.assignee !== request.assignee) {
    // Zeebe's UserTaskClaimProcessor wording: it does not name the current assignee.
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to claim user task with key '${task.key}', but it has already been assigned`);
  }
  if (claim && request.actor !== undefined) checkClaimer(task, request.actor, request.assignee, request.actorGroups ?? []);
  const policy = approvalPolicy(ctx.state, task);
  const why = excludedDeciders(ctx.state, task, policy).get(request.assignee);
  if (why) {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to ${verb} approval task with key '${task.key}' to '${request.assignee}', but '${request.assignee}' ${why}`);
  }
  if (hasTaskListeners(ctx, task, 'assigning')) {
    startTransition(ctx, task, {
      intent: claim ? 'CLAIM' : 'ASSIGN',
      attributes: { ...attributesOf(task), assignee: request.assignee },
      action: request.action ?? verb,
      extra: who(request.actor, request.reason),
    });
    return task.key;
  }
  task.assignee = request.assignee;
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED', { action: request.action ?? verb, ...who(request.actor, request.reason) });
  return undefined;
}

/** A claim is for oneself, and, where the task names candidates, only by one of them. */
function checkClaimer(task: UserTask, actor: string, assignee: string, groups: string[]): void {
  if (assignee !== actor) {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected '${actor}' to claim user task with key '${task.key}' for themselves, but the assignee given is '${assignee}'; assigning to others is 'assign'`);
  }
  const hasCandidates = task.candidateUsers.length > 0 || task.candidateGroups.length > 0;
  if (!hasCandidates || task.candidateUsers.includes(actor) || groups.some((g) => task.candidateGroups.includes(g))) return;
  throw new EngineRejection(
    'FAILED_PRECONDITION',
    `Expected '${actor}' to claim user task with key '${task.key}' as a candidate, but '${actor}' is not among the candidate users [${task.candidateUsers.join(', ')}] nor in the candidate groups [${task.candidateGroups.join(', ')}]`,
  );
}

/** Zeebe's unassign is an assignment to nobody (action 'unassign'): assigning listeners run for it too. */
export function unassignUserTask(ctx: BatchContext, userTaskKey: string, options: UserTaskUnassignOptions = {}): string | undefined {
  const task = requireTask(ctx, userTaskKey, 'unassign');
  requireCreated(task, 'unassign');
  requireActor(options.actor, 'unassign', task.key);
  if (hasTaskListeners(ctx, task, 'assigning')) {
    startTransition(ctx, task, { intent: 'ASSIGN', attributes: { ...attributesOf(task), assignee: '' }, action: 'unassign', extra: who(options.actor, options.reason) });
    return task.key;
  }
  task.assignee = '';
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED', { action: 'unassign', ...who(options.actor, options.reason) });
  return undefined;
}

/**
 * Zeebe's user task update: candidate groups and users, due and follow-up dates, priority.
 * Only what the changeset names changes; the UPDATED record lists what actually changed.
 */
export function updateUserTask(ctx: BatchContext, request: UserTaskUpdateRequest): string | undefined {
  const task = requireTask(ctx, request.userTaskKey, 'update');
  requireCreated(task, 'update');
  requireActor(request.actor, 'update', task.key);
  const changes = request.changeset ?? {};
  const priority = changes.priority;
  if (priority !== undefined && (!Number.isInteger(priority) || priority < 0 || priority > 100)) {
    throw new EngineRejection('INVALID_ARGUMENT', `Expected to update user task with key '${task.key}' with a priority in the range [0,100], but was '${priority}'`);
  }
  for (const name of ['dueDate', 'followUpDate'] as const) {
    const date = changes[name];
    if (date && Number.isNaN(Date.parse(date))) {
      throw new EngineRejection('INVALID_ARGUMENT', `Expected to update user task with key '${task.key}' with a valid ${name} (an ISO 8601 date-time), but was '${date}'`);
    }
  }
  const before = attributesOf(task);
  const after: UserTaskAttributes = {
    ...before,
    ...(changes.candidateGroups !== undefined ? { candidateGroups: [...changes.candidateGroups] } : {}),
    ...(changes.candidateUsers !== undefined ? { candidateUsers: [...changes.candidateUsers] } : {}),
    ...(changes.dueDate !== undefined ? { dueDate: changes.dueDate } : {}),
    ...(changes.followUpDate !== undefined ? { followUpDate: changes.followUpDate } : {}),
    ...(priority !== undefined ? { priority } : {}),
  };
  const action = request.action ?? 'update';
  if (hasTaskListeners(ctx, task, 'updating')) {
    startTransition(ctx, task, { intent: 'UPDATE', attributes: after, action, extra: who(request.actor, request.reason) });
    return task.key;
  }
  Object.assign(task, after);
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'UPDATED', { action, changedAttributes: changedAttributes(before, after), ...who(request.actor, request.reason) });
  return undefined;
}

export function completeUserTask(ctx: BatchContext, request: UserTaskCompleteRequest): string | undefined {
  const task = requireTask(ctx, request.userTaskKey, 'complete');
  const instance = ctx.state.elements.get(task.elementInstanceKey);
  if (!instance || instance.state !== 'ACTIVATED') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to complete user task with key '${task.key}', but its element is not active`);
  }
  requireCreated(task, 'complete');
  requireActor(request.actor, 'complete', task.key);
  if (request.actor !== undefined && task.assignee !== request.actor) {
    throw new EngineRejection(
      'FAILED_PRECONDITION',
      task.assignee
        ? `Expected '${request.actor}' to complete user task with key '${task.key}', but it is assigned to '${task.assignee}': only the assignee completes a task`
        : `Expected '${request.actor}' to complete user task with key '${task.key}', but it is not assigned: claim it first`,
    );
  }
  const given = request.variables ?? {};
  const reserved = REQUESTER_VARIABLES.find((name) => Object.hasOwn(given, name));
  if (reserved) {
    throw new EngineRejection('INVALID_ARGUMENT', `Expected to complete user task with key '${task.key}', but its variables set '${reserved}', which names the request's requester and may not change`);
  }
  const policy = approvalPolicy(ctx.state, task);
  const decision: Decision = policy.approval ? decide(ctx, task, policy, request) : { kind: 'complete', variables: given, extra: who(request.actor, request.reason) };
  const action = request.action ?? 'complete';
  if (hasTaskListeners(ctx, task, 'completing')) {
    startTransition(ctx, task, {
      intent: 'COMPLETE',
      attributes: attributesOf(task),
      action,
      variables: decision.kind === 'complete' ? decision.variables : given,
      ...(decision.kind === 'approval' ? { approval: { ...decision.approval, approvalsRequired: decision.approvalsRequired } } : {}),
      extra: decision.extra,
    });
    return task.key;
  }
  if (decision.kind === 'approval') {
    // An approval was recorded; the task waits for the next approver.
    recordApproval(ctx, task, decision.approval, decision.approvalsRequired, action, decision.extra);
    return undefined;
  }
  ctx.state.userTasks.remove(task.key);
  instance.userTaskKey = undefined;
  recordUserTask(ctx, task, 'COMPLETED', { variables: decision.variables, action, ...decision.extra });
  completeElement(ctx, instance, decision.variables);
  return undefined;
}

/** What a completion does: complete with these variables, or record one more approval. */
type Decision =
  | { kind: 'complete'; variables: JsonObject; extra: Record<string, string> }
  | { kind: 'approval'; approval: UserTaskApproval; approvalsRequired: number; extra: Record<string, string> };

/**
 * An approval task's decision: checks who decides and how, then either one more approval (the
 * task stays open, unassigned) or the completion's variables with the decision.
 */
function decide(ctx: BatchContext, task: UserTask, policy: ApprovalPolicy, request: UserTaskCompleteRequest): Decision {
  const given = request.variables ?? {};
  const action = request.action ?? 'complete';
  if (action !== 'approve' && action !== 'reject') {
    throw new EngineRejection('INVALID_ARGUMENT', `Expected to complete approval task with key '${task.key}' with action 'approve' or 'reject', but the action was '${action}'`);
  }
  const reason = request.reason?.trim() ?? '';
  if (action === 'reject' && !reason) throw new EngineRejection('INVALID_ARGUMENT', `Expected a reason to reject approval task with key '${task.key}', but none was given`);
  const decisionVariable = DECISION_VARIABLES.find((name) => Object.hasOwn(given, name));
  if (decisionVariable) {
    throw new EngineRejection('INVALID_ARGUMENT', `Expected to ${action} approval task with key '${task.key}', but its variables set '${decisionVariable}', which the engine sets from the decision`);
  }
  const decider = request.actor ?? task.assignee;
  if (!decider) throw new EngineRejection('FAILED_PRECONDITION', `Expected to ${action} approval task with key '${task.key}', but it is not assigned: someone must claim it to decide`);
  const why = excludedDeciders(ctx.state, task, policy).get(decider);
  if (why) throw new EngineRejection('FAILED_PRECONDITION', `Expected '${decider}' to ${action} approval task with key '${task.key}', but '${decider}' ${why}`);

  const approvals = task.approvals ?? [];
  if (action === 'approve' && approvals.length + 1 < policy.approvalsRequired) {
    const approval: UserTaskApproval = { by: decider, at: ctx.now, ...(reason ? { reason } : {}), ...(Object.keys(given).length ? { variables: given } : {}) };
    return { kind: 'approval', approval, approvalsRequired: policy.approvalsRequired, extra: who(request.actor, reason) };
  }
  const earlier = Object.assign({}, ...approvals.map((a) => a.variables ?? {})) as JsonObject;
  const variables: JsonObject = {
    ...earlier,
    ...given,
    decision: action === 'approve' ? 'approved' : 'rejected',
    decisionReason: reason,
    decidedBy: decider,
    ...(policy.approvalsRequired > 1 && action === 'approve' ? { approvers: [...approvals.map((a) => a.by), decider] } : {}),
  };
  return { kind: 'complete', variables, extra: who(request.actor, request.reason) };
}

/** Who acted and why, for the record: human actions carry the actor and the reason. */
function who(actor: string | undefined, reason: string | undefined): Record<string, string> {
  return { ...(actor !== undefined ? { actor } : {}), ...(reason?.trim() ? { reason: reason.trim() } : {}) };
}
