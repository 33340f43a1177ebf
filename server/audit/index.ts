export { recordApiAction, recordRuleEvaluation, type ApiAction, type AuditReceipt, type RuleEvaluation, type RuleResult, type RuleConditionResult } from './append.ts';
export type { BrokenLink, PartitionReport, VerifyReport } from './chain.ts';
export { queryAudit, type AuditRow } from './query.ts';
export { createAuditRouter } from './router.ts';
export { verifyAuditTrail } from './verify.ts';
