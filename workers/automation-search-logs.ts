import type { Alert } from './automation-read-alert.ts';
import { callSystem } from './lib/external.ts';
import { orUnavailable, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface LogSearch {
  total: number;
  cause?: string;
  entries: Array<{ at: string; level: string; message: string }>;
}

/**
 * Searches the service's logs around the alert. One finding source of three: when the log
 * store cannot be read the incident goes on without it (`logFindings.status` = unavailable,
 * and no known cause can be claimed).
 */
const searchLogs: WorkerModule = {
  taskType: 'automation.search-logs',
  taskHandler: (job) =>
    orUnavailable(
      job,
      async () => {
        const { alert } = variablesOf<{ alert: Alert }>(job);
        const query = new URLSearchParams({ service: alert.service, query: alert.metric });
        const found = await callSystem<LogSearch>('logs', 'GET', `search?${query}`);
        const errors = found.entries.filter((e) => e.level === 'ERROR').map((e) => e.message);
        const cause = found.cause && found.cause !== 'unknown' ? found.cause : undefined;
        return { logFindings: { status: 'ok', matched: found.total, errors, ...(cause ? { cause } : {}) }, knownCause: cause !== undefined };
      },
      (reason) => ({ logFindings: { status: 'unavailable', reason }, knownCause: false }),
      { maxRetries: 4 },
    ),
};

export default searchLogs;
