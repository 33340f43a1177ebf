import type { Knex } from 'knex';
import type { EngineState } from '../../engine/state/engine-state.ts';
import type { ElementInstance } from '../../engine/state/types.ts';

/**
 * Process instances as the API shows them: live ones from the engine's state, finished ones
 * from the record log (the engine forgets an instance when it ends; its records stay).
 */

export type InstanceState = 'active' | 'completed' | 'terminated';

export interface InstanceSummary {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  state: InstanceState;
  businessKey: string | null;
  startedAt: string | null;
  endedAt: string | null;
  parentProcessInstanceKey: string | null;
}

export interface InstanceFilter {
  bpmnProcessId?: string;
  version?: number;
  state?: InstanceState;
  businessKey?: string;
  startedAfter?: string;
  startedBefore?: string;
  limit: number;
  offset: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const byKeyDesc = (a: InstanceSummary, b: InstanceSummary) => (BigInt(b.processInstanceKey) > BigInt(a.processInstanceKey) ? 1 : -1);

export function liveSummary(state: EngineState, root: ElementInstance): InstanceSummary {
  const businessKey = state.variables.get(root.key, 'businessKey');
  return {
    processInstanceKey: root.key,
    bpmnProcessId: root.bpmnProcessId,
    version: root.version,
    processDefinitionKey: root.processDefinitionKey,
    state: 'active',
    businessKey: typeof businessKey === 'string' ? businessKey : null,
    startedAt: iso(root.startedAt),
    endedAt: null,
    parentProcessInstanceKey: root.parentProcessInstanceKey ?? null,
  };
}

/** Live process instances (roots of their element trees). */
export function liveInstances(state: EngineState): ElementInstance[] {
  return [...state.elements.values()].filter((e) => e.flowScopeKey === null && e.key === e.processInstanceKey);
}

function matches(s: InstanceSummary, f: InstanceFilter): boolean {
  if (f.bpmnProcessId !== undefined && s.bpmnProcessId !== f.bpmnProcessId) return false;
  if (f.version !== undefined && s.version !== f.version) return false;
  if (f.businessKey !== undefined && s.businessKey !== f.businessKey) return false;
  if (f.startedAfter && (!s.startedAt || Date.parse(s.startedAt) < Date.parse(f.startedAfter))) return false;
  if (f.startedBefore && (!s.startedAt || Date.parse(s.startedAt) >= Date.parse(f.startedBefore))) return false;
  return true;
}

/** Newest first (keys grow with time); live and finished instances merged, then paged. */
export async function listInstances(knex: Knex, state: EngineState, f: InstanceFilter): Promise<InstanceSummary[]> {
  const live = f.state === undefined || f.state === 'active' ? liveInstances(state).map((r) => liveSummary(state, r)).filter((s) => matches(s, f)) : [];
  const finished = f.state === 'active' ? [] : await finishedInstances(knex, f, f.offset + f.limit);
  const liveKeys = new Set(live.map((s) => s.processInstanceKey));
  return [...live, ...finished.filter((s) => !liveKeys.has(s.processInstanceKey))].sort(byKeyDesc).slice(f.offset, f.offset + f.limit);
}

interface EndRow {
  key: string;
  bpmn_process_id: string;
  intent: string;
  version: number;
  process_definition_key: string;
  ended_at: Date;
  started_at: Date | null;
  business_key: unknown;
}

/** Instances whose process element completed or was terminated (records_process_ends index). */
export async function finishedInstances(knex: Knex, f: Partial<InstanceFilter>, limit: number, onlyKey?: string): Promise<InstanceSummary[]> {
  const q = knex
    .from('records as e')
    .select(
      'e.process_instance_key as key',
      'e.bpmn_process_id',
      'e.intent',
      knex.raw(`(e.value->>'version')::int as version`),
      knex.raw(`e.value->>'processDefinitionKey' as process_definition_key`),
      'e.timestamp as ended_at',
      knex.raw(`(select s.timestamp from records s where s.process_instance_key = e.process_instance_key and s.key = e.process_instance_key
                 and s.value_type = 'PROCESS_INSTANCE' and s.intent = 'ELEMENT_ACTIVATING' order by s.position limit 1) as started_at`),
      knex.raw(`(select v.value->'value' from records v where v.process_instance_key = e.process_instance_key and v.value_type = 'VARIABLE'
                 and v.value->>'name' = 'businessKey' and v.value->>'scopeKey' = e.process_instance_key::text order by v.position desc limit 1) as business_key`),
    )
    .where('e.value_type', 'PROCESS_INSTANCE')
    .whereIn('e.intent', ['ELEMENT_COMPLETED', 'ELEMENT_TERMINATED'])
    .whereRaw(`e.value->>'bpmnElementType' = 'PROCESS'`);
  if (onlyKey) void q.where('e.process_instance_key', onlyKey);
  if (f.bpmnProcessId !== undefined) void q.where('e.bpmn_process_id', f.bpmnProcessId);
  if (f.version !== undefined) void q.whereRaw(`(e.value->>'version')::int = ?`, [f.version]);
  if (f.state) void q.where('e.intent', f.state === 'completed' ? 'ELEMENT_COMPLETED' : 'ELEMENT_TERMINATED');
  const outer = knex.from(q.as('i')).select('*').orderByRaw('key::bigint desc').limit(limit);
  if (f.businessKey !== undefined) void outer.whereRaw(`business_key = to_jsonb(?::text)`, [f.businessKey]);
  if (f.startedAfter) void outer.where('started_at', '>=', new Date(f.startedAfter));
  if (f.startedBefore) void outer.where('started_at', '<', new Date(f.startedBefore));
  const rows = (await outer) as EndRow[];
  return rows.map((r) => ({
    processInstanceKey: r.key,
    bpmnProcessId: r.bpmn_process_id,
    version: r.version,
    processDefinitionKey: r.process_definition_key,
    state: r.intent === 'ELEMENT_COMPLETED' ? 'completed' : 'terminated',
    businessKey: typeof r.business_key === 'string' ? r.business_key : null,
    startedAt: r.started_at ? r.started_at.toISOString() : null,
    endedAt: r.ended_at.toISOString(),
    // The record log does not link a called instance to its parent.
    parentProcessInstanceKey: null,
  }));
}

export interface ElementHistory {
  elementInstanceKey: string;
  elementId: string;
  elementType: string;
  state: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** Every element instance of the instance, from its lifecycle records, in activation order. */
export async function elementHistory(knex: Knex, processInstanceKey: string): Promise<ElementHistory[]> {
  const rows = await knex('records')
    .select<Array<{ key: string; element_id: string; intent: string; timestamp: Date; type: string }>>('key', 'element_id', 'intent', 'timestamp', knex.raw(`value->>'bpmnElementType' as type`))
    .where({ process_instance_key: processInstanceKey, value_type: 'PROCESS_INSTANCE' })
    .andWhereRaw(`intent like 'ELEMENT_%'`)
    .andWhereNot('key', processInstanceKey)
    .orderBy('position');
  const byKey = new Map<string, ElementHistory>();
  for (const r of rows) {
    let h = byKey.get(r.key);
    if (!h) byKey.set(r.key, (h = { elementInstanceKey: r.key, elementId: r.element_id, elementType: r.type, state: '', startedAt: null, endedAt: null }));
    h.state = r.intent.replace('ELEMENT_', '');
    if (r.intent === 'ELEMENT_ACTIVATING') h.startedAt = r.timestamp.toISOString();
    if (r.intent === 'ELEMENT_COMPLETED' || r.intent === 'ELEMENT_TERMINATED') h.endedAt = r.timestamp.toISOString();
  }
  return [...byKey.values()];
}

/** The last value of each variable at the instance's own scope, from the record log. */
export async function recordedVariables(knex: Knex, processInstanceKey: string): Promise<Record<string, unknown>> {
  const rows = await knex('records')
    .select<Array<{ value: { name: string; value: unknown; scopeKey: string } }>>('value')
    .where({ process_instance_key: processInstanceKey, value_type: 'VARIABLE' })
    .orderBy('position');
  const result: Record<string, unknown> = {};
  for (const r of rows) if (String(r.value.scopeKey) === processInstanceKey) result[r.value.name] = r.value.value;
  return result;
}
