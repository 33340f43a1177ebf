/**
 * Runs cases against one target and collects their traces. Cases run concurrently (each has
 * its own token, so its own process ids, job types and messages); cases that let time pass
 * run one at a time on a target whose clock they share (Baton's virtual clock), after the rest.
 */
import { randomBytes } from 'node:crypto';
import { CaseAbort, type ConformanceCase } from './case.ts';
import { CaseContext } from './context.ts';
import type { Target } from './target.ts';
import type { Trace } from './trace.ts';

export interface RunOptions {
  concurrency?: number;
  /** A case still running after this long is ended as aborted. */
  caseTimeoutMs?: number;
  onCase?: (trace: Trace) => void;
}

const DEFAULT_CONCURRENCY = 24;
const DEFAULT_CASE_TIMEOUT_MS = 90_000;

export async function runSuite(target: Target, cases: ConformanceCase[], options: RunOptions = {}): Promise<Trace[]> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const traces = new Map<string, Trace>();
  const run = async (c: ConformanceCase) => {
    const trace = await runCase(target, c, options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS);
    traces.set(c.id, trace);
    options.onCase?.(trace);
  };
  if (target.sharedClock) {
    await pool(cases.filter((c) => !c.usesTime), concurrency, run);
    await pool(cases.filter((c) => c.usesTime), 1, run);
  } else {
    await pool(cases, concurrency, run);
  }
  return cases.map((c) => traces.get(c.id)!);
}

export async function runCase(target: Target, c: ConformanceCase, timeoutMs: number): Promise<Trace> {
  const token = randomBytes(4).toString('hex');
  const ctx = new CaseContext(target, token);
  const started = Date.now();
  let aborted: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const running = c.run(ctx);
  // A case abandoned by the timeout may still fail later; that must not crash the run.
  running.catch(() => undefined);
  try {
    await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CaseAbort(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    aborted = error instanceof CaseAbort ? error.message : `the case threw: ${error instanceof Error ? error.stack : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
  await ctx.client.close().catch(() => undefined);
  return { caseId: c.id, entries: ctx.entries, aborted, ms: Date.now() - started };
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
