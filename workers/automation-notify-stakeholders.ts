import type { RootCause } from './automation-determine-root-cause.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  service: string;
  ticketId: string;
  ticketStatus: string;
  classification: { severity: string };
  rootCause: RootCause;
}

/** Tells the incident channel what happened, once (the idempotency key survives retries). */
const notifyStakeholders: WorkerModule = {
  taskType: 'automation.notify-stakeholders',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { service, ticketId, ticketStatus, classification, rootCause } = variablesOf<Input>(job);
        const text = `[${classification.severity}] ${service}: ${ticketStatus}, cause ${rootCause.cause} (${rootCause.confidence} confidence), ticket ${ticketId}`;
        const message = await callSystem('chat', 'POST', 'messages', { channel: '#incidents', text }, { idempotencyKey: idempotencyKey(job) });
        return { notificationId: idOf(message, 'chat message') };
      },
      { maxRetries: 5 },
    ),
};

export default notifyStakeholders;
