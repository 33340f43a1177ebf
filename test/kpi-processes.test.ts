import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../engine/clock/clock.ts';
import { recordRuleEvaluation } from '../server/audit/index.ts';
import { createKpi, type Kpi } from '../server/kpi/index.ts';
import { bpmnProcess, flow, serviceTask } from './support/bpmn.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

/** start → assess (job) → approve (user task, due date) → redo? back to assess : end */
const claimModel = (name: string) =>
  bpmnProcess(
    'claim',
    `<bpmn:startEvent id="start" name="${name}" />
     ${serviceTask('assess', 'assess')}
     <bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask />
       <zeebe:assignmentDefinition candidateGroups="clerks" /><zeebe:taskSchedule dueDate="=due" /></bpmn:extensionElements></bpmn:userTask>
     <bpmn:exclusiveGateway id="gw" default="f5" />
     <bpmn:endEvent id="end" />
     ${flow('f1', 'start', 'assess')}${flow('f2', 'assess', 'approve')}${flow('f3', 'approve', 'gw')}
     ${flow('f4', 'gw', 'assess', '=decision = "redo"')}${flow('f5', 'gw', 'end')}`,
  );

/**
 * Every KPI on a known history: a real engine on a virtual clock runs eight claims whose
 * timings, decisions, rule outcomes, rework and incidents are chosen, so each figure is exact.
 */
