import { callSystem } from './lib/external.ts';
import { gatherEvidence } from './lib/evidence.ts';
import type { WorkerModule } from './worker-module.ts';

/** Incident manager (`incident.related-tickets`): other incident tickets of the same service (ticketing/tickets). */
const relatedTickets: WorkerModule = {
  taskType: 'incident.related-tickets',
  taskHandler: (job) =>
    gatherEvidence(job, 'tickets', async () => {
      const { service, ticketId } = job.variables as { service: string; ticketId?: string };
      const tickets = await callSystem<Array<{ id: string; title?: string }>>('ticketing', 'GET', `tickets?${new URLSearchParams({ type: 'incident', service })}`);
      const related = tickets.filter((t) => t.id !== ticketId);
      return { relatedTickets: { available: true, count: related.length, ids: related.map((t) => t.id) } };
    }),
};

export default relatedTickets;
