import { z } from 'zod';
import { approvalPolicy } from '../../engine/processing/user-tasks.ts';
import type { UserTask } from '../../engine/state/types.ts';
import { hasAnyRole } from '../auth/roles.ts';
import type { ApiContext } from './context.ts';
import { ApiError, notFound } from './errors.ts';
import type { RouteInput, RouteRegistry } from './route.ts';
import { booleanFlag, emptyBody, isoDateTime, key, keyParams, pagination, reason, variables, withoutReserved } from './schemas.ts';
import { byUrgency, canSee, describeTask, matchesTask, taskSchema } from './task-views.ts';

/**
 * Human tasks (zeebe:userTask). The engine enforces who may claim, complete and decide
 * (assignee only, four-eyes, distinct approvers); the API adds what depends on roles: task
 * users act for themselves, operators and admins may reassign anyone's task.
 */

const WORKERS = ['approver'] as const;
const MANAGERS = ['operator', 'admin'] as const;
const taskParams = keyParams('userTaskKey', 'the user task key');
const decisionVariables = withoutReserved(variables, ['initiator', 'requester', 'decision', 'decisionReason', 'decidedBy', 'approvers']);

type Input = RouteInput<{ userTaskKey: string }, unknown, unknown>;

export function taskRoutes(api: RouteRegistry, ctx: ApiContext): void {
  const now = () => ctx.engine.clock.now();
  const requireTask = (k: string): UserTask => {
    const task = ctx.engine.view.userTasks.get(k);
    if (!task) throw notFound(`user task '${k}'`);
    return task;
  };
  const audited = (input: Input, task: UserTask, reasonText?: string, details: Record<string, unknown> = {}) => ({
    status: 204,
    audit: { target: `user-task:${input.params.userTaskKey}`, processInstanceKey: task.processInstanceKey, reason: reasonText, details: { elementId: task.elementId, ...details } },
  });

  api.add({
    method: 'get',
    path: '/tasks',
    summary: 'List open human tasks (task users see theirs, their candidacies and the open pool)',
    tag: 'tasks',
    roles: [...WORKERS, 'operator'],
    query: z.strictObject({
      assignee: z.string().min(1).optional(),
      unassigned: booleanFlag.optional(),
      candidateGroup: z.string().min(1).optional(),
      candidateUser: z.string().min(1).optional(),
      bpmnProcessId: z.string().min(1).optional(),
      processInstanceKey: key.optional(),
      dueBefore: isoDateTime.optional(),
      dueAfter: isoDateTime.optional(),
      overdue: booleanFlag.optional(),
      approval: booleanFlag.optional(),
      ...pagination,
    }),
    responses: { 200: { description: 'most urgent first', schema: z.object({ tasks: z.array(taskSchema) }) } },
    async handler({ query, principal }) {
      const at = now();
      const tasks = [...ctx.engine.view.userTasks.values()]
        .filter((t) => canSee(principal, t))
        .map((t) => describeTask(ctx.engine.view, t, at))
        .filter((v) => matchesTask(v, query))
        .sort(byUrgency)
        .slice(query.offset, query.offset + query.limit);
      return { body: { tasks } };
    },
  });

  api.add({
    method: 'get',
    path: '/tasks/:userTaskKey',
    summary: 'One open human task',
    tag: 'tasks',
    roles: [...WORKERS, 'operator'],
    params: taskParams,
    responses: { 200: { description: 'the task', schema: taskSchema } },
    async handler({ params, principal }) {
      const task = requireTask(params.userTaskKey);
      if (!canSee(principal, task)) throw notFound(`user task '${params.userTaskKey}'`);
      return { body: describeTask(ctx.engine.view, task, now()) };
    },
  });

  api.add({
    method: 'post',
    path: '/tasks/:userTaskKey/claim',
    summary: 'Claim a task for yourself (you must be a candidate; never your own approval request)',
    tag: 'tasks',
    roles: WORKERS,
    params: taskParams,
    body: emptyBody,
    action: 'task.claim',
    responses: { 204: { description: 'claimed' } },
    async handler(input) {
      const { params, principal, body } = input;
      const task = requireTask(params.userTaskKey);
      await ctx.engine.assignUserTask({ userTaskKey: params.userTaskKey, assignee: principal.name, allowOverride: false, actor: principal.name, actorGroups: principal.groups, reason: body.reason, action: 'claim' });
      return audited(input, task, body.reason);
    },
  });

  api.add({
    method: 'post',
    path: '/tasks/:userTaskKey/unclaim',
    summary: 'Give a task back to the pool (your own; operators any)',
    tag: 'tasks',
    roles: [...WORKERS, 'operator'],
    params: taskParams,
    body: emptyBody,
    action: 'task.unclaim',
    responses: { 204: { description: 'unassigned' } },
    async handler(input) {
      const { params, principal, body } = input;
      const task = requireTask(params.userTaskKey);
      if (!hasAnyRole(principal, MANAGERS) && task.assignee !== principal.name) {
        throw new ApiError(403, `'${principal.name}' may only unclaim tasks assigned to them; user task '${task.key}' is ${task.assignee ? `assigned to '${task.assignee}'` : 'unassigned'}`);
      }
      await ctx.engine.unassignUserTask(task.key, { actor: principal.name, reason: body.reason });
      return audited(input, task, body.reason, { previousAssignee: task.assignee || null });
    },
  });

  api.add({
    method: 'post',
    path: '/tasks/:userTaskKey/assign',
    summary: 'Assign or delegate a task (task users: only tasks assigned to them; operators: any)',
    tag: 'tasks',
    roles: [...WORKERS, 'operator'],
    params: taskParams,
    body: z.strictObject({ assignee: z.string().trim().min(1, 'must not be empty').max(255), reason: reason.optional() }),
    action: 'task.assign',
    responses: { 204: { description: 'assigned' } },
    async handler(input) {
      const { params, principal, body } = input;
      const task = requireTask(params.userTaskKey);
      const previous = task.assignee;
      if (!hasAnyRole(principal, MANAGERS) && previous !== principal.name) {
        throw new ApiError(403, `'${principal.name}' may only delegate tasks assigned to them; user task '${task.key}' is ${previous ? `assigned to '${previous}'` : 'unassigned (claim it first)'}`);
      }
      await ctx.engine.assignUserTask({ userTaskKey: task.key, assignee: body.assignee, allowOverride: true, actor: principal.name, reason: body.reason, action: previous === principal.name ? 'delegate' : 'assign' });
      return audited(input, task, body.reason, { assignee: body.assignee, previousAssignee: previous || null });
    },
  });

  api.add({
    method: 'post',
    path: '/tasks/:userTaskKey/complete',
    summary: 'Complete a task you are assigned (approval tasks: use approve or reject)',
    tag: 'tasks',
    roles: WORKERS,
    params: taskParams,
    body: z.strictObject({ variables: withoutReserved(variables).optional(), reason: reason.optional() }),
    action: 'task.complete',
    responses: { 204: { description: 'completed' } },
    async handler(input) {
      const { params, principal, body } = input;
      const task = requireTask(params.userTaskKey);
      if (approvalPolicy(ctx.engine.view, task).approval) throw new ApiError(409, `user task '${task.key}' is an approval task: approve or reject it`);
      await ctx.engine.completeUserTask({ userTaskKey: task.key, variables: body.variables, actor: principal.name, reason: body.reason, action: 'complete' });
      return audited(input, task, body.reason, { variables: Object.keys(body.variables ?? {}) });
    },
  });

  for (const decision of ['approve', 'reject'] as const) {
    api.add({
      method: 'post',
      path: `/tasks/:userTaskKey/${decision}`,
      summary: decision === 'approve' ? 'Approve an approval task assigned to you (never your own request)' : 'Reject an approval task assigned to you, with a reason',
      tag: 'tasks',
      roles: WORKERS,
      params: taskParams,
      body: z.strictObject({ reason: decision === 'reject' ? reason : reason.optional(), variables: decisionVariables.optional() }),
      action: `task.${decision}`,
      responses: { 204: { description: `${decision}d (a multi-approval task stays open until enough distinct approvers agreed)` } },
      async handler(input) {
        const { params, principal, body } = input;
        const task = requireTask(params.userTaskKey);
        const policy = approvalPolicy(ctx.engine.view, task);
        if (!policy.approval) throw new ApiError(409, `user task '${task.key}' is not an approval task: complete it`);
        await ctx.engine.completeUserTask({ userTaskKey: task.key, variables: body.variables, actor: principal.name, reason: body.reason, action: decision });
        const open = ctx.engine.view.userTasks.has(task.key);
        return audited(input, task, body.reason, { decision, approvalsRequired: policy.approvalsRequired, taskCompleted: !open });
      },
    });
  }
}
