/**
 * Did a scenario end as it expects? Its end event, a subset of its variables, and evidence in
 * the record log that each failure path it claims really happened (a retry is a failed job, an
 * escalation a fired timer…), so the demo cannot pass by taking a happy path by accident.
 */
import type { Explanation } from './explain.ts';
import { brief } from './explain.ts';
import type { FailurePath, Scenario } from './scenario.ts';

const EVIDENCE: Record<FailurePath, (e: Explanation) => string | undefined> = {
  retry: (e) => (e.counts.jobFailures > 0 ? undefined : 'no job failed, so nothing was retried'),
  compensation: (e) => (e.counts.compensations > 0 ? undefined : 'no compensation was triggered'),
  partial: () => undefined, // a partial result is the scenario's end event and variables
  escalation: (e) => (e.counts.timersFired > 0 ? undefined : 'no timer fired'),
  rejection: (e) => (e.decisions.some((d) => d.kind === 'human' && d.what.includes(' rejected ')) ? undefined : 'nobody rejected'),
  incident: (e) =>
    e.counts.incidentsRaised === 0 ? 'no incident was raised' : e.counts.incidentsResolved < e.counts.incidentsRaised ? 'an incident is still open' : undefined,
};

/** What differs from the scenario's expectations; empty when it ended as expected. */
export function problemsOf(scenario: Scenario, e: Explanation): string[] {
  const problems: string[] = [];
  if (!e.completed) problems.push('the instance did not complete');
  if (e.endEvent?.id !== scenario.expected.endEvent) problems.push(`ended in '${e.endEvent?.id ?? 'no end event'}', expected '${scenario.expected.endEvent}'`);
  problems.push(...mismatches(e.variables, scenario.expected.variables ?? {}, ''));
  for (const path of scenario.failurePaths ?? []) {
    const missing = EVIDENCE[path](e);
    if (missing) problems.push(`${path}: ${missing}`);
  }
  if (e.unmappedJobTypes.length) problems.push(`job types without an agent: ${e.unmappedJobTypes.join(', ')}`);
  return problems;
}

/** Where `actual` differs from `expected`, recursively; objects in `expected` are subsets, arrays exact. */
function mismatches(actual: unknown, expected: unknown, at: string): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return [`${at || 'variables'} is ${brief(actual)}, expected an object`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches((actual as Record<string, unknown>)[k], v, at ? `${at}.${k}` : k));
  }
  return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${at} is ${brief(actual)}, expected ${brief(expected)}`];
}

/** A variable by dotted path (`routing.salesTeam`). */
export function pick(variables: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = variables;
  for (const key of dotted.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
