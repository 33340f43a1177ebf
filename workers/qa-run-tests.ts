import { callSystem, idempotencyKey } from './lib/external.ts';
import { header, runJob } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface TestRun {
  id: string;
  suite: string;
  total: number;
  passed: number;
  failed: number;
  coverage: number;
}

/**
 * QA coordinator (`qa.run-tests`): runs the test suite named by the `suite` header against the
 * release (testing/runs) and reports `unitTests` { total, passed, failed, coverage }. One run
 * per task instance: a retry replays the run instead of starting another.
 */
const runTests: WorkerModule = {
  taskType: 'qa.run-tests',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const { release } = job.variables as { release: string };
        const suite = header(job, 'suite', 'unit');
        const run = await callSystem<TestRun>('testing', 'POST', 'runs', { suite: `${release}:${suite}` }, { idempotencyKey: idempotencyKey(job) });
        return { unitTests: { runId: run.id, suite: run.suite, total: run.total, passed: run.passed, failed: run.failed, coverage: run.coverage } };
      },
      { maxRetries: 5 },
    ),
};

export default runTests;
