/**
 * The differential conformance run inside `npm test`: every case in test/conformance/cases
 * on a real Zeebe 8.6 broker and on the embedded engine, compared trace by trace. Fails on
 * any difference that engine/DEVIATIONS.md does not list; open Baton bugs (`knownBugs` in
 * the cases) are printed loudly but do not fail. Skipped, with the reason, where Zeebe
 * cannot run (no Java 21+, no Maven for the first download).
 */
import { describe, expect, inject, it } from 'vitest';
import { allCases } from './cases/index.ts';
import { runDifferential } from './differential.ts';
import { formatComparison, formatTraces } from './report.ts';
import { zeebeSkipReason } from './targets/zeebe.ts';

const skipReason = zeebeSkipReason();
if (skipReason) console.warn(`differential conformance SKIPPED: ${skipReason}`);

describe('differential conformance: Zeebe 8.6 vs Baton', () => {
  // A first run downloads the broker (~300 MB); a normal run takes ~30 s with the broker start.
  it('agrees on every case, apart from listed deviations and known bugs', { timeout: 600_000 }, async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const outcome = await runDifferential({ adminUrl: inject('adminDatabaseUrl'), cases: allCases });
    if ('skipped' in outcome) {
      console.warn(`differential conformance SKIPPED: ${outcome.skipped}`);
      ctx.skip(outcome.skipped);
      return;
    }
    const { comparison, names } = outcome;
    const report = formatComparison(comparison, names);
    // Loud on purpose: known bugs and fixed-but-still-flagged cases must not go unnoticed.
    const loud = comparison.cases.some((c) => c.status !== 'same' && c.status !== 'accepted');
    // Full traces only for failures: they are what one needs to read a new difference.
    const failing = comparison.cases.filter((c) => c.status === 'differs' || c.status === 'reference-aborted');
    const details = failing.map((c) => `\n\n${formatTraces(c, names)}`).join('');
    (loud ? console.warn : console.log)(`${report}${details}`);
    expect(comparison.failed, report).toBe(false);
  });
});
