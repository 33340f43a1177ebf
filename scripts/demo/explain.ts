/**
 * What a scenario's instance did, read back from what Baton recorded: the record log (path,
 * jobs, incidents, timers, compensation, DMN evaluations, human-task decisions, variables) and
 * the audit trail (the rules worker's explanations). Nothing here trusts the driver.
 */
import type { InProcessBaton, RecordRow, Variables } from '../../server/in-process.ts';
import { agentOfJobType, agentOfUserTask, inAgentOrder, type Agent } from './agents.ts';

export interface PathStep {
  label: string;
  /** Consecutive completions of the same element (batches, rework rounds). */
  times: number;
  /** Ended by an event (a timer, an error, a message) rather than by completing. */
  interrupted: boolean;
  /** A call activity: the path of the instance it called. */
  called?: PathStep[];
}

export interface Decision {
  kind: 'rules' | 'DMN' | 'human' | 'note';
  what: string;
  why: string;
}

export interface Counts {
  instances: number;
  /** Instances (started and called) that completed. */
  instancesCompleted: number;
  jobsCompleted: number;
  jobFailures: number;
  incidentsRaised: number;
  incidentsResolved: number;
  compensations: number;
  timersFired: number;
}

export interface Explanation {
  completed: boolean;
  endEvent?: { id: string; name: string };
  path: PathStep[];
  agents: Agent[];
  /** Job types no agent is mapped to (there should be none). */
  unmappedJobTypes: string[];
  decisions: Decision[];
  variables: Variables;
  counts: Counts;
}

const HIDDEN_TYPES = new Set(['PROCESS', 'MULTI_INSTANCE_BODY', 'SEQUENCE_FLOW', 'PARALLEL_GATEWAY', 'EXCLUSIVE_GATEWAY', 'INCLUSIVE_GATEWAY', 'EVENT_BASED_GATEWAY']);

