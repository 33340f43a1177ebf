import type { RootCause } from './automation-determine-root-cause.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { idOf, variablesOf, withGiveUp } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/**
 * Runs the runbook for a known cause through monitoring's automation. When it is refused or
 * automation stays down, REMEDIATION_FAILED sends the incident to on-call instead.
 */
const remediate: WorkerModule = {
  taskType: 'automation.remediate',
  taskHandler: (job) =>
    withGiveUp(
      job,
      async () => {
        const { rootCause, service, ticketId } = variablesOf<{ rootCause: RootCause; service: string; ticketId: string }>(job);
        const run = await callSystem('monitoring', 'POST', 'remediations', { runbook: rootCause.runbook, service, ticketId, cause: rootCause.cause }, { idempotencyKey: idempotencyKey(job) });
        return { remediation: { runbook: rootCause.runbook, status: 'succeeded', runId: idOf(run, 'remediation run') } };
      },
      { businessErrorCode: 'REMEDIATION_FAILED', maxRetries: 3 },
    ),
};

export default remediate;
