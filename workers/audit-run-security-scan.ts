import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Scan {
  passed: boolean;
  counts: Record<string, number>;
  findings: Array<{ rule: string; title: string; severity: string }>;
}

/** Evidence 1 of 3: a vulnerability scan of the audited scope (started once, however often retried). */
const runSecurityScan: WorkerModule = {
  taskType: 'audit.run-security-scan',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { scope } = variablesOf<{ scope: string }>(job);
        const { passed, counts, findings } = await callSystem<Scan>('security', 'POST', 'scans', { target: scope }, { idempotencyKey: idempotencyKey(job) });
        return { scan: { passed, counts, findings } };
      },
      { maxRetries: 4 },
    ),
};

export default runSecurityScan;
