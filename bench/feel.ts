/**
 * FEEL evaluation throughput: Baton's cached evaluation against plain feelin.
 *
 *   npx tsx bench/feel.ts
 *
 * Prints evaluations per second (median of several timed rounds after a warm-up).
 */
import { evaluate as feelinEvaluate, unaryTest as feelinUnaryTest } from '@bpmn-io/feelin';
import { evaluateFeel, evaluateUnaryTest, feelCacheStats, type VariableLookup } from '../engine/feel/expression.ts';

const variables: Record<string, unknown> = {
  order: { total: 150, items: [{ price: 20 }, { price: 130 }], customer: { tier: 'gold' } },
  shipping: 5,
  discount: 0.1,
};

/** Like the engine's: one Map lookup per name (a real scope chain walks a few more). */
const scope = new Map(Object.entries(variables));
const lookup: VariableLookup = (name) => scope.get(name);

const COMPLEX =
  'if order.total > 100 and order.customer.tier = "gold" then order.total * (1 - discount) + shipping else order.total + shipping';

interface Case {
  name: string;
  run: () => unknown;
}

const cases: Case[] = [
  { name: 'cached complex expression', run: () => evaluateFeel(COMPLEX, lookup) },
  { name: 'fast path: variable reference `shipping`', run: () => evaluateFeel('shipping', lookup) },
  { name: 'fast path: path `order.customer.tier`', run: () => evaluateFeel('order.customer.tier', lookup) },
  { name: 'fast path: literal `"gold"`', run: () => evaluateFeel('"gold"', lookup) },
  { name: 'cached unary test `[100..200]`', run: () => evaluateUnaryTest('[100..200]', 150, lookup) },
  { name: 'uncached feelin evaluate (complex)', run: () => feelinEvaluate(COMPLEX, variables) },
  { name: 'uncached feelin evaluate `shipping`', run: () => feelinEvaluate('shipping', variables) },
  { name: 'uncached feelin unaryTest `[100..200]`', run: () => feelinUnaryTest('[100..200]', { ...variables, '?': 150 }) },
];

function opsPerSecond(run: () => unknown, minMillis: number): number {
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (let i = 0; i < 1000; i++) run();
    iterations += 1000;
    elapsed = performance.now() - start;
  }
  return (iterations / elapsed) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(12);
}

function main(): void {
  console.log(`FEEL throughput, Node ${process.version} (median of 5 rounds of >= 300 ms)\n`);
  for (const c of cases) {
    opsPerSecond(c.run, 200); // warm-up: compile, cache, JIT
    const rounds = Array.from({ length: 5 }, () => opsPerSecond(c.run, 300));
    console.log(`${format(median(rounds))} evaluations/s  ${c.name}`);
  }
  const stats = feelCacheStats();
  console.log(`\ncache: ${stats.expressions.size} expressions, ${stats.unaryTests.size} unary tests, ${stats.parses} feelin parses in total`);
}

main();
