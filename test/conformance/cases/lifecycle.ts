/** Deployment, cancellation and job-based user tasks. */
import type { ConformanceCase } from '../case.ts';

export const lifecycleCases: ConformanceCase[] = [
  {
    id: 'deploy-versions',
    title: 'redeploying the same resource keeps the version; a changed one gets the next; new instances use the latest',
    async run(ctx) {
      await ctx.deploy('redeploy-v1.bpmn', 'redeploy-v1.bpmn', 'redeploy-v2.bpmn');
      const instance = await ctx.start('redeploy');
      await ctx.ended(instance);
    },
  },
  {
    id: 'deploy-invalid',
    title: 'a service task without a task definition is rejected at deployment',
    
    async run(ctx) {
      await ctx.deploy('invalid-missing-task-definition.bpmn');
    },
  },
  {
    id: 'deploy-boundary-without-outgoing',
    title: 'a boundary event without a <bpmn:outgoing> reference is rejected at deployment',
    
    async run(ctx) {
      await ctx.deploy('diff-boundary-no-outgoing.bpmn');
    },
  },
  {
    id: 'cancel-everything',
    title: 'cancelling terminates the task, the timers and the message subscription; later commands are rejected',
    
    async run(ctx) {
      await ctx.deploy('diff-cancel-everything.bpmn');
      const instance = await ctx.start('diff-cancel-everything', { key: 'c1' });
      const job = await ctx.activate('dce-work');
      await ctx.cancel(instance);
      await ctx.ended(instance);
      await ctx.complete(job);
      await ctx.publish('diff-cancel-test', 'c1');
      await ctx.setVariables(instance, { late: true });
      await ctx.cancel(instance);
    },
  },
  {
    id: 'user-task-job-based',
    title: 'a job-based user task is a job of type io.camunda.zeebe:userTask with its assignment in headers',
    async run(ctx) {
      await ctx.deploy('user-task-job-based.bpmn');
      const instance = await ctx.start('ut-job-based', { owner: 'alice' });
      const job = await ctx.activate('io.camunda.zeebe:userTask');
      await ctx.complete(job, { approved: true });
      await ctx.ended(instance);
    },
  },
];
