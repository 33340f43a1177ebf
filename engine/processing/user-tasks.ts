import type { EngineState } from '../state/engine-state.ts';
import type { UserTask, UserTaskApproval, UserTaskAttributes } from '../state/types.ts';
import type { BatchContext } from './context.ts';

export type UserTaskIntent =
  | 'CREATING'
  | 'CREATED'
  | 'ASSIGNING'
  | 'CLAIMING'
  | 'ASSIGNED'
  | 'UPDATING'
  | 'UPDATED'
  | 'COMPLETING'
  | 'COMPLETED'
  | 'CANCELING'
  | 'CANCELED'
  | 'CORRECTED'
  | 'ASSIGNMENT_DENIED'
  | 'UPDATE_DENIED'
  | 'COMPLETION_DENIED'
  | 'MIGRATED';

export function recordUserTask(ctx: BatchContext, task: UserTask, intent: UserTaskIntent, extra: Record<string, unknown> = {}): void {
  ctx.record({
    key: task.key,
    valueType: 'USER_TASK',
    intent,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    elementId: task.elementId,
    value: {
      userTaskKey: task.key,
      assignee: task.assignee,
      candidateGroupsList: task.candidateGroups,
      candidateUsersList: task.candidateUsers,
      dueDate: task.dueDate,
      followUpDate: task.followUpDate,
      priority: task.priority,
      formKey: task.formKey,
      elementId: task.elementId,
      elementInstanceKey: task.elementInstanceKey,
      processInstanceKey: task.processInstanceKey,
      processDefinitionKey: task.processDefinitionKey,
      bpmnProcessId: task.bpmnProcessId,
      processDefinitionVersion: task.version,
      tenantId: '<default>',
      ...extra,
    },
  });
}

/** The attributes a task listener sees and may correct, as Zeebe's record names them. */
export const USER_TASK_ATTRIBUTE_NAMES: Readonly<Record<keyof UserTaskAttributes, string>> = {
  assignee: 'assignee',
  candidateGroups: 'candidateGroupsList',
  candidateUsers: 'candidateUsersList',
  dueDate: 'dueDate',
  followUpDate: 'followUpDate',
  priority: 'priority',
};

export function attributesOf(task: UserTask): UserTaskAttributes {
  return {
    assignee: task.assignee,
    candidateGroups: [...task.candidateGroups],
    candidateUsers: [...task.candidateUsers],
    dueDate: task.dueDate,
    followUpDate: task.followUpDate,
    priority: task.priority,
  };
}

/** Zeebe's record names of the attributes that differ, in Zeebe's (alphabetical) order. */
export function changedAttributes(before: UserTaskAttributes, after: UserTaskAttributes): string[] {
  return (Object.keys(USER_TASK_ATTRIBUTE_NAMES) as Array<keyof UserTaskAttributes>)
    .filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]))
    .map((name) => USER_TASK_ATTRIBUTE_NAMES[name])
    .sort();
}

// --- segregation of duties

/**
 * What the model asks of a task's deciders, from its `zeebe:taskHeaders`: `approval` = "true"
 * makes it an approval task (four-eyes: whoever requested may not decide); `approvals` = "n"
 * (n >= 2) needs n distinct approvers and implies `approval`.
 */
export interface ApprovalPolicy {
  approval: boolean;
  approvalsRequired: number;
}

/** Process variables naming who asked for the work; they may never approve it. */
export const REQUESTER_VARIABLES = ['initiator', 'requester'] as const;

export function approvalPolicy(state: EngineState, task: UserTask): ApprovalPolicy {
  const headers = userTaskHeaders(state, task);
  const required = Number.parseInt(headers.approvals ?? '', 10);
  const approvalsRequired = Number.isInteger(required) && required > 1 ? required : 1;
  return { approval: headers.approval === 'true' || approvalsRequired > 1, approvalsRequired };
}

/**
 * Who requested the work the task decides on: `initiator` and `requester` wherever they are
 * visible from the task, up through call activities to the root instance (a called process
 * may not inherit its parent's variables, yet it decides the same request).
 */
export function requestersOf(state: EngineState, task: UserTask): string[] {
  const found = new Set<string>();
  let key: string | null | undefined = task.elementInstanceKey;
  while (key) {
    for (const name of REQUESTER_VARIABLES) {
      const value = state.variables.get(key, name);
      if (typeof value === 'string' && value.trim()) found.add(value);
    }
    const element = state.elements.get(key);
    key = element?.flowScopeKey ?? element?.parentElementInstanceKey;
  }
  return [...found];
}

/** The task's `zeebe:taskHeaders` (engine-managed user tasks; job-based ones carry them on their job). */
export function userTaskHeaders(state: EngineState, task: UserTask): Record<string, string> {
  const definition = state.definitions.get(task.processDefinitionKey)?.model.nodes.get(task.elementId)?.userTask;
  return definition?.headers ?? definition?.job?.headers ?? {};
}

/**
 * Four-eyes: the people an approval task may not go to, with the reason (empty for other
 * tasks): whoever requested the work, and whoever already approved it.
 */
export function excludedDeciders(state: EngineState, task: UserTask, policy: ApprovalPolicy = approvalPolicy(state, task)): Map<string, string> {
  const excluded = new Map<string, string>();
  if (!policy.approval) return excluded;
  for (const approval of task.approvals ?? []) excluded.set(approval.by, 'already approved it, and it needs a different approver');
  for (const requester of requestersOf(state, task)) excluded.set(requester, 'requested it, and a requester may not approve their own request (four-eyes principle)');
  return excluded;
}

/**
 * One more approval of a task needing several approvers: it stays open, unassigned, back in the
 * candidate pool for the next approver (Baton's UPDATED record with the approvals so far).
 */
export function recordApproval(ctx: BatchContext, task: UserTask, approval: UserTaskApproval, approvalsRequired: number, action: string, extra: Record<string, unknown>): void {
  task.approvals = [...(task.approvals ?? []), approval];
  task.assignee = '';
  ctx.state.userTasks.put(task);
  recordUserTask(ctx, task, 'UPDATED', {
    action,
    changedAttributes: ['approvals', 'assignee'],
    approvals: task.approvals.map(({ by, at, reason }) => ({ by, at, reason: reason ?? '' })),
    approvalsRequired,
    ...extra,
  });
}
