/** Variables: input/output mappings, propagation on completion, SetVariables scopes, results. */
import type { ConformanceCase } from '../case.ts';

export const variableCases: ConformanceCase[] = [
  {
    id: 'io-input-mapping',
    title: 'input mappings create local variables that the next task does not see',
    async run(ctx) {
      await ctx.deploy('service-task-input-mapping.bpmn');
      const instance = await ctx.start('st-input-mapping', { amount: 21 });
      let job = await ctx.activate('st-in-first');
      await ctx.complete(job);
      job = await ctx.activate('st-in-second');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'io-output-mapping',
    title: 'output mappings (including a nested target) decide what a completed job leaves in the process',
    
    async run(ctx) {
      await ctx.deploy('service-task-output-mapping.bpmn');
      const instance = await ctx.start('st-output-mapping', { summary: { keep: true } });
      let job = await ctx.activate('st-out-first');
      await ctx.complete(job, { result: { total: 7 }, scratch: 'x' });
      job = await ctx.activate('st-out-second');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'variable-propagation',
    title: 'completion variables without mappings propagate to the process scope, overwriting',
    async run(ctx) {
      await ctx.deploy('service-task-propagation.bpmn');
      const instance = await ctx.start('st-propagation', { a: 1, list: [1, 2] });
      let job = await ctx.activate('st-prop-first');
      await ctx.complete(job, { a: 2, b: 'new', list: [3], obj: { deep: { x: null } } });
      job = await ctx.activate('st-prop-second');
      await ctx.complete(job, {});
      await ctx.ended(instance);
    },
  },
  {
    id: 'set-variables-scopes',
    title: 'SetVariables local and propagated, on the task scope and on the process',
    async run(ctx) {
      await ctx.deploy('set-variables-scopes.bpmn');
      const instance = await ctx.start('set-variables', { x: 1 });
      let job = await ctx.activate('sv-first');
      await ctx.setVariables(job, { y: 'local only' }, true);
      await ctx.setVariables(job, { x: 7, z: 'propagated' }, false);
      await ctx.setVariables(instance, { w: 'on the process' });
      await ctx.complete(job);
      job = await ctx.activate('sv-second');
      await ctx.complete(job);
      await ctx.ended(instance);
    },
  },
  {
    id: 'create-with-result',
    title: 'CreateProcessInstanceWithResult answers with all variables, or only those fetched',
    async run(ctx) {
      await ctx.deploy('result-variables.bpmn');
      const all = ctx.startWithResult('result-variables', { input: 1 });
      let job = await ctx.activate('rv-work');
      await ctx.complete(job, { output: 'x', extra: [1] });
      await ctx.result(all);
      const some = ctx.startWithResult('result-variables', { input: 2 }, ['output', 'nothing']);
      job = await ctx.activate('rv-work');
      await ctx.complete(job, { output: 'y', extra: [2] });
      await ctx.result(some);
    },
  },
  {
    id: 'start-unknown-process',
    title: 'creating an instance of a process that was never deployed is rejected',
    
    async run(ctx) {
      await ctx.deploy('result-variables.bpmn');
      await ctx.start('never-deployed').catch(() => undefined);
      const pending = ctx.startWithResult('never-deployed');
      await ctx.result(pending);
    },
  },
];
