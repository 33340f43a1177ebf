/** BPMN errors thrown by workers and error end events: caught by boundary events or not caught at all. */
import type { ConformanceCase } from '../case.ts';

export const errorCases: ConformanceCase[] = [
  {
    id: 'error-caught-specific',
    title: 'a thrown error code is caught by the boundary event for that code; its variables reach the process',
    
    async run(ctx) {
      await ctx.deploy('diff-error-boundaries.bpmn');
      const instance = await ctx.start('diff-error-boundaries');
      const job = await ctx.activate('deb-work');
      await ctx.throwError(job, 'EXPIRED', { errorMessage: 'too late', variables: { reason: 'late' } });
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'error-caught-by-code-over-catch-all',
    title: 'the boundary event naming the code wins over the catch-all one',
    
    async run(ctx) {
      await ctx.deploy('diff-error-boundaries.bpmn');
      const instance = await ctx.start('diff-error-boundaries');
      let job = await ctx.activate('deb-work');
      await ctx.throwError(job, 'NOT_FOUND', { variables: { missing: 'customer' } });
      job = await ctx.activate('deb-handle-not-found');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'error-caught-by-catch-all',
    title: 'an error code no boundary names is caught by the boundary without an error reference',
    async run(ctx) {
      await ctx.deploy('diff-error-boundaries.bpmn');
      const instance = await ctx.start('diff-error-boundaries');
      const job = await ctx.activate('deb-work');
      await ctx.throwError(job, 'SOMETHING_ELSE', { errorMessage: 'other' });
      await ctx.noJob('deb-handle-not-found', 300);
      await ctx.ended(instance);
    },
  },
  {
    id: 'error-uncaught',
    title: 'an error nobody catches raises an UNHANDLED_ERROR_EVENT incident at the task',
    
    async run(ctx) {
      await ctx.deploy('error-uncaught.bpmn');
      const instance = await ctx.start('error-uncaught');
      const job = await ctx.activate('eu-work');
      await ctx.throwError(job, 'NOBODY_CATCHES', { errorMessage: 'nobody catches this' });
      const incident = await ctx.incident();
      await ctx.resolve(incident);
      // Whether resolving hands the job out again is part of what is compared.
      await ctx.noJob('eu-work', 500);
      await ctx.cancel(instance);
      await ctx.ended(instance);
    },
  },
  {
    id: 'error-end-event-uncaught',
    title: 'an error end event with no catching boundary raises an incident at the end event',
    async run(ctx) {
      await ctx.deploy('error-end-event.bpmn');
      const instance = await ctx.start('error-end');
      await ctx.incident();
      await ctx.cancel(instance);
      await ctx.ended(instance);
    },
  },
];
