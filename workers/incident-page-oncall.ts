import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

/** Incident manager (`incident.page-oncall`): pages the on-call engineer (oncall/pages), once per incident. */
const pageOnCall: WorkerModule = {
  taskType: 'incident.page-oncall',
  taskHandler: (job) =>
    runJob(job, async () => {
      const v = job.variables as { service: string; ticketId?: string; severityAssessment?: { severity?: string } };
      const page = await callSystem<{ id: string }>(
        'oncall',
        'POST',
        'pages',
        { level: 1, target: 'on-call', service: v.service, severity: v.severityAssessment?.severity ?? 'unknown', ticketId: v.ticketId ?? null },
        { idempotencyKey: idempotencyKey(job) },
      );
      return { page: { id: page.id, level: 1 } };
    }),
};

export default pageOnCall;
