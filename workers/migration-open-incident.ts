import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  dataset?: string;
  businessKey?: string;
  reconciliation?: Record<string, unknown>;
  rolledBack?: string[];
}

/**
 * Migration manager (`migration.open-incident`), after the rollback: opens a ticket for a
 * person to find out why (once, whatever the retries), with what failed and what was undone.
 */
const openIncident: WorkerModule = {
  taskType: 'migration.open-incident',
  taskHandler: (job) =>
    runJob(job, async () => {
      const v = job.variables as Input;
      const ticket = await callSystem<{ id: string }>(
        'ticketing',
        'POST',
        'tickets',
        {
          type: 'incident',
          status: 'open',
          title: `Data migration of ${v.dataset ?? '?'} rolled back`,
          businessKey: v.businessKey ?? null,
          reconciliation: v.reconciliation ?? null,
          rolledBack: v.rolledBack ?? [],
        },
        { idempotencyKey: idempotencyKey(job) },
      );
      return { incidentTicket: { id: ticket.id, system: 'ticketing' }, migrationStatus: 'rolled-back' };
    }),
};

export default openIncident;
