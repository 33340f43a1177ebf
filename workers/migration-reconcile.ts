import { callSystem } from './lib/external.ts';
import { runJob, type Variables } from './lib/run-job.ts';
import type { BatchResult, MigrationCounts } from './lib/migration.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  batchResults?: BatchResult[];
  expectedRecords?: number;
}

/**
 * Migration manager (`migration.reconcile`): compares what the target holds with the source
 * (migration/counts) and with the batches' own results. Reconciled only if no batch failed and
 * source and target agree; otherwise the process rolls back.
 */
export function reconcile(input: Input, counts: MigrationCounts): Variables {
  const failedBatches = (input.batchResults ?? []).filter((b) => b.status !== 'migrated').map((b) => b.batch);
  const ok = failedBatches.length === 0 && counts.reconciled === true && counts.difference === 0;
  return {
    reconciliation: { ok, expected: input.expectedRecords ?? counts.source, source: counts.source, migrated: counts.target, difference: counts.difference, failedBatches },
    migrationStatus: ok ? 'completed' : 'rolling-back',
  };
}

const reconcileWorker: WorkerModule = {
  taskType: 'migration.reconcile',
  taskHandler: (job) => runJob(job, async () => reconcile(job.variables as Input, await callSystem<MigrationCounts>('migration', 'GET', 'counts'))),
};

export default reconcileWorker;
