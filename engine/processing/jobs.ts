import type { JobDefinition } from '../model/types.ts';
import type { ElementInstance, Job } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { evaluateToInteger, evaluateToString, type Evaluated } from './expressions.ts';
import { scopeLookup } from './variables.ts';

export interface JobSpec {
  type: string;
  retries: number;
  headers: Record<string, string>;
}

/** Evaluates type and retries before the element activates (Zeebe: failure = incident). */
export function evaluateJobSpec(ctx: BatchContext, instance: ElementInstance, def: JobDefinition): Evaluated<JobSpec> {
  const lookup = scopeLookup(ctx.state, instance.key);
  const type = evaluateToString(def.type, lookup);
  if (!type.ok) return type;
  if (!type.value) {
    // Zeebe's BpmnJobBehavior.evalTypeExp wording.
    const text = def.type.kind === 'feel' ? def.type.source : def.type.value;
    return { ok: false, message: `Expected result of the expression '${text}' to be a not-empty string, but was an empty string.` };
  }
  const retries = evaluateToInteger(def.retries, lookup);
  if (!retries.ok) return retries;
  return { ok: true, value: { type: type.value, retries: retries.value, headers: def.headers } };
}

export function createJob(ctx: BatchContext, instance: ElementInstance, spec: JobSpec, listener?: Job['listener'], taskListener?: Job['taskListener']): Job {
  const job: Job = {
    key: ctx.state.nextKey(),
    type: spec.type,
    state: 'ACTIVATABLE',
    retries: spec.retries,
    worker: '',
    deadline: -1,
    recurAt: -1,
    errorMessage: '',
    customHeaders: spec.headers,
    elementInstanceKey: instance.key,
    processInstanceKey: instance.processInstanceKey,
    processDefinitionKey: instance.processDefinitionKey,
    bpmnProcessId: instance.bpmnProcessId,
    version: instance.version,
    elementId: instance.elementId,
    listener,
    taskListener,
  };
  ctx.state.putJob(job);
  instance.jobKey = job.key;
  ctx.state.putElement(instance);
  ctx.jobTypesReady.add(job.type);
  recordJob(ctx, job, 'CREATED');
  return job;
}

/** The element went away: its job goes too. */
export function cancelJob(ctx: BatchContext, instance: ElementInstance): void {
  const job = instance.jobKey ? ctx.state.jobs.get(instance.jobKey) : undefined;
  if (!job) return;
  ctx.state.removeJob(job.key);
  recordJob(ctx, job, 'CANCELED');
}

export type JobIntent =
  | 'CREATED'
  | 'COMPLETED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'RETRIES_UPDATED'
  | 'ERROR_THROWN'
  | 'CANCELED'
  | 'RECURRED_AFTER_BACKOFF'
  | 'TIMEOUT_UPDATED'
  | 'MIGRATED';

export function recordJob(ctx: BatchContext, job: Job, intent: JobIntent, extra: Record<string, unknown> = {}): void {
  ctx.record({
    key: job.key,
    valueType: 'JOB',
    intent,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    value: {
      type: job.type,
      worker: job.worker,
      retries: job.retries,
      deadline: job.deadline,
      errorMessage: job.errorMessage,
      errorCode: job.errorCode ?? '',
      customHeaders: job.customHeaders,
      elementInstanceKey: job.elementInstanceKey,
      processDefinitionVersion: job.version,
      processDefinitionKey: job.processDefinitionKey,
      jobKind: job.listener ? 'EXECUTION_LISTENER' : job.taskListener ? 'TASK_LISTENER' : 'BPMN_ELEMENT',
      jobListenerEventType: (job.listener ?? job.taskListener)?.eventType.toUpperCase() ?? 'UNSPECIFIED',
      ...extra,
    },
  });
}

/** Back in the queue: activatable again, long polls for its type get woken. */
export function makeActivatable(ctx: BatchContext, job: Job): void {
  job.state = 'ACTIVATABLE';
  job.worker = '';
  job.deadline = -1;
  job.recurAt = -1;
  ctx.state.putJob(job);
  ctx.jobTypesReady.add(job.type);
}
