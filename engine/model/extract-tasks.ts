/**
 * Job workers (service tasks, job-based user tasks), Zeebe user tasks and receive tasks, with the
 * checks Zeebe applies to their extension elements.
 */
import type { ExtractContext } from './extract-context.ts';
import { extractCaughtMessage } from './extract-events.ts';
import {
  CSV_REQUIREMENT,
  DATE_TIME_REQUIREMENT,
  PRIORITY_REQUIREMENT,
  expressionProblems,
  requiredAttributeProblem,
  toExpression,
} from './expressions.ts';
import { extensions, list, str, type ModdleElement } from './moddle.ts';
import type { Expression, FlowNode, JobDefinition, UserTaskDefinition } from './types.ts';

/** Zeebe's Protocol constants for job-based user tasks. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
export const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';
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

/** Zeebe's default when `retries` is absent (ZeebeTaskDefinition.DEFAULT_RETRIES). */
const DEFAULT_RETRIES = '3';

export function extractServiceTask(task: ModdleElement, id: string, ctx: ExtractContext): Pick<FlowNode, 'job'> {
  const definitions = extensions(task, 'zeebe:TaskDefinition');
  const definition = definitions[0];
  if (definitions.length !== 1 || !definition) {
    ctx.problems.add(id, "Must have exactly one 'zeebe:taskDefinition' extension element");
    return {};
  }
  const type = str(definition, 'type');
  const retries = str(definition, 'retries') ?? DEFAULT_RETRIES;
  for (const [value, attribute] of [
    [type, 'type'],
    [retries, 'retries'],
  ] as const) {
    const missing = requiredAttributeProblem(value, attribute);
    if (missing) ctx.problems.add(id, missing);
    else ctx.problems.addAll(id, expressionProblems(value, { mandatory: true }));
  }
  return { job: { type: toExpression(type ?? ''), retries: toExpression(retries), headers: extractHeaders(task, id, ctx) } };
}

/** `zeebe:taskHeaders`, with Zeebe's reserved-key and duplicate-key checks. */
function extractHeaders(task: ModdleElement, id: string, ctx: ExtractContext): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const header of extensions(task, 'zeebe:TaskHeaders').flatMap((container) => list(container, 'values'))) {
    const key = str(header, 'key');
    const value = str(header, 'value');
    if (key?.startsWith(RESERVED_HEADER_PREFIX)) {
      ctx.problems.add(id, `Attribute 'key' contains '${key}', but header keys starting with '${RESERVED_HEADER_PREFIX}' are reserved for internal use.`);
    }
    if (key !== undefined && seen.has(key)) ctx.problems.add(id, `Headers contain duplicate entries for key '${key}'`);
    if (key !== undefined) seen.add(key);
    // Zeebe drops (and logs) headers with an empty key or value instead of rejecting them.
    if (key && value) headers[key] = value;
  }
  return headers;
}

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
  const message = extractCaughtMessage(task, 'messageRef', id, ctx);
  return message ? { message } : {};
}
