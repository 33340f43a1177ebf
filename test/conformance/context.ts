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
  /** What the worker saw, as `activate` traces it. */
  seen: Record<string, unknown>;
}

/** Definition keys of a deployment, by the ids in the model (without the run token). */
export interface Deployed {
  processes: Record<string, string>;
  decisionRequirements: Record<string, string>;
}

/** A ModifyProcessInstance activate instruction; `variables` maps a scope element id ('' = global) to variables. */
export interface ActivateInstruction {
  elementId: string;
  variables?: Array<{ scopeId: string; variables: Variables }>;
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

  async deploy(...files: string[]): Promise<Deployed> {
    const deployed: Deployed = { processes: {}, decisionRequirements: {} };
    for (const file of files) {
      const one = await this.deployXml(file, readModel(file));
      Object.assign(deployed.processes, one.processes);
      Object.assign(deployed.decisionRequirements, one.decisionRequirements);
    }
    return deployed;
  }

  /** Deploys one resource (BPMN or DMN, told apart by Zeebe from `name`) and traces what it defined. */
  async deployXml(name: string, xml: string): Promise<Deployed> {
    const deployed: Deployed = { processes: {}, decisionRequirements: {} };
    const plain = (id: string) => String(this.json(id));
    try {
      const res = await this.client.deployResource({ name, process: Buffer.from(uniquifyModel(xml, this.token)) });
      // Every entry carries all of the oneof's fields; only the one that is set is defined.
      const items = res.deployments as unknown as Array<Record<string, Record<string, unknown> | undefined>>;
      const of = (kind: string) => items.flatMap((d) => (d[kind] ? [d[kind]] : []));
      const processes = of('process');
      const decisions = of('decision');
      const drgs = of('decisionRequirements');
      for (const p of processes) deployed.processes[plain(String(p.bpmnProcessId))] = String(p.processDefinitionKey);
      for (const d of drgs) deployed.decisionRequirements[plain(String(d.dmnDecisionRequirementsId))] = String(d.decisionRequirementsKey);
      this.record('deploy', {
        resource: name,
        processes: processes.map((p) => ({ id: p.bpmnProcessId, version: p.version })),
        // Zeebe lists a DRG's decisions in no particular order.
        decisions: decisions.length
          ? decisions
              .map((d) => ({ id: d.dmnDecisionId, name: d.dmnDecisionName, version: d.version, drg: d.dmnDecisionRequirementsId }))
              .sort((a, b) => String(this.json(a.id)).localeCompare(String(this.json(b.id))))
          : undefined,
        decisionRequirements: drgs.length ? drgs.map((d) => ({ id: d.dmnDecisionRequirementsId, name: d.dmnDecisionRequirementsName, version: d.version })) : undefined,
      });
    } catch (error) {
      this.record('deploy', { resource: name, error: tracedError(error) });
    }
    return deployed;
  }

  /** DeleteResource by key; `label` names the resource in the trace. */
  deleteResource(resourceKey: string | undefined, label: string): Promise<boolean> {
    return this.command('deleteResource', { resource: label }, () => this.client.deleteResource({ resourceKey: resourceKey ?? '0' }));
  }

  async start(processId: string, variables: Variables = {}, options: { version?: number } = {}): Promise<Instance> {
    const instance = await this.tryStart(processId, variables, options);
    if (!instance) throw new CaseAbort(`could not start ${processId}`);
    return instance;
  }

