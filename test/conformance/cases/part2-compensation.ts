/**
 * Compensation: a throw event without activityRef invokes every handler of its scope and waits
 * for them; activityRef names one activity; a throw inside a sub-process compensates only that
 * sub-process; a multi-instance activity is compensated once; strict reverse order needs one
 * throw per activity.
 */
import type { ConformanceCase } from '../case.ts';
import type { CaseContext } from '../context.ts';
import { readModel } from '../models.ts';

/**
 * Zeebe 8.6 cannot deploy a compensation or link event definition without an `id` (an internal
 * NullPointerException, see DEVIATIONS.md); the p2 models leave them out, so they get ids here.
 */
export function withEventDefinitionIds(xml: string): string {
  let n = 0;
  return xml.replace(/<bpmn:(compensateEventDefinition|linkEventDefinition)\b(?![^>]*\bid=)/g, (_, kind: string) => `<bpmn:${kind} id="diff2-${kind}-${++n}"`);
}

function deployWithIds(ctx: CaseContext, file: string) {
  return ctx.deployXml(file, withEventDefinitionIds(readModel(file)));
}

export const compensationCases: ConformanceCase[] = [
  {
    id: 'compensation-throw-all',
    title: 'a compensation throw event invokes the handlers of all completed activities and waits for them',
    async run(ctx) {
      await deployWithIds(ctx, 'p2-compensation.bpmn');
      const instance = await ctx.start('p2-compensation');
      await ctx.complete(await ctx.activate('p2c-hotel'), { hotel: 'H1' });
      await ctx.complete(await ctx.activate('p2c-flight'), { flight: 'F1' });
      const cancelHotel = await ctx.activate('p2c-cancel-hotel');
      const cancelFlight = await ctx.activate('p2c-cancel-flight');
      await ctx.complete(cancelHotel);
      await ctx.noJob('p2c-after', 300);
      await ctx.complete(cancelFlight);
      await ctx.complete(await ctx.activate('p2c-after'));
      await ctx.ended(instance);
    },
  },
  {
    id: 'compensation-activity-ref',
    title: 'activityRef compensates one activity; a compensation end event then compensates the rest, each once',
    async run(ctx) {
      await deployWithIds(ctx, 'p2-compensation-ref.bpmn');
      const instance = await ctx.start('p2-compensation-ref');
      await ctx.complete(await ctx.activate('p2cr-a'));
      await ctx.complete(await ctx.activate('p2cr-b'));
      const undoB = await ctx.activate('p2cr-undo-b');
      await ctx.noJob('p2cr-undo-a', 300);
      await ctx.complete(undoB);
      await ctx.complete(await ctx.activate('p2cr-between'));
      const undoA = await ctx.activate('p2cr-undo-a');
      await ctx.noJob('p2cr-undo-b', 300);
      await ctx.complete(undoA);
      await ctx.ended(instance);
    },
  },
  {
    id: 'compensation-nested-subprocess',
    title: 'handlers of activities inside a completed sub-process are invoked by a throw in the process scope',
    async run(ctx) {
      await deployWithIds(ctx, 'p2-compensation-nested.bpmn');
      const instance = await ctx.start('p2-compensation-nested');
      await ctx.complete(await ctx.activate('p2cn-charge'));
      await ctx.complete(await ctx.activate('p2cn-ship'));
      const refund = await ctx.activate('p2cn-refund');
      const unship = await ctx.activate('p2cn-unship');
      await ctx.complete(refund);
      await ctx.complete(unship);
      await ctx.ended(instance);
    },
  },
  {
    id: 'compensation-sub-process-multi-instance',
    title: 'a throw inside a sub-process compensates only that sub-process; a multi-instance activity is compensated once',
    async run(ctx) {
      await deployWithIds(ctx, 'p2-compensation-sub-mi.bpmn');
      const instance = await ctx.start('p2-compensation-sub-mi', { items: ['a', 'b', 'c'] });
      for (const job of await ctx.activateMany('p2cm-reserve', 3)) await ctx.complete(job);
      await ctx.complete(await ctx.activate('p2cm-charge'));
      await ctx.complete(await ctx.activate('p2cm-confirm'));
      const refund = await ctx.activate('p2cm-refund');
      await ctx.noJob('p2cm-release', 300);
      await ctx.complete(refund);
      const release = await ctx.activate('p2cm-release');
      await ctx.noJob('p2cm-release', 300);
      await ctx.complete(release);
      await ctx.ended(instance);
    },
  },
  {
    id: 'compensation-reverse-order',
    title: 'one compensation throw per activity, in reverse order, gives strictly ordered handler jobs',
    async run(ctx) {
      await deployWithIds(ctx, 'p2-compensation-onboarding.bpmn');
      const instance = await ctx.start('p2-compensation-onboarding');
      for (const type of ['p2co-verify', 'p2co-account', 'p2co-card']) await ctx.complete(await ctx.activate(type));
      await ctx.complete(await ctx.activate('p2co-decide'), { approved: false });
      const blockCard = await ctx.activate('p2co-block-card');
      await ctx.noJob('p2co-close-account', 300);
      await ctx.complete(blockCard);
      const closeAccount = await ctx.activate('p2co-close-account');
      await ctx.noJob('p2co-unverify', 300);
      await ctx.complete(closeAccount);
      await ctx.complete(await ctx.activate('p2co-unverify'));
      await ctx.ended(instance);
    },
  },
  {
    id: 'deploy-event-definition-without-id',
    title: 'compensation and link event definitions without an id attribute (Zeebe 8.6 fails to deploy them)',
    async run(ctx) {
      await ctx.deployXml('p2-compensation-nested.bpmn', readModel('p2-compensation-nested.bpmn'));
      await ctx.deployXml('p2-tasks.bpmn', readModel('p2-tasks.bpmn'));
    },
  },
];
