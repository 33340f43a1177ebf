/**
 * One differential run: the same cases on a real Zeebe broker (the reference) and on the
 * embedded Baton engine (the candidate), side by side, then compared. Used by
 * scripts/conformance.ts (`--compare`) and by differential.test.ts.
 */
import type { ConformanceCase } from './case.ts';
import { compareSuites, type Comparison } from './compare.ts';
import { loadDeviations } from './deviations.ts';
import { runSuite } from './runner.ts';
import type { Target } from './target.ts';
import { startEmbeddedTarget } from './targets/embedded.ts';
import { startZeebeTarget, ZeebeUnavailableError } from './targets/zeebe.ts';
import type { Trace } from './trace.ts';

export interface DifferentialResult {
  comparison: Comparison;
  names: { reference: string; candidate: string };
  ms: number;
}

export type DifferentialOutcome = { skipped: string } | DifferentialResult;

export async function runDifferential(options: {
  adminUrl: string;
  cases: ConformanceCase[];
  log?: (line: string) => void;
}): Promise<DifferentialOutcome> {
  const log = options.log ?? (() => {});
  // Parsed first: a malformed DEVIATIONS.md should fail before a broker is started.
  const deviations = loadDeviations();
  const started = Date.now();
  const [zeebe, baton] = await Promise.allSettled([
    startZeebeTarget((line) => log(`zeebe: ${line}`)),
    startEmbeddedTarget(options.adminUrl),
  ]);
  if (zeebe.status === 'rejected' || baton.status === 'rejected') {
    await Promise.all([zeebe, baton].map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    const error = zeebe.status === 'rejected' ? zeebe.reason : (baton as PromiseRejectedResult).reason;
    if (error instanceof ZeebeUnavailableError) return { skipped: error.message };
    throw error;
  }
  const targets = [zeebe.value, baton.value];
  try {
    // Without records, incidents and instance ends are not seen: such a run would prove little.
    const blind = targets.find((t) => t.feedMissing);
    if (blind) throw new Error(`cannot compare: ${blind.name}: ${blind.feedMissing}`);
    log(`running ${options.cases.length} cases on ${targets.map((t) => t.name).join(' and ')}`);
    const [reference, candidate] = await Promise.all(targets.map((t) => runSuite(t, options.cases, { onCase: progress(t, log) })));
    return {
      comparison: compareSuites(options.cases, reference, candidate, deviations),
      names: { reference: targets[0].name, candidate: targets[1].name },
      ms: Date.now() - started,
    };
  } finally {
    await Promise.all(targets.map((t: Target) => t.close()));
  }
}

function progress(target: Target, log: (line: string) => void) {
  return (trace: Trace) => log(`${target.name}: ${trace.caseId} ${trace.aborted ? 'aborted' : 'done'} in ${(trace.ms / 1000).toFixed(1)} s`);
}
