/** Message start events, and message throw events, message end events and send tasks as jobs. */
import type { ConformanceCase } from '../case.ts';

export const part2MessageCases: ConformanceCase[] = [
  {
    id: 'message-start-event',
    title: 'a message start event: one instance per correlation key while it is active; a buffered message starts the next after it',
    async run(ctx) {
      await ctx.deploy('p2-message-start.bpmn');
      await ctx.publish('p2ms-order', 'k1', { variables: { item: 'book' } });
      await ctx.instances('p2-message-start', 1);
      // Same key while that instance runs: not correlated (and without TTL gone).
      await ctx.publish('p2ms-order', 'k1', { variables: { item: 'lost' } });
      await ctx.publish('p2ms-order', 'k2', { variables: { item: 'pen' } });
      await ctx.instances('p2-message-start', 2);
      // An empty correlation key starts an instance every time.
      await ctx.publish('p2ms-order', '', { variables: { item: 'a' } });
      await ctx.publish('p2ms-order', '', { variables: { item: 'b' } });
      await ctx.instances('p2-message-start', 4);
      // Buffered with the active key: it waits for the first instance to end.
      await ctx.publish('p2ms-order', 'k1', { ttlMs: 60_000, variables: { item: 'later' } });
      const jobs = await ctx.activateMany('p2ms-handle', 4);
      await ctx.instances('p2-message-start', 4, 0);
      const book = jobs.find((j) => j.variables.item === 'book') ?? jobs[0];
      await ctx.complete(book);
      const started = await ctx.instances('p2-message-start', 5);
      const later = await ctx.activate('p2ms-handle');
      await ctx.complete(later);
      for (const job of jobs) if (job !== book) await ctx.complete(job);
      await ctx.ended(started[0]);
      await ctx.ended(started[4]);
      await ctx.instances('p2-message-start', 5, 0);
    },
  },
  {
    id: 'message-throw-send-task-jobs',
    title: 'a send task, a message intermediate throw event and a message end event are jobs, one after another',
    async run(ctx) {
      await ctx.deploy('p2-message-throw.bpmn');
      const instance = await ctx.start('p2-message-throw', { to: 'x@y' });
      const send = await ctx.activate('p2mt-send');
      await ctx.noJob('p2mt-notify', 300);
      await ctx.complete(send, { sent: 1 });
      const notify = await ctx.activate('p2mt-notify');
      await ctx.complete(notify, { notified: true });
      const reply = await ctx.activate('p2mt-reply');
      await ctx.complete(reply);
      await ctx.ended(instance);
    },
  },
];
