/**
 * Compares the traces of the reference (a real Zeebe broker) and the candidate (Baton) case
 * by case, path by path. A difference is accepted when a DEVIATIONS.md selector names it;
 * one on a path that a case's `knownBugs` entry names is reported without failing; any
 * other difference fails the run.
 */
import type { ConformanceCase, KnownBug } from './case.ts';
import { globMatcher, type Deviation } from './deviations.ts';
import { flatten, type Trace } from './trace.ts';

export interface Difference {
  /** `<case id>/<trace path>`, the form DEVIATIONS.md selectors match. */
  path: string;
  reference?: string;
  candidate?: string;
  /** The deviation that accepts it, if one does. */
  deviation?: Deviation;
  /** Otherwise the open bug that explains it, if one does. */
  knownBug?: KnownBug;
}

export type CaseStatus =
  | 'same'
  | 'accepted' // every difference is a listed deviation
  | 'differs' // unexplained differences: fails the run
  | 'known-bug' // differences explained by open bugs: reported, not failed
  | 'bug-fixed' // a knownBugs entry matched nothing: remove it
  | 'reference-aborted'; // the case could not run on the reference: the case is broken

export interface CaseComparison {
  case: ConformanceCase;
  status: CaseStatus;
  differences: Difference[];
  /** Trace entries left out because one side could not observe them. */
  unobservable: string[];
  /** knownBugs entries that explained no difference in this run. */
  fixedBugs: KnownBug[];
  reference: Trace;
  candidate: Trace;
}

export interface Comparison {
  cases: CaseComparison[];
  /** Selectors that matched no difference in this run: stale, or the case changed. */
  unusedDeviations: Deviation[];
  failed: boolean;
}

export function compareSuites(cases: ConformanceCase[], reference: Trace[], candidate: Trace[], deviations: Deviation[]): Comparison {
  const used = new Set<Deviation>();
  const results = cases.map((c, i) => {
    const result = compareCase(c, reference[i], candidate[i], deviations);
    for (const d of result.differences) if (d.deviation) used.add(d.deviation);
    return result;
  });
  const failing: CaseStatus[] = ['differs', 'reference-aborted'];
  return {
    cases: results,
    // Only deviations of the cases that ran can be judged unused (a run may pick cases).
    unusedDeviations: deviations.filter((d) => !used.has(d) && cases.some((c) => d.selector.startsWith(`${c.id}/`))),
    failed: results.some((r) => failing.includes(r.status)),
  };
}

export function compareCase(c: ConformanceCase, reference: Trace, candidate: Trace, deviations: Deviation[]): CaseComparison {
  const ref = flatten(reference);
  const cand = flatten(candidate);
  const unobservable = entriesWith('unobservable', ref, cand);
  const differences: Difference[] = [];
  for (const path of new Set([...ref.keys(), ...cand.keys()])) {
    if (unobservable.some((entry) => path.startsWith(`${entry}.`))) continue;
    const r = ref.get(path);
    const k = cand.get(path);
    if (r === k) continue;
    const full = `${c.id}/${path}`;
    const deviation = deviations.find((d) => d.matches(full));
    const knownBug = deviation ? undefined : c.knownBugs?.find((b) => explains(b, path));
    differences.push({ path: full, reference: r, candidate: k, deviation, knownBug });
  }
  differences.sort((a, b) => entryIndex(a.path) - entryIndex(b.path) || a.path.localeCompare(b.path));
  // Bugs may overlap (a wording bug inside a prefix bug): each is fixed only when nothing it names differs.
  const open = differences.filter((d) => !d.deviation).map((d) => d.path.slice(c.id.length + 1));
  const fixedBugs = (c.knownBugs ?? []).filter((b) => !open.some((path) => explains(b, path)));
  const status = statusOf(reference, differences, fixedBugs);
  return { case: c, status, differences, unobservable, fixedBugs, reference, candidate };
}

function explains(bug: KnownBug, tracePath: string): boolean {
  return bug.paths.some((glob) => globMatcher(glob)(tracePath));
}

function statusOf(reference: Trace, differences: Difference[], fixedBugs: KnownBug[]): CaseStatus {
  if (reference.aborted !== undefined) return 'reference-aborted';
  if (differences.some((d) => !d.deviation && !d.knownBug)) return 'differs';
  if (differences.some((d) => d.knownBug)) return 'known-bug';
  if (fixedBugs.length) return 'bug-fixed';
  return differences.length ? 'accepted' : 'same';
}

/** Entry prefixes (`3:incident`) where either side recorded `field`. */
function entriesWith(field: string, ...traces: Array<Map<string, string>>): string[] {
  const out = new Set<string>();
  for (const trace of traces) {
    for (const path of trace.keys()) if (path.endsWith(`.${field}`)) out.add(path.slice(0, -field.length - 1));
  }
  return [...out];
}

/** Differences read best in step order; `aborted` and the like go last. */
function entryIndex(path: string): number {
  const match = /\/(\d+):/.exec(path);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}
