import type { Alert } from './automation-read-alert.ts';
import { callSystem } from './lib/external.ts';
import { orUnavailable, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface MetricsQuery {
  metric: string;
  summary: { min: number; max: number; avg: number; last: number; threshold: number; breached: boolean };
}

/** Reads the alert's metric over the last hour; the incident goes on without it if metrics are down. */
const readMetrics: WorkerModule = {
  taskType: 'automation.read-metrics',
  taskHandler: (job) =>
    orUnavailable(
      job,
      async () => {
        const { alert } = variablesOf<{ alert: Alert }>(job);
        const query = new URLSearchParams({ service: alert.service, metric: alert.metric });
        const { metric, summary } = await callSystem<MetricsQuery>('metrics', 'GET', `query?${query}`);
        return { metricFindings: { status: 'ok', metric, ...summary } };
      },
      (reason) => ({ metricFindings: { status: 'unavailable', reason } }),
      { maxRetries: 4 },
    ),
};

export default readMetrics;
