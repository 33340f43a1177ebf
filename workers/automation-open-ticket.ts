import type { Alert } from './automation-read-alert.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/** Opens the incident ticket (once, however often the job is retried). */
const openTicket: WorkerModule = {
  taskType: 'automation.open-ticket',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { alert, impact, affectedUsers } = variablesOf<{ alert: Alert; impact: string; affectedUsers: number }>(job);
        const ticket = await callSystem(
          'ticketing',
          'POST',
          'tickets',
          { title: `${alert.service}: ${alert.message}`, service: alert.service, alertId: alert.id, impact, affectedUsers, status: 'open' },
          { idempotencyKey: idempotencyKey(job) },
        );
        return { ticketId: idOf(ticket, 'ticket') };
      },
      { maxRetries: 5 },
    ),
};

export default openTicket;
