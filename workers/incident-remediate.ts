import { callSystem, idempotencyKey } from './lib/external.ts';
import { BusinessError, runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

export const REMEDIATION_FAILED = 'REMEDIATION_FAILED';

interface Input {
  service: string;
  cause?: string;
  runbook?: string | null;
  ticketId?: string;
}

/**
 * Incident manager (`incident.remediate`): runs the known cause's runbook
 * (monitoring/remediations). No runbook, a refusal or a remediation that reports failure is
 * REMEDIATION_FAILED, which the model answers by paging on-call; transient errors retry.
 */
const remediate: WorkerModule = {
  taskType: 'incident.remediate',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const v = job.variables as unknown as Input;
        if (!v.runbook) throw new BusinessError(REMEDIATION_FAILED, `no runbook for cause '${v.cause ?? 'unknown'}'`);
        const run = await callSystem<{ id: string; status?: string }>(
          'monitoring',
          'POST',
          'remediations',
          { service: v.service, runbook: v.runbook, ticketId: v.ticketId ?? null, status: 'succeeded' },
          { idempotencyKey: idempotencyKey(job) },
        );
        if (run.status && run.status !== 'succeeded') throw new BusinessError(REMEDIATION_FAILED, `runbook '${v.runbook}' ended ${run.status}`);
        return { remediation: { attempted: true, succeeded: true, runbook: v.runbook, remediationId: run.id } };
      },
      { businessErrorCode: REMEDIATION_FAILED },
    ),
};

export default remediate;
