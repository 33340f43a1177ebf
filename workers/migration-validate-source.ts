import { callSystem } from './lib/external.ts';
import { BusinessError, runJob, type Variables } from './lib/run-job.ts';
import type { Batch } from './lib/migration.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  dataset?: unknown;
  batchSize?: unknown;
  /** Fields every source row must have; rows without them make the source invalid. */
  requiredFields?: unknown;
}

const DEFAULT_BATCH_SIZE = 10;
const RECORD_META = new Set(['createdAt', 'updatedAt']);

/**
 * Migration manager (`migration.validate-source`): reads the rows of the `dataset` from the
 * source (migration/source?dataset=), refuses a dataset that is empty or has rows missing
 * required fields (SOURCE_INVALID, with the problem in `sourceProblem`), and plans the batches.
 */
async function validateSource(input: Input): Promise<Variables> {
  const source = typeof input.dataset === 'string' ? input.dataset.trim() : '';
  if (!source) throw new BusinessError('SOURCE_INVALID', 'no dataset named', { sourceProblem: 'no dataset named' });
  const size = typeof input.batchSize === 'number' && Number.isInteger(input.batchSize) && input.batchSize > 0 ? input.batchSize : DEFAULT_BATCH_SIZE;
  const required = Array.isArray(input.requiredFields) ? input.requiredFields.filter((f): f is string => typeof f === 'string') : [];

  const rows = await callSystem<Array<Record<string, unknown>>>('migration', 'GET', `source?dataset=${encodeURIComponent(source)}`);
  const reject = (problem: string) => new BusinessError('SOURCE_INVALID', `dataset '${source}': ${problem}`, { sourceProblem: problem });
  if (!rows.length) throw reject('it has no records');
  const incomplete = rows.filter((r) => required.some((f) => r[f] === undefined || r[f] === null || r[f] === ''));
  if (incomplete.length) throw reject(`${incomplete.length} record(s) lack ${required.join(', ')}: ${incomplete.slice(0, 5).map((r) => String(r.id)).join(', ')}`);

  const records = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !RECORD_META.has(k))));
  const batches: Batch[] = [];
  for (let i = 0; i < records.length; i += size) batches.push({ batch: `${source}-${batches.length + 1}`, records: records.slice(i, i + size) });
  return { batches, expectedRecords: records.length, migrationStatus: 'validated' };
}

const validate: WorkerModule = {
  taskType: 'migration.validate-source',
  taskHandler: (job) => runJob(job, () => validateSource(job.variables as Input), { maxRetries: 3 }),
};

export default validate;
