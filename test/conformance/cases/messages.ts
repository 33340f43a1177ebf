/** Message correlation: names and correlation keys, buffering with a TTL, message ids, receive tasks. */
import type { ConformanceCase } from '../case.ts';

export const messageCases: ConformanceCase[] = [
  {
    id: 'message-correlation-key',
    title: 'a message reaches only the instance whose correlation key matches, with its variables',
    async run(ctx) {
      await ctx.deploy('message-catch-event.bpmn');
      const a = await ctx.start('msg-catch', { orderId: 'A' });
      const b = await ctx.start('msg-catch', { orderId: 'B' });
      await ctx.publish('order-paid', 'B', { variables: { paidAmount: 10 } });
      let job = await ctx.activate('msg-catch-after');
      await ctx.complete(job);
      await ctx.ended(b);
      await ctx.noJob('msg-catch-after', 300);
      await ctx.publish('order-paid', 'A', { variables: { paidAmount: 20 } });
      job = await ctx.activate('msg-catch-after');
      await ctx.complete(job);
      await ctx.ended(a);
    },
  },
  {
    id: 'message-buffered-ttl',
    title: 'a message published with a TTL before the instance waits is correlated when the subscription opens',
    async run(ctx) {
      await ctx.deploy('message-receive-task.bpmn');
      await ctx.publish('shipment-sent', 'N1', { ttlMs: 60_000, variables: { carrier: 'dhl' } });
      const instance = await ctx.start('msg-receive', { orderNo: 'N1' });
      const job = await ctx.activate('msg-receive-after');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'message-no-ttl-not-buffered',
    title: 'a message without TTL and no waiting subscription is dropped',
    async run(ctx) {
      await ctx.deploy('message-receive-task.bpmn');
      await ctx.publish('shipment-sent', 'N2', { variables: { carrier: 'early' } });
      const instance = await ctx.start('msg-receive', { orderNo: 'N2' });
      await ctx.noJob('msg-receive-after', 1000);
      await ctx.publish('shipment-sent', 'N2', { variables: { carrier: 'late' } });
      const job = await ctx.activate('msg-receive-after');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'message-ttl-expired',
    title: 'a buffered message whose TTL has passed is not correlated any more',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('message-receive-task.bpmn');
      await ctx.publish('shipment-sent', 'N3', { ttlMs: 1000, variables: { carrier: 'expired' } });
      await ctx.elapse(2000);
      const instance = await ctx.start('msg-receive', { orderNo: 'N3' });
      await ctx.noJob('msg-receive-after', 1000);
      await ctx.cancel(instance);
      await ctx.ended(instance);
    },
  },
  {
    id: 'message-id-duplicate',
    title: 'a second message with the same id is rejected while the first is buffered',
    
    async run(ctx) {
      await ctx.deploy('message-receive-task.bpmn');
      await ctx.publish('shipment-sent', 'N4', { ttlMs: 60_000, messageId: 'm-1', variables: { n: 1 } });
      await ctx.publish('shipment-sent', 'N4', { ttlMs: 60_000, messageId: 'm-1', variables: { n: 2 } });
      const instance = await ctx.start('msg-receive', { orderNo: 'N4' });
      const job = await ctx.activate('msg-receive-after');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'message-twice-same-key',
    title: 'two buffered messages for one instance that waits twice: each catch event takes one',
    async run(ctx) {
      await ctx.deploy('message-twice-in-sequence.bpmn');
      const instance = await ctx.start('msg-twice', { key: 'k1' });
      await ctx.publish('ping', 'k1', { ttlMs: 60_000, variables: { n: 1 } });
      await ctx.publish('ping', 'k1', { ttlMs: 60_000, variables: { n: 2 } });
      await ctx.ended(instance);
    },
  },
  {
    id: 'message-two-processes',
    title: 'one message reaches the waiting instances of two different processes',
    async run(ctx) {
      await ctx.deploy('message-broadcast-a.bpmn', 'message-broadcast-b.bpmn');
      const a = await ctx.start('msg-broadcast-a', { topic: 't1' });
      const b = await ctx.start('msg-broadcast-b', { topic: 't1' });
      await ctx.publish('news', 't1', { variables: { headline: 'hi' } });
      await ctx.ended(a);
      await ctx.ended(b);
    },
  },
  {
    id: 'message-boundary-events',
    title: 'a non-interrupting message boundary starts a branch and keeps the task; an interrupting one ends the task',
    
    async run(ctx) {
      await ctx.deploy('diff-message-boundary.bpmn');
      const instance = await ctx.start('diff-message-boundary', { orderId: 'o-7' });
      const work = await ctx.activate('dmb-work');
      await ctx.publish('diff-order-note', 'o-7', { variables: { note: 'call back' } });
      const note = await ctx.activate('dmb-note');
      await ctx.complete(note);
      await ctx.publish('diff-order-note', 'o-7', { variables: { note: 'second note' } });
      const second = await ctx.activate('dmb-note');
      await ctx.publish('diff-order-cancelled', 'o-7', { variables: { reason: 'customer' } });
      // The interrupting event ends the task; the branch started by the second note still runs.
      await ctx.noJob('dmb-work', 300);
      await ctx.complete(work);
      await ctx.complete(second);
      await ctx.ended(instance);
    },
  },
];
