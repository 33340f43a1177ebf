import { z } from 'zod';
import { approvalPolicy, requestersOf } from '../../engine/processing/user-tasks.ts';
import type { EngineState } from '../../engine/state/engine-state.ts';
import type { UserTask } from '../../engine/state/types.ts';
import { hasAnyRole, type Principal } from '../auth/roles.ts';

/** Human tasks as the API shows them, and who sees which. */

export const taskSchema = z.object({
  userTaskKey: z.string(),
  name: z.string().nullable(),
  elementId: z.string(),
  elementInstanceKey: z.string(),
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  processDefinitionKey: z.string(),
  version: z.number().int(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  candidateUsers: z.array(z.string()),
  dueDate: z.string().nullable(),
  followUpDate: z.string().nullable(),
  overdue: z.boolean().describe('dueDate is in the past'),
  priority: z.number().int(),
  formKey: z.string().nullable(),
  createdAt: z.string(),
  approval: z
    .object({
      approvalsRequired: z.number().int(),
      approvals: z.array(z.object({ by: z.string(), at: z.string() })),
      requestedBy: z.array(z.string()).describe('initiator/requester: they may not decide'),
    })
    .nullable()
    .describe('set for approval tasks (task header approval = "true" or approvals = n)'),
});
export type TaskView = z.infer<typeof taskSchema>;

export function describeTask(state: EngineState, task: UserTask, now: number): TaskView {
  const policy = approvalPolicy(state, task);
  const node = state.definitions.get(task.processDefinitionKey)?.model.nodes.get(task.elementId);
  return {
    userTaskKey: task.key,
    name: node?.name ?? null,
    elementId: task.elementId,
    elementInstanceKey: task.elementInstanceKey,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    processDefinitionKey: task.processDefinitionKey,
    version: task.version,
    assignee: task.assignee || null,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    dueDate: task.dueDate || null,
    followUpDate: task.followUpDate || null,
    overdue: !!task.dueDate && Date.parse(task.dueDate) < now,
    priority: task.priority,
    formKey: task.formKey || null,
    createdAt: new Date(task.createdAt).toISOString(),
    approval: policy.approval
      ? {
          approvalsRequired: policy.approvalsRequired,
          approvals: (task.approvals ?? []).map((a) => ({ by: a.by, at: new Date(a.at).toISOString() })),
          requestedBy: requestersOf(state, task),
        }
      : null,
  };
}

/** Operators and admins see every task; a task user sees theirs, their candidacies and the open pool. */
export function canSee(principal: Principal, task: UserTask): boolean {
  if (hasAnyRole(principal, ['operator', 'admin'])) return true;
  if (task.assignee) return task.assignee === principal.name;
  const hasCandidates = task.candidateUsers.length > 0 || task.candidateGroups.length > 0;
  return !hasCandidates || task.candidateUsers.includes(principal.name) || principal.groups.some((g) => task.candidateGroups.includes(g));
}

export interface TaskFilter {
  assignee?: string;
  unassigned?: boolean;
  candidateGroup?: string;
  candidateUser?: string;
  bpmnProcessId?: string;
  processInstanceKey?: string;
  dueBefore?: string;
  dueAfter?: string;
  overdue?: boolean;
  approval?: boolean;
}

export function matchesTask(view: TaskView, f: TaskFilter): boolean {
  const due = view.dueDate ? Date.parse(view.dueDate) : undefined;
  return (
    (f.assignee === undefined || view.assignee === f.assignee) &&
    (f.unassigned === undefined || (view.assignee === null) === f.unassigned) &&
    (f.candidateGroup === undefined || view.candidateGroups.includes(f.candidateGroup)) &&
    (f.candidateUser === undefined || view.candidateUsers.includes(f.candidateUser)) &&
    (f.bpmnProcessId === undefined || view.bpmnProcessId === f.bpmnProcessId) &&
    (f.processInstanceKey === undefined || view.processInstanceKey === f.processInstanceKey) &&
    (f.dueBefore === undefined || (due !== undefined && due < Date.parse(f.dueBefore))) &&
    (f.dueAfter === undefined || (due !== undefined && due >= Date.parse(f.dueAfter))) &&
    (f.overdue === undefined || view.overdue === f.overdue) &&
    (f.approval === undefined || (view.approval !== null) === f.approval)
  );
}

/** Most urgent first: overdue, then by due date, then by priority, then oldest. */
export function byUrgency(a: TaskView, b: TaskView): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.dueDate ? Date.parse(a.dueDate) : Infinity;
  const db = b.dueDate ? Date.parse(b.dueDate) : Infinity;
  if (da !== db) return da - db;
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.createdAt.localeCompare(b.createdAt);
}
