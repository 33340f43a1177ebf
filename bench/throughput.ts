/**
 * `npm run bench`: completed process instances per second and start→complete latency for
 * start → 3 service tasks → end, with @camunda8/sdk workers over gRPC in a second process and
 * state in real Postgres; then the same model in bpmn-engine (in memory) for comparison.
 *
 * Options (env): DATABASE_URL (else an embedded Postgres under .data/bench), BENCH_DURATION_MS,
 * BENCH_CONCURRENCY, BENCH_WARMUP_MS. `npm run bench -- --zeebe` also runs the same load against
 * a real Zeebe broker (started by scripts/zeebe, Java 21+) and prints the ratio.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Engine } from '../engine/engine.ts';
import { startGateway } from '../engine/gateway/grpc-server.ts';
import { freePort } from '../engine/store/embedded-postgres.ts';
import { openDatabase } from '../engine/store/database.ts';
import { sequence } from '../test/support/bpmn.ts';
import { sdkClient } from '../test/support/engine-harness.ts';
import { runBpmnEngineBaseline } from './bpmn-engine-baseline.ts';

interface Figures {
  completed: number;
  seconds: number;
  p50: number;
  p99: number;
}

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 128);
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const xml = sequence('bench', ['bench-1', 'bench-2', 'bench-3']);

/** Runs the load generator process against a gateway; returns its figures. */
async function runLoad(gatewayAddress: string): Promise<Figures & { failed: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts'], {
    env: { ...process.env, BENCH_GATEWAY: gatewayAddress, BENCH_DURATION_MS: String(durationMs), BENCH_CONCURRENCY: String(concurrency) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  const figures = JSON.parse(out.trim().split('\n').at(-1)!) as Figures & { failed: number };
  if (figures.failed) console.error(`${figures.failed} instances failed to start or complete`);
  return figures;
}

async function benchZeebe(): Promise<(Figures & { version: string }) | { skipped: string }> {
  const { startBroker, stopBroker, ZeebeUnavailableError } = await import('../scripts/zeebe/broker.ts');
  let broker;
  try {
    // Without the debug exporter: logging every record would make Zeebe look many times slower.
    broker = await startBroker({ log: (line) => console.error(`[zeebe] ${line}`), debugExporter: false });
  } catch (err) {
    if (err instanceof ZeebeUnavailableError) return { skipped: err.message };
    throw err;
  }
  try {
    const client = sdkClient(broker.grpcPort);
    await client.deployResource({ name: 'bench.bpmn', process: Buffer.from(xml) });
    await client.close();
    return { ...(await runLoad(`grpc://127.0.0.1:${broker.grpcPort}`)), version: broker.version };
  } finally {
    if (!broker.reused) await stopBroker();
  }
}

async function benchBaton(): Promise<Figures & { where: string; batches: number; commands: number; processingMs: number; flushingMs: number }> {
  const db = await openDatabase({
    config: process.env.DATABASE_URL ? undefined : { kind: 'embedded', dataDir: path.resolve('.data/bench'), database: 'baton_bench' },
    poolMax: 4,
  });
  // Start from empty runtime state so runs compare; the record log keeps growing, as in production.
  await db.knex.raw('truncate element_instances, jobs, variables, timers, message_subscriptions, incidents, user_tasks');
  const engine = await Engine.start(db.knex, { log: (m, e) => console.error(m, e) });
  const gateway = await startGateway(engine, { port: await freePort(), host: '127.0.0.1', logger: quiet });
  await engine.deployResources([{ name: 'bench.bpmn', content: xml }]);
  const before = engine.status();
  const figures = await runLoad(`grpc://127.0.0.1:${gateway.port}`);
  const after = engine.status();
  await gateway.close();
  await engine.close();
  await db.close();
  return {
    ...figures,
    where: `${db.kind} Postgres`,
    batches: Number(after.batchesCommitted) - Number(before.batchesCommitted),
    commands: Number(after.commandsProcessed) - Number(before.commandsProcessed),
    processingMs: Number(after.processingMs) - Number(before.processingMs),
    flushingMs: Number(after.flushingMs) - Number(before.flushingMs),
  };
}

const zeebe = process.argv.includes('--zeebe') ? await benchZeebe() : undefined;
const baton = await benchBaton();
const baseline = process.env.BENCH_SKIP_BASELINE ? { completed: 0, p50: NaN, p99: NaN } : await runBpmnEngineBaseline(xml, durationMs, concurrency);

const row = (name: string, f: { completed: number; p50: number; p99: number }, seconds: number) =>
  `| ${name.padEnd(44)} | ${(f.completed / seconds).toFixed(0).padStart(8)} | ${f.p50.toFixed(1).padStart(8)} | ${f.p99.toFixed(1).padStart(8)} |`;
console.log(`\nstart → 3 service tasks → end, ${concurrency} instances in flight, ${durationMs / 1000} s measured\n`);
console.log(`| ${'engine'.padEnd(44)} | ${'PI/s'.padStart(8)} | ${'p50 ms'.padStart(8)} | ${'p99 ms'.padStart(8)} |`);
console.log(`|${'-'.repeat(46)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|`);
console.log(row(`Baton embedded (gRPC workers, ${baton.where})`, baton, baton.seconds));
if (zeebe && 'completed' in zeebe) console.log(row(`Zeebe ${zeebe.version} broker (gRPC workers, RocksDB)`, zeebe, zeebe.seconds));
console.log(row('bpmn-engine 25 (in memory, no persistence)', baseline, durationMs / 1000));
if (zeebe && 'skipped' in zeebe) console.log(`\nZeebe run skipped: ${zeebe.skipped}`);
if (zeebe && 'completed' in zeebe) {
  console.log(`\nBaton / Zeebe throughput ratio: ${(baton.completed / baton.seconds / (zeebe.completed / zeebe.seconds)).toFixed(2)}`);
}
const perBatch = (ms: number) => (ms / Math.max(1, baton.batches)).toFixed(2);
console.log(
  `\nBaton: ${baton.commands} commands in ${baton.batches} transactions (${(baton.commands / Math.max(1, baton.batches)).toFixed(1)} per commit); ` +
    `per batch ${perBatch(baton.processingMs)} ms processing, ${perBatch(baton.flushingMs)} ms writing`,
);
process.exit(0);
