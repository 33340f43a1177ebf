/** Inclusive gateways (fork and join) and event-based gateways (a message or a timer wins). */
import type { ConformanceCase } from '../case.ts';
import { readModel } from '../models.ts';

export const part2GatewayCases: ConformanceCase[] = [
  {
    id: 'inclusive-both-branches',
    title: 'an inclusive fork takes every true branch (not the default); the join waits for both',
    async run(ctx) {
      await ctx.deploy('p2-inclusive.bpmn');
      const instance = await ctx.start('p2-inclusive', { a: true, b: true });
      const a = await ctx.activate('p2ig-a');
      const b = await ctx.activate('p2ig-b');
      await ctx.noJob('p2ig-c', 200);
      await ctx.complete(a, { fromA: 1 });
      await ctx.noJob('p2ig-after', 300);
      await ctx.complete(b, { fromB: 2 });
      const after = await ctx.activate('p2ig-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'inclusive-default-flow',
    title: 'with no true condition the inclusive fork takes the default flow; the join passes after it',
    async run(ctx) {
      await ctx.deploy('p2-inclusive.bpmn');
      const instance = await ctx.start('p2-inclusive', { a: false, b: false });
      const c = await ctx.activate('p2ig-c');
      await ctx.complete(c);
      const after = await ctx.activate('p2ig-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'inclusive-join-taken-branches-only',
    title: 'the inclusive join waits only for the branches that were taken',
    async run(ctx) {
      await ctx.deploy('p2-inclusive.bpmn');
      const instance = await ctx.start('p2-inclusive', { a: false, b: true });
      const b = await ctx.activate('p2ig-b');
      await ctx.complete(b);
      const after = await ctx.activate('p2ig-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'inclusive-no-true-condition',
    title: 'no true condition and no default flow: a CONDITION_ERROR incident; fixing the variable and resolving goes on',
    async run(ctx) {
      await ctx.deploy('p2-inclusive-no-default.bpmn');
      const instance = await ctx.start('p2-inclusive-no-default', { x: false, y: false });
      const incident = await ctx.incident();
      await ctx.setVariables(instance, { y: true });
      await ctx.resolve(incident);
      await ctx.ended(instance);
    },
  },
  {
    id: 'event-gateway-message-wins',
    title: 'an event-based gateway: the message comes first, the timer is cancelled, the message variables arrive',
    async run(ctx) {
      await ctx.deploy('diff2-event-gateway.bpmn');
      const instance = await ctx.start('diff2-event-gateway', { orderId: 'eg-1' });
      await ctx.reached(instance, 'gw');
      await ctx.publish('p2eg-paid', 'eg-1', { variables: { amount: 42 } });
      await ctx.ended(instance);
    },
  },
  {
    id: 'event-gateway-timer-wins',
    title: 'an event-based gateway: the timer fires first and the message subscription is closed',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff2-event-gateway-timer.bpmn');
      const instance = await ctx.start('diff2-event-gateway-timer', { orderId: 'eg-2' });
      await ctx.elapse(2000);
      await ctx.ended(instance);
      // Buffered now, it is taken by the next instance with this key at once.
      await ctx.publish('p2eg-paid', 'eg-2', { ttlMs: 60_000, variables: { late: true } });
      const next = await ctx.start('diff2-event-gateway-timer', { orderId: 'eg-2' });
      await ctx.ended(next);
    },
  },
  {
    id: 'event-gateway-buffered-message',
    title: 'a message buffered before the event-based gateway is reached wins at once',
    async run(ctx) {
      await ctx.deploy('diff2-event-gateway.bpmn');
      await ctx.publish('p2eg-paid', 'race-1', { ttlMs: 60_000, variables: { early: true } });
      const instance = await ctx.start('diff2-event-gateway', { orderId: 'race-1' });
      await ctx.ended(instance);
    },
  },
  {
    id: 'deploy-event-gateway-without-outgoing',
    title: 'an event-based gateway whose flows are not listed as <bpmn:outgoing> children is rejected at deployment',
    async run(ctx) {
      await ctx.deployXml('p2-event-gateway.bpmn', readModel('p2-event-gateway.bpmn'));
    },
  },
];
