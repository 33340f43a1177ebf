/**
 * A conformance case: a script of client steps over one or more models. It must be
 * engine-independent: no keys, no wall-clock reads (use ctx.now), no assumptions about how
 * fast an engine is; waiting is done by observing (activate, incident, ended, result).
 */
import type { CaseContext } from './context.ts';

export interface ConformanceCase {
  /** Stable id: traces, reports and DEVIATIONS.md entries refer to it. */
  id: string;
  /** What Zeebe behaviour the case pins down. */
  title: string;
  /** The case lets time pass (ctx.elapse): on a shared virtual clock it runs alone. */
  usesTime?: boolean;
  /**
   * Baton bugs the case exposes that are still open: differences on the paths they name are
   * reported loudly but do not fail the run. Remove an entry when the engine is fixed (the
   * report says when one no longer matches anything).
   */
  knownBugs?: KnownBug[];
  run(ctx: CaseContext): Promise<void>;
}

export interface KnownBug {
  /** What is wrong in Baton, for the report. */
  bug: string;
  /** Trace paths it explains, as in DEVIATIONS.md selectors but without the case id (`*` wildcards). */
  paths: string[];
}

/** A step that cannot go on: the runner ends the case and keeps the reason in the trace. */
export class CaseAbort extends Error {}

/** How long a step waits for something the engine should produce (real time). */
export const OBSERVE_WAIT_MS = 10_000;
