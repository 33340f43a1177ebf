/** Incidents: raised when retries run out or an expression fails, resolved by an operator. */
import type { ConformanceCase } from '../case.ts';

export const incidentCases: ConformanceCase[] = [
  {
    id: 'incident-retries-exhausted',
    title: 'failing with no retries left raises JOB_NO_RETRIES; more retries plus resolve hands the job out again',
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      let job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 0, errorMessage: 'boom: out of retries' });
      const incident = await ctx.incident();
      await ctx.noJob('jr-work', 500);
      await ctx.updateRetries(job, 2);
      await ctx.resolve(incident);
      job = await ctx.activate('jr-work');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'incident-resolve-without-retries',
    title: 'resolving a job incident while the job still has no retries',
    
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      let job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 0, errorMessage: 'no retries' });
      const incident = await ctx.incident();
      await ctx.resolve(incident);
      await ctx.noJob('jr-work', 500);
      await ctx.updateRetries(job, 1);
      await ctx.resolve(incident);
      job = await ctx.activate('jr-work');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'incident-io-mapping',
    title: 'mappings reading a missing variable: guarded expressions go on, a plain reference raises an incident',
    async run(ctx) {
      await ctx.deploy('diff-io-mappings.bpmn');
      const instance = await ctx.start('diff-io-mappings', { order: 7 });
      let job = await ctx.activate('dio-guarded');
      await ctx.complete(job, { items: ['a', 'b', 'c'] });
      // Optional: Zeebe 8.6 maps the missing variable to null, Baton raises an incident (DEVIATIONS.md).
      const incident = await ctx.incident({ optional: true, waitMs: 2000 });
      await ctx.setVariables(instance, { customer: { name: 'Ada' } });
      await ctx.resolve(incident);
      job = await ctx.activate('dio-strict');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'incident-condition-no-match',
    title: 'an exclusive gateway without a default and no true condition raises an incident; resolve re-evaluates',
    async run(ctx) {
      await ctx.deploy('exclusive-gateway-no-default.bpmn');
      const instance = await ctx.start('xor-no-default', { choice: 'c' });
      const incident = await ctx.incident();
      await ctx.setVariables(instance, { choice: 'b' });
      await ctx.resolve(incident);
      await ctx.ended(instance);
    },
  },
  {
    id: 'incident-condition-non-boolean',
    title: 'a condition that is not boolean raises an incident at the gateway',
    async run(ctx) {
      await ctx.deploy('exclusive-gateway-non-boolean.bpmn');
      const yes = await ctx.start('xor-non-boolean', { approved: true });
      await ctx.ended(yes);
      const text = await ctx.start('xor-non-boolean', { approved: 'yes' });
      const incident = await ctx.incident();
      await ctx.setVariables(text, { approved: false });
      await ctx.resolve(incident);
      await ctx.ended(text);
    },
  },
  {
    id: 'incident-cancel',
    title: 'cancelling an instance with an open incident ends it; the incident is gone',
    
    async run(ctx) {
      await ctx.deploy('job-retries.bpmn');
      const instance = await ctx.start('job-retries');
      const job = await ctx.activate('jr-work');
      await ctx.fail(job, { retries: 0, errorMessage: 'stuck' });
      const incident = await ctx.incident();
      await ctx.cancel(instance);
      await ctx.ended(instance);
      await ctx.resolve(incident);
    },
  },
];