  /** Like `start`, but a rejection is only traced (for cases that expect one). */
  async tryStart(processId: string, variables: Variables = {}, options: { version?: number } = {}): Promise<Instance | undefined> {
    try {
      const res = await this.client.createProcessInstance({ bpmnProcessId: this.u(processId), variables: doc(variables), version: options.version });
      this.record('start', { process: processId, version: res.version });
      return { key: res.processInstanceKey };
    } catch (error) {
      this.record('start', { process: processId, requestedVersion: options.version, error: tracedError(error) });
      return undefined;
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

  /**
   * Waits until `expected` instances of the process have started (by a message, a signal, a
   * timer, a call activity…), traces how many there are, and returns them in start order.
   */
  async instances(processId: string, expected: number, waitMs = OBSERVE_WAIT_MS): Promise<Instance[]> {
    const feed = this.target.feed;
    if (!feed) {
      this.record('instances', { process: processId, unobservable: true });
      return [];
    }
    const id = this.u(processId);
    const started = () =>
      feed.all().filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_ACTIVATED' && r.bpmnElementType === 'PROCESS' && r.bpmnProcessId === id);
    await feed.waitFor(() => started().length >= expected, waitMs);
    const found = started().map((r) => ({ key: r.key }));
    this.record('instances', { process: processId, count: found.length });
    if (found.length < expected) throw new CaseAbort(`only ${found.length} of ${expected} instances of ${processId} started`);
    return found;
  }

  /** Waits until `elementId` has been activated `count` times in the instance (a catch event waits there…). */
  async reached(instance: Instance, elementId: string, count = 1): Promise<void> {
    const feed = this.target.feed;
    if (!feed) {
      this.record('reached', { elementId, unobservable: true });
      return;
    }
    const activations = () =>
      feed.all().filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_ACTIVATED' && r.processInstanceKey === instance.key && r.elementId === elementId);
    await feed.waitFor(() => activations().length >= count, OBSERVE_WAIT_MS);
    const seen = activations().length;
    this.record('reached', { elementId, count: seen });
    if (seen < count) throw new CaseAbort(`${elementId} was not reached ${count} times`);
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

  /**
   * Activates `count` jobs of `type` that exist side by side (parallel branches, multi-instance)
   * and traces them as one set, ordered by what the worker saw, since engines may hand them out
   * in different orders. Returns them in that order.
   */
  async activateMany(type: string, count: number, options: { fetch?: string[]; timeoutMs?: number; waitMs?: number } = {}): Promise<Job[]> {
    const deadline = Date.now() + (options.waitMs ?? OBSERVE_WAIT_MS);
    const jobs: Job[] = [];
    while (jobs.length < count && Date.now() < deadline) {
      jobs.push(...(await activateJobs(this, type, deadline - Date.now(), { ...options, traced: false })));
    }
    const keyed = jobs.map((job) => ({ job, order: JSON.stringify(this.json(job.seen)) })).sort((a, b) => a.order.localeCompare(b.order));
    this.record('activateMany', { type, count: jobs.length, jobs: keyed.map((k) => k.job.seen) });
    if (jobs.length < count) throw new CaseAbort(`only ${jobs.length} of ${count} jobs of type ${type} were activatable`);
    return keyed.map((k) => k.job);
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

  /** BroadcastSignal; the name is made unique like the models' signal names. */
  broadcast(signalName: string, variables: Variables = {}): Promise<boolean> {
    return this.command('broadcast', { signal: signalName, variables }, () =>
      this.client.broadcastSignal({ signalName: this.u(signalName), variables: doc(variables) }),
    );
  }

  /**
   * ModifyProcessInstance: activations (in the element's existing flow scope) and terminations
   * of element instances, which are named by a job of theirs (or a key with a label).
   */
  modify(instance: Instance, instructions: { activate?: ActivateInstruction[]; terminate?: Array<Job | { elementInstanceKey: string; elementId: string }> }): Promise<boolean> {
    const activate = instructions.activate ?? [];
    const terminate = instructions.terminate ?? [];
    return this.command(
      'modify',
      { activate: activate.map((a) => ({ elementId: a.elementId, variables: a.variables ?? [] })), terminate: terminate.map((t) => t.elementId) },
      () =>
        this.client.modifyProcessInstance({
          processInstanceKey: instance.key,
          activateInstructions: activate.map((a) => ({
            elementId: a.elementId,
            ancestorElementInstanceKey: '-1',
            variableInstructions: (a.variables ?? []).map((v) => ({ scopeId: v.scopeId, variables: doc(v.variables) })),
          })),
          terminateInstructions: terminate.map((t) => ({ elementInstanceKey: t.elementInstanceKey })),
        }),
    );
  }

  /**
   * EvaluateDecision by id (made unique like the DMN's ids); traces the result without keys,
   * with the JSON texts of outputs and inputs read as JSON, as a client would.
   */
  async evaluateDecision(decisionId: string, variables: Variables = {}): Promise<void> {
    try {
      const res = await this.client.evaluateDecision({ decisionId: this.u(decisionId), variables: doc(variables) });
      this.record('evaluateDecision', { decisionId, result: withoutKeys(res) });
    } catch (error) {
      this.record('evaluateDecision', { decisionId, error: tracedError(error) });
    }
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

/** JSON texts in decision results: a client reads them as JSON. */
const JSON_TEXT_FIELDS = new Set(['decisionOutput', 'outputValue', 'inputValue']);

/** A decision result as a client compares it: no keys or tenant, JSON texts parsed. */
function withoutKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.endsWith('Key') || k === 'tenantId') continue;
    out[k] = JSON_TEXT_FIELDS.has(k) && typeof v === 'string' && v !== '' ? parseJson(v) : withoutKeys(v);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparsable: text };
  }
}
