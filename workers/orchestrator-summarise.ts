import { runJob, type Variables } from './lib/run-job.ts';
import { summarise, type RequestOutcome } from './lib/summary.ts';
import type { WorkerModule } from './worker-module.ts';

/**
 * Master orchestrator's last step (`orchestrator.summarise`): one `summary` variable saying
 * which path the request took, which agents worked on it, what was decided and why, and how it
 * ended, so a person (or the demo) reads one variable instead of the whole trail.
 */
const summariseWorker: WorkerModule = {
  taskType: 'orchestrator.summarise',
  taskHandler: (job) => runJob(job, (): Variables => ({ summary: summarise(job.variables as RequestOutcome) })),
};

export default summariseWorker;
