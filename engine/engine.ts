import type { Knex } from 'knex';
import {
  EngineRejection,
  type ActivatedJob,
  type ActivateJobsRequest,
  type CompleteJobRequest,
  type CreateInstanceRequest,
  type DeployResource,
  type DeploymentResult,
  type EngineOperations,
  type DecisionEvaluationResult,
  type EvaluateDecisionRequest,
  type FailJobRequest,
  type JsonObject,
  type MigrateInstanceRequest,
  type ModifyInstanceRequest,
  type JobStream,
  type JobStreamRequest,
  type ProcessInstanceCreated,
  type ProcessInstanceResult,
  type PublishMessageRequest,
  type PublishMessageResult,
  type SetVariablesRequest,
  type ThrowErrorRequest,
  type TopologyInfo,
  type UserTaskAssignRequest,
  type UserTaskCompleteRequest,
  type UserTaskUnassignOptions,
  type UserTaskUpdateRequest,
} from './api.ts';
import { SystemClock, type Clock } from './clock/clock.ts';
import { evaluateDecisionCommand } from './commands/decisions.ts';
import { deploy } from './commands/deploy.ts';
import { parseResources } from './commands/parse-resources.ts';
import { resolveIncident } from './commands/incidents.ts';
import { completeJob, expireJobDeadline, failJob, recurAfterBackoff, throwError, updateJobRetries, updateJobTimeout } from './commands/jobs.ts';
import { expireMessage, publishMessage } from './commands/messages.ts';
import { migrateProcessInstance } from './commands/migrate-instance.ts';
import { modifyProcessInstance } from './commands/modify-instance.ts';
import { broadcast, deleteResource } from './commands/resources.ts';
import { cancelProcessInstance, createProcessInstance, setVariables } from './commands/process-instance.ts';
import { triggerTimer } from './commands/timers.ts';
import { assignUserTask, completeUserTask, unassignUserTask, updateUserTask } from './commands/user-tasks.ts';
import { JobDispatcher } from './job-dispatcher.ts';
import { BatchContext } from './processing/context.ts';
import { DueScheduler } from './due-scheduler.ts';
import type { DueItem } from './processing/due-heap.ts';
import { EngineState } from './state/engine-state.ts';
import { flushBatch } from './store/batch-writer.ts';
import { loadState } from './store/state-loader.ts';

