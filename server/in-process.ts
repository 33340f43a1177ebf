/**
 * Baton in one process, for the scenario tests and `npm run demo`: the engine on a given
 * database and clock behind the real gRPC gateway (a free port), every model in bpmn/ and
 * decision in dmn/ deployed, the sandbox of external systems on a port of its own
 * (BATON_SANDBOX_URL points the workers at it), and every worker in workers/ running as a plain
 * @camunda8/sdk worker against the gateway. As in `npm start`, the rules worker writes its
 * explanations to the audit trail, so callers can ask which rule fired and why.
 *
 * Driving helpers go through the gateway or the engine's own operations (the doors a user or
 * an operator has); reading helpers (in-process-reads.ts) only read.
 */
import { Camunda8 } from '@camunda8/sdk';
import path from 'node:path';
import type { Knex } from 'knex';
import { VirtualClock, type Clock } from '../engine/clock/clock.ts';
import type { DeploymentResult } from '../engine/api.ts';
import { Engine } from '../engine/engine.ts';
import { startGateway, type Gateway } from '../engine/gateway/grpc-server.ts';
import type { Incident, UserTask } from '../engine/state/types.ts';
import { loadWorkerModules } from '../workers/host.ts';
import { createRulesWorker, RULES_TASK_TYPE } from '../workers/rules.ts';
import type { ZeebeClient } from '../workers/worker-module.ts';
import { deployModelFolder } from './deploy-models.ts';
import { instanceReads, type InstanceReads, type Variables } from './in-process-reads.ts';
import { auditTrailSink } from './rule-audit-sink.ts';
import { SandboxControl, startSandbox, type StandaloneSandbox } from './sandbox/index.ts';

export type { RecordRow, Variables } from './in-process-reads.ts';

export interface InProcessOptions {
  knex: Knex;
  /** Default: a VirtualClock, so SLA timers fire when told (`advance`) and retry back-offs are skipped. */
  clock?: Clock;
  /** Where bpmn/ and dmn/ are; default: this repository. */
  root?: string;
}

export type HumanAction = 'approve' | 'reject' | 'complete';

export interface InProcessBaton extends InstanceReads {
  engine: Engine;
  clock: Clock;
  gateway: Gateway;
  deployment: DeploymentResult | undefined;
  sandbox: StandaloneSandbox;
  control: SandboxControl;
  /** A client for the caller's own calls (start instances, publish messages). */
  zbc: ZeebeClient;
  /** Task types the running workers serve. */
  taskTypes: string[];
  /** A fresh client on the gateway, closed by `stop`. */
  client(): ZeebeClient;
  /** Starts an instance through the gateway and settles. */
  start(bpmnProcessId: string, variables?: Variables): Promise<string>;
  /** Waits until nothing moves: engine idle, no job waiting for or held by a worker; job back-offs are skipped on a virtual clock. */
  settle(options?: { timeoutMs?: number }): Promise<void>;
  /** Moves the virtual clock (fires SLA timers) and settles. */
  advance(ms: number): Promise<void>;
  /** The one open task of an element in the instance or those it called. */
  task(processInstanceKey: string, elementId: string): UserTask;
  /** Claims the task as `user` (a candidate through `groups`) and completes it with the action, then settles. */
  decide(task: UserTask, user: string, groups: string[], action: HumanAction, options?: { reason?: string; variables?: Variables }): Promise<void>;
  /** What an operator does: gives the incident's job `retries` again (if it has a job), resolves it, settles. */
  resolveIncident(incident: Incident, retries?: number): Promise<void>;
  /** Creates a record in a sandbox system as its owner would (seed data); returns the stored record. */
  seed(system: string, resource: string, body: Variables): Promise<Variables>;
  /** Forgets sandbox records, requests and faults (call between cases). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A quiet client. Workers poll again 10 ms after a long poll answered (the SDK's default is
 * 300 ms): a scenario is a chain of jobs of few types, and each would otherwise wait that long.
 */
export function inProcessClient(port: number): ZeebeClient {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${port}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 10 },
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();
}

