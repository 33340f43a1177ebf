/**
 * Embedded sub-processes and event sub-processes (part 2): variable scopes, boundary events on
 * a sub-process, event sub-processes started by messages, timers and errors, interrupting or not.
 */
import type { ConformanceCase } from '../case.ts';

export const subProcessCases: ConformanceCase[] = [
  {
    id: 'subprocess-variable-scope',
    title: 'a sub-process is a scope: its input mappings stay local, job variables go where the name lives',
    async run(ctx) {
      await ctx.deploy('p2-subprocess.bpmn');
      const instance = await ctx.start('p2-subprocess', { base: 5 });
      const work = await ctx.activate('p2sp-work');
      await ctx.complete(work, { doubled: 11, result: 'r' });
      const after = await ctx.activate('p2sp-after');
      await ctx.complete(after);
      await ctx.ended(instance);
    },
  },
  {
    id: 'subprocess-boundary-timer',
    title: 'an interrupting boundary timer on a sub-process terminates everything inside it',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff2-subprocess-timer.bpmn');
      const instance = await ctx.start('diff2-subprocess-timer', { base: 1 });
      const work = await ctx.activate('p2sp-work');
      await ctx.elapse(2000);
      await ctx.ended(instance);
      await ctx.complete(work);
    },
  },
  {
    id: 'subprocess-boundary-error',
    title: 'an error thrown inside is caught by the error boundary on the sub-process, with its variables',
    async run(ctx) {
      await ctx.deploy('p2-subprocess.bpmn');
      const instance = await ctx.start('p2-subprocess', { base: 2 });
      const work = await ctx.activate('p2sp-work');
      await ctx.throwError(work, 'SUB_FAILED', { errorMessage: 'broken', variables: { why: 'disk' } });
      const recover = await ctx.activate('p2sp-recover');
      await ctx.complete(recover);
      await ctx.ended(instance);
    },
  },
  {
    id: 'esp-message-non-interrupting',
    title: 'a non-interrupting message event sub-process runs once per message beside the task; the process waits for it',
    async run(ctx) {
      await ctx.deploy('p2-esp-message.bpmn');
      const instance = await ctx.start('p2-esp-message', { orderId: 'o-1' });
      const work = await ctx.activate('p2em-work');
      await ctx.publish('p2em-update', 'o-1', { variables: { note: 'gift wrap' } });
      const first = await ctx.activate('p2em-note');
      await ctx.publish('p2em-update', 'o-1', { variables: { note: 'leave at door' } });
      const second = await ctx.activate('p2em-note');
      await ctx.complete(work);
      await ctx.complete(first);
      await ctx.complete(second);
      await ctx.ended(instance);
    },
  },
  {
    id: 'esp-message-interrupting',
    title: 'an interrupting message event sub-process ends the task and closes the other subscriptions',
    async run(ctx) {
      await ctx.deploy('p2-esp-message.bpmn');
      const instance = await ctx.start('p2-esp-message', { orderId: 'o-2' });
      const work = await ctx.activate('p2em-work');
      await ctx.publish('p2em-cancel', 'o-2', { variables: { reason: 'customer' } });
      const refund = await ctx.activate('p2em-refund');
      await ctx.complete(work);
      await ctx.publish('p2em-update', 'o-2', { variables: { note: 'late' } });
      await ctx.noJob('p2em-note', 300);
      await ctx.complete(refund);
      await ctx.ended(instance);
    },
  },
  {
    id: 'esp-timer',
    title: 'timer event sub-processes: a non-interrupting cycle R2/PT1S runs twice, an interrupting PT6S ends the task',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff2-esp-timer.bpmn');
      const instance = await ctx.start('diff2-esp-timer');
      const work = await ctx.activate('d2et-work');
      await ctx.elapse(1000);
      const first = await ctx.activate('d2et-nudge');
      await ctx.complete(first, { nudged: 1 });
      await ctx.elapse(1000);
      const second = await ctx.activate('d2et-nudge');
      await ctx.complete(second, { nudged: 2 });
      await ctx.elapse(4000);
      await ctx.ended(instance);
      await ctx.complete(work);
    },
  },
  {
    id: 'esp-error-inner',
    title: 'an error start event inside a sub-process catches its code there; the sub-process then completes',
    async run(ctx) {
      await ctx.deploy('p2-esp-error.bpmn');
      const instance = await ctx.start('p2-esp-error');
      const work = await ctx.activate('p2ee-work');
      await ctx.throwError(work, 'INNER_ERR', { variables: { detail: 'x' } });
      const handle = await ctx.activate('p2ee-handle');
      await ctx.complete(handle);
      await ctx.ended(instance);
    },
  },
  {
    id: 'esp-error-outer-catch-all',
    title: 'an error code the inner event sub-process does not name reaches the catch-all one of the process',
    async run(ctx) {
      await ctx.deploy('p2-esp-error.bpmn');
      const instance = await ctx.start('p2-esp-error');
      const work = await ctx.activate('p2ee-work');
      await ctx.throwError(work, 'OTHER', { errorMessage: 'unexpected' });
      await ctx.ended(instance);
    },
  },
  {
    id: 'esp-timer-cancels-multi-instance',
    title: 'an interrupting timer event sub-process inside a sub-process terminates a multi-instance activity there',
    usesTime: true,
    async run(ctx) {
      await ctx.deploy('diff2-esp-multi-instance-timer.bpmn');
      const instance = await ctx.start('diff2-esp-multi-instance-timer', { batchId: 'b-1', items: [1, 2, 3] });
      const items = await ctx.activateMany('p2emi-item', 3);
      await ctx.complete(items[1]);
      await ctx.elapse(3000);
      const late = await ctx.activate('p2emi-late');
      await ctx.complete(items[0]);
      await ctx.complete(late);
      await ctx.ended(instance);
    },
  },
  {
    id: 'esp-message-cancels-sub-process',
    title: 'an interrupting message event sub-process of the process terminates a sub-process with a multi-instance activity',
    async run(ctx) {
      await ctx.deploy('p2-esp-multi-instance.bpmn');
      const instance = await ctx.start('p2-esp-multi-instance', { batchId: 'b-2', items: ['x', 'y'] });
      await ctx.activateMany('p2emi-item', 2);
      await ctx.publish('p2emi-abort', 'b-2');
      await ctx.ended(instance);
      await ctx.noJob('p2emi-item', 300);
    },
  },
];
