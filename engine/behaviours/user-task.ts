import type { Expression, FlowNode } from '../model/types.ts';
import type { BatchContext } from '../processing/context.ts';
import { evaluateExpression, evaluateToInteger, evaluateToString, evaluateToStringList, type Evaluated } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { cancelJob } from '../processing/jobs.ts';
import { subscribeAndActivate } from '../processing/lifecycle.ts';
import { assignAfterCreation, cancelUserTask, hasTaskListeners, startTransition } from '../processing/task-listeners.ts';
import { attributesOf, recordUserTask } from '../processing/user-tasks.ts';
import { scopeLookup, type VariableLookup } from '../processing/variables.ts';
import type { ElementInstance, UserTask } from '../state/types.ts';
import type { ElementBehaviour } from './behaviour.ts';
import { activateJobTask } from './job-worker-task.ts';
import { USER_TASK_HEADERS } from '../model/extract-tasks.ts';

/**
 * `zeebe:userTask`: the engine holds the task until someone completes it. Without that
 * extension it is a job of type `io.camunda.zeebe:userTask`, as older Zeebe versions did.
 */
export const userTaskBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const definition = node.userTask;
    if (!definition) throw new Error(`user task '${node.id}' has no user task definition`);
    if (!definition.zeebeUserTask) {
      if (!definition.job) throw new Error(`job-based user task '${node.id}' has no job definition`);
      const headers = evaluateJobHeaders(ctx, instance, node);
      if (!headers.ok) {
        raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', headers.message);
        return;
      }
      activateJobTask(ctx, instance, node, { ...definition.job, headers: { ...definition.job.headers, ...headers.value } });
      return;
    }
    const task = evaluateUserTask(ctx, instance, node);
    if (!task.ok) {
      raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', task.message);
      return;
    }
    if (!subscribeAndActivate(ctx, instance, node)) return;
    const created = task.value;
    instance.userTaskKey = created.key;
    ctx.state.putElement(instance);
    const assignee = created.assignee;
    if (hasTaskListeners(ctx, created, 'creating')) {
      // Zeebe 8.8: the task is CREATING until its creating listeners are done; the element is active meanwhile.
      created.assignee = '';
      startTransition(ctx, created, { intent: 'CREATE', attributes: { ...attributesOf(created), assignee }, action: '', modelAssignee: assignee || undefined });
      return;
    }
    if (assignee && hasTaskListeners(ctx, created, 'assigning')) {
      created.assignee = '';
      created.state = 'CREATED';
      ctx.state.userTasks.put(created);
      recordUserTask(ctx, created, 'CREATED');
      assignAfterCreation(ctx, created, assignee);
      return;
    }
    ctx.state.userTasks.put(created);
    recordUserTask(ctx, created, 'CREATED');
    if (assignee) recordUserTask(ctx, created, 'ASSIGNED');
  },
  onTerminate(ctx, instance) {
    cancelJob(ctx, instance);
    const task = instance.userTaskKey ? ctx.state.userTasks.get(instance.userTaskKey) : undefined;
    if (!task) return;
    return cancelUserTask(ctx, task, instance);
  },
};

/**
 * A job-based user task's job carries the evaluated assignment and schedule as reserved headers,
 * as Zeebe's BpmnJobBehavior.encodeHeaders does: lists as list literals (`["a","b"]`), empty
 * values left out. (Before this, the job had only the static headers and the form key.)
 */
function evaluateJobHeaders(ctx: BatchContext, instance: ElementInstance, node: FlowNode): Evaluated<Record<string, string>> {
  const def = node.userTask!;
  const lookup = scopeLookup(ctx.state, instance.key);
  const headers: Record<string, string> = {};
  if (def.assignee) {
    const assignee = evaluateToString(def.assignee, lookup);
    if (!assignee.ok) return assignee;
    if (assignee.value) headers[USER_TASK_HEADERS.assignee] = assignee.value;
  }
  for (const [expr, name] of [
    [def.candidateGroups, USER_TASK_HEADERS.candidateGroups],
    [def.candidateUsers, USER_TASK_HEADERS.candidateUsers],
  ] as const) {
    if (!expr) continue;
    const list = evaluateToStringList(expr, lookup);
    if (!list.ok) return list;
    headers[name] = `[${list.value.map((v) => `"${v}"`).join(',')}]`;
  }
  for (const [expr, name] of [
    [def.dueDate, USER_TASK_HEADERS.dueDate],
    [def.followUpDate, USER_TASK_HEADERS.followUpDate],
  ] as const) {
    const date = dateText(expr, lookup);
    if (!date.ok) return date;
    if (date.value) headers[name] = date.value;
  }
  return { ok: true, value: headers };
}

function evaluateUserTask(ctx: BatchContext, instance: ElementInstance, node: FlowNode): Evaluated<UserTask> {
  const def = node.userTask!;
  const lookup = scopeLookup(ctx.state, instance.key);
  const text = (expr: typeof def.assignee): Evaluated<string> => (expr ? evaluateToString(expr, lookup) : { ok: true, value: '' });
  const list = (expr: typeof def.assignee): Evaluated<string[]> => (expr ? evaluateToStringList(expr, lookup) : { ok: true, value: [] });
  const assignee = text(def.assignee);
  if (!assignee.ok) return assignee;
  const candidateGroups = list(def.candidateGroups);
  if (!candidateGroups.ok) return candidateGroups;
  const candidateUsers = list(def.candidateUsers);
  if (!candidateUsers.ok) return candidateUsers;
  const dueDate = dateText(def.dueDate, lookup);
  if (!dueDate.ok) return dueDate;
  const followUpDate = dateText(def.followUpDate, lookup);
  if (!followUpDate.ok) return followUpDate;
  const priority = def.priority ? evaluateToInteger(def.priority, lookup) : { ok: true as const, value: 50 };
  if (!priority.ok) return priority;
  if (priority.value < 0 || priority.value > 100) {
    return { ok: false, message: `Expected priority to be in the range [0,100], but was ${priority.value}.` };
  }
  return {
    ok: true,
    value: {
      key: ctx.state.nextKey(),
      elementInstanceKey: instance.key,
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      bpmnProcessId: instance.bpmnProcessId,
      version: instance.version,
      elementId: instance.elementId,
      assignee: assignee.value,
      candidateGroups: candidateGroups.value,
      candidateUsers: candidateUsers.value,
      dueDate: dueDate.value,
      followUpDate: followUpDate.value,
      priority: priority.value,
      formKey: def.formKey ?? '',
      createdAt: ctx.now,
    },
  };
}

/** Due and follow-up dates must be ISO 8601 date-times (Zeebe validates them the same way). */
function dateText(expr: Expression | undefined, lookup: VariableLookup): Evaluated<string> {
  if (!expr) return { ok: true, value: '' };
  const result = evaluateExpression(expr, lookup);
  if (!result.ok) return result;
  if (result.value === null || result.value === '') return { ok: true, value: '' };
  if (typeof result.value !== 'string' || Number.isNaN(Date.parse(result.value))) {
    return { ok: false, message: `Expected result of the expression to be a valid date-time string, but was '${JSON.stringify(result.value)}'.` };
  }
  return { ok: true, value: result.value };
}
