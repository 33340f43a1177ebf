/**
 * Call activities (part 2): variables into and out of the child (propagateAll flags, mappings, a
 * FEEL process id), a called process that is not deployed, an error from the child caught on
 * the call activity, and cancelling.
 */
import type { ConformanceCase } from '../case.ts';

export const callActivityCases: ConformanceCase[] = [
  {
    id: 'call-propagate-all',
    title: 'by default all variables go into the child (input mappings included) and all come back',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-call-all.bpmn');
      const instance = await ctx.start('p2-call-all', { amount: 3, unrelated: 'u' });
      const [child] = await ctx.instances('p2-call-child', 1);
      const work = await ctx.activate('p2cc-work');
      await ctx.complete(work, { childResult: 'ok', extra: 1 });
      await ctx.ended(child);
      const after = await ctx.activate('p2ca-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'call-propagate-mapped',
    title: 'propagateAllParentVariables/propagateAllChildVariables false: only the mappings cross',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-call-mapped.bpmn');
      const instance = await ctx.start('p2-call-mapped', { amount: 4, secret: 's' });
      const [child] = await ctx.instances('p2-call-child', 1);
      const work = await ctx.activate('p2cc-work');
      await ctx.complete(work, { childResult: 'done', extra: 2 });
      await ctx.ended(child);
      const after = await ctx.activate('p2cm-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'call-feel-process-id',
    title: 'a FEEL processId picks the called process; with output mappings only the mapped variables come back',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-call-feel.bpmn');
      const instance = await ctx.start('p2-call-feel', { childId: ctx.u('p2-call-child') });
      const work = await ctx.activate('p2cc-work');
      await ctx.complete(work, { childResult: 'feel', extra: 3 });
      const after = await ctx.activate('p2cf-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'call-missing-process',
    title: 'a called process that is not deployed is a CALLED_ELEMENT_ERROR incident; deploying it and resolving goes on',
    async run(ctx) {
      await ctx.deploy('p2-call-feel.bpmn');
      const instance = await ctx.start('p2-call-feel', { childId: ctx.u('p2-call-late') });
      const incident = await ctx.incident();
      await ctx.deploy('p2-call-late.bpmn');
      await ctx.resolve(incident);
      const after = await ctx.activate('p2cf-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'call-child-error-caught',
    title: 'an error thrown in the child is caught by the error boundary on the call activity; the child is terminated',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-call-all.bpmn');
      const instance = await ctx.start('p2-call-all', { amount: 2 });
      const [child] = await ctx.instances('p2-call-child', 1);
      const work = await ctx.activate('p2cc-work');
      await ctx.throwError(work, 'CHILD_ERR', { errorMessage: 'no stock' });
      await ctx.ended(child);
      await ctx.ended(instance);
    },
  },
  {
    id: 'call-cancel',
    title: 'a child instance cannot be cancelled on its own; cancelling the parent terminates it',
    async run(ctx) {
      await ctx.deploy('p2-call-child.bpmn', 'p2-call-all.bpmn');
      const instance = await ctx.start('p2-call-all', { amount: 1 });
      const [child] = await ctx.instances('p2-call-child', 1);
      await ctx.activate('p2cc-work');
      await ctx.cancel(child);
      await ctx.cancel(instance);
      await ctx.ended(child);
      await ctx.ended(instance);
    },
  },
  {
    id: 'completion-variable-named-like-input-mapping',
    title: 'a job completed with a variable its task’s input mapping created: the value lands in the process scope',
    async run(ctx) {
      await ctx.deploy('diff2-local-shadow.bpmn');
      const instance = await ctx.start('diff2-local-shadow', { amount: 3 });
      await ctx.complete(await ctx.activate('d2ls-first'), { doubled: 100, other: 1 });
      await ctx.complete(await ctx.activate('d2ls-second'));
      await ctx.ended(instance);
    },
  },
];
