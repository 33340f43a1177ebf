/**
 * The client side of the throughput benchmark, in a process of its own (as real workers
 * would be): job workers for the three task types and `concurrency` loops that each start an
 * instance with CreateProcessInstanceWithResult and wait for it. Prints one JSON line.
 */
import { sdkClient } from '../test/support/engine-harness.ts';

const address = process.env.BENCH_GATEWAY!;
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 2_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 128);
const processId = process.env.BENCH_PROCESS_ID ?? 'bench';
const taskTypes = (process.env.BENCH_TASK_TYPES ?? 'bench-1,bench-2,bench-3').split(',');

const client = sdkClient(Number(new URL(address.replace('grpc:', 'http:')).port));
const workers = taskTypes.map((taskType) =>
  client.createWorker({
    taskType,
    maxJobsToActivate: 256,
    pollInterval: 5,
    timeout: 30_000,
    taskHandler: (job) => job.complete({ [taskType]: true }),
  }),
);

const latencies: number[] = [];
let completed = 0;
let failed = 0;
const start = performance.now();
const measureFrom = start + warmupMs;
const end = measureFrom + durationMs;

async function loop(): Promise<void> {
  while (performance.now() < end) {
    const t0 = performance.now();
    try {
      await client.createProcessInstanceWithResult({ bpmnProcessId: processId, variables: { t0 }, requestTimeout: 30_000 });
    } catch {
      failed++;
      continue;
    }
    const t1 = performance.now();
    if (t0 >= measureFrom && t1 <= end) {
      completed++;
      latencies.push(t1 - t0);
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, loop));
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
process.stdout.write(`${JSON.stringify({ completed, failed, seconds: durationMs / 1000, p50: pct(50), p99: pct(99) })}\n`);
await Promise.all(workers.map((w) => w.close()));
await client.close();
process.exit(0);
