/**
 * Timers. Durations are short (seconds) so a real broker can be waited for; on Baton the
 * virtual clock is moved by the same amount. Each case observes the timer's effect (a job,
 * the instance's end) rather than the time it fired at.
 */
import type { ConformanceCase } from '../case.ts';

export const timerCases: ConformanceCase[] = [
  {
    id: 'timer-intermediate',
    title: 'an intermediate timer holds the instance until its duration has passed',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff-timer-intermediate.bpmn');
      const instance = await ctx.start('diff-timer-intermediate');
      await ctx.noJob('dti-after', 500);
      await ctx.elapse(2000);
      const job = await ctx.activate('dti-after');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'timer-date',
    title: 'a timer date given as a FEEL variable fires at that date',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('timer-date.bpmn');
      ctx.mask('due');
      const due = new Date(ctx.now() + 2000).toISOString();
      const instance = await ctx.start('timer-date', { due });
      await ctx.elapse(2000);
      await ctx.ended(instance);
    },
  },
  {
    id: 'timer-boundary-interrupting',
    title: 'an interrupting boundary timer cancels the task (its job is gone) and takes its own path',
    usesTime: true,
    
    async run(ctx) {
      await ctx.deploy('diff-timer-boundary.bpmn');
      const instance = await ctx.start('diff-timer-boundary');
      const work = await ctx.activate('dtb-work');
      await ctx.elapse(2000);
      const late = await ctx.activate('dtb-late');
      await ctx.complete(work);
      await ctx.complete(late);
      await ctx.ended(instance);
    },
  },
  {
    id: 'timer-boundary-not-reached',
    title: 'a task completed before its boundary timer is due leaves by its normal flow',
    async run(ctx) {
      await ctx.deploy('diff-timer-boundary.bpmn');
      const instance = await ctx.start('diff-timer-boundary');
      const work = await ctx.activate('dtb-work');
      await ctx.complete(work, { onTime: true });
      await ctx.ended(instance);
    },
  },
  {
    id: 'timer-boundary-non-interrupting-cycle',
    title: 'a non-interrupting cycle R2/PT1S fires twice while the task waits, then stops',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff-timer-cycle.bpmn');
      const instance = await ctx.start('diff-timer-cycle');
      const work = await ctx.activate('dtc-work');
      await ctx.elapse(1000);
      const first = await ctx.activate('dtc-nudge');
      await ctx.complete(first, { nudges: 1 });
      await ctx.elapse(1000);
      const second = await ctx.activate('dtc-nudge');
      await ctx.complete(second, { nudges: 2 });
      await ctx.elapse(1000);
      await ctx.noJob('dtc-nudge', 500);
      await ctx.complete(work);
      await ctx.ended(instance);
    },
  },
];
