import { EngineRejection, type UserTaskAssignRequest, type UserTaskCompleteRequest } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { completeElement } from '../processing/lifecycle.ts';
import { recordUserTask } from '../processing/user-tasks.ts';
import type { UserTask } from '../state/types.ts';

function requireTask(ctx: BatchContext, key: string, action: string): UserTask {
  const task = ctx.state.userTasks.get(key);
  if (!task) throw new EngineRejection('NOT_FOUND', `Expected to ${action} user task with key '${key}', but no such user task was found`);
  return task;
}

/** Assign (allowOverride) or claim (only if unassigned or already the claimer's). */
export function assignUserTask(ctx: BatchContext, request: UserTaskAssignRequest): void {
  const task = requireTask(ctx, request.userTaskKey, request.allowOverride === false ? 'claim' : 'assign');
  if (request.allowOverride === false && !request.assignee.trim()) {
    // Zeebe's UserTaskClaimProcessor wording (INVALID_STATE).
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to claim user task with key '${task.key}', but provided assignee is empty`);
  }
  if (!request.assignee) throw new EngineRejection('INVALID_ARGUMENT', `Expected to assign user task with key '${task.key}' to a user, but the assignee is empty`);
  if (request.allowOverride === false && task.assignee && task.assignee !== request.assignee) {
    // Zeebe's UserTaskClaimProcessor wording: it does not name the current assignee.
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to claim user task with key '${task.key}', but it has already been assigned`);
  }
  task.assignee = request.assignee;
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED', { action: request.action ?? (request.allowOverride === false ? 'claim' : 'assign') });
}

export function unassignUserTask(ctx: BatchContext, userTaskKey: string): void {
  const task = requireTask(ctx, userTaskKey, 'unassign');
  task.assignee = '';
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'ASSIGNED', { action: 'unassign' });
}

export function completeUserTask(ctx: BatchContext, request: UserTaskCompleteRequest): void {
  const task = requireTask(ctx, request.userTaskKey, 'complete');
  const instance = ctx.state.elements.get(task.elementInstanceKey);
  if (!instance || instance.state !== 'ACTIVATED') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to complete user task with key '${task.key}', but its element is not active`);
  }
  ctx.state.userTasks.remove(task.key);
  instance.userTaskKey = undefined;
  recordUserTask(ctx, task, 'COMPLETED', { variables: request.variables ?? {}, action: request.action ?? 'complete' });
  completeElement(ctx, instance, request.variables ?? {});
}
