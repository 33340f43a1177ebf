import { callSystem } from './lib/external.ts';
import { variablesOf, withGiveUp } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

export type Row = Record<string, unknown>;

/** One source's share of the run: its rows, or why there are none. */
export interface Extract {
  source: string;
  status: 'ok' | 'failed';
  rows: Row[];
  reason?: string;
}

/** The sandbox's bookkeeping fields, not the source's data. */
const META = new Set(['createdAt', 'updatedAt']);

/**
 * Reads every row of one source (one instance of the multi-instance extract). Transient errors
 * retry with back-off; a source that refuses, or is still down on the last attempt, fails
 * with SOURCE_FAILED and is skipped: the run goes on with the other sources.
 */
const extractSource: WorkerModule = {
  taskType: 'etl.extract-source',
  taskHandler: (job) =>
    withGiveUp(
      job,
      async () => {
        const { source } = variablesOf<{ source: string }>(job);
        const records = await callSystem<Row[]>('datasource', 'GET', encodeURIComponent(source));
        const rows = records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !META.has(k))));
        const extract: Extract = { source, status: 'ok', rows };
        return { extract };
      },
      { businessErrorCode: 'SOURCE_FAILED', maxRetries: 4 },
    ),
};

export default extractSource;
