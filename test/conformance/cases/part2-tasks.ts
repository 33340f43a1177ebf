/** Script tasks and other tasks without a worker of their own, and execution listeners. */
import type { ConformanceCase } from '../case.ts';
import { readModel } from '../models.ts';
import { withEventDefinitionIds } from './part2-compensation.ts';

export const part2TaskCases: ConformanceCase[] = [
  {
    id: 'script-and-other-tasks',
    title: 'a zeebe:script task evaluates FEEL; script and rule tasks with a task definition are jobs; manual and plain tasks and links pass',
    async run(ctx) {
      await ctx.deployXml('p2-tasks.bpmn', withEventDefinitionIds(readModel('p2-tasks.bpmn')));
      const instance = await ctx.start('p2-tasks', { price: 3, qty: 4 });
      await ctx.complete(await ctx.activate('p2t-script'), { scripted: true });
      await ctx.complete(await ctx.activate('p2t-rule'), { decision: 'approve' });
      await ctx.ended(instance);
    },
  },
  {
    id: 'execution-listeners-task',
    title: 'start listeners run as jobs before the task’s job, in model order, the end listener after it',
    async run(ctx) {
      await ctx.deploy('p2-listeners.bpmn');
      const instance = await ctx.start('p2-listeners', { base: 1 });
      await ctx.noJob('p2l-start-2', 200);
      await ctx.noJob('p2l-work', 200);
      await ctx.complete(await ctx.activate('p2l-start-1'), { fromStart: 'one' });
      await ctx.complete(await ctx.activate('p2l-start-2'));
      const work = await ctx.activate('p2l-work');
      await ctx.noJob('p2l-end', 200);
      await ctx.complete(work, { result: 'r' });
      await ctx.complete(await ctx.activate('p2l-end'));
      await ctx.ended(instance);
    },
  },
  {
    id: 'execution-listener-no-retries',
    title: 'a listener job failing without retries is an EXECUTION_LISTENER_NO_RETRIES incident; new retries and resolving go on',
    async run(ctx) {
      await ctx.deploy('p2-listeners.bpmn');
      const instance = await ctx.start('p2-listeners');
      await ctx.complete(await ctx.activate('p2l-start-1'));
      const listener = await ctx.activate('p2l-start-2');
      await ctx.fail(listener, { retries: 0, errorMessage: 'listener down' });
      const incident = await ctx.incident();
      await ctx.updateRetries(listener, 1);
      await ctx.resolve(incident);
      await ctx.complete(await ctx.activate('p2l-start-2'));
      await ctx.complete(await ctx.activate('p2l-work'));
      await ctx.complete(await ctx.activate('p2l-end'));
      await ctx.ended(instance);
    },
  },
  {
    id: 'execution-listeners-process-events-gateway',
    title: 'listeners on the process, a start event, a gateway (its variables decide the route) and an end event',
    async run(ctx) {
      await ctx.deploy('diff2-listeners.bpmn');
      const instance = await ctx.start('diff2-listeners', { score: 1 });
      await ctx.complete(await ctx.activate('d2l-process-start'), { fromProcessStart: true });
      await ctx.complete(await ctx.activate('d2l-started'));
      await ctx.complete(await ctx.activate('d2l-route'), { score: 9 });
      await ctx.complete(await ctx.activate('d2l-high'));
      await ctx.complete(await ctx.activate('d2l-process-end'), { atEnd: 'yes' });
      await ctx.ended(instance);
    },
  },
];
