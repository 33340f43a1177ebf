import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { deployModel, isLive, records, type Zbc } from './helpers.ts';

/**
 * Long polling (Zeebe gateway): an ActivateJobs call that finds no job waits up to its
 * requestTimeout and is answered as soon as a job of its type appears; after the timeout it is
 * answered with no jobs. An @camunda8/sdk worker started before any job exists picks jobs up as
 * they are created. These tests measure real time: the long-poll wait is wall-clock time.
 */
describe('long polling', () => {
  let h: Harness;
  let zbc: Zbc;
  let starter: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    starter = h.client();
    await deployModel(zbc, 'long-poll');
    await deployModel(zbc, 'worker-later');
  });
  afterAll(async () => h?.stop());

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('a waiting ActivateJobs is answered as soon as a job appears, well before its requestTimeout', async () => {
    const started = Date.now();
    const polling = zbc.activateJobs({ type: 'lp-work', worker: 'poller', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 10_000 });
    await sleep(200);
    const created = await starter.createProcessInstance({ bpmnProcessId: 'long-poll', variables: { n: 1 } });
    const jobs = await polling;
    const elapsed = Date.now() - started;

    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'lp-work', processInstanceKey: created.processInstanceKey, worker: 'poller', variables: { n: 1 } });
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(3_000);
    await zbc.completeJob({ jobKey: jobs[0]!.key, variables: {} });
  });

  it('without any job the call is answered empty once its requestTimeout has passed', async () => {
    const started = Date.now();
    const jobs = await zbc.activateJobs({ type: 'lp-nothing', worker: 'poller', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 400 });
    const elapsed = Date.now() - started;
    expect(jobs).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('several waiting polls share the jobs: each job goes to exactly one', async () => {
    const polls = [1, 2, 3].map((i) => zbc.activateJobs({ type: 'lp-work', worker: `p${i}`, timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 1_500 }));
    await sleep(150);
    const pis = [];
    for (let i = 0; i < 2; i++) pis.push((await starter.createProcessInstance({ bpmnProcessId: 'long-poll', variables: { i } })).processInstanceKey);
    const answers = await Promise.all(polls);
    const keys = answers.flat().map((j) => j.key);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect(answers.filter((a) => a.length === 0)).toHaveLength(1);
    for (const job of answers.flat()) await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    for (const pi of pis) expect(isLive(h, pi)).toBe(false);
  });

  it('a worker started before any job exists completes jobs created later', async () => {
    const handled: string[] = [];
    const worker = zbc.createWorker({
      taskType: 'wl-work',
      pollInterval: 100,
      taskHandler: (job) => {
        handled.push(job.processInstanceKey);
        return job.complete({ handledBy: 'worker' });
      },
    });
    try {
      await sleep(300);
      const pis: string[] = [];
      for (let i = 0; i < 3; i++) pis.push((await starter.createProcessInstance({ bpmnProcessId: 'worker-later', variables: { i } })).processInstanceKey);
      const deadline = Date.now() + 10_000;
      while (pis.some((pi) => isLive(h, pi)) && Date.now() < deadline) await sleep(25);
      expect(pis.filter((pi) => isLive(h, pi))).toEqual([]);
      expect([...handled].sort()).toEqual([...pis].sort());
      for (const pi of pis) {
        const completed = (await records(h, pi, 'JOB')).find((r) => r.intent === 'COMPLETED')!;
        expect(completed.value.variables).toEqual({ handledBy: 'worker' });
      }
    } finally {
      await worker.close();
    }
  });
});
