/**
 * What a case script talks to. Every step goes through @camunda8/sdk against the target and
 * appends what it observed to the trace; names from the model (process ids, job types,
 * message names) are given plain and made unique here. A step that cannot go on (an expected
 * job never comes) aborts the case; a rejected command is an observation, not an abort.
 */
import { CaseAbort, OBSERVE_WAIT_MS } from './case.ts';
import { activateJobs } from './activation.ts';
import { readModel, tokenized, uniquifyModel } from './models.ts';
import { endOf, nextIncident, type Incident } from './observe.ts';
import type { Target, ZeebeClient } from './target.ts';
import { normalize, tracedError, type Json, type TraceEntry } from './trace.ts';

export type Variables = Record<string, unknown>;
/** The SDK's JSONDoc type allows no `null` values, though JSON documents (and Zeebe) do. */
const doc = (variables: Variables) => variables as never;

export interface Instance {
  key: string;
}

export interface Job {
  key: string;
  type: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  retries: number;
  variables: Variables;
}

export interface PendingResult {
  readonly outcome: Promise<{ variables: Variables } | { error: unknown }>;
}

export class CaseContext {
  readonly entries: TraceEntry[] = [];
  readonly client: ZeebeClient;
  readonly incidentsSeen = new Set<string>();
  private readonly masked = new Set<string>();

  constructor(
    readonly target: Target,
    readonly token: string,
  ) {
    this.client = target.client();
  }

  /** A name made unique for this case run (for FEEL-built job types, correlation keys…). */
  u(name: string): string {
    return tokenized(name, this.token);
  }

  /** The target's time: use it for timer dates, never Date.now(). */
  now(): number {
    return this.target.now();
  }

  /** Variables whose values differ by nature (timestamps): traced as "<masked>". */
  mask(...names: string[]): void {
    for (const name of names) this.masked.add(name);
  }

