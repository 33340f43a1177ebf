import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, HOUR, jobRecords, matchedDecisionRules, path, userTaskTrail } from './enterprise-support.ts';
import { startScenarioHarness, type ScenarioHarness, type Variables } from './support/scenario-harness.ts';

const PROCESS = 'customer-onboarding';

/**
 * Customer onboarding (bpmn/customer-onboarding.bpmn) end to end: the gateway, the real
 * workers and the sandbox's CRM, billing, portal and e-mail, with faults injected.
 */
describe('enterprise workflow: customer onboarding', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const business: Variables = { company: 'Initech', contactName: 'Peter Gibbons', email: 'Peter@Initech.com', tier: 'business', annualValue: 40_000, country: 'us', requester: 'sam.sales' };
  const enterprise: Variables = { ...business, company: 'Hooli', email: 'gavin@hooli.com', tier: 'enterprise', annualValue: 250_000 };
  const MANAGERS = ['account-managers'];
  const DIRECTORS = ['sales-directors'];

  const UNTIL_TIER = ['onboarding-requested', 'check-eligibility', 'validate-customer', 'create-crm-account', 'create-billing-account', 'enterprise-tier'];
  const FROM_PORTAL = ['approval-done', 'create-portal-account', 'portal-done', 'send-welcome-email', 'email-done', 'all-steps-done', 'onboarded'];

  it('onboards a business customer: CRM, billing, portal, welcome e-mail', async () => {
    const pi = await s.start(PROCESS, business);
    expect(s.isLive(pi)).toBe(false);
    expect(await path(s, pi, PROCESS)).toEqual([...UNTIL_TIER, ...FROM_PORTAL]);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ email: 'peter@initech.com', country: 'US', partialFailures: [], eligibilityViolations: null });
    expect(vars.crmAccountId).toMatch(/^accounts_/);
    expect(vars.billingAccountId).toMatch(/^accounts_/);
    expect(vars.portalUserId).toMatch(/^users_/);
    expect(vars.welcomeEmailId).toMatch(/^messages_/);
    expect(await calls(s)).toEqual(['POST crm/accounts 201', 'POST billing/accounts 201', 'POST portal/users 201', 'POST email/messages 201']);
  });

  it('retries a CRM that is briefly down with exponential back-off, then goes on', async () => {
    await s.control.fault({ system: 'crm', resource: 'accounts', method: 'POST', mode: 'fail', times: 2 });
    const pi = await s.start(PROCESS, business);
    expect(await path(s, pi, PROCESS)).toEqual([...UNTIL_TIER, ...FROM_PORTAL]);
    expect(await calls(s, { system: 'crm' })).toEqual(['POST crm/accounts 503', 'POST crm/accounts 503', 'POST crm/accounts 201']);
    // One retry fewer each time, and twice the wait (the model gives the task 5 retries).
    expect(await jobRecords(s, pi, 'FAILED')).toEqual([
      ['create-crm-account', 4, 1000],
      ['create-crm-account', 3, 2000],
    ]);
  });

  it('rejects invalid data at once with a clear reason: no retries, nothing created', async () => {
    const pi = await s.start(PROCESS, { ...enterprise, annualValue: 50_000, email: 'not-an-address' });
    expect(await path(s, pi, PROCESS)).toEqual(['onboarding-requested', 'check-eligibility', 'customer-invalid', 'rejected']);
    expect((await s.variables(pi)).rejectionReason).toBe('email must be an e-mail address; enterprise tier requires an annual value of at least 100000, got 50000');
    // The decision table says which rule made the request invalid.
    expect(await matchedDecisionRules(s, pi)).toEqual([{ decisionId: 'customer-eligibility', output: ['enterprise tier requires an annual value of at least 100000, got 50000'], rules: ['enterprise-minimum-value'] }]);
    expect((await s.records(pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'ERROR_THROWN']);
    expect(await calls(s)).toEqual([]);
  });

  it('has an enterprise account approved by an account manager, never by its requester', async () => {
    const pi = await s.start(PROCESS, enterprise);
    const task = s.task(pi, 'approve-enterprise');
    expect(task.candidateGroups).toEqual(MANAGERS);
    // Four-eyes: the sales rep who asked may not approve their own customer.
    await expect(s.decide(task, 'sam.sales', MANAGERS, 'approve')).rejects.toThrow(/four-eyes/);
    await s.decide(task, 'maria.manager', MANAGERS, 'approve', { reason: 'strategic account' });
    expect(s.isLive(pi)).toBe(false);
    expect(await path(s, pi, PROCESS)).toEqual([...UNTIL_TIER, 'approve-enterprise', 'enterprise-decided', 'approved', ...FROM_PORTAL]);
    expect(await s.variables(pi)).toMatchObject({ decision: 'approved', decidedBy: 'maria.manager', decisionReason: 'strategic account', failureReason: null });
    expect(await userTaskTrail(s, pi)).toEqual(['approve-enterprise CREATED', 'approve-enterprise ASSIGNED claim maria.manager', 'approve-enterprise COMPLETED approve maria.manager']);
  });

  it('escalates an approval nobody decides within the hour to a sales director (virtual clock)', async () => {
    const pi = await s.start(PROCESS, enterprise);
    await s.advance(HOUR - 1);
    expect(s.task(pi, 'approve-enterprise')).toBeDefined();
    await s.advance(1);
    expect(s.openTasks(pi).map((t) => t.elementId)).toEqual(['approve-enterprise-escalated']);
    const escalated = s.task(pi, 'approve-enterprise-escalated');
    expect(escalated.candidateGroups).toEqual(DIRECTORS);
    await s.decide(escalated, 'dana.director', DIRECTORS, 'approve', { reason: 'approved after escalation' });
    expect(s.isLive(pi)).toBe(false);
    expect(await path(s, pi, PROCESS)).toEqual([...UNTIL_TIER, 'approval-sla', 'approve-enterprise-escalated', 'enterprise-decided', 'approved', ...FROM_PORTAL]);
    expect(await s.variables(pi)).toMatchObject({ approvalEscalated: true, decidedBy: 'dana.director' });
    expect(await userTaskTrail(s, pi)).toEqual([
      'approve-enterprise CREATED',
      'approve-enterprise CANCELED',
      'approve-enterprise-escalated CREATED',
      'approve-enterprise-escalated ASSIGNED claim dana.director',
      'approve-enterprise-escalated COMPLETED approve dana.director',
    ]);
  });

  it('rolls back billing, then CRM, when the approval is denied', async () => {
    const pi = await s.start(PROCESS, enterprise);
    await s.decide(s.task(pi, 'approve-enterprise'), 'maria.manager', MANAGERS, 'reject', { reason: 'credit check failed' });
    expect(s.isLive(pi)).toBe(false);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ decision: 'rejected', failureReason: 'enterprise approval denied by maria.manager: credit check failed', billingAccountClosed: true, crmAccountDeleted: true });
    expect((await path(s, pi, PROCESS)).slice(UNTIL_TIER.length)).toEqual([
      'approve-enterprise',
      'enterprise-decided',
      'approved',
      'roll-back',
      // Each compensation handler runs after its compensation boundary event (as in Zeebe).
      'billing-account-compensation',
      'close-billing-account',
      'undo-billing',
      'crm-account-compensation',
      'delete-crm-account',
      'undo-crm',
      'rolled-back',
    ]);
    // Reverse order of creation, each undo finished before the next starts.
    expect(await calls(s)).toEqual([
      'POST crm/accounts 201',
      'POST billing/accounts 201',
      `DELETE billing/accounts/${String(vars.billingAccountId)} 204`,
      `DELETE crm/accounts/${String(vars.crmAccountId)} 204`,
    ]);
    const compensation = (await s.records(pi, 'COMPENSATION_SUBSCRIPTION')).filter((r) => r.intent === 'TRIGGERED').map((r) => r.element_id);
    expect(compensation).toEqual(['create-billing-account', 'create-crm-account']);
  });

  it('deletes the CRM account when billing refuses the account (nothing to close in billing)', async () => {
    await s.control.fault({ system: 'billing', resource: 'accounts', method: 'POST', mode: 'reject', body: { error: 'tax id missing' } });
    const pi = await s.start(PROCESS, business);
    const vars = await s.variables(pi);
    expect(vars.failureReason).toContain('tax id missing');
    expect(vars.billingAccountClosed).toBeUndefined();
    expect((await path(s, pi, PROCESS)).slice(4)).toEqual(['billing-failed', 'roll-back', 'undo-billing', 'crm-account-compensation', 'delete-crm-account', 'undo-crm', 'rolled-back']);
    expect(await calls(s)).toEqual(['POST crm/accounts 201', 'POST billing/accounts 422', `DELETE crm/accounts/${String(vars.crmAccountId)} 204`]);
  });

  it('records a failed portal and a failed e-mail and still onboards the customer (partial completion)', async () => {
    await s.control.fault({ system: 'portal', mode: 'reject', body: { error: 'portal licence limit reached' } });
    await s.control.fault({ system: 'email', mode: 'fail' }); // down for good: four attempts, then it gives up
    const pi = await s.start(PROCESS, business);
    expect((await path(s, pi, PROCESS)).slice(UNTIL_TIER.length)).toEqual(['approval-done', 'portal-failed', 'portal-done', 'email-failed', 'email-done', 'all-steps-done', 'onboarded-partially']);
    const { partialFailures, crmAccountId, billingAccountId } = await s.variables(pi);
    expect(crmAccountId).toBeTruthy();
    expect(billingAccountId).toBeTruthy();
    expect(partialFailures).toEqual([
      { step: 'support-portal', reason: expect.stringContaining('portal licence limit reached') },
      { step: 'welcome-email', reason: expect.stringContaining('gave up after the last retry') },
    ]);
    expect(await calls(s, { system: 'email' })).toEqual(Array(4).fill('POST email/messages 503'));
    expect(s.incidents(pi)).toEqual([]);
  });
});
