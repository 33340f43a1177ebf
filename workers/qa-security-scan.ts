import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Scan {
  id: string;
  findings: Array<{ rule: string; severity: string }>;
  counts: { critical: number; high: number; medium: number; low: number };
}

/** QA coordinator (`qa.security-scan`): scans the release (security/scans) and reports `securityScan` counts per severity. */
const securityScan: WorkerModule = {
  taskType: 'qa.security-scan',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const { release } = job.variables as { release: string };
        const scan = await callSystem<Scan>('security', 'POST', 'scans', { target: release }, { idempotencyKey: idempotencyKey(job) });
        return { securityScan: { scanId: scan.id, ...scan.counts, findings: scan.findings.map((f) => `${f.severity}: ${f.rule}`) } };
      },
      { maxRetries: 5 },
    ),
};

export default securityScan;
