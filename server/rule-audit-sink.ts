import type { Knex } from 'knex';
import type { Evaluation } from '../rules/evaluate.ts';
import type { RuleAuditSink } from '../workers/rules.ts';
import { recordRuleEvaluation, type RuleConditionResult } from './audit/index.ts';

/**
 * On the embedded engine the rules worker's explanations join the same tamper-evident trail
 * as the engine's records: rule set, version and hash, facts, each rule with its conditions'
 * fact values, and the outcome, attached to the instance and element that asked.
 */
export function auditTrailSink(knex: Knex): RuleAuditSink {
  return {
    async record({ evaluation, job }) {
      await recordRuleEvaluation(knex, {
        ruleSetId: evaluation.ruleSetId,
        version: evaluation.version,
        contentHash: evaluation.contentHash,
        facts: evaluation.facts,
        fired: evaluation.fired.map((f) => ({ name: f.rule, priority: f.priority, event: { type: f.event, params: f.params }, conditions: conditionsOf(evaluation, f.rule) })),
        failed: evaluation.failed.map((f) => ({ name: f.rule, priority: f.priority, conditions: conditionsOf(evaluation, f.rule) })),
        outcome: evaluation.outcome,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
        bpmnProcessId: job.bpmnProcessId,
        actor: job.worker || 'rules-engine',
        occurredAt: new Date(evaluation.evaluatedAt),
      });
    },
  };
}

function conditionsOf(evaluation: Evaluation, rule: string): RuleConditionResult[] {
  return (evaluation.conditions[rule] ?? []).map((c) => ({
    fact: c.fact,
    operator: c.operator,
    value: c.value,
    factResult: c.factResult,
    result: c.result ?? undefined,
    path: c.path,
  }));
}
