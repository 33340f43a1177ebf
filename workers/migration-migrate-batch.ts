import { callSystem, ExternalError, idempotencyKey } from './lib/external.ts';
import { fetchOnly, runJob } from './lib/run-job.ts';
import type { Batch, BatchResult } from './lib/migration.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  batch: Batch;
  dataset?: string;
}

/**
 * Migration manager (`migration.migrate-batch`, one job per batch): sends the batch to the
 * target, idempotently (a retried job replays the first answer instead of migrating twice).
 * A batch the target refuses is a result, `status: 'failed'`, not an error: the other batches
 * complete, and reconciliation then rolls back those that did migrate. Transient errors retry
 * with exponential back-off (the task is modelled with 5 retries).
 */
const migrateBatch: WorkerModule = {
  taskType: 'migration.migrate-batch',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const { batch, dataset } = job.variables as unknown as Input;
        let result: BatchResult;
        try {
          const created = await callSystem<{ id: string }>('migration', 'POST', 'batches', { batch: batch.batch, dataset, records: batch.records }, { idempotencyKey: idempotencyKey(job) });
          result = { batch: batch.batch, records: batch.records.length, status: 'migrated', migrationId: created.id };
        } catch (err) {
          if (!(err instanceof ExternalError) || err.transient) throw err;
          result = { batch: batch.batch, records: batch.records.length, status: 'failed', error: err.message };
        }
        return { batchResult: result };
      },
      { maxRetries: 5 },
    ),
  options: { fetchVariable: fetchOnly(['batch', 'dataset']) },
};

export default migrateBatch;
