import type { ActivatedJob, ActivateJobsRequest, JobStream, JobStreamRequest } from './api.ts';
import { activateJobs } from './commands/jobs.ts';
import { JobWaiters, type JobStreamConsumer, type JobWaiter } from './job-waiters.ts';
import type { BatchContext } from './processing/context.ts';

type Submit = <T>(run: (ctx: BatchContext) => T) => Promise<T>;

/**
 * Gets jobs to the workers that wait for them: long-polling ActivateJobs requests and
 * StreamActivatedJobs streams. Waiters register inside a batch, and jobs made ready by a batch
 * are handed over in that same batch, so no job is missed and none waits for a second round.
 */
export class JobDispatcher {
  private readonly waiters = new JobWaiters();

  constructor(
    private readonly submit: Submit,
    private readonly hasActivatable: (type: string) => boolean,
    private readonly defaultLongPollMs: number,
  ) {}

  /** ActivateJobs: what is there now, else wait (long poll) until jobs come or the time is up. */
  activate(request: ActivateJobsRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    const longPollMs = request.requestTimeout === undefined || request.requestTimeout === 0 ? this.defaultLongPollMs : request.requestTimeout;
    return new Promise<ActivatedJob[]>((resolve, reject) => {
      this.submit((ctx) => {
        const jobs = activateJobs(ctx, request);
        if (jobs.length || longPollMs < 0 || signal?.aborted) return jobs;
        // Registered inside the batch, so no job made ready by a later batch can be missed.
        const waiter: JobWaiter = { request, done: false, resolve: (j) => resolve(j) };
        this.waiters.addPoll(waiter);
        const timer = setTimeout(() => {
          this.waiters.removePoll(waiter);
          resolve([]);
        }, longPollMs);
        timer.unref?.();
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          this.waiters.removePoll(waiter);
          resolve([]);
        });
        waiter.resolve = (j) => {
          clearTimeout(timer);
          resolve(j);
        };
        return undefined;
      }).then((jobs) => {
        if (jobs) resolve(jobs);
      }, reject);
    });
  }

  stream(request: JobStreamRequest, push: (job: ActivatedJob) => void): JobStream {
    const consumer: JobStreamConsumer = { request, push, open: true };
    this.waiters.addStream(consumer);
    if (this.hasActivatable(request.type)) void this.submit((ctx) => this.serve(ctx, request.type));
    return { close: () => this.waiters.removeStream(consumer) };
  }

  /** Hands the jobs a batch made ready to whoever waits for their types, in that batch. */
  serveReady(ctx: BatchContext): void {
    for (const type of ctx.jobTypesReady) {
      if (this.waiters.hasWaiters(type)) this.serve(ctx, type);
    }
  }

  /** Ends every open long poll with no jobs (shutdown). */
  releaseAll(): void {
    for (const type of this.waiters.types()) {
      for (const w of this.waiters.pollsFor(type)) {
        this.waiters.removePoll(w);
        w.resolve([]);
      }
    }
  }

  /** Streams first (one job each, round-robin), then long polls. */
  private serve(ctx: BatchContext, type: string): void {
    for (;;) {
      if (!ctx.state.hasActivatable(type)) return;
      const streams = this.waiters.streamsFor(type).filter((s) => s.open);
      if (!streams.length) break;
      for (const stream of streams) {
        const [job] = activateJobs(ctx, { ...stream.request, maxJobsToActivate: 1 });
        if (!job) return;
        ctx.afterCommit.push(() => stream.push(job));
      }
    }
    for (const waiter of [...this.waiters.pollsFor(type)]) {
      if (!ctx.state.hasActivatable(type)) return;
      if (waiter.done) continue;
      const jobs = activateJobs(ctx, waiter.request);
      if (!jobs.length) continue;
      this.waiters.removePoll(waiter);
      ctx.afterCommit.push(() => waiter.resolve(jobs));
    }
  }
}
