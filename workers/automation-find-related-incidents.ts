import type { Alert } from './automation-read-alert.ts';
import { callSystem } from './lib/external.ts';
import { orUnavailable, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Ticket {
  id: string;
  title?: string;
  status?: string;
  createdAt?: string;
}

/** Other tickets of the same service: a recurring problem reads differently from a new one. */
const findRelatedIncidents: WorkerModule = {
  taskType: 'automation.find-related-incidents',
  taskHandler: (job) =>
    orUnavailable(
      job,
      async () => {
        const { alert, ticketId } = variablesOf<{ alert: Alert; ticketId: string }>(job);
        const tickets = await callSystem<Ticket[]>('ticketing', 'GET', `tickets?${new URLSearchParams({ service: alert.service })}`);
        const related = tickets.filter((t) => t.id !== ticketId).map(({ id, title, status, createdAt }) => ({ id, title, status, createdAt }));
        return { relatedIncidents: { status: 'ok', tickets: related } };
      },
      (reason) => ({ relatedIncidents: { status: 'unavailable', reason, tickets: [] } }),
      { maxRetries: 4 },
    ),
};

export default findRelatedIncidents;
