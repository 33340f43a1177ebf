/**
 * The harness every scenario test shares: a real engine on its own database behind the real
 * gRPC gateway (virtual clock), every model in bpmn/ and decision in dmn/ deployed, every
 * worker in workers/ running as a plain @camunda8/sdk worker against the gateway, and the
 * sandbox of external systems on its own port (BATON_SANDBOX_URL points the workers at it).
 * As in `npm start`, the rules worker writes its explanations to the audit trail (of the test
 * database), so tests can ask which rule fired and why.
 *
 * Reading helpers only read (the record log, the audit trail, the live view); everything a test
 * does to an instance goes through the gateway or the engine's own operations.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { VirtualClock } from '../../../engine/clock/clock.ts';
import type { UserTask } from '../../../engine/state/types.ts';
import { SandboxControl, startSandbox, type StandaloneSandbox } from '../../../server/sandbox/index.ts';
import { loadWorkerModules } from '../../../workers/host.ts';
import { createRulesWorker, RULES_TASK_TYPE } from '../../../workers/rules.ts';
import type { WorkerModule, ZeebeClient } from '../../../workers/worker-module.ts';
import { sdkClient, startHarness, type Harness } from '../../support/engine-harness.ts';
import { auditTrailSink } from '../../../server/rule-audit-sink.ts';

export type Variables = Record<string, unknown>;

export interface RecordRow {
  position: string;
  key: string;
  value_type: string;
  intent: string;
  process_instance_key: string | null;
  bpmn_process_id: string | null;
  element_id: string | null;
  value: Record<string, unknown>;
}

export interface ScenarioHarness {
  h: Harness;
  clock: VirtualClock;
  /** A client for the test's own calls (start instances, publish messages). */
  zbc: ZeebeClient;
  sandbox: StandaloneSandbox;
  control: SandboxControl;
  /** Task types the running workers serve. */
  taskTypes: string[];
  /** Starts an instance through the gateway and settles. */
  start(bpmnProcessId: string, variables?: Variables): Promise<string>;
  /** Waits until nothing moves: engine idle, no job waiting for or held by a worker; job back-offs are skipped on the virtual clock. */
  settle(options?: { timeoutMs?: number }): Promise<void>;
  /** Moves the virtual clock (fires SLA timers) and settles. */
  advance(ms: number): Promise<void>;
  isLive(processInstanceKey: string): boolean;
  /** Element ids of the instance's lifecycle records with these intents, in log order. */
  trail(processInstanceKey: string, intents?: string[]): Promise<string[]>;
  /** The instance's process-scope variables as they ended (folded from VARIABLE records). */
  variables(processInstanceKey: string): Promise<Variables>;
  /** The instance a call activity of `processInstanceKey` started (the first one, by log position). */
  calledInstance(processInstanceKey: string, callActivityId: string): Promise<string>;
  records(processInstanceKey: string, valueType?: string): Promise<RecordRow[]>;
  /** Open user tasks of the instance and the instances it called. */
  openTasks(processInstanceKey: string): UserTask[];
  /** The one open task of an element, waiting for it (settled) if needed. */
  task(processInstanceKey: string, elementId: string): UserTask;
  /** Claims the task as `user` (a candidate through `groups`) and completes it with the action. */
  decide(task: UserTask, user: string, groups: string[], action: 'approve' | 'reject' | 'complete', options?: { reason?: string; variables?: Variables }): Promise<void>;
  /** The rules worker's explanations recorded for the instance: `{ ruleSetId, fired, facts, outcome, ... }`. */
  ruleEvaluations(processInstanceKey: string): Promise<Array<Record<string, unknown>>>;
  incidents(processInstanceKey: string): Array<{ errorType: string; errorMessage: string; elementId: string }>;
  /** Forgets sandbox records, requests and faults (call between cases). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** bpmn/*.bpmn and dmn/*.dmn in one deployment. */
async function deployAll(h: Harness): Promise<void> {
  const resources = [];
  for (const dir of ['bpmn', 'dmn']) {
    for (const name of (await fs.readdir(path.join(ROOT, dir))).filter((f) => f.endsWith(`.${dir}`)).sort()) {
      resources.push({ name, content: await fs.readFile(path.join(ROOT, dir, name)) });
    }
  }
  await h.engine.deployResources(resources);
}

