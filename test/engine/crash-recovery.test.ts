import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../engine/store/embedded-postgres.ts';
import { sequence } from '../support/bpmn.ts';
import { sdkClient } from '../support/engine-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const INSTANCES = 300;

function startEngineProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/engine-child.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, GATEWAY_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`engine process exited early (${code})`)));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('crash recovery', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('completes every instance exactly once after the engine is SIGKILLed mid-run', async () => {
    const port = await freePort();
    let engine = await startEngineProcess(db.url, port);
    const client = sdkClient(port);
    await client.deployResource({ name: 'crash.bpmn', process: Buffer.from(sequence('crash', ['crash-a', 'crash-b', 'crash-c'])) });
    for (let i = 0; i < INSTANCES; i++) await client.createProcessInstance({ bpmnProcessId: 'crash', variables: { i } });

    const completedCount = async () =>
      Number(
        (await db.knex('records').where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', element_id: 'crash' }).count<{ n: string }[]>({ n: '*' }))[0]!.n,
      );
    const handled = new Map<string, number>();
    const startWorkers = (c: ReturnType<typeof sdkClient>) =>
      ['crash-a', 'crash-b', 'crash-c'].map((taskType) =>
        c.createWorker({
          taskType,
          timeout: 1000,
          pollInterval: 50,
          maxJobsToActivate: 20,
          taskHandler: (job) => {
            handled.set(job.key, (handled.get(job.key) ?? 0) + 1);
            return job.complete({ [taskType]: true });
          },
        }),
      );
    let workers = startWorkers(client);
    await waitFor(async () => (await completedCount()) >= INSTANCES / 4, 30_000);
    engine.kill('SIGKILL');
    await new Promise((r) => engine.once('exit', r));
    const completedAtCrash = await completedCount();
    expect(completedAtCrash).toBeLessThan(INSTANCES);
    await Promise.all(workers.map((w) => w.close()));
    await client.close();

    engine = await startEngineProcess(db.url, port);
    const again = sdkClient(port);
    workers = startWorkers(again);
    await waitFor(async () => (await completedCount()) >= INSTANCES, 60_000);
    await Promise.all(workers.map((w) => w.close()));
    await again.close();

    const perInstance = await db
      .knex('records')
      .where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', element_id: 'crash' })
      .groupBy('process_instance_key')
      .select('process_instance_key')
      .count<{ process_instance_key: string; n: string }[]>({ n: '*' });
    expect(perInstance).toHaveLength(INSTANCES);
    expect(perInstance.every((r) => r.n === '1')).toBe(true);
    const started = await db.knex('records').where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED', element_id: 'crash' }).count<{ n: string }[]>({ n: '*' });
    expect(Number(started[0]!.n)).toBe(INSTANCES);
    expect(await db.knex('element_instances').count<{ n: string }[]>({ n: '*' })).toEqual([{ n: '0' }]);
    expect(await db.knex('jobs').count<{ n: string }[]>({ n: '*' })).toEqual([{ n: '0' }]);
    engine.kill('SIGTERM');
    await new Promise((r) => engine.once('exit', r));
  }, 120_000);
});
