import type { Finding } from './audit-record-findings.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Review {
  policy: string;
  decision: 'accept-risk' | 'remediate';
  justification?: string;
}

interface Input {
  auditId: string;
  scope: string;
  findings: Finding[];
  /** From the security officer's review; absent when there was nothing to review. */
  reviews?: Review[];
  policyResult: { ruleSet: string; version: string | number; firedRules: string[] };
}

export type AuditOutcome = 'compliant' | 'exceptions-accepted' | 'remediation-required';

/**
 * Each finding with the officer's decision. An accepted risk needs a justification; one
 * without, or a finding nobody decided on, stays a finding to remediate.
 */
export function decideFindings(findings: Finding[], reviews: Review[] = []) {
  return findings.map((f) => {
    const review = reviews.find((r) => r.policy === f.policy);
    const accepted = review?.decision === 'accept-risk' && !!review.justification?.trim();
    return { ...f, resolution: accepted ? 'accepted-exception' : 'remediate', ...(accepted ? { justification: review.justification } : {}) };
  });
}

/** Publishes the audit report: findings, their resolution and the policy version used. */
const publishReport: WorkerModule = {
  taskType: 'audit.publish-report',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { auditId, scope, findings, reviews, policyResult } = variablesOf<Input>(job);
        const resolved = decideFindings(findings, reviews);
        const auditOutcome: AuditOutcome = !resolved.length ? 'compliant' : resolved.every((f) => f.resolution === 'accepted-exception') ? 'exceptions-accepted' : 'remediation-required';
        const report = await callSystem(
          'security',
          'POST',
          'reports',
          { auditId, scope, outcome: auditOutcome, findings: resolved, policies: { ruleSet: policyResult.ruleSet, version: policyResult.version, fired: policyResult.firedRules } },
          { idempotencyKey: idempotencyKey(job) },
        );
        return { auditOutcome, reportId: idOf(report, 'audit report') };
      },
      { maxRetries: 5 },
    ),
};

export default publishReport;
