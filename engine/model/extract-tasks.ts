/**
 * Tasks: job workers (service, send, script and business rule tasks), Zeebe and job-based user
 * tasks, receive tasks, script tasks, business rule tasks and call activities, with the checks
 * Zeebe applies to their extension elements.
 */
import type { ExtractContext } from './extract-context.ts';
import { extractMessageRef, useMessage } from './extract-events.ts';
import { extractHeaders, extractJobOr, extractRequiredJob } from './extract-jobs.ts';
import {
  CSV_REQUIREMENT,
  DATE_TIME_REQUIREMENT,
  PRIORITY_REQUIREMENT,
  expressionProblems,
  requiredAttributeProblem,
  toExpression,
} from './expressions.ts';
import { bool, extensions, ref, str, type ModdleElement } from './moddle.ts';
import type { Expression, FlowNode, JobDefinition, UserTaskDefinition } from './types.ts';

/** Zeebe's Protocol constants for job-based user tasks. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
export { RESERVED_HEADER_PREFIX } from './extract-jobs.ts';
/**
 * Headers Zeebe puts on a job-based user task's job. Only `formKey` is static; the others carry
 * the evaluated assignment and schedule expressions and are added when the job is created.
 */
export const USER_TASK_HEADERS = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
  priority: 'io.camunda.zeebe:priority',
  userTaskKey: 'io.camunda.zeebe:userTaskKey',
} as const;

