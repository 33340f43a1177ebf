/** Operator RPCs: ModifyProcessInstance and DeleteResource. */
import type { ConformanceCase } from '../case.ts';
import { knownBug } from './known-bugs.ts';

export const operationCases: ConformanceCase[] = [
  {
    id: 'modify-activate-with-variables',
    title: 'ModifyProcessInstance activates an element with global and local variables; its input mappings see them',
    async run(ctx) {
      await ctx.deploy('p2-modify.bpmn');
      const instance = await ctx.start('p2-modify');
      const a = await ctx.activate('p2mod-a');
      await ctx.modify(instance, {
        activate: [
          {
            elementId: 'taskC',
            variables: [
              { scopeId: '', variables: { fixed: 41 } },
              { scopeId: 'taskC', variables: { note: 'here' } },
            ],
          },
        ],
      });
      const c = await ctx.activate('p2mod-c');
      await ctx.complete(c);
      await ctx.complete(a);
      await ctx.complete(await ctx.activate('p2mod-b'));
      await ctx.ended(instance);
    },
  },
  {
    id: 'modify-terminate-one',
    title: 'ModifyProcessInstance terminates one element instance: its job goes, the rest goes on',
    async run(ctx) {
      await ctx.deploy('p2-modify.bpmn');
      const instance = await ctx.start('p2-modify');
      const a = await ctx.activate('p2mod-a');
      const b = await ctx.activate('p2mod-b');
      await ctx.modify(instance, { terminate: [b] });
      await ctx.complete(b);
      await ctx.complete(a);
      await ctx.ended(instance);
    },
  },
  {
    id: 'modify-terminate-all',
    title: 'terminating the last active elements terminates the process instance',
    async run(ctx) {
      await ctx.deploy('p2-modify.bpmn');
      const instance = await ctx.start('p2-modify');
      const a = await ctx.activate('p2mod-a');
      const b = await ctx.activate('p2mod-b');
      await ctx.modify(instance, { terminate: [a, b] });
      await ctx.ended(instance);
    },
  },
  {
    id: 'modify-move-tokens',
    title: 'activations apply before terminations: moving every token to another element keeps the instance',
    async run(ctx) {
      await ctx.deploy('p2-modify.bpmn');
      const instance = await ctx.start('p2-modify', { fixed: 0 });
      const a = await ctx.activate('p2mod-a');
      const b = await ctx.activate('p2mod-b');
      await ctx.modify(instance, { activate: [{ elementId: 'taskC' }], terminate: [a, b] });
      await ctx.complete(await ctx.activate('p2mod-c'));
      await ctx.ended(instance);
    },
  },
  {
    id: 'modify-rejected',
    title: 'ModifyProcessInstance with an unknown element or on a finished instance is rejected and changes nothing',
    async run(ctx) {
      await ctx.deploy('p2-modify.bpmn');
      const instance = await ctx.start('p2-modify', { fixed: 1 });
      const a = await ctx.activate('p2mod-a');
      await ctx.modify(instance, { activate: [{ elementId: 'nope' }], terminate: [a] });
      await ctx.complete(a);
      await ctx.complete(await ctx.activate('p2mod-b'));
      await ctx.ended(instance);
      await ctx.modify(instance, { activate: [{ elementId: 'taskC' }] });
    },
  },
  {
    id: 'delete-process-definition',
    title: 'DeleteResource is refused while instances run; afterwards the previous version is the latest again',
    async run(ctx) {
      await ctx.deploy('p2-delete.bpmn');
      const v2 = (await ctx.deploy('p2-delete-v2.bpmn')).processes['p2-delete'];
      const instance = await ctx.start('p2-delete');
      await ctx.deleteResource(v2, 'p2-delete v2');
      await ctx.complete(await ctx.activate('p2del-work-v2'));
      await ctx.ended(instance);
      await ctx.deleteResource(v2, 'p2-delete v2');
      const next = await ctx.start('p2-delete');
      await ctx.complete(await ctx.activate('p2del-work'));
      await ctx.ended(next);
      await ctx.tryStart('p2-delete', {}, { version: 2 });
      await ctx.deleteResource(v2, 'p2-delete v2');
      await ctx.deploy('p2-delete-v2.bpmn');
    },
  },
  {
    id: 'delete-decision-requirements',
    title: 'DeleteResource of a decision requirements graph: its decisions cannot be evaluated any more',
    knownBugs: [knownBug('deleteDecisionRequirements', '2:deleteResource.*', '3:evaluateDecision.*')],
    async run(ctx) {
      const deployed = await ctx.deploy('diff2-hit-policies.dmn');
      await ctx.evaluateDecision('d2-unique', { score: 60 });
      await ctx.deleteResource(deployed.decisionRequirements['d2-hit-policies'], 'd2-hit-policies');
      await ctx.evaluateDecision('d2-unique', { score: 60 });
      await ctx.deleteResource(deployed.decisionRequirements['d2-hit-policies'], 'd2-hit-policies');
    },
  },
];
