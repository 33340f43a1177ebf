import type { Row } from './etl-extract-source.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  runId: string;
  batch: { rows: Row[] };
  extractedSources: string[];
}

/**
 * Loads the batch into the warehouse as one load (the idempotency key makes a retried load
 * land once). A warehouse that stays down becomes an incident: loading only part of a run
 * would be worse than loading it late.
 */
const loadWarehouse: WorkerModule = {
  taskType: 'etl.load-warehouse',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { runId, batch, extractedSources } = variablesOf<Input>(job);
        const load = await callSystem('warehouse', 'POST', 'loads', { runId, sources: extractedSources, rowCount: batch.rows.length, rows: batch.rows }, { idempotencyKey: idempotencyKey(job) });
        return { loadId: idOf(load, 'warehouse load'), loadedRows: batch.rows.length };
      },
      { maxRetries: 5 },
    ),
};

export default loadWarehouse;
