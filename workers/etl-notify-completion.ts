import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  runId: string;
  loadedRows?: number;
  extractedSources: string[];
  failedSources: Array<{ source: string; reason: string }>;
  rejectedRows: unknown[];
}

/** complete: every source loaded; partial: some failed but rows were loaded; failed: nothing loaded. */
export function pipelineStatus({ loadedRows = 0, failedSources }: Pick<Input, 'loadedRows' | 'failedSources'>): 'complete' | 'partial' | 'failed' {
  if (loadedRows === 0 && failedSources.length) return 'failed';
  return failedSources.length ? 'partial' : 'complete';
}

/** Tells the data team how the run went: what was loaded, which sources failed and why. */
const notifyCompletion: WorkerModule = {
  taskType: 'etl.notify-completion',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const v = variablesOf<Input>(job);
        const status = pipelineStatus(v);
        const failed = v.failedSources.map((f) => `${f.source} (${f.reason})`).join(', ');
        const text = [
          `Pipeline run ${v.runId}: ${status}.`,
          `Loaded ${v.loadedRows ?? 0} rows from ${v.extractedSources.join(', ') || 'no source'}.`,
          v.rejectedRows.length ? `${v.rejectedRows.length} invalid rows set aside.` : '',
          failed ? `Failed sources: ${failed}.` : '',
        ].filter(Boolean).join(' ');
        const message = await callSystem('chat', 'POST', 'messages', { channel: '#data-pipeline', text }, { idempotencyKey: idempotencyKey(job) });
        return { pipelineStatus: status, notificationId: idOf(message, 'chat message') };
      },
      { maxRetries: 5 },
    ),
};

export default notifyCompletion;
