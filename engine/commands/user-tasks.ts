import { EngineRejection, type JsonObject, type UserTaskAssignRequest, type UserTaskCompleteRequest, type UserTaskUnassignOptions } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { completeElement } from '../processing/lifecycle.ts';
import { approvalPolicy, recordUserTask, requestersOf, REQUESTER_VARIABLES, type ApprovalPolicy } from '../processing/user-tasks.ts';
import type { UserTask } from '../state/types.ts';

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

/** Four-eyes: the people a task may not go to, with the reason. */
function excludedDeciders(ctx: BatchContext, task: UserTask, policy: ApprovalPolicy): Map<string, string> {
  const excluded = new Map<string, string>();
  if (!policy.approval) return excluded;
  for (const approval of task.approvals ?? []) excluded.set(approval.by, 'already approved it, and it needs a different approver');
  for (const requester of requestersOf(ctx.state, task)) excluded.set(requester, 'requested it, and a requester may not approve their own request (four-eyes principle)');
  return excluded;
}

/** Assign (allowOverride) or claim (only if unassigned or already the claimer's). */
export function assignUserTask(ctx: BatchContext, request: UserTaskAssignRequest): void {
  const claim = request.allowOverride === false;
  const verb = claim ? 'claim' : 'assign';
  const task = requireTask(ctx, request.userTaskKey, verb);
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
  const why = excludedDeciders(ctx, task, policy).get(request.assignee);
  if (why) {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to ${verb} approval task with key '${task.key}' to '${request.assignee}', but '${request.assignee}' ${why}`);
  }
  task.assignee = request.assignee;
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED', { action: request.action ?? verb, ...who(request.actor, request.reason) });
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

export function unassignUserTask(ctx: BatchContext, userTaskKey: string, options: UserTaskUnassignOptions = {}): void {
  const task = requireTask(ctx, userTaskKey, 'unassign');
  requireActor(options.actor, 'unassign', task.key);
  task.assignee = '';
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED', { action: 'unassign', ...who(options.actor, options.reason) });
}

export function completeUserTask(ctx: BatchContext, request: UserTaskCompleteRequest): void {
  const task = requireTask(ctx, request.userTaskKey, 'complete');
  const instance = ctx.state.elements.get(task.elementInstanceKey);
  if (!instance || instance.state !== 'ACTIVATED') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to complete user task with key '${task.key}', but its element is not active`);
  }
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
  const variables = policy.approval ? decide(ctx, task, policy, request) : given;
  if (!variables) return; // an approval was recorded; the task waits for the next approver
  ctx.state.userTasks.remove(task.key);
  instance.userTaskKey = undefined;
  recordUserTask(ctx, task, 'COMPLETED', { variables, action: request.action ?? 'complete', ...who(request.actor, request.reason) });
  completeElement(ctx, instance, variables);
}

/**
 * An approval task's decision: checks who decides and how, then either records one more
 * approval (returns undefined: the task stays open, unassigned) or returns the completion's
 * variables with the decision.
 */
function decide(ctx: BatchContext, task: UserTask, policy: ApprovalPolicy, request: UserTaskCompleteRequest): JsonObject | undefined {
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
  const why = excludedDeciders(ctx, task, policy).get(decider);
  if (why) throw new EngineRejection('FAILED_PRECONDITION', `Expected '${decider}' to ${action} approval task with key '${task.key}', but '${decider}' ${why}`);

  const approvals = task.approvals ?? [];
  if (action === 'approve' && approvals.length + 1 < policy.approvalsRequired) {
    task.approvals = [...approvals, { by: decider, at: ctx.now, ...(reason ? { reason } : {}), ...(Object.keys(given).length ? { variables: given } : {}) }];
    task.assignee = '';
    ctx.state.userTasks.put(task);
    recordUserTask(ctx, task, 'UPDATED', {
      action,
      changedAttributes: ['approvals', 'assignee'],
      approvals: task.approvals.map(({ by, at, reason: r }) => ({ by, at, reason: r ?? '' })),
      approvalsRequired: policy.approvalsRequired,
      ...who(request.actor, reason),
    });
    return undefined;
  }
  const earlier = Object.assign({}, ...approvals.map((a) => a.variables ?? {})) as JsonObject;
  return {
    ...earlier,
    ...given,
    decision: action === 'approve' ? 'approved' : 'rejected',
    decisionReason: reason,
    decidedBy: decider,
    ...(policy.approvalsRequired > 1 && action === 'approve' ? { approvers: [...approvals.map((a) => a.by), decider] } : {}),
  };
}

/** Who acted and why, for the record: human actions carry the actor and the reason. */
function who(actor: string | undefined, reason: string | undefined): Record<string, string> {
  return { ...(actor !== undefined ? { actor } : {}), ...(reason?.trim() ? { reason: reason.trim() } : {}) };
}
