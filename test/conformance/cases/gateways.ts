/** Gateways and the shape of a flow: exclusive routing, parallel fork/join, terminate end events. */
import type { ConformanceCase } from '../case.ts';

export const gatewayCases: ConformanceCase[] = [
  {
    id: 'xor-routing',
    title: 'an exclusive gateway takes the first true condition, else the default flow',
    async run(ctx) {
      await ctx.deploy('exclusive-gateway-routing.bpmn');
      for (const amount of [500, 100, 50, 5]) {
        const instance = await ctx.start('xor-routing', { amount });
        await ctx.ended(instance);
      }
    },
  },
  {
    id: 'parallel-join',
    title: 'a parallel fork activates both branches; the join waits for both and merges their variables',
    async run(ctx) {
      await ctx.deploy('parallel-gateway-join.bpmn');
      const instance = await ctx.start('parallel-join', { shared: 0 });
      const a = await ctx.activate('par-a');
      const b = await ctx.activate('par-b');
      await ctx.complete(b, { fromB: 'b', shared: 2 });
      await ctx.noJob('par-after', 300);
      await ctx.complete(a, { fromA: 'a', shared: 1 });
      const after = await ctx.activate('par-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'terminate-end-event',
    title: 'a terminate end event ends the instance and terminates the other branch',
    
    async run(ctx) {
      await ctx.deploy('terminate-end-event.bpmn');
      const instance = await ctx.start('terminate-end');
      const waiting = await ctx.activate('te-waiting');
      const go = await ctx.activate('te-go');
      await ctx.complete(go);
      await ctx.ended(instance);
      await ctx.complete(waiting);
    },
  },
];
