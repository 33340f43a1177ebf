/**
 * One instance of each enterprise workflow, each showing a failure path where the workflow
 * has one: a CRM that is briefly down (retry), a ticketing system down until an operator
 * steps in (incident), a data source down for good (partial result). Approvers and reviewers
 * are named demo users, never the requester.
 */
import { type Scenario } from './scenario.ts';

const invoiceText = (amount: string) => `ACME SUPPLIES GMBH\nInvoice number: INV-1001\nPurchase order: PO-7\nVendor: Acme Supplies\nAmount: ${amount} EUR\nDue: 2026-02-15\n`;

export const enterpriseScenarios: Scenario[] = [
  {
    name: 'customer onboarding',
    story: 'sam.sales onboards Hooli (enterprise tier); the CRM fails twice and is retried with back-off; an account manager approves',
    failurePaths: ['retry'],
    expected: { endEvent: 'onboarded', variables: { decision: 'approved', decidedBy: 'maria.manager', partialFailures: [] } },
    show: ['tier', 'crmAccountId', 'billingAccountId', 'decidedBy', 'partialFailures'],
    async run(ctx) {
      const { baton } = ctx;
      await baton.control.fault({ system: 'crm', resource: 'accounts', method: 'POST', mode: 'fail', times: 2 });
      const pi = await baton.start('customer-onboarding', {
        company: 'Hooli', contactName: 'Gavin Belson', email: 'gavin@hooli.com', tier: 'enterprise', annualValue: 250_000, country: 'us', requester: 'sam.sales',
      });
      const task = baton.task(pi, 'approve-enterprise');
      await ctx.refused(() => baton.decide(task, 'sam.sales', ['account-managers'], 'approve'), /four-eyes/, 'sam.sales (the requester) tried to approve his own customer: refused (four-eyes)');
      await baton.decide(task, 'maria.manager', ['account-managers'], 'approve', { reason: 'strategic account' });
      return pi;
    },
  },
  {
    name: 'incident response automation',
    story: 'a low database alert; ticketing stays down, the update job runs out of retries (incident); an operator retries it once ticketing is back',
    failurePaths: ['incident'],
    expected: { endEvent: 'incident-handled', variables: { classification: { severity: 'low' } } },
    show: ['classification.severity', 'rootCause.cause', 'ticketStatus'],
    async run(ctx) {
      const { baton } = ctx;
      await baton.control.fault({ system: 'ticketing', method: 'PATCH', mode: 'fail' });
      const pi = await baton.start('incident-response-automation', { alertId: 'db-low-9', impact: 'minor', affectedUsers: 3 });
      const [incident] = baton.incidents(pi);
      if (!incident) throw new Error('expected an incident on update-ticket');
      ctx.note(`operator: incident on '${incident.elementId}' (${incident.errorType}); ticketing back, job given 1 retry, incident resolved`);
      await baton.control.clearFaults();
      await baton.resolveIncident(incident);
      return pi;
    },
  },
  {
    name: 'data pipeline (ETL)',
    story: 'three sources extracted in parallel: payments fails twice then answers, customers is down for good; the rest is loaded',
    failurePaths: ['partial', 'retry'],
    expected: { endEvent: 'pipeline-partial', variables: { pipelineStatus: 'partial', extractedSources: ['orders', 'payments'] } },
    show: ['pipelineStatus', 'extractedSources', 'loadedRows', 'rejectedRows', 'failedSources'],
    async run(ctx) {
      const { baton } = ctx;
      await ctx.baton.seed('datasource', 'orders', { id: 'o-1', amount: 120, email: ' Ada@Example.COM ' });
      await ctx.baton.seed('datasource', 'orders', { id: 'o-2', amount: -5 });
      await ctx.baton.seed('datasource', 'payments', { id: 'p-1', amount: 99.5 });
      await ctx.baton.seed('datasource', 'customers', { id: 'c-1', email: 'grace@example.com' });
      await baton.control.fault({ system: 'datasource', resource: 'payments', mode: 'fail', times: 2 });
      await baton.control.fault({ system: 'datasource', resource: 'customers', mode: 'fail' });
      return baton.start('data-pipeline', { runId: 'run-1', sources: ['orders', 'payments', 'customers'] });
    },
  },
  {
    name: 'invoice processing',
    story: 'rick submits a 25,000 invoice against PO-7; two different finance approvers must approve (four-eyes)',
    expected: { endEvent: 'invoice-posted', variables: { approvalLevel: 'four-eyes', decision: 'approved', approvers: ['fiona.finance', 'gary.finance'] } },
    show: ['invoice.number', 'invoice.amount', 'approvalLevel', 'approvers', 'postingId'],
    async run(ctx) {
      const { baton } = ctx;
      await ctx.baton.seed('accounting', 'purchase-orders', { id: 'PO-7', vendor: 'Acme Supplies', amount: 30_000, currency: 'EUR' });
      const pi = await baton.start('invoice-processing', { document: invoiceText('25,000.00'), requester: 'rick.requester' });
      const finance = ['finance-approvers'];
      await baton.decide(baton.task(pi, 'approve-invoice-four-eyes'), 'fiona.finance', finance, 'approve', { reason: 'matches PO-7' });
      const again = baton.task(pi, 'approve-invoice-four-eyes');
      await ctx.refused(() => baton.decide(again, 'fiona.finance', finance, 'approve'), /already approved/, 'fiona.finance tried to give the second approval too: refused (four-eyes)');
      await baton.decide(again, 'gary.finance', finance, 'approve', { reason: 'ok' });
      return pi;
    },
  },
  {
    name: 'security audit',
    story: 'payments-legacy has an admin, an account without MFA and an inactive one; a security officer reviews the findings',
    expected: { endEvent: 'audit-completed', variables: { auditOutcome: 'remediation-required' } },
    show: ['auditOutcome', 'access', 'reportId'],
    async run(ctx) {
      const { baton } = ctx;
      const account = (user: string, extra: Record<string, unknown>) =>
        ctx.baton.seed('security', 'accounts', { system: 'payments-legacy', user, role: 'user', mfa: true, lastLoginAt: '2025-12-20T09:00:00Z', ...extra });
      await account('ada', { role: 'admin' });
      await account('bob', { mfa: false });
      await account('carl', { lastLoginAt: '2025-06-01T00:00:00Z' });
      await ctx.baton.seed('security', 'configurations', { id: 'payments-legacy', encryptionAtRest: true, auditLogging: true, retentionDays: 400, tlsMinVersion: '1.2' });
      const pi = await baton.start('security-audit', { auditId: 'AUD-2', scope: 'payments-legacy', auditDate: '2026-01-01T00:00:00Z' });
      const findings = (await baton.variables(pi)).findings as Array<{ policy: string }>;
      // The officer accepts the inactive account (a known leave) and wants the rest fixed.
      const reviews = findings.map(({ policy }) => (policy === 'SEC-05' ? { policy, decision: 'accept-risk', justification: 'carl is on parental leave until March' } : { policy, decision: 'remediate' }));
      await baton.decide(baton.task(pi, 'review-exceptions'), 'sofia.security', ['security-officers'], 'complete', { variables: { reviews } });
      return pi;
    },
  },
  {
    name: 'lead qualification',
    story: 'a c-level lead from hooli.com in Germany is enriched, scored and handed to the EMEA sales team',
    expected: { endEvent: 'lead-qualified', variables: { score: 90, routing: { route: 'sales', salesTeam: 'emea' } } },
    show: ['enrichment.company', 'score', 'routing.route', 'routing.salesTeam', 'crmLeadId'],
    async run(ctx) {
      return ctx.baton.start('lead-qualification', { email: 'gavin@hooli.com', name: 'Gavin Belson', seniority: 'c-level', country: 'DE' });
    },
  },
];
