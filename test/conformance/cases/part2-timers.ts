/**
 * Timer start events, in seconds: real time on Zeebe, the virtual clock on Baton. Deploying
 * schedules them; a new version replaces the previous version's start timers.
 */
import type { ConformanceCase } from '../case.ts';
import { readModel } from '../models.ts';

export const part2TimerCases: ConformanceCase[] = [
  {
    id: 'timer-start-cycle',
    title: 'a timer start event with the cycle R2/PT2S starts two instances, two seconds apart, then no more',
    usesTime: true,
    async run(ctx) {
      // Two seconds apart, so a busy broker's delays cannot make both due by the first look.
      await ctx.deploy('diff2-timer-start.bpmn');
      await ctx.elapse(2000);
      await ctx.instances('diff2-timer-start', 1);
      await ctx.elapse(2000);
      await ctx.instances('diff2-timer-start', 2);
      await ctx.elapse(2500);
      const started = await ctx.instances('diff2-timer-start', 2, 0);
      const jobs = await ctx.activateMany('d2ts-work', 2);
      for (const job of jobs) await ctx.complete(job);
      for (const instance of started) await ctx.ended(instance);
    },
  },
  {
    id: 'timer-start-date',
    title: 'a timer start event with a date starts one instance at that date',
    usesTime: true,
    async run(ctx) {
      const due = new Date(ctx.now() + 2000).toISOString();
      await ctx.deployXml('diff2-timer-start-date.bpmn', readModel('diff2-timer-start-date.bpmn').replace('__DUE__', due));
      await ctx.noJob('d2tsd-work', 300);
      await ctx.elapse(2000);
      const [instance] = await ctx.instances('diff2-timer-start-date', 1);
      const job = await ctx.activate('d2tsd-work');
      await ctx.complete(job);
      await ctx.ended(instance);
      await ctx.elapse(1000);
      await ctx.instances('diff2-timer-start-date', 1, 0);
    },
  },
  {
    id: 'timer-start-new-version',
    title: 'deploying a new version cancels the previous version’s start timer; only the latest starts instances',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff2-timer-start.bpmn', 'diff2-timer-start-v2.bpmn');
      await ctx.elapse(2000);
      const [instance] = await ctx.instances('diff2-timer-start', 1);
      const job = await ctx.activate('d2ts-work-v2');
      await ctx.noJob('d2ts-work', 300);
      await ctx.complete(job);
      await ctx.ended(instance);
      await ctx.instances('diff2-timer-start', 1, 0);
    },
  },
];
