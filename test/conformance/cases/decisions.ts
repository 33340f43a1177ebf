/**
 * DMN decisions: every hit policy and COLLECT aggregator, a decision requirements graph, failures,
 * through EvaluateDecision and business rule tasks (zeebe:calledDecision). Zeebe 8.6 evaluates
 * with dmn-scala; the DMN resources are deployed to both engines.
 */
import type { ConformanceCase } from '../case.ts';

export const decisionCases: ConformanceCase[] = [
  {
    id: 'decision-hit-policies',
    title: 'EvaluateDecision on a table of each hit policy: outputs, matched rules, evaluated inputs',
    async run(ctx) {
      await ctx.deploy('diff2-hit-policies.dmn');
      await ctx.evaluateDecision('d2-unique', { score: 60 });
      await ctx.evaluateDecision('d2-unique', { score: 95 });
      await ctx.evaluateDecision('d2-unique', {});
      await ctx.evaluateDecision('d2-first', { amount: 50 });
      await ctx.evaluateDecision('d2-first', { amount: 5 });
      await ctx.evaluateDecision('d2-priority', { errors: 7 });
      await ctx.evaluateDecision('d2-priority', { errors: 0 });
      await ctx.evaluateDecision('d2-any', { role: 'admin' });
      await ctx.evaluateDecision('d2-collect', { amount: 200 });
      await ctx.evaluateDecision('d2-collect', { amount: -1 });
      await ctx.evaluateDecision('d2-collect-sum', { items: 20 });
      await ctx.evaluateDecision('d2-collect-count', { items: 5 });
      await ctx.evaluateDecision('d2-collect-count', { items: 0 });
      await ctx.evaluateDecision('d2-collect-min', { items: 10 });
      await ctx.evaluateDecision('d2-collect-max', { items: 10 });
      await ctx.evaluateDecision('d2-rule-order', { age: 70 });
      await ctx.evaluateDecision('d2-output-order', { errors: 12 });
    },
  },
  {
    id: 'decision-requirements-graph',
    title: 'a decision reads the results of the decisions it requires (a table and a literal expression)',
    async run(ctx) {
      await ctx.deploy('diff2-drg.dmn');
      await ctx.evaluateDecision('d2-discount', { orders: 12, season: 'sale' });
      await ctx.evaluateDecision('d2-discount', { orders: 4, season: 'winter' });
      await ctx.evaluateDecision('d2-discount', { orders: 12, season: 'winter' });
      await ctx.evaluateDecision('d2-tier', { orders: 0 });
      await ctx.evaluateDecision('d2-base-rate', { season: 'sale' });
    },
  },
  {
    id: 'decision-failures',
    title: 'EvaluateDecision: a UNIQUE table with two matching rules fails; an unknown decision id is rejected',
    async run(ctx) {
      await ctx.deploy('diff2-drg.dmn');
      await ctx.evaluateDecision('d2-strict', { x: 5 });
      await ctx.evaluateDecision('d2-strict', { x: 1 });
      await ctx.evaluateDecision('d2-strict-mixed', { x: 5 });
      await ctx.evaluateDecision('d2-no-such-decision', {});
    },
  },
  {
    id: 'decision-business-rule-task',
    title: 'business rule tasks evaluate the latest decision into their result variable; a failure is a DECISION_EVALUATION_ERROR incident',
    async run(ctx) {
      await ctx.deploy('diff2-drg.dmn', 'diff2-rule-task.bpmn');
      const ok = await ctx.start('diff2-rule-task', { orders: 12, season: 'sale', x: 1 });
      await ctx.complete(await ctx.activate('d2rt-after'));
      await ctx.ended(ok);
      const failing = await ctx.start('diff2-rule-task', { orders: 1, season: 'sale', x: 5 });
      const incident = await ctx.incident();
      await ctx.setVariables(failing, { x: 0 });
      await ctx.resolve(incident);
      await ctx.complete(await ctx.activate('d2rt-after'));
      await ctx.ended(failing);
    },
  },
  {
    id: 'decision-missing',
    title: 'a business rule task calling a decision that is not deployed: CALLED_DECISION_ERROR; deploying it and resolving goes on',
    async run(ctx) {
      await ctx.deploy('diff2-rule-task-missing.bpmn');
      const instance = await ctx.start('diff2-rule-task-missing', { score: 90 });
      const incident = await ctx.incident();
      await ctx.deploy('diff2-hit-policies.dmn');
      await ctx.resolve(incident);
      await ctx.ended(instance);
    },
  },
];
