/**
 * ActivateJobs for cases: one job at a time, long-polling until it comes or the wait is
 * over, and traced as the worker saw it (keys and deadlines left out).
 */
import type { CaseContext, Job, Variables } from './context.ts';
import { jobType } from './models.ts';

/** Long enough that no job of a case times out unless the case asks for it. */
const DEFAULT_JOB_TIMEOUT_MS = 10 * 60_000;
const WORKER = 'conformance';

export interface ActivationOptions {
  /** fetchVariable: only these variables. */
  fetch?: string[];
  /** The job's activation timeout (default 10 min). */
  timeoutMs?: number;
  /** Trace each activated job (default true). */
  traced?: boolean;
}

export async function activateJobs(ctx: CaseContext, type: string, waitMs: number, options: ActivationOptions): Promise<Job[]> {
  const deadline = Date.now() + waitMs;
  // Job types fixed by Zeebe are shared with other cases: skip jobs of other processes.
  const ours = (j: { bpmnProcessId: string }) => j.bpmnProcessId.endsWith(`-${ctx.token}`);
  for (;;) {
    const activated = await ctx.client.activateJobs({
      type: jobType(type, ctx.token),
      worker: WORKER,
      maxJobsToActivate: 1,
      timeout: options.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
      requestTimeout: Math.max(1, deadline - Date.now()),
      fetchVariable: options.fetch,
    });
    const jobs = activated.filter(ours);
    if (jobs.length || Date.now() >= deadline) {
      return jobs.map((raw) => {
        const variables = raw.variables as Variables;
        const seen = {
          type,
          process: raw.bpmnProcessId,
          version: raw.processDefinitionVersion,
          elementId: raw.elementId,
          retries: raw.retries,
          customHeaders: raw.customHeaders,
          variables: ctx.vars(variables),
        };
        const job: Job = { ...raw, variables, type, seen };
        if (options.traced !== false) ctx.record('activate', seen);
        return job;
      });
    }
  }
}
