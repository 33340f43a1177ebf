import type { RootCause } from './automation-determine-root-cause.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  service: string;
  ticketId: string;
  classification: { severity: string };
  rootCause: RootCause;
  remediation?: { status: string; reason?: string };
}

/** Pages the service's on-call engineer (once per incident, however often retried). */
const pageOnCall: WorkerModule = {
  taskType: 'automation.page-oncall',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { service, ticketId, classification, rootCause, remediation } = variablesOf<Input>(job);
        const reason = remediation?.status === 'failed' ? `automated remediation failed: ${remediation.reason ?? 'no reason given'}` : `${classification.severity} incident`;
        const page = await callSystem('oncall', 'POST', 'pages', { service, ticketId, severity: classification.severity, suspectedCause: rootCause.cause, reason }, { idempotencyKey: idempotencyKey(job) });
        return { page: { id: idOf(page, 'page'), reason } };
      },
      { maxRetries: 5 },
    ),
};

export default pageOnCall;
