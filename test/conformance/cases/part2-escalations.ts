/** Escalations: throw and end events caught by boundary events and event sub-processes, or by nobody. */
import type { ConformanceCase } from '../case.ts';

export const escalationCases: ConformanceCase[] = [
  {
    id: 'escalation-boundary-events',
    title: 'a non-interrupting boundary catches the throw event’s escalation; an interrupting one the end event’s',
    async run(ctx) {
      await ctx.deploy('p2-escalation.bpmn');
      const instance = await ctx.start('p2-escalation');
      const work = await ctx.activate('p2es-work');
      const notify = await ctx.activate('p2es-notify');
      await ctx.complete(work);
      await ctx.complete(notify);
      await ctx.ended(instance);
    },
  },
  {
    id: 'escalation-event-subprocesses',
    title: 'escalation event sub-processes: non-interrupting in the process, interrupting inside the sub-process',
    async run(ctx) {
      await ctx.deploy('p2-escalation-esp.bpmn');
      const instance = await ctx.start('p2-escalation-esp');
      const work = await ctx.activate('p2ex-work');
      const log = await ctx.activate('p2ex-log');
      await ctx.complete(work);
      await ctx.complete(log);
      await ctx.ended(instance);
    },
  },
  {
    id: 'escalation-uncaught',
    title: 'an escalation nobody catches is no incident: the throw and end events complete',
    async run(ctx) {
      await ctx.deploy('p2-escalation-uncaught.bpmn');
      const instance = await ctx.start('p2-escalation-uncaught');
      const work = await ctx.activate('p2eu-work');
      await ctx.complete(work);
      await ctx.ended(instance);
      await ctx.incident({ optional: true, waitMs: 300 });
    },
  },
];