export async function startScenarioHarness(): Promise<ScenarioHarness> {
  const h = await startHarness();
  const clock = h.clock as VirtualClock;
  const previousSandboxUrl = process.env.BATON_SANDBOX_URL;
  let sandbox: StandaloneSandbox | undefined;
  let workerClient: ZeebeClient | undefined;
  const workers: Array<{ close(): Promise<unknown> }> = [];
  try {
    await deployAll(h);
    sandbox = await startSandbox({ knex: h.db.knex, clock });
    process.env.BATON_SANDBOX_URL = sandbox.url;

    const modules: WorkerModule[] = (await loadWorkerModules()).map((m) =>
      m.taskType === RULES_TASK_TYPE ? createRulesWorker({ sink: auditTrailSink(h.db.knex) }) : m,
    );
    workerClient = sdkClient(h.gateway.port);
    for (const m of modules) workers.push(workerClient.createWorker({ ...m.options, taskType: m.taskType, taskHandler: m.taskHandler }));
  } catch (err) {
    await sandbox?.close().catch(() => {});
    await h.stop();
    throw err;
  }
  const zbc = h.client();
  const control = new SandboxControl(sandbox.url);
  const taskTypes = new Set((await loadWorkerModules()).map((m) => m.taskType));

  const records = async (pi: string, valueType?: string): Promise<RecordRow[]> => {
    const q = h.db.knex<RecordRow>('records').where({ process_instance_key: pi });
    if (valueType) void q.andWhere({ value_type: valueType });
    return q.orderBy('position').select('position', 'key', 'value_type', 'intent', 'process_instance_key', 'bpmn_process_id', 'element_id', 'value');
  };

  /** Instances called from `pi`, transitively, while they are live. */
  const treeOf = (pi: string): Set<string> => {
    const tree = new Set([pi]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of h.engine.view.elements.values()) {
        if (e.childProcessInstanceKey && tree.has(e.processInstanceKey) && !tree.has(e.childProcessInstanceKey)) {
          tree.add(e.childProcessInstanceKey);
          grew = true;
        }
      }
    }
    return tree;
  };

  const settle = async ({ timeoutMs = 20_000 } = {}) => {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    while (quietRounds < 3) {
      await h.engine.whenIdle();
      const jobs = [...h.engine.view.jobs.values()].filter((j) => taskTypes.has(j.type));
      const busy = jobs.some((j) => j.state === 'ACTIVATABLE' || j.state === 'ACTIVATED');
      const backingOff = jobs.filter((j) => j.state === 'FAILED' && j.retries > 0 && j.recurAt > clock.now());
      if (busy) quietRounds = 0;
      else if (backingOff.length) {
        // A worker asked to be retried later: jump the virtual clock to the earliest retry.
        clock.set(Math.min(...backingOff.map((j) => j.recurAt)));
        quietRounds = 0;
      } else quietRounds++;
      if (Date.now() > deadline) {
        const live = [...h.engine.view.elements.values()].map((e) => `${e.bpmnProcessId}/${e.elementId}:${e.state}`);
        throw new Error(`scenario did not settle in ${timeoutMs} ms; jobs: ${jobs.map((j) => `${j.type}:${j.state}`).join(', ')}; live: ${live.join(', ')}`);
      }
      await sleep(busy ? 5 : 15);
    }
  };

  const openTasks = (pi: string) => {
    const tree = treeOf(pi);
    return [...h.engine.view.userTasks.values()].filter((t) => tree.has(t.processInstanceKey));
  };

  return {
    h,
    clock,
    zbc,
    sandbox,
    control,
    taskTypes: [...taskTypes],
    settle,
    async start(bpmnProcessId, variables = {}) {
      const created = await zbc.createProcessInstance({ bpmnProcessId, variables: variables as never });
      await settle();
      return created.processInstanceKey;
    },
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    isLive: (pi) => h.engine.view.elements.has(pi),
    async trail(pi, intents = ['ELEMENT_COMPLETED']) {
      return (await records(pi, 'PROCESS_INSTANCE')).filter((r) => intents.includes(r.intent)).map((r) => r.element_id ?? '');
    },
    async variables(pi) {
      const vars: Variables = {};
      for (const r of await records(pi, 'VARIABLE')) if (r.value.scopeKey === pi) vars[r.value.name as string] = r.value.value;
      return vars;
    },
    async calledInstance(pi, callActivityId) {
      const call = (await records(pi, 'PROCESS_INSTANCE')).find((r) => r.element_id === callActivityId && r.intent === 'ELEMENT_ACTIVATING');
      if (!call) throw new Error(`instance ${pi} never activated '${callActivityId}'`);
      // The child starts in the same engine batch as its call activity: the next process record.
      const child = await h.db
        .knex<RecordRow>('records')
        .where('position', '>', call.position)
        .andWhere({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING' })
        .andWhereRaw(`value->>'bpmnElementType' = 'PROCESS'`)
        .orderBy('position')
        .first('process_instance_key');
      if (!child?.process_instance_key) throw new Error(`no instance was called by '${callActivityId}' of ${pi}`);
      return String(child.process_instance_key);
    },
    records,
    openTasks,
    task(pi, elementId) {
      const found = openTasks(pi).filter((t) => t.elementId === elementId);
      if (found.length !== 1) throw new Error(`expected one open '${elementId}' task in ${pi}, found ${found.length} (open: ${openTasks(pi).map((t) => t.elementId).join(', ') || 'none'})`);
      return found[0]!;
    },
    async decide(task, user, groups, action, options = {}) {
      await h.engine.assignUserTask({ userTaskKey: task.key, assignee: user, allowOverride: false, actor: user, actorGroups: groups });
      await h.engine.completeUserTask({ userTaskKey: task.key, actor: user, action, ...(options.reason ? { reason: options.reason } : {}), ...(options.variables ? { variables: options.variables } : {}) });
      await settle();
    },
    async ruleEvaluations(pi) {
      const rows = await h.db.knex('audit_entries').where({ kind: 'RULE_EVALUATION', process_instance_key: pi }).orderBy('position').select('payload', 'actor', 'target');
      return rows.map((r: { payload: Record<string, unknown>; actor: string; target: string }) => ({ ...r.payload, actor: r.actor, target: r.target }));
    },
    incidents(pi) {
      const tree = treeOf(pi);
      return [...h.engine.view.incidents.values()].filter((i) => tree.has(i.processInstanceKey));
    },
    async reset() {
      await control.clearFaults();
      await control.clearData();
    },
    async stop() {
      for (const w of workers) await w.close().catch(() => {});
      await workerClient?.close().catch(() => {});
      await sandbox?.close().catch(() => {});
      if (previousSandboxUrl === undefined) delete process.env.BATON_SANDBOX_URL;
      else process.env.BATON_SANDBOX_URL = previousSandboxUrl;
      await h.stop();
    },
  };
}
