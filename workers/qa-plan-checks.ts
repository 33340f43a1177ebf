import { BusinessError, runJob, type Variables } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  release?: unknown;
  title?: unknown;
  reworkLimit?: unknown;
  reworkCount?: unknown;
}

const DEFAULT_REWORK_LIMIT = 2;

/**
 * QA coordinator (`qa.plan-checks`): names the release under test (the `release` variable, or
 * the request's title when the master orchestrator sent it) and sets the rework budget.
 */
export function planChecks(input: Input): Variables {
  const release = typeof input.release === 'string' && input.release.trim() ? input.release.trim() : typeof input.title === 'string' ? input.title.trim() : '';
  if (!release) throw new BusinessError('QA_NOTHING_TO_TEST', 'no release named (release or title)');
  const limit = input.reworkLimit ?? DEFAULT_REWORK_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw new Error(`reworkLimit '${String(limit)}' is not a whole number >= 0`);
  return { release, reworkLimit: limit, reworkCount: typeof input.reworkCount === 'number' ? input.reworkCount : 0, reworkTickets: [] };
}

const plan: WorkerModule = {
  taskType: 'qa.plan-checks',
  taskHandler: (job) => runJob(job, () => planChecks(job.variables as Input)),
};

export default plan;
