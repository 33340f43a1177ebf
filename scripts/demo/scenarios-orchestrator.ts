/**
 * The master orchestrator routing to each of its four process types, and the failure paths of
 * those processes: an approver who misses the SLA, a rejection, a migration rolled back.
 * Users are named demo users; the requester is never the approver (the engine enforces it,
 * and the first scenario shows the refusal).
 */
import { HOUR, type Scenario, type ScenarioContext } from './scenario.ts';

const seedMigrationSource = async (ctx: ScenarioContext, dataset: string, count: number) => {
  for (let i = 1; i <= count; i++) await ctx.baton.seed('migration', 'source', { id: `${dataset}-${i}`, dataset, name: `Record ${i}` });
};

export const orchestratorScenarios: Scenario[] = [
  {
    name: 'master → approval',
    story: 'alice asks to buy laptops for 4,200; a team lead approves',
    expected: { endEvent: 'request-completed', variables: { classification: { route: 'approval' }, decision: 'approved', summary: { outcome: 'approved' } } },
    show: ['classification.route', 'decision', 'decidedBy', 'summary.outcome'],
    async run(ctx) {
      const { baton } = ctx;
      const pi = await baton.start('master-orchestrator', { title: 'Laptops for the new team', requestType: 'Purchase', amount: '4,200', requester: 'alice', businessKey: 'PR-1001' });
      const task = baton.task(pi, 'approve');
      await ctx.refused(() => baton.decide(task, 'alice', ['team-lead'], 'approve'), /four-eyes/, 'alice (the requester) tried to approve her own request: refused (four-eyes)');
      await baton.decide(task, 'tom', ['team-lead'], 'approve', { reason: 'standard equipment' });
      return pi;
    },
  },
  {
    name: 'master → data migration',
    story: 'mia asks to move 12 CRM contacts (tagged ETL); two batches migrate and reconcile',
    expected: { endEvent: 'request-completed', variables: { classification: { route: 'data-migration' }, summary: { outcome: 'completed' } } },
    show: ['classification.route', 'migrationStatus', 'summary.outcome'],
    async run(ctx) {
      await seedMigrationSource(ctx, 'crm-contacts', 12);
      return ctx.baton.start('master-orchestrator', { title: 'Move CRM contacts to the warehouse', tags: ['ETL'], dataset: 'crm-contacts', requester: 'mia', businessKey: 'MIG-1' });
    },
  },
  {
    name: 'master → quality assurance',
    story: 'rita asks to release payments 2.5; coverage is too low once, one rework round, then the gate passes',
    expected: { endEvent: 'request-completed', variables: { classification: { route: 'quality-assurance' }, reworkCount: 1, summary: { outcome: 'passed' } } },
    show: ['classification.route', 'gate.verdict', 'reworkCount', 'summary.outcome'],
    async run(ctx) {
      await ctx.baton.control.fault({ system: 'testing', resource: 'runs', method: 'POST', mode: 'respond', respond: { failed: 2, coverage: 72 }, times: 1 });
      return ctx.baton.start('master-orchestrator', { title: 'Release payments 2.5', requestType: 'release', requester: 'rita', businessKey: 'REL-2.5' });
    },
  },
  {
    name: 'master → incident response',
    story: 'monitoring reports a full disk on storage; the known cause is remediated by a runbook',
    expected: { endEvent: 'request-completed', variables: { classification: { route: 'incident-response' }, summary: { outcome: 'remediated' } } },
    show: ['classification.route', 'classification.priority', 'incidentOutcome', 'summary.outcome'],
    async run(ctx) {
      return ctx.baton.start('master-orchestrator', { title: 'Disk alert on storage', source: 'monitoring', alertId: 'disk-high-4', affectedUsers: 30, requester: 'monitoring-bot', businessKey: 'INC-4' });
    },
  },
  {
    name: 'approval: SLA escalation',
    story: 'nobody in team-lead acts on a 4,000 purchase within the hour; it escalates to a director, who approves',
    failurePaths: ['escalation'],
    expected: { endEvent: 'request-approved', variables: { decision: 'approved', decidedBy: 'diana', escalationCount: 1 } },
    show: ['approverGroup', 'escalations', 'decision', 'decidedBy'],
    async run(ctx) {
      const { baton } = ctx;
      const pi = await baton.start('approval', { title: 'Standing desks', amount: 4_000, requester: 'alice', businessKey: 'PO-4000' });
      await baton.advance(HOUR);
      await baton.decide(baton.task(pi, 'approve'), 'diana', ['director'], 'approve', { reason: 'ok after escalation' });
      return pi;
    },
  },
  {
    name: 'approval: rejection',
    story: 'a 20,000 purchase goes to a director, who rejects it with a reason; the requester is told why',
    failurePaths: ['rejection'],
    expected: { endEvent: 'request-rejected', variables: { decision: 'rejected', decisionReason: 'no budget left this quarter' } },
    show: ['approverGroup', 'decision', 'decidedBy', 'decisionReason'],
    async run(ctx) {
      const { baton } = ctx;
      const pi = await baton.start('approval', { title: 'Conference sponsorship', amount: 20_000, requester: 'alice', businessKey: 'PO-20000' });
      await baton.decide(baton.task(pi, 'approve'), 'diana', ['director'], 'reject', { reason: 'no budget left this quarter' });
      return pi;
    },
  },
  {
    name: 'data migration: rollback',
    story: 'the target refuses one of three invoice batches; the migrated ones are rolled back, newest first, and a ticket opened',
    failurePaths: ['compensation'],
    expected: { endEvent: 'rolled-back', variables: { migrationStatus: 'rolled-back' } },
    show: ['migrationStatus', 'rolledBack', 'reconciliation.failedBatches', 'incidentTicket.id'],
    async run(ctx) {
      await seedMigrationSource(ctx, 'invoices', 30);
      await ctx.baton.control.fault({ system: 'migration', resource: 'batches', method: 'POST', mode: 'reject', times: 1 });
      return ctx.baton.start('data-migration', { dataset: 'invoices', batchSize: 10, businessKey: 'MIG-invoices' });
    },
  },
];