/** Blank attributes count as absent in Zeebe's UserTaskTransformer. */
function nonBlank(el: ModdleElement | undefined, attribute: string): string | undefined {
  const value = el ? str(el, attribute) : undefined;
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

export function extractUserTask(task: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'userTask'> {
  const zeebeUserTask = extensions(task, 'zeebe:UserTask').length > 0;
  const definition: UserTaskDefinition = { zeebeUserTask };
  const setExpression = (key: 'assignee' | 'candidateGroups' | 'candidateUsers' | 'dueDate' | 'followUpDate', raw: string | undefined, requirement?: typeof CSV_REQUIREMENT) => {
    if (raw === undefined) return;
    ctx.problems.addAll(id, expressionProblems(raw, requirement ? { staticRequirement: requirement } : {}));
    definition[key] = toExpression(raw);
  };

  const assignment = extensions(task, 'zeebe:AssignmentDefinition')[0];
  setExpression('assignee', nonBlank(assignment, 'assignee'));
  setExpression('candidateGroups', nonBlank(assignment, 'candidateGroups'), CSV_REQUIREMENT);
  setExpression('candidateUsers', nonBlank(assignment, 'candidateUsers'), CSV_REQUIREMENT);

  const schedule = extensions(task, 'zeebe:TaskSchedule')[0];
  setExpression('dueDate', nonBlank(schedule, 'dueDate'), DATE_TIME_REQUIREMENT);
  setExpression('followUpDate', nonBlank(schedule, 'followUpDate'), DATE_TIME_REQUIREMENT);

  const priority = extractPriority(task, id, ctx);
  // Zeebe reads the priority only for Zeebe user tasks (UserTaskTransformer).
  if (priority && zeebeUserTask) definition.priority = priority;

  const form = extractForm(task, id, zeebeUserTask, ctx);
  Object.assign(definition, form);

  if (!zeebeUserTask) definition.job = userTaskJob(task, id, form.formKey, ctx);
  else {
    const headers = extractHeaders(task, id, ctx);
    if (Object.keys(headers).length) definition.headers = headers;
  }
  return { userTask: definition };
}

function extractPriority(task: ModdleElement, id: string, ctx: ExtractContext): Expression | undefined {
  const element = extensions(task, 'zeebe:PriorityDefinition')[0];
  if (!element) return undefined;
  const raw = str(element, 'priority');
  if (raw === undefined || raw === '') {
    ctx.problems.add(id, "Attribute 'priority' must be present and not empty");
    return undefined;
  }
  const priority = raw.trim();
  const problems = expressionProblems(priority, { mandatory: true, staticRequirement: PRIORITY_REQUIREMENT });
  ctx.problems.addAll(id, problems);
  const expression = toExpression(priority);
  if (problems.length === 0 && expression.kind === 'static') {
    const value = Number.parseInt(priority, 10);
    if (value < 0 || value > 100) ctx.problems.add(id, `Priority must be a number between 0 and 100, but was '${raw}'`);
  }
  return expression;
}

type FormFields = Pick<UserTaskDefinition, 'formKey' | 'formId' | 'externalReference'>;

/** Zeebe's ZeebeFormDefinitionValidator: exactly one way to name the form. */
function extractForm(task: ModdleElement, id: string, zeebeUserTask: boolean, ctx: ExtractContext): FormFields {
  const element = extensions(task, 'zeebe:FormDefinition')[0];
  if (!element) return {};
  const formKey = nonBlank(element, 'formKey');
  const formId = nonBlank(element, 'formId');
  const externalReference = nonBlank(element, 'externalReference');
  if (zeebeUserTask && (externalReference === undefined) === (formId === undefined)) {
    ctx.problems.add(id, "Exactly one of the attributes 'formId, externalReference' must be present and not blank for native user tasks");
  }
  if (!zeebeUserTask && (formKey === undefined) === (formId === undefined)) {
    ctx.problems.add(id, "Exactly one of the attributes 'formId, formKey' must be present and not blank");
  }
  const fields: FormFields = {};
  if (formId !== undefined) {
    ctx.problems.addAll(id, expressionProblems(formId, {}));
    fields.formId = toExpression(formId);
  }
  if (!zeebeUserTask && formKey !== undefined) fields.formKey = formKey;
  if (zeebeUserTask && externalReference !== undefined) {
    ctx.problems.addAll(id, expressionProblems(externalReference, {}));
    fields.externalReference = toExpression(externalReference);
  }
  return fields;
}

/**
 * A job-based user task is a job of type `io.camunda.zeebe:userTask` with 1 retry
 * (UserTaskTransformer), carrying the model's task headers plus the form key.
 */
function userTaskJob(task: ModdleElement, id: string, formKey: string | undefined, ctx: ExtractContext): JobDefinition {
  const headers = extractHeaders(task, id, ctx);
  if (formKey !== undefined) headers[USER_TASK_HEADERS.formKey] = formKey;
  return { type: { kind: 'static', value: USER_TASK_JOB_TYPE }, retries: { kind: 'static', value: '1' }, headers };
}

export function extractReceiveTask(task: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'message'> {
  const message = extractMessageRef(task, id, ctx, 'caught');
  return message ? { message } : {};
}

/** Service and send tasks (Zeebe 8.8 runs send tasks as jobs only; their message is optional). */
export function extractJobWorkerTask(task: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'job'> {
  const message = task.$type === 'bpmn:SendTask' ? ref(task, 'messageRef') : undefined;
  if (message) useMessage(ctx, message, 'thrown');
  const job = extractRequiredJob(task, id, ctx);
  return job ? { job } : {};
}

/** `zeebe:script` (a FEEL expression evaluated by the engine) or a job worker. */
export function extractScriptTask(task: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'job' | 'script'> {
  const found = extractJobOr(task, id, { type: 'zeebe:Script', name: 'script' }, ctx);
  if (!found) return {};
  if ('job' in found) return { job: found.job };
  const script = found.alternative;
  const expression = str(script, 'expression');
  const resultVariable = str(script, 'resultVariable');
  for (const [value, attribute] of [
    [expression, 'expression'],
    [resultVariable, 'resultVariable'],
  ] as const) {
    const missing = requiredAttributeProblem(value, attribute);
    if (missing) ctx.problems.add(id, missing);
  }
  if (expression === undefined || expression === '' || resultVariable === undefined || resultVariable === '') return {};
  const problems = expressionProblems(expression, { mandatory: true, nonStatic: true });
  ctx.problems.addAll(id, problems);
  const parsed = toExpression(expression);
  return parsed.kind === 'feel' ? { script: { expression: parsed.source, resultVariable } } : {};
}

/** `zeebe:calledDecision` (DMN, evaluated by the engine) or a job worker. */
export function extractBusinessRuleTask(task: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'job' | 'calledDecision'> {
  const found = extractJobOr(task, id, { type: 'zeebe:CalledDecision', name: 'calledDecision' }, ctx);
  if (!found) return {};
  if ('job' in found) return { job: found.job };
  const called = found.alternative;
  const decisionId = str(called, 'decisionId');
  const resultVariable = str(called, 'resultVariable');
  for (const [value, attribute] of [
    [decisionId, 'decisionId'],
    [resultVariable, 'resultVariable'],
  ] as const) {
    const missing = requiredAttributeProblem(value, attribute);
    if (missing) ctx.problems.add(id, missing);
  }
  if (decisionId === undefined || decisionId === '' || resultVariable === undefined || resultVariable === '') return {};
  ctx.problems.addAll(id, expressionProblems(decisionId, { mandatory: true }));
  return { calledDecision: { decisionId: toExpression(decisionId), resultVariable, ...binding(called, id, ctx) } };
}

/** `zeebe:calledElement`: the process to call and how variables flow (both default true). */
export function extractCallActivity(activity: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'calledElement'> {
  const elements = extensions(activity, 'zeebe:CalledElement');
  const called = elements[0];
  if (elements.length !== 1 || !called) {
    ctx.problems.add(id, "Must have exactly one 'zeebe:calledElement' extension element");
    return {};
  }
  const processId = str(called, 'processId');
  const missing = requiredAttributeProblem(processId, 'processId');
  if (missing) {
    ctx.problems.add(id, missing);
    return {};
  }
  ctx.problems.addAll(id, expressionProblems(processId, { mandatory: true }));
  return {
    calledElement: {
      processId: toExpression(processId ?? ''),
      propagateAllChildVariables: bool(called, 'propagateAllChildVariables') !== false,
      propagateAllParentVariables: bool(called, 'propagateAllParentVariables') !== false,
      ...binding(called, id, ctx),
    },
  };
}

/** Zeebe's BindingType values (ZeebeBindingTypeValidator). */
const BINDING_TYPES = ['deployment', 'latest', 'versionTag'];

function binding(el: ModdleElement, id: string, ctx: ExtractContext): { bindingType?: string; versionTag?: string } {
  const result: { bindingType?: string; versionTag?: string } = {};
  // Only what the model says: moddle would also report its default ('latest').
  const bindingType = Object.hasOwn(el, 'bindingType') ? str(el, 'bindingType') : undefined;
  if (bindingType !== undefined) {
    if (!BINDING_TYPES.includes(bindingType)) ctx.problems.add(id, `Attribute 'bindingType' must be one of: ${BINDING_TYPES.join(', ')}`);
    result.bindingType = bindingType;
  }
  const versionTag = str(el, 'versionTag');
  if (versionTag !== undefined) result.versionTag = versionTag;
  return result;
}