describe('KPIs over HTTP', () => {
  let h: Harness;
  let kpi: Kpi;
  let server: Server;
  let base: string;
  let clock: VirtualClock;
  let t0: number;

  const start = async (dueInMs: number, version = 1) =>
    (await h.engine.createProcessInstance({ bpmnProcessId: 'claim', version, variables: { due: new Date(clock.now() + dueInMs).toISOString() } })).processInstanceKey;
  const assess = async (after: number, fail = false) => {
    clock.advance(after);
    const [job] = await h.engine.activateJobs({ type: 'assess', worker: 'test', timeout: 600_000, maxJobsToActivate: 1, requestTimeout: -1 });
    if (fail) await h.engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'scoring service down' });
    else await h.engine.completeJob({ jobKey: job!.key });
  };
  const decide = async (pi: string, after: number, decision: string) => {
    clock.advance(after);
    const task = [...h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === pi)!;
    await h.engine.completeUserTask({ userTaskKey: task.key, variables: { decision } });
  };
  const rules = (pi: string, outcome: Record<string, unknown>) =>
    recordRuleEvaluation(h.db.knex, { ruleSetId: 'claim-routing', version: 1, contentHash: 'c0ffee', facts: {}, fired: [], failed: [], outcome, processInstanceKey: pi });

  beforeAll(async () => {
    h = await startHarness();
    clock = h.clock as VirtualClock;
    kpi = createKpi({ knex: h.db.knex, config: { processTargets: { claim: 0.09 } }, refreshIntervalMs: 50 });
    const app = express();
    app.use('/api/kpi', kpi.router);
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/kpi`;

    await h.engine.deployResources([{ name: 'claim.bpmn', content: claimModel('v1') }]);
    t0 = clock.now();
    const i1 = await start(2500); // assess 1 s, approve 2 s: done at 3 s (task late)
    await assess(1000);
    await rules(i1, { route: 'approve' });
    await decide(i1, 2000, 'approve');
    const i2 = await start(10_000); // assess 2 s, approve 4 s against the rules: an override
    await assess(2000);
    await rules(i2, { decision: 'approve' });
    await decide(i2, 4000, 'reject');
    const i3 = await start(4000); // rework: assess, redo, assess again, approve: 5 s
    await assess(1000);
    await decide(i3, 1000, 'redo');
    await assess(1000);
    await decide(i3, 2000, 'approve');
    await start(0); // i4: assess fails for good: an open incident
    await assess(0, true);
    const i5 = await start(0); // cancelled
    await h.engine.cancelProcessInstance(i5);
    await start(60_000); // i7: waits at approve
    await assess(500);
    await h.engine.deployResources([{ name: 'claim.bpmn', content: claimModel('v2') }]);
    const i8 = await start(60_000, 2); // version 2: 1 s
    await assess(500);
    await decide(i8, 500, 'approve');
    await start(0); // i6: waits at assess
    await h.engine.whenIdle();
    kpi.refresher.start();
    await kpi.refresher.refreshNow();
  });
  afterAll(async () => {
    await kpi?.refresher.stop();
    server?.close();
    await h?.stop();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  it('reports instances, cycle times, SLAs, rework, first-time-right and overrides per version', async () => {
    const body = await get<{ asOf: string; processes: Array<Record<string, unknown> & { versions: unknown[] }> }>('/processes');
    expect(Date.now() - Date.parse(body.asOf)).toBeLessThan(5000);
    expect(body.processes).toHaveLength(1);
    const [claim] = body.processes;
    expect(claim!.versions[0]).toEqual({
      bpmnProcessId: 'claim',
      version: 1,
      instances: { started: 7, completed: 3, terminated: 1, active: 3 },
      incidents: { open: 1, total: 1, instancesWithIncidents: 1 },
      cycleTimeMs: { avg: 4666.7, p50: 5000, p95: 5900, p99: 5980 },
      sla: { targetMinutes: 0.09, met: 2, completed: 3, rate: 0.6667 },
      userTaskSla: { withDueDate: 4, onTime: 2, rate: 0.5 },
      rework: { instances: 1, rate: 0.1429 },
      firstTimeRight: { instances: 2, rate: 0.6667 },
      overrides: { compared: 2, overridden: 1, rate: 0.5 },
    });
    expect(claim!.versions[1]).toMatchObject({ version: 2, instances: { started: 1, completed: 1, active: 0 }, cycleTimeMs: { p50: 1000 }, sla: { met: 1, rate: 1 } });
    expect(claim).toMatchObject({
      version: null,
      instances: { started: 8, completed: 4, terminated: 1, active: 3 },
      cycleTimeMs: { avg: 3750, p50: 4000 },
      firstTimeRight: { instances: 3, rate: 0.75 },
    });
    const one = await get<Record<string, unknown>>('/processes/claim');
    expect(one).toMatchObject({ bpmnProcessId: 'claim', version: null, instances: { started: 8 } });
    expect((await fetch(`${base}/processes/nope`)).status).toBe(404);
  });

  it('reports time per element, slowest first', async () => {
    const { elements } = await get<{ elements: Array<Record<string, unknown>> }>('/elements?bpmnProcessId=claim&version=1');
    expect(elements.slice(0, 2)).toEqual([
      { bpmnProcessId: 'claim', version: 1, elementId: 'approve', elementType: 'USER_TASK', completed: 4, active: 1, durationMs: { avg: 2250, p50: 2000, p95: 3700, max: 4000 } },
      { bpmnProcessId: 'claim', version: 1, elementId: 'assess', elementType: 'SERVICE_TASK', completed: 5, active: 2, durationMs: { avg: 1100, p50: 1000, p95: 1800, max: 2000 } },
    ]);
    expect(elements.slice(2).every((e) => (e.durationMs as { avg: number }).avg === 0)).toBe(true);
  });

  it('reports throughput per hour and per day', async () => {
    const hours = await get<{ buckets: unknown[] }>(`/throughput?granularity=hour&from=${new Date(t0).toISOString()}&to=${new Date(t0 + 3 * 3_600_000).toISOString()}`);
    expect(hours.buckets).toEqual([
      { start: '2026-01-01T00:00:00.000Z', completed: 4 },
      { start: '2026-01-01T01:00:00.000Z', completed: 0 },
      { start: '2026-01-01T02:00:00.000Z', completed: 0 },
    ]);
    const days = await get<{ buckets: unknown[] }>('/throughput?granularity=day&from=2025-12-31T08:00:00Z&to=2026-01-02T00:00:00Z&bpmnProcessId=claim');
    expect(days.buckets).toEqual([
      { start: '2025-12-31T00:00:00.000Z', completed: 0 },
      { start: '2026-01-01T00:00:00.000Z', completed: 4 },
    ]);
  });

  it('reports queue depth per job type and open user tasks per candidate group', async () => {
    // Overdue is against the wall clock: i7's task was due a minute after 2026-01-01 00:00 UTC.
    const body = await get<Record<string, unknown>>('/queues');
    expect(body).toMatchObject({
      jobs: [{ type: 'assess', activatable: 1, activated: 0, backingOff: 0, failed: 1, total: 2 }],
      userTasks: [{ candidateGroup: 'clerks', open: 1, unassigned: 1, overdue: 1, oldestCreatedAt: new Date(t0 + 14_500).toISOString() }],
    });
  });

  it('catches up with new records within seconds, without being asked', async () => {
    const pi = await start(0);
    await h.engine.cancelProcessInstance(pi);
    await expect.poll(async () => (await get<{ instances: { started: number } }>('/processes/claim')).instances.started, { timeout: 5000 }).toBe(9);
  });

  it('answers 400 naming the field for bad parameters', async () => {
    for (const [path, message] of [
      ['/elements?version=x', /^version: expected a version number/],
      ['/throughput?granularity=week', /^granularity: expected hour or day/],
      ['/throughput?granularity=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', /^from: the window holds more than/],
      ['/processes?x=1', /^x: unknown query parameter/],
    ] as const) {
      const res = await fetch(`${base}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });
});