export async function startInProcess(options: InProcessOptions): Promise<InProcessBaton> {
  const { knex, root = ROOT } = options;
  const clock = options.clock ?? new VirtualClock();
  const previousSandboxUrl = process.env.BATON_SANDBOX_URL;
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
    if (previousSandboxUrl === undefined) delete process.env.BATON_SANDBOX_URL;
    else process.env.BATON_SANDBOX_URL = previousSandboxUrl;
  };
  const clients: ZeebeClient[] = [];
  const client = (gatewayPort: number) => {
    const c = inProcessClient(gatewayPort);
    clients.push(c);
    return c;
  };

  let engine: Engine, gateway: Gateway, sandbox: StandaloneSandbox, deployment: DeploymentResult | undefined, taskTypes: Set<string>;
  try {
    engine = await Engine.start(knex, { clock, log: () => {} });
    stops.push(() => engine.close());
    gateway = await startGateway(engine, { port: 0, host: '127.0.0.1', logger: quietLogger });
    stops.push(() => gateway.close());
    stops.push(async () => {
      for (const c of clients) await c.close().catch(() => {});
    });
    deployment = await deployModelFolder(engine, path.join(root, 'bpmn'), path.join(root, 'dmn'));
    sandbox = await startSandbox({ knex, clock });
    stops.push(() => sandbox.close());
    process.env.BATON_SANDBOX_URL = sandbox.url;

    // The rules worker gets its own sink rather than the process-wide default: two runtimes in one process never share one.
    const modules = (await loadWorkerModules()).map((m) => (m.taskType === RULES_TASK_TYPE ? createRulesWorker({ sink: auditTrailSink(knex) }) : m));
    taskTypes = new Set(modules.map((m) => m.taskType));
    const workerClient = client(gateway.port);
    const workers = modules.map((m) => workerClient.createWorker({ ...m.options, taskType: m.taskType, taskHandler: m.taskHandler }));
    // Workers stop before their client, the client before the gateway (stops run in reverse).
    stops.push(async () => {
      for (const w of workers) await w.close().catch(() => {});
    });
  } catch (err) {
    await stopAll();
    throw err;
  }

  const reads = instanceReads(knex, engine);
  const zbc = client(gateway.port);
  const control = new SandboxControl(sandbox.url);

  const settle = async ({ timeoutMs = 20_000 } = {}) => {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    while (quietRounds < 3) {
      await engine.whenIdle();
      const jobs = [...engine.view.jobs.values()].filter((j) => taskTypes.has(j.type));
      const busy = jobs.some((j) => j.state === 'ACTIVATABLE' || j.state === 'ACTIVATED');
      const backingOff = jobs.filter((j) => j.state === 'FAILED' && j.retries > 0 && j.recurAt > clock.now());
      if (busy) quietRounds = 0;
      else if (backingOff.length && clock instanceof VirtualClock) {
        // A worker asked to be retried later: jump the virtual clock to the earliest retry.
        clock.set(Math.min(...backingOff.map((j) => j.recurAt)));
        quietRounds = 0;
      } else quietRounds++;
      if (Date.now() > deadline) {
        const live = [...engine.view.elements.values()].map((e) => `${e.bpmnProcessId}/${e.elementId}:${e.state}`);
        throw new Error(`did not settle in ${timeoutMs} ms; jobs: ${jobs.map((j) => `${j.type}:${j.state}`).join(', ')}; live: ${live.join(', ')}`);
      }
      // Every step in flight shows in the engine's view (a queued command, a job activatable or
      // held by a worker), so a few short quiet looks suffice; they are most of a scenario's wall time.
      await sleep(5);
    }
  };

  return {
    ...reads,
    engine,
    clock,
    gateway,
    deployment,
    sandbox,
    control,
    zbc,
    taskTypes: [...taskTypes],
    client: () => client(gateway.port),
    settle,
    async start(bpmnProcessId, variables = {}) {
      const created = await zbc.createProcessInstance({ bpmnProcessId, variables: variables as never });
      await settle();
      return created.processInstanceKey;
    },
    async advance(ms) {
      if (!(clock instanceof VirtualClock)) throw new Error('advance needs a VirtualClock');
      clock.advance(ms);
      await settle();
    },
    task(pi, elementId) {
      const open = reads.openTasks(pi);
      const found = open.filter((t) => t.elementId === elementId);
      if (found.length !== 1) throw new Error(`expected one open '${elementId}' task in ${pi}, found ${found.length} (open: ${open.map((t) => t.elementId).join(', ') || 'none'})`);
      return found[0]!;
    },
    async decide(task, user, groups, action, options = {}) {
      await engine.assignUserTask({ userTaskKey: task.key, assignee: user, allowOverride: false, actor: user, actorGroups: groups });
      await engine.completeUserTask({ userTaskKey: task.key, actor: user, action, ...(options.reason ? { reason: options.reason } : {}), ...(options.variables ? { variables: options.variables } : {}) });
      await settle();
    },
    async resolveIncident(incident, retries = 1) {
      if (incident.jobKey) await engine.updateJobRetries(incident.jobKey, retries);
      await engine.resolveIncident(incident.key);
      await settle();
    },
    async seed(system, resource, body) {
      const res = await fetch(`${sandbox.url}/${system}/${resource}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`seeding ${system}/${resource}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Variables;
    },
    async reset() {
      await control.clearFaults();
      await control.clearData();
    },
    stop: stopAll,
  };
}
