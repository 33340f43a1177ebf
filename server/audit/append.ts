import type { Knex } from 'knex';

/**
 * Writers for the non-engine partitions of the audit trail. Pass the transaction that does the
 * audited work (a Knex.Transaction is a Knex), so the entry commits or vanishes with it. The
 * chain trigger locks the partition's head row until that transaction ends: call these as the
 * last statement before commit, so other writers of the partition wait as little as possible.
 */

/** One action done through the API, by a person or a system account. */
export interface ApiAction {
  actor: string;
  role: string;
  /** What was done, e.g. `user-task.complete`, `process-instance.cancel`, `deployment.create`. */
  action: string;
  /** What it was done to, e.g. `user-task:2251799813685310`. */
  target: string;
  reason?: string | null;
  requestId?: string | null;
  processInstanceKey?: string | null;
  elementId?: string | null;
  /** Anything else worth keeping (submitted variables, the outcome); JSON only. */
  details?: Record<string, unknown>;
  occurredAt?: Date;
}

export interface RuleConditionResult {
  fact: string;
  operator: string;
  value: unknown;
  factResult?: unknown;
  result?: boolean;
  path?: string;
}

export interface RuleResult {
  name: string;
  priority?: number;
  event?: unknown;
  conditions: RuleConditionResult[];
}

/** One evaluation of a rule set: the facts used, which rules fired or failed and why, and the outcome. */
export interface RuleEvaluation {
  ruleSetId: string;
  version: string | number;
  /** sha256 of the rule set as evaluated, so the exact rules can be found again. */
  contentHash: string;
  facts: Record<string, unknown>;
  fired: RuleResult[];
  failed: RuleResult[];
  /** What the rules decided; KPIs read `decision`, else `route` (see server/kpi/README.md). */
  outcome: Record<string, unknown>;
  processInstanceKey?: string | null;
  elementId?: string | null;
  bpmnProcessId?: string | null;
  /** Who evaluated: a worker id; defaults to `rules-engine`. */
  actor?: string;
  occurredAt?: Date;
}

export interface AuditReceipt {
  position: string;
  partition: string;
  seq: string;
  hash: string;
}

interface Row {
  position: string;
  partition: string;
  seq: string;
  hash: string;
}

const KEY = /^\d{1,19}$/;

export async function recordApiAction(knex: Knex, entry: ApiAction): Promise<AuditReceipt> {
  for (const field of ['actor', 'role', 'action', 'target'] as const) {
    if (typeof entry[field] !== 'string' || !entry[field].trim()) throw new TypeError(`recordApiAction: ${field} must be a non-empty string`);
  }
  return insert(knex, {
    partition: 'api',
    kind: 'API_ACTION',
    actor: entry.actor,
    role: entry.role,
    action: entry.action,
    target: entry.target,
    reason: entry.reason ?? null,
    request_id: entry.requestId ?? null,
    process_instance_key: instanceKey(entry.processInstanceKey, 'recordApiAction'),
    element_id: entry.elementId ?? null,
    payload: json(entry.details ?? {}),
    ...(entry.occurredAt ? { occurred_at: entry.occurredAt } : {}),
  });
}

export async function recordRuleEvaluation(knex: Knex, evaluation: RuleEvaluation): Promise<AuditReceipt> {
  if (!evaluation.ruleSetId) throw new TypeError('recordRuleEvaluation: ruleSetId must be a non-empty string');
  const { occurredAt, ...payload } = evaluation;
  return insert(knex, {
    partition: 'rules',
    kind: 'RULE_EVALUATION',
    actor: evaluation.actor ?? 'rules-engine',
    action: 'rules.evaluate',
    target: `${evaluation.ruleSetId}@${evaluation.version}`,
    process_instance_key: instanceKey(evaluation.processInstanceKey, 'recordRuleEvaluation'),
    element_id: evaluation.elementId ?? null,
    payload: json(payload),
    ...(occurredAt ? { occurred_at: occurredAt } : {}),
  });
}

async function insert(knex: Knex, row: Record<string, unknown>): Promise<AuditReceipt> {
  const [inserted] = await knex<Row>('audit_entries')
    .insert(row)
    .returning(['position', 'partition', 'seq', knex.raw(`encode(hash, 'hex') as hash`) as unknown as 'hash']);
  return inserted as AuditReceipt;
}

function instanceKey(key: string | null | undefined, caller: string): string | null {
  if (key === undefined || key === null || key === '') return null;
  if (!KEY.test(String(key))) throw new TypeError(`${caller}: processInstanceKey must be a decimal key, got '${String(key)}'`);
  return String(key);
}

/** jsonb would refuse undefined members and NUL characters; a JSON round trip drops the former. */
function json(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v));
}
