/** Plain-text reports of a conformance run: one line per case, details where it matters. */
import type { CaseComparison, Comparison } from './compare.ts';
import type { Trace } from './trace.ts';

const MAX_DIFFERENCES_SHOWN = 12;

export function formatComparison(comparison: Comparison, names: { reference: string; candidate: string }): string {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const c of comparison.cases) {
    counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    lines.push(caseLine(c));
    if (c.status !== 'same') lines.push(...details(c, names));
  }
  for (const d of comparison.unusedDeviations) {
    lines.push(`WARNING unused deviation ${d.selector} (DEVIATIONS.md line ${d.line}): it matched no difference in this run`);
  }
  const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  lines.push('', `${comparison.cases.length} cases: ${summary} — ${comparison.failed ? 'FAILED' : 'passed'}`);
  return lines.join('\n');
}

const MARK: Record<CaseComparison['status'], string> = {
  same: 'ok     ',
  accepted: 'ok*    ',
  differs: 'DIFFERS',
  'known-bug': 'BUG    ',
  'bug-fixed': 'FIXED? ',
  'reference-aborted': 'BROKEN ',
};

function caseLine(c: CaseComparison): string {
  const timing = `${(c.reference.ms / 1000).toFixed(1)} s / ${(c.candidate.ms / 1000).toFixed(1)} s`;
  return `${MARK[c.status]} ${c.case.id} (${timing})`;
}

function details(c: CaseComparison, names: { reference: string; candidate: string }): string[] {
  const out: string[] = [];
  const pad = '          ';
  if (c.status === 'reference-aborted') out.push(`${pad}the case did not run to its end on ${names.reference}: ${c.reference.aborted}`);
  const bugs = new Set(c.differences.flatMap((d) => (d.knownBug ? [d.knownBug.bug] : [])));
  for (const bug of bugs) out.push(`${pad}KNOWN BUG (not failing): ${bug}`);
  for (const fixed of c.fixedBugs) out.push(`${pad}FIXED? knownBugs entry matched nothing, remove it: ${fixed.bug}`);
  if (c.candidate.aborted && c.candidate.aborted !== c.reference.aborted) {
    out.push(`${pad}${names.candidate} aborted: ${c.candidate.aborted.split('\n')[0]}`);
  }
  for (const d of c.differences.slice(0, MAX_DIFFERENCES_SHOWN)) {
    out.push(`${pad}${d.deviation ? 'deviation' : d.knownBug ? 'bug      ' : 'DIFF     '} ${d.path}`);
    out.push(`${pad}  ${names.reference.padEnd(12)} ${d.reference ?? '(absent)'}`);
    out.push(`${pad}  ${names.candidate.padEnd(12)} ${d.candidate ?? '(absent)'}`);
  }
  if (c.differences.length > MAX_DIFFERENCES_SHOWN) out.push(`${pad}… ${c.differences.length - MAX_DIFFERENCES_SHOWN} more`);
  if (c.unobservable.length) out.push(`${pad}not compared (unobservable on one side): ${c.unobservable.join(', ')}`);
  return out;
}

export function formatRun(targetName: string, traces: Trace[]): string {
  const lines = traces.map((t) => `${t.aborted ? 'ABORTED' : 'ok     '} ${t.caseId} (${(t.ms / 1000).toFixed(1)} s)${t.aborted ? `: ${t.aborted.split('\n')[0]}` : ''}`);
  const aborted = traces.filter((t) => t.aborted).length;
  lines.push('', `${traces.length} cases on ${targetName}: ${traces.length - aborted} ran to their end, ${aborted} aborted`);
  return lines.join('\n');
}

/** The two traces of a case side by side, entry per line, for reading a difference in full. */
export function formatTraces(c: CaseComparison, names: { reference: string; candidate: string }): string {
  const show = (t: typeof c.reference) => t.entries.map((e, i) => `  ${i}: ${JSON.stringify(e)}`).join('\n') + (t.aborted ? `\n  aborted: ${t.aborted}` : '');
  return `${c.case.id}\n ${names.reference}:\n${show(c.reference)}\n ${names.candidate}:\n${show(c.candidate)}`;
}
