import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

/**
 * Incident manager (`incident.escalate-page`): on-call has not resolved the incident in time;
 * pages the incident commander (oncall/pages, level 2). On-call keeps the task.
 */
const escalatePage: WorkerModule = {
  taskType: 'incident.escalate-page',
  taskHandler: (job) =>
    runJob(job, async () => {
      const v = job.variables as { service: string; ticketId?: string; page?: { id?: string } };
      const page = await callSystem<{ id: string }>(
        'oncall',
        'POST',
        'pages',
        { level: 2, target: 'incident-commander', service: v.service, ticketId: v.ticketId ?? null, previousPage: v.page?.id ?? null },
        { idempotencyKey: idempotencyKey(job) },
      );
      return { escalatedPage: { id: page.id, level: 2 } };
    }),
};

export default escalatePage;