interface Command {
  run(ctx: BatchContext): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface ResultWaiter {
  created: ProcessInstanceCreated;
  fetchVariables?: string[];
  resolve(result: ProcessInstanceResult): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

export interface EngineOptions {
  clock?: Clock;
  /** Commands per batch (one transaction). */
  maxBatch?: number;
  /** Long-poll wait when a request gives requestTimeout 0 (Zeebe's gateway default: 10 s). */
  defaultLongPollMs?: number;
  log?: (message: string, error?: unknown) => void;
}

const VERSION = '8.8.0';

/**
 * The embedded engine. Commands queue up and run in batches on one logical thread: every
 * command of a batch sees the state the previous one left, follow-up steps run in order, and
 * the batch's changes and records commit in one transaction before anyone hears an answer.
 */
export class Engine implements EngineOperations {
  private state = new EngineState();
  private readonly queue: Command[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private readonly due: DueScheduler;
  private readonly jobs: JobDispatcher;
  private readonly results = new Map<string, ResultWaiter>();
  /** User task operations waiting for their task listeners, by user task key. */
  private readonly taskWaiters = new Map<string, { resolve(): void; reject(error: unknown): void }>();
  private closed = false;
  readonly clock: Clock;
  private readonly maxBatch: number;
  private readonly defaultLongPollMs: number;
  private readonly log: (message: string, error?: unknown) => void;
  private commandsProcessed = 0;
  private batchesCommitted = 0;
  private processingMs = 0;
  private flushingMs = 0;

  private constructor(
    private readonly knex: Knex,
    options: EngineOptions,
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.due = new DueScheduler(this.clock, (items) => this.runDue(items));
    this.maxBatch = options.maxBatch ?? 2000;
    this.defaultLongPollMs = options.defaultLongPollMs ?? 10_000;
    this.jobs = new JobDispatcher((run) => this.submit(run), (type) => this.state.hasActivatable(type), this.defaultLongPollMs);
    this.log = options.log ?? ((m, e) => console.error(`[engine] ${m}`, e ?? ''));
  }

  /** Loads the committed state and resumes: overdue timers fire, jobs are activatable again. */
  static async start(knex: Knex, options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(knex, options);
    await engine.reload();
    return engine;
  }

  private async reload(): Promise<void> {
    const state = new EngineState();
    await loadState(this.knex, state);
    this.state = state;
    this.due.reset(state);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.due.close();
    this.jobs.releaseAll();
    for (const r of this.results.values()) {
      clearTimeout(r.timer);
      r.reject(new EngineRejection('UNAVAILABLE', 'the engine is shutting down'));
    }
    this.results.clear();
    this.rejectTaskWaiters();
    await this.whenQuiet();
  }

  private rejectTaskWaiters(): void {
    for (const waiter of this.taskWaiters.values()) waiter.reject(new EngineRejection('UNAVAILABLE', 'the engine is shutting down'));
    this.taskWaiters.clear();
  }

  // --- the batch loop

  /** Queues a command; resolves with its result once its batch has committed. */
  submit<T>(run: (ctx: BatchContext) => T): Promise<T> {
    if (this.closed) return Promise.reject(new EngineRejection('UNAVAILABLE', 'the engine is shutting down'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      const startedAt = performance.now();
      const ctx = new BatchContext(this.state, this.clock.now());
      const outcomes: Array<{ cmd: Command; ok: boolean; value: unknown }> = [];
      let fatal: unknown;
      for (const cmd of batch) {
        try {
          const value = cmd.run(ctx);
          ctx.drain();
          outcomes.push({ cmd, ok: true, value });
        } catch (err) {
          if (err instanceof EngineRejection) {
            outcomes.push({ cmd, ok: false, value: err });
          } else {
            fatal = err;
            break;
          }
        }
      }
      if (fatal === undefined) {
        try {
          // Jobs created in this batch go straight to workers already waiting for them.
          this.jobs.serveReady(ctx);
          const flushAt = performance.now();
          this.processingMs += flushAt - startedAt;
          await flushBatch(this.knex, this.state, ctx.records, ctx.deployments);
          this.flushingMs += performance.now() - flushAt;
        } catch (err) {
          fatal = err;
        }
      }
      if (fatal !== undefined) {
        await this.recover(batch, fatal);
        continue;
      }
      this.commandsProcessed += batch.length;
      this.batchesCommitted++;
      for (const o of outcomes) (o.ok ? o.cmd.resolve : o.cmd.reject)(o.value);
      this.afterCommit(ctx);
    }
    this.running = false;
    const idle = this.idleWaiters;
    this.idleWaiters = [];
    for (const fn of idle) fn();
  }

  /** A bug or a failed commit: nothing of the batch happened. Reload the committed state. */
  private async recover(batch: Command[], error: unknown): Promise<void> {
    this.log('batch failed; reloading committed state', error);
    const message = error instanceof Error ? error.message : String(error);
    for (const cmd of batch) cmd.reject(new EngineRejection('UNAVAILABLE', `the engine could not process the command: ${message}`));
    try {
      await this.reload();
    } catch (err) {
      this.log('reloading state failed', err);
    }
  }

  private afterCommit(ctx: BatchContext): void {
    for (const fn of ctx.afterCommit) fn();
    this.due.watch(ctx.due);
    for (const [key, variables] of ctx.instanceResults) this.resolveResult(key, variables);
    for (const outcome of ctx.userTaskOutcomes) {
      const waiter = this.taskWaiters.get(outcome.userTaskKey);
      if (!waiter) continue;
      this.taskWaiters.delete(outcome.userTaskKey);
      if (outcome.error) waiter.reject(outcome.error);
      else waiter.resolve();
    }
    for (const ended of ctx.endedInstances) {
      if (ended.state === 'TERMINATED') this.rejectResult(ended.key);
    }
  }

  /** Due work (timers, job deadlines, back-offs, message TTLs) runs as one command, in due order. */
  private runDue(items: DueItem[]): void {
    void this.submit((ctx) => {
      for (const item of items) {
        if (item.kind === 'timer') triggerTimer(ctx, item.key);
        else if (item.kind === 'job-deadline') expireJobDeadline(ctx, item.key);
        else if (item.kind === 'job-backoff') recurAfterBackoff(ctx, item.key);
        else expireMessage(ctx, item.key);
        ctx.drain();
      }
    }).catch((err: unknown) => this.log('due work failed', err));
  }

  // --- waiting for the engine (tests)

  private whenQuiet(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once the engine has nothing runnable: no queued command, no batch in flight, and
   * nothing due at the current clock reading. Workers outside the engine are not waited for.
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      await this.whenQuiet();
      await new Promise((r) => setImmediate(r));
      if (!this.running && this.queue.length === 0 && !this.due.hasDueNow()) return;
      this.due.fireIfDue();
    }
  }

  status(): Record<string, unknown> {
    return {
      status: this.closed ? 'down' : 'up',
      processDefinitions: this.state.definitions.size,
      elementInstances: this.state.elements.size,
      jobs: this.state.jobs.size,
      incidents: this.state.incidents.size,
      timers: this.state.timers.size,
      commandsProcessed: this.commandsProcessed,
      batchesCommitted: this.batchesCommitted,
      processingMs: Math.round(this.processingMs),
      flushingMs: Math.round(this.flushingMs),
    };
  }

  /** Read-only view of the live state, for in-process tests and the REST API. */
  get view(): EngineState {
    return this.state;
  }

  // --- operations

  topology(): TopologyInfo {
    return {
      brokers: [{ nodeId: 0, host: 'localhost', port: 26501, partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }], version: VERSION }],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: VERSION,
    };
  }

  async deployResources(resources: DeployResource[]): Promise<DeploymentResult> {
    const parsed = await parseResources(resources);
    return this.submit((ctx) => deploy(ctx, parsed));
  }

  createProcessInstance(request: CreateInstanceRequest): Promise<ProcessInstanceCreated> {
    return this.submit((ctx) => createProcessInstance(ctx, request));
  }

  createProcessInstanceWithResult(
    request: CreateInstanceRequest,
    options: { requestTimeout?: number; fetchVariables?: string[] },
  ): Promise<ProcessInstanceResult> {
    return new Promise<ProcessInstanceResult>((resolve, reject) => {
      this.submit((ctx) => {
        const created = createProcessInstance(ctx, request, true);
        const timeoutMs = options.requestTimeout && options.requestTimeout > 0 ? options.requestTimeout : this.defaultLongPollMs;
        const timer = setTimeout(() => {
          this.results.delete(created.processInstanceKey);
          reject(new EngineRejection('DEADLINE_EXCEEDED', `Expected the process instance '${created.processInstanceKey}' to complete within ${timeoutMs} ms, but it did not`));
        }, timeoutMs);
        timer.unref?.();
        this.results.set(created.processInstanceKey, { created, fetchVariables: options.fetchVariables, resolve, reject, timer });
        return created;
      }).catch(reject);
    });
  }

  private resolveResult(key: string, variables: Record<string, unknown>): void {
    const waiter = this.results.get(key);
    if (!waiter) return;
    this.results.delete(key);
    clearTimeout(waiter.timer);
    const names = waiter.fetchVariables;
    const picked = names?.length ? Object.fromEntries(names.filter((n) => n in variables).map((n) => [n, variables[n]])) : variables;
    waiter.resolve({ ...waiter.created, variables: picked });
  }

  private rejectResult(key: string): void {
    const waiter = this.results.get(key);
    if (!waiter) return;
    this.results.delete(key);
    clearTimeout(waiter.timer);
    waiter.reject(new EngineRejection('FAILED_PRECONDITION', `Process instance '${key}' was terminated before it completed`));
  }

  cancelProcessInstance(processInstanceKey: string): Promise<void> {
    return this.submit((ctx) => cancelProcessInstance(ctx, processInstanceKey));
  }

  activateJobs(request: ActivateJobsRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    return this.jobs.activate(request, signal);
  }

  streamJobs(request: JobStreamRequest, push: (job: ActivatedJob) => void): JobStream {
    return this.jobs.stream(request, push);
  }

  completeJob(request: CompleteJobRequest): Promise<void> {
    return this.submit((ctx) => completeJob(ctx, request));
  }

  failJob(request: FailJobRequest): Promise<void> {
    return this.submit((ctx) => failJob(ctx, request));
  }

  throwError(request: ThrowErrorRequest): Promise<void> {
    return this.submit((ctx) => throwError(ctx, request));
  }

  updateJobRetries(jobKey: string, retries: number): Promise<void> {
    return this.submit((ctx) => updateJobRetries(ctx, jobKey, retries));
  }

  updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    return this.submit((ctx) => updateJobTimeout(ctx, jobKey, timeoutMs));
  }

