import { fetchOnly, runJob, undo } from './lib/run-job.ts';
import type { BatchResult } from './lib/migration.ts';
import type { WorkerModule } from './worker-module.ts';

/**
 * Migration manager's compensation handler (`migration.rollback-batch`, one job per migrated
 * batch, newest first): deletes the migrated batch from the target, which takes its rows out
 * again. A batch already gone counts as rolled back, so the handler can run twice safely.
 */
const rollbackBatch: WorkerModule = {
  taskType: 'migration.rollback-batch',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const { migrated } = job.variables as unknown as { migrated: BatchResult };
        if (!migrated.migrationId) throw new Error(`batch '${migrated.batch}' has no migration id to roll back`);
        const how = await undo('migration', `batches/${encodeURIComponent(migrated.migrationId)}`);
        return { rollback: { batch: migrated.batch, migrationId: migrated.migrationId, how } };
      },
      { maxRetries: 5 },
    ),
  options: { fetchVariable: fetchOnly(['migrated']) },
};

export default rollbackBatch;
