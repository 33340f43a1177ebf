import { EngineRejection, type ActivatedJob, type ActivateJobsRequest, type CompleteJobRequest, type FailJobRequest, type ThrowErrorRequest } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { deliverToCatch, findCatch, uncaughtErrorMessage } from '../processing/catch-events.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { makeActivatable, recordJob } from '../processing/jobs.ts';
import { completeElement, runActivation, runCompletion } from '../processing/lifecycle.ts';
import { completeTaskListenerJob } from '../processing/task-listeners.ts';
import { mergeDocument, mergeLocal, visibleVariables } from '../processing/variables.ts';
import type { ElementInstance, Job } from '../state/types.ts';

export function activateJobs(ctx: BatchContext, request: Pick<ActivateJobsRequest, 'type' | 'worker' | 'timeout' | 'maxJobsToActivate' | 'fetchVariable'>): ActivatedJob[] {
  const { state } = ctx;
  const activated: ActivatedJob[] = [];
  const keys: string[] = [];
  for (const key of [...takeFirst(state.activatableJobs(request.type), request.maxJobsToActivate)]) {
    const job = state.jobs.get(key)!;
    job.state = 'ACTIVATED';
    job.worker = request.worker;
    job.deadline = ctx.now + request.timeout;
    state.putJob(job);
    ctx.watch(job.deadline, 'job-deadline', job.key);
    keys.push(job.key);
    activated.push({
      key: job.key,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      processDefinitionVersion: job.version,
      processDefinitionKey: job.processDefinitionKey,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      customHeaders: job.customHeaders,
      worker: job.worker,
      retries: job.retries,
      deadline: job.deadline,
      variables: visibleVariables(state, job.elementInstanceKey, request.fetchVariable),
      tenantId: '<default>',
    });
  }
  if (keys.length) {
    ctx.record({ key: state.nextKey(), valueType: 'JOB_BATCH', intent: 'ACTIVATED', value: { type: request.type, worker: request.worker, timeout: request.timeout, maxJobsToActivate: request.maxJobsToActivate, jobKeys: keys, tenantIds: ['<default>'] } });
  }
  return activated;
}

function* takeFirst(keys: Iterable<string>, n: number): Generator<string> {
  if (n <= 0) return;
  let i = 0;
  for (const key of keys) {
    yield key;
    if (++i >= n) return;
  }
}

function requireJob(ctx: BatchContext, jobKey: string, action: string): Job {
  const job = ctx.state.jobs.get(jobKey);
  if (!job) throw new EngineRejection('NOT_FOUND', `Expected to ${action} job with key '${jobKey}', but no such job was found`);
  return job;
}

export function completeJob(ctx: BatchContext, request: CompleteJobRequest): void {
  const job = requireJob(ctx, request.jobKey, 'complete');
  if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to complete job with key '${job.key}', but it is in state '${job.state}'`);
  }
  const instance = ctx.state.elements.get(job.elementInstanceKey);
  const waitingState = job.listener
    ? job.listener.eventType === 'start'
      ? 'ACTIVATING'
      : 'COMPLETING'
    : job.taskListener?.eventType === 'canceling'
      ? 'TERMINATING'
      : 'ACTIVATED';
  if (!instance || instance.state !== waitingState) {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to complete job with key '${job.key}', but its element instance is not active`);
  }
  if (job.taskListener) {
    // Checks the job's result before anything changes, then continues the user task's transition.
    completeTaskListenerJob(ctx, instance, job, request);
    return;
  }
  ctx.state.removeJob(job.key);
  if (job.listener) {
    completeListenerJob(ctx, instance, job, request.variables ?? {});
    return;
  }
  recordJob(ctx, job, 'COMPLETED', { variables: request.variables ?? {} });
  instance.jobKey = undefined;
  completeElement(ctx, instance, request.variables ?? {});
}

/**
 * A listener's job completed: its variables land on the element (start: local, end: they
 * propagate like the element's own), and the element goes on with the next listener or its work.
 */
function completeListenerJob(ctx: BatchContext, instance: ElementInstance, job: Job, variables: Record<string, unknown>): void {
  recordJob(ctx, job, 'COMPLETED', { variables });
  instance.jobKey = undefined;
  instance.listenerIndex = job.listener!.index + 1;
  ctx.state.putElement(instance);
  if (job.listener!.eventType === 'start') {
    mergeLocal(ctx, instance, variables);
    ctx.enqueue(() => runActivation(ctx, instance.key));
  } else {
    mergeDocument(ctx, instance, variables);
    ctx.enqueue(() => runCompletion(ctx, instance.key));
  }
}

