import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

export interface Finding {
  policy: string;
  severity: string;
  title: string;
  id?: string;
}

interface Input {
  auditId?: string;
  scope: string;
  policyResult: { findings: Finding[]; firedRules: string[] };
}

/**
 * Records each finding of the policy evaluation in the security system, one record per
 * policy (keyed by policy, so a retry after a partial success creates none twice).
 */
const recordFindings: WorkerModule = {
  taskType: 'audit.record-findings',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { auditId = job.processInstanceKey, scope, policyResult } = variablesOf<Input>(job);
        const findings: Finding[] = [];
        for (const finding of policyResult.findings) {
          const created = await callSystem('security', 'POST', 'findings', { auditId, scope, ...finding, status: 'open' }, { idempotencyKey: idempotencyKey(job, finding.policy) });
          findings.push({ ...finding, id: idOf(created, 'finding') });
        }
        return { auditId, findings };
      },
      { maxRetries: 5 },
    ),
};

export default recordFindings;
