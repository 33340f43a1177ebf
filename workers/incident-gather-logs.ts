import { callSystem } from './lib/external.ts';
import { gatherEvidence } from './lib/evidence.ts';
import type { WorkerModule } from './worker-module.ts';

interface LogSearch {
  total: number;
  cause?: string;
  entries: Array<{ at: string; level: string; message: string }>;
}

/** Incident manager (`incident.gather-logs`): the service's recent log lines about the incident (logs/search). */
const gatherLogs: WorkerModule = {
  taskType: 'incident.gather-logs',
  taskHandler: (job) =>
    gatherEvidence(job, 'logs', async () => {
      const { service, incidentSummary } = job.variables as { service: string; incidentSummary?: string };
      const query = new URLSearchParams({ service, query: incidentSummary ?? '' });
      const found = await callSystem<LogSearch>('logs', 'GET', `search?${query}`);
      return { logs: { available: true, total: found.total, suspectedCause: found.cause ?? null, errors: found.entries.filter((e) => e.level === 'ERROR').map((e) => e.message) } };
    }),
};

export default gatherLogs;
