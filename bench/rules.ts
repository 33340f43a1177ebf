/**
 * Rule evaluation throughput for the shipped approval-chain set: Baton's evaluate (fact
 * checks, explanation record, engine pool) against a bare json-rules-engine run.
 *
 *   npx tsx bench/rules.ts
 *
 * Prints evaluations per CPU second (median of 5 timed rounds after a warm-up), one at a
 * time and 32 in flight (a worker's default maxJobsToActivate).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from 'json-rules-engine';
import { RULES_DIR, RuleRegistry, type RuleSetDefinition } from '../rules/index.ts';

const AMOUNTS = [500, 25000, 60000, 250000];
const factsFor = (i: number) => ({ amount: AMOUNTS[i % AMOUNTS.length], requester: `user-${i % 50}`, category: i % 3 ? 'hardware' : 'software' });

/**
 * Evaluations per second of this process's CPU time (user + system), not wall time: on a
 * shared machine, wall time mostly measures the neighbours. Single-threaded work, so on an
 * idle core the two agree.
 */
async function opsPerSecond(run: (i: number) => Promise<unknown>, inFlight: number, minMillis: number): Promise<number> {
  let iterations = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < minMillis) {
    for (let k = 0; k < 256; k += inFlight) {
      await Promise.all(Array.from({ length: inFlight }, (_, j) => run(iterations + k + j)));
    }
    iterations += 256;
  }
  const used = process.cpuUsage(cpu);
  return (iterations / ((used.user + used.system) / 1000)) * 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);

async function main(): Promise<void> {
  const registry = new RuleRegistry();
  await registry.loadRuleSets(RULES_DIR);
  const definition = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'approval-chain.json'), 'utf8')) as RuleSetDefinition;
  // One shared engine, as json-rules-engine's README uses it. Its batches start together and
  // finish together, so its shared run status (see rules/compile.ts) does not cut runs short here.
  const bare = new Engine(
    definition.rules.map((r) => ({ name: r.name, priority: r.priority, conditions: r.conditions, event: r.event })),
    { allowUndefinedFacts: true },
  );

  const cases: Array<[string, (i: number) => Promise<unknown>]> = [
    ['Baton evaluate (approval-chain, with explanation)', (i) => registry.evaluate('approval-chain', undefined, factsFor(i))],
    ['bare json-rules-engine run (same rules)', (i) => bare.run(factsFor(i))],
  ];
  console.log(`rule evaluation throughput, Node ${process.version} (per CPU second, median of 5 rounds of >= 500 ms)\n`);
  for (const inFlight of [1, 32]) {
    for (const [name, run] of cases) {
      await opsPerSecond(run, inFlight, 300); // warm-up: JIT, engine pool
      const rounds: number[] = [];
      for (let r = 0; r < 5; r++) rounds.push(await opsPerSecond(run, inFlight, 500));
      console.log(`${format(median(rounds))} evaluations/s  ${name}, ${inFlight} in flight`);
    }
  }
}

await main();