  publishMessage(request: PublishMessageRequest): Promise<PublishMessageResult> {
    return this.submit((ctx) => publishMessage(ctx, request));
  }

  async setVariables(request: SetVariablesRequest): Promise<{ key: string }> {
    const key = await this.submit((ctx) => setVariables(ctx, request.elementInstanceKey, request.variables, request.local ?? false));
    return { key };
  }

  resolveIncident(incidentKey: string): Promise<void> {
    return this.submit((ctx) => resolveIncident(ctx, incidentKey));
  }

  /**
   * A user task operation: resolves when the transition took effect, at once or, with task
   * listeners, after the last one's job completed; rejects when a listener denies it.
   */
  private userTaskTransition(run: (ctx: BatchContext) => string | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.submit((ctx) => {
        const waitingFor = run(ctx);
        if (waitingFor) this.taskWaiters.set(waitingFor, { resolve, reject });
        return waitingFor;
      }).then((waitingFor) => {
        if (!waitingFor) resolve();
      }, reject);
    });
  }

  assignUserTask(request: UserTaskAssignRequest): Promise<void> {
    return this.userTaskTransition((ctx) => assignUserTask(ctx, request));
  }

  unassignUserTask(userTaskKey: string, options?: UserTaskUnassignOptions): Promise<void> {
    return this.userTaskTransition((ctx) => unassignUserTask(ctx, userTaskKey, options));
  }

  completeUserTask(request: UserTaskCompleteRequest): Promise<void> {
    return this.userTaskTransition((ctx) => completeUserTask(ctx, request));
  }

  updateUserTask(request: UserTaskUpdateRequest): Promise<void> {
    return this.userTaskTransition((ctx) => updateUserTask(ctx, request));
  }

  async broadcastSignal(signalName: string, variables: JsonObject = {}): Promise<{ key: string; tenantId: string }> {
    const key = await this.submit((ctx) => broadcast(ctx, signalName, variables));
    return { key, tenantId: '<default>' };
  }

  modifyProcessInstance(request: ModifyInstanceRequest): Promise<void> {
    return this.submit((ctx) => modifyProcessInstance(ctx, request));
  }

  migrateProcessInstance(request: MigrateInstanceRequest): Promise<void> {
    return this.submit((ctx) => migrateProcessInstance(ctx, request));
  }

  deleteResource(resourceKey: string): Promise<void> {
    return this.submit((ctx) => deleteResource(ctx, resourceKey));
  }

  evaluateDecision(request: EvaluateDecisionRequest): Promise<DecisionEvaluationResult> {
    return this.submit((ctx) => evaluateDecisionCommand(ctx, request));
  }
}