  record(step: string, fields: Record<string, unknown> = {}): void {
    const entry: TraceEntry = { step };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) entry[k] = this.json(v);
    this.entries.push(entry);
  }

  json(value: unknown): Json {
    return normalize(value, this.token);
  }

  vars(variables: Variables): Variables {
    return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, this.masked.has(k) ? '<masked>' : v]));
  }

  /** Runs a command and traces `step` with its gRPC failure, if any. */
  async command(step: string, fields: Record<string, unknown>, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      this.record(step, fields);
      return true;
    } catch (error) {
      this.record(step, { ...fields, error: tracedError(error) });
      return false;
    }
  }

  // ---- deployment and instances -------------------------------------------------------

  async deploy(...files: string[]): Promise<void> {
    for (const file of files) await this.deployXml(file, readModel(file));
  }

  async deployXml(name: string, xml: string): Promise<void> {
    try {
      const res = await this.client.deployResource({ name, process: Buffer.from(uniquifyModel(xml, this.token)) });
      const processes = res.deployments.flatMap((d) => ('process' in d ? [d.process] : []));
      this.record('deploy', { resource: name, processes: processes.map((p) => ({ id: p.bpmnProcessId, version: p.version })) });
    } catch (error) {
      this.record('deploy', { resource: name, error: tracedError(error) });
    }
  }

  async start(processId: string, variables: Variables = {}): Promise<Instance> {
    try {
      const res = await this.client.createProcessInstance({ bpmnProcessId: this.u(processId), variables: doc(variables) });
      this.record('start', { process: processId, version: res.version });
      return { key: res.processInstanceKey };
    } catch (error) {
      this.record('start', { process: processId, error: tracedError(error) });
      throw new CaseAbort(`could not start ${processId}`);
    }
  }

  /** Starts with CreateProcessInstanceWithResult; `result` later traces what came back. */
  startWithResult(processId: string, variables: Variables = {}, fetchVariables?: string[]): PendingResult {
    const call = this.client.createProcessInstanceWithResult({
      bpmnProcessId: this.u(processId),
      variables: doc(variables),
      fetchVariables,
      requestTimeout: 30_000,
    });
    return { outcome: call.then((r) => ({ variables: r.variables as Variables }), (error: unknown) => ({ error })) };
  }

  async result(pending: PendingResult): Promise<void> {
    const outcome = await pending.outcome;
    if ('error' in outcome) this.record('result', { error: tracedError(outcome.error) });
    else this.record('result', { variables: this.vars(outcome.variables) });
  }

  cancel(instance: Instance): Promise<boolean> {
    return this.command('cancel', {}, () => this.client.cancelProcessInstance(instance.key));
  }

  /** Sets variables on the instance (scope "process") or on a job's element. */
  setVariables(scope: Instance | Job, variables: Variables, local = false): Promise<boolean> {
    const key = 'elementInstanceKey' in scope ? scope.elementInstanceKey : scope.key;
    const label = 'elementId' in scope ? scope.elementId : 'process';
    return this.command('setVariables', { scope: label, local }, () =>
      this.client.setVariables({ elementInstanceKey: key, variables: doc(variables), local }),
    );
  }

  // ---- jobs ---------------------------------------------------------------------------

  /** Activates one job of `type` (waiting up to `waitMs` for it) and traces what the worker saw. */
  async activate(type: string, options: { fetch?: string[]; timeoutMs?: number; waitMs?: number } = {}): Promise<Job> {
    const [job] = await activateJobs(this, type, options.waitMs ?? OBSERVE_WAIT_MS, options);
    if (!job) {
      this.record('activate', { type, none: true });
      throw new CaseAbort(`no job of type ${type} was activatable`);
    }
    return job;
  }

  /** Asserts, by observation, that no job of `type` becomes activatable within `waitMs`. */
  async noJob(type: string, waitMs = 1000): Promise<void> {
    const jobs = await activateJobs(this, type, waitMs, { traced: false });
    this.record('noJob', { type, activated: jobs.map((j) => j.elementId) });
  }

  complete(job: Job, variables: Variables = {}): Promise<boolean> {
    return this.command('complete', { elementId: job.elementId }, () =>
      this.client.completeJob({ jobKey: job.key, variables: doc(variables) }),
    );
  }

  fail(job: Job, options: { retries: number; errorMessage?: string; backoffMs?: number; variables?: Variables }): Promise<boolean> {
    const { retries, errorMessage = 'failed by the conformance suite', backoffMs = 0, variables } = options;
    return this.command('fail', { elementId: job.elementId, retries, backoffMs }, () =>
      this.client.failJob({ jobKey: job.key, retries, errorMessage, retryBackOff: backoffMs, variables: variables && doc(variables) }),
    );
  }

  throwError(job: Job, errorCode: string, options: { errorMessage?: string; variables?: Variables } = {}): Promise<boolean> {
    return this.command('throwError', { elementId: job.elementId, errorCode }, () =>
      this.client.throwError({ jobKey: job.key, errorCode, errorMessage: options.errorMessage, variables: options.variables && doc(options.variables) }),
    );
  }

  updateRetries(job: Job, retries: number): Promise<boolean> {
    return this.command('updateRetries', { elementId: job.elementId, retries }, () =>
      this.client.updateJobRetries({ jobKey: job.key, retries }),
    );
  }

  // ---- messages, incidents, time, ends ------------------------------------------------

  publish(name: string, correlationKey: string, options: { ttlMs?: number; variables?: Variables; messageId?: string } = {}): Promise<boolean> {
    const { ttlMs = 0, variables = {}, messageId } = options;
    return this.command('publish', { name, correlationKey, ttlMs, messageId }, () =>
      this.client.publishMessage({ name: this.u(name), correlationKey, timeToLive: ttlMs, variables: doc(variables), messageId }),
    );
  }

  /**
   * The next incident raised in this case (from the record stream). None within `waitMs`
   * aborts the case, unless `optional` (where the engines are known to disagree).
   */
  incident(options: { optional?: boolean; waitMs?: number } = {}): Promise<Incident | undefined> {
    return nextIncident(this, options.waitMs ?? OBSERVE_WAIT_MS, options.optional ?? false);
  }

  /** Resolves an incident that `incident` returned; traces "none" when there was none to resolve. */
  async resolve(incident: Incident | undefined): Promise<boolean> {
    if (!incident) {
      this.record('resolve', { none: true });
      return false;
    }
    return this.command('resolve', { elementId: incident.elementId }, () => this.client.resolveIncident({ incidentKey: incident.key }));
  }

  /** Lets time pass on the target: the virtual clock moves on Baton; a real broker is waited for. */
  async elapse(ms: number): Promise<void> {
    this.record('elapse', { ms });
    await this.target.elapse(ms);
  }

  /** Waits for the instance to end and traces how: state, elements completed/terminated, variables. */
  ended(instance: Instance): Promise<void> {
    return endOf(this, instance);
  }
}
