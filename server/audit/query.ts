import type { Knex } from 'knex';
import type { AuditFilters } from './filters.ts';

/** One line of the audit trail, whichever partition it comes from. */
export interface AuditRow {
  position: string;
  source: 'engine' | 'api' | 'rules';
  occurredAt: string;
  processInstanceKey: string | null;
  bpmnProcessId: string | null;
  elementId: string | null;
  /** The record's value type, or API_ACTION / RULE_EVALUATION. */
  valueType: string;
  intent: string | null;
  key: string | null;
  actor: string | null;
  role: string | null;
  action: string | null;
  target: string | null;
  reason: string | null;
  requestId: string | null;
  /** The record's value, or the entry's payload (rule explanation, action details). */
  data: unknown;
}

interface DbRow extends Omit<AuditRow, 'occurredAt'> {
  occurredAt: Date;
}

const ENTRY_KINDS = new Set(['API_ACTION', 'RULE_EVALUATION']);

/**
 * Entries in position order after `afterPosition`. Each partition's table is queried with
 * its own filters and limit (so each uses its own index in position order) and the two ordered
 * streams are merged: the whole trail shares one position sequence.
 */
export async function queryAudit(knex: Knex, filters: AuditFilters, page: { afterPosition?: string; limit: number }): Promise<AuditRow[]> {
  const branches: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
  if (wantsRecords(filters)) branches.push(recordsBranch(filters, page));
  if (wantsEntries(filters)) branches.push(entriesBranch(filters, page));
  if (!branches.length) return [];
  const sql = `select * from (${branches.map((b) => `(${b.sql})`).join(' union all ')}) u order by position limit ?`;
  const bindings = [...branches.flatMap((b) => b.bindings), page.limit];
  const { rows } = await knex.raw<{ rows: DbRow[] }>(sql, bindings);
  return rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
}

function wantsRecords(f: AuditFilters): boolean {
  if (f.source && f.source !== 'engine') return false;
  if (f.actor || f.role || f.action || f.requestId) return false;
  return !(f.valueType && ENTRY_KINDS.has(f.valueType));
}

function wantsEntries(f: AuditFilters): boolean {
  if (f.source === 'engine' || f.intent) return false;
  if (f.valueType && !ENTRY_KINDS.has(f.valueType)) return false;
  if (f.source === 'api' && f.valueType === 'RULE_EVALUATION') return false;
  return !(f.source === 'rules' && f.valueType === 'API_ACTION');
}

const BUSINESS_KEY_INSTANCES = `select process_instance_key from records
  where value_type = 'VARIABLE' and value->>'name' = 'businessKey' and value->>'value' = ?`;

function recordsBranch(f: AuditFilters, page: { afterPosition?: string; limit: number }) {
  const where: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const add = (clause: string, ...values: Knex.RawBinding[]) => {
    where.push(clause);
    bindings.push(...values);
  };
  if (page.afterPosition) add('r.position > ?', page.afterPosition);
  if (f.processInstanceKey) add('r.process_instance_key = ?', f.processInstanceKey);
  if (f.businessKey) add(`r.process_instance_key in (${BUSINESS_KEY_INSTANCES})`, f.businessKey);
  if (f.elementId) add('r.element_id = ?', f.elementId);
  if (f.bpmnProcessId) add('r.bpmn_process_id = ?', f.bpmnProcessId);
  if (f.valueType) add('r.value_type = ?', f.valueType);
  if (f.intent) add('r.intent = ?', f.intent);
  if (f.from) add('r.timestamp >= ?', f.from);
  if (f.to) add('r.timestamp <= ?', f.to);
  bindings.push(page.limit);
  return {
    sql: `select r.position, 'engine' as source, r.timestamp as "occurredAt", r.process_instance_key as "processInstanceKey",
        r.bpmn_process_id as "bpmnProcessId", r.element_id as "elementId", r.value_type as "valueType", r.intent, r.key,
        null::text as actor, null::text as role, null::text as action, null::text as target, null::text as reason,
        null::text as "requestId", r.value as data
      from records r ${where.length ? `where ${where.join(' and ')}` : ''} order by r.position limit ?`,
    bindings,
  };
}

function entriesBranch(f: AuditFilters, page: { afterPosition?: string; limit: number }) {
  const where: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const add = (clause: string, ...values: Knex.RawBinding[]) => {
    where.push(clause);
    bindings.push(...values);
  };
  if (page.afterPosition) add('e.position > ?', page.afterPosition);
  if (f.source) add('e.partition = ?', f.source);
  if (f.processInstanceKey) add('e.process_instance_key = ?', f.processInstanceKey);
  if (f.businessKey) add(`e.process_instance_key in (${BUSINESS_KEY_INSTANCES})`, f.businessKey);
  if (f.actor) add('e.actor = ?', f.actor);
  if (f.role) add('e.role = ?', f.role);
  if (f.action) add('e.action = ?', f.action);
  if (f.requestId) add('e.request_id = ?', f.requestId);
  if (f.elementId) add('e.element_id = ?', f.elementId);
  if (f.bpmnProcessId) add(`e.payload->>'bpmnProcessId' = ?`, f.bpmnProcessId);
  if (f.valueType) add('e.kind = ?', f.valueType);
  if (f.from) add('e.occurred_at >= ?', f.from);
  if (f.to) add('e.occurred_at <= ?', f.to);
  bindings.push(page.limit);
  return {
    sql: `select e.position, e.partition as source, e.occurred_at as "occurredAt", e.process_instance_key as "processInstanceKey",
        e.payload->>'bpmnProcessId' as "bpmnProcessId", e.element_id as "elementId", e.kind as "valueType", null::text as intent,
        null::bigint as key, e.actor, e.role, e.action, e.target, e.reason, e.request_id as "requestId", e.payload as data
      from audit_entries e ${where.length ? `where ${where.join(' and ')}` : ''} order by e.position limit ?`,
    bindings,
  };
}
