/**
 * Signals (part 2): BroadcastSignal to signal start events, intermediate catch events, boundary
 * events and event sub-processes; signal throw and end events. Signal names carry the case's
 * token like message names, so concurrent cases never receive each other's signals.
 */
import type { ConformanceCase } from '../case.ts';

export const signalCases: ConformanceCase[] = [
  {
    id: 'signal-start-event',
    title: 'BroadcastSignal starts an instance at a signal start event with the signal variables, each time',
    async run(ctx) {
      await ctx.deploy('p2-signal-start.bpmn');
      await ctx.broadcast('p2-sig-start', { batch: 7 });
      const [instance] = await ctx.instances('p2-signal-start', 1);
      const job = await ctx.activate('p2ss-work');
      await ctx.complete(job);
      await ctx.ended(instance);
      await ctx.broadcast('p2-sig-start');
      const started = await ctx.instances('p2-signal-start', 2);
      const second = await ctx.activate('p2ss-work');
      await ctx.complete(second);
      await ctx.ended(started[1]);
    },
  },
  {
    id: 'signal-catch-event',
    title: 'a signal reaches every instance waiting at a catch event; one broadcast before they wait is lost',
    async run(ctx) {
      await ctx.deploy('p2-signal-catch.bpmn');
      await ctx.broadcast('p2-sig-go', { early: true });
      const a = await ctx.start('p2-signal-catch', { n: 1 });
      const b = await ctx.start('p2-signal-catch', { n: 2 });
      await ctx.reached(a, 'waitGo');
      await ctx.reached(b, 'waitGo');
      await ctx.broadcast('p2-sig-go', { go: 'now' });
      await ctx.ended(a);
      await ctx.ended(b);
    },
  },
  {
    id: 'signal-boundary-events',
    title: 'signal boundary events: a non-interrupting one runs beside the task each time, an interrupting one ends it',
    async run(ctx) {
      await ctx.deploy('p2-signal-boundary.bpmn');
      const instance = await ctx.start('p2-signal-boundary');
      const work = await ctx.activate('p2sb-work');
      await ctx.broadcast('p2-sig-ping');
      await ctx.reached(instance, 'pingEnd', 1);
      await ctx.broadcast('p2-sig-ping');
      await ctx.reached(instance, 'pingEnd', 2);
      await ctx.broadcast('p2-sig-abort', { why: 'shutdown' });
      await ctx.ended(instance);
      await ctx.complete(work);
    },
  },
  {
    id: 'signal-throw-and-end-events',
    title: 'a signal throw event (its input mappings are the variables) and a signal end event broadcast their signals',
    async run(ctx) {
      await ctx.deploy('p2-signal-catch.bpmn', 'p2-signal-boundary.bpmn', 'p2-signal-throw.bpmn');
      const waiting = await ctx.start('p2-signal-catch', { n: 3 });
      await ctx.reached(waiting, 'waitGo');
      const working = await ctx.start('p2-signal-boundary');
      await ctx.activate('p2sb-work');
      const thrower = await ctx.start('p2-signal-throw', { orderId: 'o-9' });
      await ctx.ended(thrower);
      await ctx.ended(waiting);
      await ctx.ended(working);
    },
  },
  {
    id: 'signal-event-subprocess',
    title: 'signal event sub-processes: a non-interrupting one in the process, an interrupting one inside a sub-process',
    async run(ctx) {
      await ctx.deploy('p2-signal-esp.bpmn');
      const instance = await ctx.start('p2-signal-esp');
      await ctx.activate('p2se-work');
      await ctx.broadcast('p2-sig-esp-note');
      await ctx.reached(instance, 'notedEnd');
      await ctx.broadcast('p2-sig-esp-stop');
      await ctx.ended(instance);
    },
  },
];
