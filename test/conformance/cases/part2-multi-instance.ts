/**
 * Multi-instance activities (part 2): parallel and sequential, input and output collections,
 * completion conditions, on a service task, a sub-process and a call activity; an empty
 * collection, one that is not a list, and a boundary timer on the body.
 */
import type { ConformanceCase } from '../case.ts';

export const multiInstanceCases: ConformanceCase[] = [
  {
    id: 'mi-parallel-task',
    title: 'parallel on a service task: one job per item at once; the output collection keeps item order',
    async run(ctx) {
      await ctx.deploy('p2-mi-task.bpmn');
      const instance = await ctx.start('p2-mi-task', { items: [1, 2, 3] });
      const jobs = await ctx.activateMany('p2mi-item', 3);
      for (const job of [jobs[2], jobs[0], jobs[1]]) await ctx.complete(job, { ignored: true });
      const after = await ctx.activate('p2mi-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-sequential-completion-condition',
    title: 'sequential on a service task: one at a time; the completion condition stops it after two',
    async run(ctx) {
      await ctx.deploy('p2-mi-sequential.bpmn');
      const instance = await ctx.start('p2-mi-sequential', { items: ['a', 'b', 'c', 'd'] });
      let job = await ctx.activate('p2mis-item');
      await ctx.complete(job);
      job = await ctx.activate('p2mis-item');
      await ctx.complete(job);
      await ctx.noJob('p2mis-item', 300);
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-parallel-subprocess',
    title: 'parallel on a sub-process: the output element is local per instance; the completion condition terminates the rest',
    async run(ctx) {
      await ctx.deploy('p2-mi-subprocess.bpmn');
      const instance = await ctx.start('p2-mi-subprocess', { orders: [{ id: 1 }, { id: 2 }, { id: 3 }] });
      const jobs = await ctx.activateMany('p2mip-price', 3);
      await ctx.complete(jobs[1], { total: 20 });
      await ctx.complete(jobs[2], { total: 30 });
      await ctx.ended(instance);
      await ctx.complete(jobs[0], { total: 10 });
    },
  },
  {
    id: 'mi-sequential-subprocess',
    title: 'sequential on a sub-process: the next instance starts when the previous one completed',
    async run(ctx) {
      await ctx.deploy('p2-mi-subprocess-sequential.bpmn');
      const instance = await ctx.start('p2-mi-subprocess-sequential', { orders: ['x', 'y'] });
      let job = await ctx.activate('p2mips-price');
      await ctx.complete(job, { total: 1 });
      job = await ctx.activate('p2mips-price');
      await ctx.complete(job, { total: 2 });
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-call-parallel',
    title: 'parallel on a call activity: one child per item at once, each reply collected at its index',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-mi-call-parallel.bpmn');
      const instance = await ctx.start('p2-mi-call-parallel', { customers: ['ann', 'bob'] });
      const children = await ctx.instances('p2-call-child', 2);
      const jobs = await ctx.activateMany('p2cc-work', 2);
      for (const job of [...jobs].reverse()) await ctx.complete(job, { childResult: `hi ${String(job.variables.customer)}` });
      for (const child of children) await ctx.ended(child);
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-call-sequential',
    title: 'sequential on a call activity: one child after another, each reply collected at its index',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-mi-call.bpmn');
      const instance = await ctx.start('p2-mi-call', { customers: ['ann', 'bob'] });
      for (let i = 0; i < 2; i++) {
        const job = await ctx.activate('p2cc-work');
        await ctx.complete(job, { childResult: `hi ${String(job.variables.customer)}` });
      }
      const children = await ctx.instances('p2-call-child', 2);
      for (const child of children) await ctx.ended(child);
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-empty-collection',
    title: 'an empty input collection completes the body at once with an empty output collection',
    async run(ctx) {
      await ctx.deploy('p2-mi-task.bpmn');
      const instance = await ctx.start('p2-mi-task', { items: [] });
      const after = await ctx.activate('p2mi-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-collection-not-a-list',
    title: 'an input collection that is not a list is an EXTRACT_VALUE_ERROR incident; fixing it and resolving goes on',
    async run(ctx) {
      await ctx.deploy('p2-mi-task.bpmn');
      const instance = await ctx.start('p2-mi-task', { items: 'abc' });
      const incident = await ctx.incident();
      await ctx.setVariables(instance, { items: [7] }, true);
      await ctx.resolve(incident);
      const job = await ctx.activate('p2mi-item');
      await ctx.complete(job);
      const after = await ctx.activate('p2mi-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'mi-boundary-timer',
    title: 'an interrupting boundary timer on a multi-instance activity terminates every inner instance',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff2-mi-task-timer.bpmn');
      const instance = await ctx.start('diff2-mi-task-timer', { items: [1, 2, 3] });
      const jobs = await ctx.activateMany('p2mi-item', 3);
      await ctx.complete(jobs[0]);
      await ctx.elapse(3000);
      await ctx.ended(instance);
      await ctx.noJob('p2mi-item', 300);
    },
  },
];
