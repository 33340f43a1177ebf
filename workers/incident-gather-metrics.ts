import { callSystem } from './lib/external.ts';
import { gatherEvidence } from './lib/evidence.ts';
import type { WorkerModule } from './worker-module.ts';

interface MetricsQuery {
  metric: string;
  summary: { min: number; max: number; avg: number; last: number; threshold: number; breached: boolean };
}

/** Incident manager (`incident.gather-metrics`): the service's key metric over the last hour (metrics/query). */
const gatherMetrics: WorkerModule = {
  taskType: 'incident.gather-metrics',
  taskHandler: (job) =>
    gatherEvidence(job, 'metrics', async () => {
      const { service } = job.variables as { service: string };
      const result = await callSystem<MetricsQuery>('metrics', 'GET', `query?${new URLSearchParams({ service })}`);
      return { metrics: { available: true, metric: result.metric, ...result.summary } };
    }),
};

export default gatherMetrics;
