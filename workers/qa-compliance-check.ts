import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

/** The policies a release is checked against. */
const POLICIES = ['licence-allowlist', 'change-approval', 'data-retention'];

interface Check {
  id: string;
  violations?: unknown;
}

/**
 * QA coordinator (`qa.compliance-check`): files a compliance check of the release
 * (security/compliance-checks) and reports `compliance` { violations }: the count of the
 * violations the check lists (a number or a list), none when it lists none.
 */
const complianceCheck: WorkerModule = {
  taskType: 'qa.compliance-check',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const { release } = job.variables as { release: string };
        const check = await callSystem<Check>('security', 'POST', 'compliance-checks', { release, policies: POLICIES }, { idempotencyKey: idempotencyKey(job) });
        const violations = Array.isArray(check.violations) ? check.violations.length : typeof check.violations === 'number' ? check.violations : 0;
        return { compliance: { checkId: check.id, policies: POLICIES, violations } };
      },
      { maxRetries: 5 },
    ),
};

export default complianceCheck;
