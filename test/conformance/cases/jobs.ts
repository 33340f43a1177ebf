/** Service tasks and the job lifecycle: activation contents, completion, failure, retries, backoff, timeouts. */
import type { ConformanceCase } from '../case.ts';

export const jobCases: ConformanceCase[] = [
  {
    id: 'job-fields',
    title: 'an activated job carries type, element, retries, headers and all visible variables',
    async run(ctx) {
      await ctx.deploy('service-task-job-fields.bpmn');
      const instance = await ctx.start('st-job-fields', { orderId: 'o-1', amount: 12.5, nested: { a: [1, 2] }, none: null });
      const job = await ctx.activate('st-fields-work');
      await ctx.complete(job, { result: 'done' });
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-fetch-variables',
    title: 'fetchVariable limits the job variables to the names asked for (missing names are left out)',
    async run(ctx) {
      await ctx.deploy('worker-later.bpmn');
      const instance = await ctx.start('worker-later', { a: 1, b: 2, c: { d: 3 } });
      const job = await ctx.activate('wl-work', { fetch: ['a', 'c', 'missing'] });
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-feel-definition',
    title: 'job type and retries given as FEEL expressions are evaluated at activation',
    async run(ctx) {
      await ctx.deploy('service-task-feel-definition.bpmn');
      const instance = await ctx.start('st-feel-definition', { kind: ctx.u('alpha'), tries: 4 });
      const job = await ctx.activate('st-feel-alpha');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-fail-retry',
    title: 'failing with retries left makes the job activatable again with the retries given',
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      let job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 2, errorMessage: 'first failure' });
      job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 1, errorMessage: 'second failure' });
      job = await ctx.activate('jr-work');
      await ctx.complete(job, { finallyDone: true });
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-fail-variables',
    title: 'variables given with a failure are set on the task scope and seen by the next attempt only',
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries', { attempt: 0 });
      let job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 2, variables: { attempt: 1, lastError: 'timeout' } });
      job = await ctx.activate('jr-work');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-fail-backoff',
    title: 'a failed job with a retry backoff is not activatable until the backoff has passed',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      let job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 2, backoffMs: 2000 });
      await ctx.noJob('jr-work', 500);
      await ctx.elapse(2000);
      job = await ctx.activate('jr-work');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-timeout',
    title: 'a job not completed within its activation timeout is handed out again, retries unchanged',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      await ctx.activate('jr-work', { timeoutMs: 1000 });
      await ctx.noJob('jr-work', 300);
      await ctx.elapse(1500);
      const job = await ctx.activate('jr-work');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'job-commands-rejected',
    title: 'commands on a job that is done, or with invalid retries, are rejected',
    
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      const job = await ctx.activate('jr-work');
      await ctx.updateRetries(job, 0);
      await ctx.updateRetries(job, 5);
      await ctx.complete(job);
      await ctx.complete(job);
      await ctx.fail(job, { retries: 1 });
      await ctx.throwError(job, 'ANY');
      await ctx.updateRetries(job, 1);
      await ctx.ended(instance);
    },
  },
];