/** A short, single-line rendering of a value for the summary. */
export function brief(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export async function explain(baton: InProcessBaton, root: string): Promise<Explanation> {
  const tree = await baton.instanceTree(root);
  const recordsOf = new Map<string, RecordRow[]>();
  for (const pi of tree) recordsOf.set(pi, await baton.records(pi));
  const all = [...recordsOf.values()].flat();
  const of = (valueType: string, intent?: string) => all.filter((r) => r.value_type === valueType && (!intent || r.intent === intent));

  const nameOf = (r: RecordRow) => {
    const definition = baton.engine.view.definitions.get(String(r.value.processDefinitionKey));
    return definition?.model.nodes.get(r.element_id ?? '')?.name?.replace(/\s+/g, ' ') || r.element_id || '?';
  };

  /**
   * The elements that ended in one scope, in log order. Embedded sub-processes and call
   * activities carry their own path; a multi-instance body is transparent (its instances count
   * as siblings), and start and end events inside a nested scope add nothing to the brackets.
   */
  const pathOf = (pi: string, scope: string = pi): PathStep[] => {
    const lifecycle = (recordsOf.get(pi) ?? []).filter((r) => r.value_type === 'PROCESS_INSTANCE');
    const bodies = new Map(lifecycle.filter((r) => r.value.bpmnElementType === 'MULTI_INSTANCE_BODY').map((r) => [r.key, String(r.value.flowScopeKey)]));
    const scopeOf = (r: RecordRow) => bodies.get(String(r.value.flowScopeKey)) ?? String(r.value.flowScopeKey);
    const steps: PathStep[] = [];
    for (const r of lifecycle) {
      if ((r.intent !== 'ELEMENT_COMPLETED' && r.intent !== 'ELEMENT_TERMINATED') || scopeOf(r) !== scope) continue;
      const type = String(r.value.bpmnElementType);
      if (HIDDEN_TYPES.has(type) || (scope !== pi && (type === 'START_EVENT' || type === 'END_EVENT'))) continue;
      const child = type === 'CALL_ACTIVITY' ? tree.find((k) => recordsOf.get(k)?.some((c) => c.key === k && c.value.parentElementInstanceKey === r.key)) : undefined;
      const called = child ? pathOf(child) : type.endsWith('SUB_PROCESS') ? pathOf(pi, r.key) : undefined;
      const step: PathStep = { label: nameOf(r), times: 1, interrupted: r.intent === 'ELEMENT_TERMINATED', ...(called ? { called } : {}) };
      const last = steps.at(-1);
      const same = last && JSON.stringify({ ...last, times: 1 }) === JSON.stringify(step);
      if (same) last.times++;
      else steps.push(step);
    }
    return steps;
  };

  const rootRecords = recordsOf.get(root) ?? [];
  const end = rootRecords.filter((r) => r.intent === 'ELEMENT_COMPLETED' && r.value.bpmnElementType === 'END_EVENT' && r.value.flowScopeKey === root).at(-1);
  const jobTypes = new Set(of('JOB', 'CREATED').map((r) => String(r.value.type)));
  const agents: Array<Agent | undefined> = [...jobTypes].map(agentOfJobType);
  agents.push(...of('USER_TASK', 'CREATED').map((r) => agentOfUserTask(r.element_id ?? '')));
  if (of('DECISION_EVALUATION').length) agents.push('rules classifier');
  if (rootRecords[0]?.bpmn_process_id === 'master-orchestrator') agents.push('master orchestrator');

  return {
    completed: rootRecords.some((r) => r.key === root && r.intent === 'ELEMENT_COMPLETED'),
    endEvent: end ? { id: end.element_id ?? '', name: nameOf(end) } : undefined,
    path: pathOf(root),
    agents: inAgentOrder(agents.filter((a): a is Agent => a !== undefined)),
    unmappedJobTypes: [...jobTypes].filter((t) => !agentOfJobType(t)),
    decisions: [...(await ruleDecisions(baton, tree)), ...of('DECISION_EVALUATION').map(dmnDecision), ...humanDecisions(of('USER_TASK'), nameOf)],
    variables: await baton.variables(root),
    counts: {
      instances: tree.length,
      instancesCompleted: tree.filter((pi) => recordsOf.get(pi)?.some((r) => r.key === pi && r.intent === 'ELEMENT_COMPLETED')).length,
      jobsCompleted: of('JOB', 'COMPLETED').length,
      jobFailures: of('JOB', 'FAILED').length,
      incidentsRaised: of('INCIDENT', 'CREATED').length,
      incidentsResolved: of('INCIDENT', 'RESOLVED').length,
      compensations: of('COMPENSATION_SUBSCRIPTION', 'TRIGGERED').length,
      timersFired: of('TIMER', 'TRIGGERED').length,
    },
  };
}

interface FiredRule {
  name: string;
  conditions?: Array<{ fact: string; path?: string; factResult?: unknown; result?: boolean }>;
}

/** Rule set, version, outcome; each fired rule with the facts its satisfied conditions read. */
async function ruleDecisions(baton: InProcessBaton, tree: string[]): Promise<Decision[]> {
  const out: Decision[] = [];
  for (const pi of tree) {
    for (const e of await baton.ruleEvaluations(pi)) {
      const fired = (e.fired as FiredRule[] | undefined) ?? [];
      const why = fired.map((f) => {
        const facts = (f.conditions ?? []).filter((c) => c.result === true).map((c) => `${c.fact}${c.path ? c.path.replace(/^\$/, '') : ''} = ${brief(c.factResult, 30)}`);
        return facts.length ? `${f.name} (${[...new Set(facts)].join(', ')})` : f.name;
      });
      out.push({ kind: 'rules', what: `${String(e.ruleSetId)} v${String(e.version)} → ${scalars(e.outcome)}`, why: why.length ? `fired ${why.join('; ')}` : 'no rule fired' });
    }
  }
  return out;
}

function dmnDecision(r: RecordRow): Decision {
  const evaluated = (r.value.evaluatedDecisions as Array<{ matchedRules: Array<{ ruleId: string }>; evaluatedInputs: Array<{ inputName: string; inputValue: unknown }> }>).at(-1);
  const inputs = (evaluated?.evaluatedInputs ?? []).map((i) => `${i.inputName} = ${brief(i.inputValue, 30)}`);
  const rules = evaluated?.matchedRules.map((m) => m.ruleId) ?? [];
  return {
    kind: 'DMN',
    what: `${String(r.value.decisionId)} v${String(r.value.decisionVersion)} → ${brief(r.value.decisionOutput)}`,
    why: `${rules.length ? `matched ${rules.join(', ')}` : 'no rule matched'} on ${inputs.join(', ') || 'no inputs'}`,
  };
}

const VERB: Record<string, string> = { approve: 'approved', reject: 'rejected', complete: 'completed', assign: 'delegated' };

/** Who decided what on which human task, and why: completions, first approvals, delegations. */
function humanDecisions(userTaskRecords: RecordRow[], nameOf: (r: RecordRow) => string): Decision[] {
  return userTaskRecords
    .filter((r) => r.intent === 'COMPLETED' || (r.intent === 'UPDATED' && r.value.action === 'approve') || (r.intent === 'ASSIGNED' && r.value.action === 'assign'))
    .map((r) => {
      const action = String(r.value.action ?? 'complete');
      const to = action === 'assign' ? ` to ${String(r.value.assignee)}` : '';
      const first = r.intent === 'UPDATED' ? ' (first of two approvals)' : '';
      // A plain completion has no reason: what the person handed back is the decision.
      const given = action === 'complete' && r.value.variables ? Object.entries(r.value.variables as Variables).map(([k, v]) => `${k}=${brief(v)}`) : [];
      const why = r.value.reason ? `"${String(r.value.reason)}"` : given.length ? `with ${given.join(', ')}` : 'no reason given';
      return { kind: 'human', what: `${String(r.value.actor ?? r.value.assignee)} ${VERB[action] ?? action} "${nameOf(r)}"${to}${first}`, why };
    });
}

/** The scalar members of a rules outcome (`route=approval, priority=normal`). */
function scalars(outcome: unknown): string {
  if (typeof outcome !== 'object' || outcome === null) return brief(outcome);
  const parts = Object.entries(outcome).filter(([, v]) => v !== null && typeof v !== 'object').map(([k, v]) => `${k}=${brief(v, 30)}`);
  return parts.join(', ') || brief(outcome);
}
