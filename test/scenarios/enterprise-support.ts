/**
 * Reading helpers the enterprise-workflow scenario tests share, on top of the common scenario
 * harness (support/scenario-harness.ts): the sandbox's request log as short lines, the path an
 * instance took without the process itself, and the audit of human tasks and decisions from
 * the record log. They only read.
 */
import type { ScenarioHarness } from './support/scenario-harness.ts';

export const HOUR = 3_600_000;

/** Calls to the systems since the last reset, oldest first, as `METHOD system/resource[/id] status`. */
export async function calls(s: ScenarioHarness, filter: { system?: string } = {}): Promise<string[]> {
  const log = await s.control.requests(filter.system ? { system: filter.system } : {});
  return log.map((r) => `${r.method} ${r.path.replace(/^\/sandbox\//, '').replace(/\?.*$/, '')} ${r.status}`);
}

/** Creates a record in a system as its owner would: the seed data of a scenario. */
export async function seed(s: ScenarioHarness, system: string, resource: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${s.sandbox.url}/${system}/${resource}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`seeding ${system}/${resource}: ${res.status} ${await res.text()}`);
}

/** A record as the system holds it now. */
export async function record(s: ScenarioHarness, system: string, resource: string, id: unknown): Promise<Record<string, unknown>> {
  return (await (await fetch(`${s.sandbox.url}/${system}/${resource}/${String(id)}`)).json()) as Record<string, unknown>;
}

/** The elements the instance completed, in order, without the process itself. */
export async function path(s: ScenarioHarness, processInstanceKey: string, bpmnProcessId: string): Promise<string[]> {
  return (await s.trail(processInstanceKey)).filter((e) => e !== bpmnProcessId);
}

/** USER_TASK records of the instance as `elementId INTENT action actor`: who did what to its human tasks. */
export async function userTaskTrail(s: ScenarioHarness, processInstanceKey: string): Promise<string[]> {
  return (await s.records(processInstanceKey, 'USER_TASK')).map((r) => [r.element_id, r.intent, r.value.action, r.value.actor].filter(Boolean).join(' '));
}

/** DECISION_EVALUATION records of the instance: which decision table rules matched. */
export async function matchedDecisionRules(s: ScenarioHarness, processInstanceKey: string): Promise<Array<{ decisionId: string; output: unknown; rules: string[] }>> {
  return (await s.records(processInstanceKey, 'DECISION_EVALUATION')).map((r) => {
    const evaluated = (r.value.evaluatedDecisions as Array<{ matchedRules: Array<{ ruleId: string }> }>)[0];
    return { decisionId: String(r.value.decisionId), output: r.value.decisionOutput, rules: evaluated?.matchedRules.map((m) => m.ruleId) ?? [] };
  });
}

/** The names of the rules that fired in the rules worker's recorded explanations, per rule set. */
export async function firedRules(s: ScenarioHarness, processInstanceKey: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const e of await s.ruleEvaluations(processInstanceKey)) out[String(e.ruleSetId)] = (e.fired as Array<{ name: string }>).map((f) => f.name);
  return out;
}

/** JOB records of the instance with one intent, as `[elementId, retries, retryBackoff]`. */
export async function jobRecords(s: ScenarioHarness, processInstanceKey: string, intent: string): Promise<Array<[string | null, unknown, unknown]>> {
  return (await s.records(processInstanceKey, 'JOB')).filter((r) => r.intent === intent).map((r) => [r.element_id, r.value.retries, r.value.retryBackoff]);
}
