import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  release: string;
  businessKey?: string;
  reworkCount?: number;
  reworkTickets?: string[];
  gate?: { verdict?: string; reason?: string };
}

/**
 * QA coordinator (`qa.rework`): files the rework the quality gate asked for (a ticket with the
 * gate's reason) and counts the round; the checks then run again.
 */
const rework: WorkerModule = {
  taskType: 'qa.rework',
  taskHandler: (job) =>
    runJob(job, async () => {
      const v = job.variables as unknown as Input;
      const round = (v.reworkCount ?? 0) + 1;
      const ticket = await callSystem<{ id: string }>(
        'ticketing',
        'POST',
        'tickets',
        { type: 'rework', status: 'open', release: v.release, round, reason: v.gate?.reason ?? 'quality gate asked for rework', businessKey: v.businessKey ?? null },
        { idempotencyKey: idempotencyKey(job) },
      );
      return { reworkCount: round, reworkTickets: [...(v.reworkTickets ?? []), ticket.id] };
    }),
};

export default rework;