export function failJob(ctx: BatchContext, request: FailJobRequest): void {
  const job = requireJob(ctx, request.jobKey, 'fail');
  if (job.state !== 'ACTIVATED') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to fail activated job with key '${job.key}', but it is in state '${job.state}'`);
  }
  job.retries = request.retries;
  job.errorMessage = request.errorMessage ?? '';
  const backOff = Math.max(0, request.retryBackOff ?? 0);
  const instance = ctx.state.elements.get(job.elementInstanceKey);
  // Zeebe sets the variables of a failed job as local variables of the task.
  if (instance && request.variables && Object.keys(request.variables).length) mergeLocal(ctx, instance, request.variables);
  if (job.retries > 0 && backOff === 0) {
    makeActivatable(ctx, job);
    recordJob(ctx, job, 'FAILED', { retryBackoff: 0 });
    return;
  }
  job.state = 'FAILED';
  job.worker = '';
  job.deadline = -1;
  if (job.retries > 0) {
    job.recurAt = ctx.now + backOff;
    ctx.state.putJob(job);
    ctx.watch(job.recurAt, 'job-backoff', job.key);
    recordJob(ctx, job, 'FAILED', { retryBackoff: backOff, recurringTime: job.recurAt });
    return;
  }
  ctx.state.putJob(job);
  recordJob(ctx, job, 'FAILED', { retryBackoff: backOff });
  const type = job.listener ? 'EXECUTION_LISTENER_NO_RETRIES' : job.taskListener ? 'TASK_LISTENER_NO_RETRIES' : 'JOB_NO_RETRIES';
  if (instance) raiseElementIncident(ctx, instance, type, job.errorMessage || 'No more retries left.', job);
}

export function throwError(ctx: BatchContext, request: ThrowErrorRequest): void {
  const job = requireJob(ctx, request.jobKey, 'throw an error for');
  if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to throw an error for job with key '${job.key}', but it is in state '${job.state}'`);
  }
  if (!request.errorCode) throw new EngineRejection('INVALID_ARGUMENT', `Expected to throw an error for job with key '${job.key}', but the error code is empty`);
  if (job.taskListener) {
    // Zeebe 8.8 docs: task listeners cannot throw BPMN errors (worded like JobThrowErrorProcessor's listener rejection).
    throw new EngineRejection('FAILED_PRECONDITION', `Cannot throw BPMN error from TASK_LISTENER job with key '${job.key}', type '${job.type}' and processInstanceKey '${job.processInstanceKey}'`);
  }
  const instance = ctx.state.elements.get(job.elementInstanceKey);
  if (!instance) throw new EngineRejection('FAILED_PRECONDITION', `Expected to throw an error for job with key '${job.key}', but its element instance is not active`);
  job.errorCode = request.errorCode;
  job.errorMessage = request.errorMessage ?? '';
  const found = findCatch(ctx, instance, 'error', request.errorCode);
  if (found) {
    ctx.state.removeJob(job.key);
    instance.jobKey = undefined;
    recordJob(ctx, job, 'ERROR_THROWN', { variables: request.variables ?? {} });
    // Zeebe: a thrown error's variables are local to the catch event; only its output mappings pass them on.
    deliverToCatch(ctx, found, request.variables, { local: true });
    return;
  }
  job.state = 'ERROR_THROWN';
  job.worker = '';
  job.deadline = -1;
  ctx.state.putJob(job);
  recordJob(ctx, job, 'ERROR_THROWN', { variables: request.variables ?? {} });
  raiseElementIncident(ctx, instance, 'UNHANDLED_ERROR_EVENT', uncaughtErrorMessage(ctx, instance, request.errorCode, job.errorMessage), job);
}

export function updateJobRetries(ctx: BatchContext, jobKey: string, retries: number): void {
  const job = requireJob(ctx, jobKey, 'update');
  if (!Number.isInteger(retries) || retries < 1) {
    throw new EngineRejection('INVALID_ARGUMENT', `Expected to update retries for job with key '${jobKey}' with a positive amount of retries, but the amount given was '${retries}'`);
  }
  job.retries = retries;
  ctx.state.putJob(job);
  recordJob(ctx, job, 'RETRIES_UPDATED');
}

export function updateJobTimeout(ctx: BatchContext, jobKey: string, timeoutMs: number): void {
  const job = requireJob(ctx, jobKey, 'update the timeout of');
  if (job.state !== 'ACTIVATED') {
    throw new EngineRejection('FAILED_PRECONDITION', `Expected to update the timeout of job with key '${jobKey}', but it is not active`);
  }
  job.deadline = ctx.now + timeoutMs;
  ctx.state.putJob(job);
  ctx.watch(job.deadline, 'job-deadline', job.key);
  recordJob(ctx, job, 'TIMEOUT_UPDATED');
}

/** The worker ran out of time: the job goes back to the queue (at-least-once). */
export function expireJobDeadline(ctx: BatchContext, jobKey: string): void {
  const job = ctx.state.jobs.get(jobKey);
  if (!job || job.state !== 'ACTIVATED' || job.deadline > ctx.now) return;
  recordJob(ctx, job, 'TIMED_OUT');
  makeActivatable(ctx, job);
}

export function recurAfterBackoff(ctx: BatchContext, jobKey: string): void {
  const job = ctx.state.jobs.get(jobKey);
  if (!job || job.state !== 'FAILED' || job.retries <= 0 || job.recurAt > ctx.now) return;
  makeActivatable(ctx, job);
  recordJob(ctx, job, 'RECURRED_AFTER_BACKOFF');
}
