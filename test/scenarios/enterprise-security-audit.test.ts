import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firedRules, HOUR, path, record, seed, userTaskTrail } from './enterprise-support.ts';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const PROCESS = 'security-audit';
const AUDIT_DATE = '2026-01-01T00:00:00Z';

/**
 * Security audit (bpmn/security-audit.bpmn) end to end: evidence from the sandbox's security
 * system (scans are computed: targets named "legacy" have serious findings), rule set
 * security-policies, a security officer's review, reminders on the virtual clock.
 */
describe('enterprise workflow: security audit', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const OFFICERS = ['security-officers'];
  const account = (system: string, user: string, extra: Record<string, unknown> = {}) =>
    seed(s, 'security', 'accounts', { system, user, role: 'user', mfa: true, lastLoginAt: '2025-12-20T09:00:00Z', ...extra });
  const goodConfiguration = (id: string) => seed(s, 'security', 'configurations', { id, encryptionAtRest: true, auditLogging: true, retentionDays: 400, tlsMinVersion: '1.2' });
  const chat = async () => ((await (await fetch(`${s.sandbox.url}/chat/messages`)).json()) as Array<{ channel: string; text: string }>).map((m) => m.text);

  it('publishes a clean report without a review when no policy is broken', async () => {
    await account('intranet', 'ada');
    await goodConfiguration('intranet');
    const pi = await s.start(PROCESS, { auditId: 'AUD-1', scope: 'intranet', auditDate: AUDIT_DATE });
    const trail = await path(s, pi, PROCESS);
    expect(trail.slice(-7)).toEqual(['evidence-collected', 'evaluate-policies', 'record-findings', 'findings-to-review', 'review-done', 'publish-report', 'audit-completed']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ auditOutcome: 'compliant', findings: [], policyResult: { compliant: true, firedRules: [], ruleSet: 'security-policies' } });
    expect(vars.access).toEqual({ accounts: 1, admins: 0, withoutMfa: 0, inactive: 0, inactiveUsers: [] });
  });

  it('turns broken policies into findings, reminds the officers daily and publishes their review', async () => {
    await account('payments-legacy', 'ada', { role: 'admin' });
    await account('payments-legacy', 'bob', { mfa: false });
    await account('payments-legacy', 'carl', { lastLoginAt: '2025-06-01T00:00:00Z' });
    await goodConfiguration('payments-legacy');
    const pi = await s.start(PROCESS, { auditId: 'AUD-2', scope: 'payments-legacy', auditDate: AUDIT_DATE });
    const task = s.task(pi, 'review-exceptions');
    expect(task.candidateGroups).toEqual(['security-officers']);

    const vars = await s.variables(pi);
    const policies = (vars.findings as Array<{ policy: string; id: string }>).map((f) => f.policy);
    // Which rules fired and why: the rules worker's explanation, kept with the result.
    const fired = (await firedRules(s, pi))['security-policies']!;
    expect(fired).toEqual(expect.arrayContaining(['mfa-for-every-account', 'no-inactive-accounts']));
    expect((vars.policyResult as { firedRules: string[] }).firedRules).toEqual(fired);
    expect(policies).toEqual(expect.arrayContaining(['SEC-03', 'SEC-05']));
    expect(policies.some((p) => p === 'SEC-01' || p === 'SEC-02')).toBe(true); // the legacy target's scan
    expect((vars.findings as Array<{ id: string }>).every((f) => f.id.startsWith('findings_'))).toBe(true);

    // Nobody reviews for a day: a reminder, and the task stays open.
    await s.advance(24 * HOUR);
    expect(await chat()).toHaveLength(1);
    expect(s.task(pi, 'review-exceptions')).toBeDefined();
    expect((await chat())[0]).toMatch(/^Security audit AUD-2 \(payments-legacy\): \d+ finding\(s\) still wait for review/);

    const reviews = policies.map((policy) => (policy === 'SEC-05' ? { policy, decision: 'accept-risk', justification: 'carl is on parental leave until March' } : { policy, decision: 'remediate' }));
    await s.decide(task, 'sofia.security', OFFICERS, 'complete', { variables: { reviews } });
    const trail = await path(s, pi, PROCESS);
    expect(trail.slice(-4)).toEqual(['review-exceptions', 'review-done', 'publish-report', 'audit-completed']);
    expect(trail).toContain('remind-reviewers');
    const { auditOutcome, reportId } = await s.variables(pi);
    expect(auditOutcome).toBe('remediation-required');
    const report = (await record(s, 'security', 'reports', reportId)) as { findings: Array<{ policy: string; resolution: string }> };
    expect(report.findings.find((f) => f.policy === 'SEC-05')).toMatchObject({ resolution: 'accepted-exception', justification: 'carl is on parental leave until March' });
    expect(report.findings.find((f) => f.policy === 'SEC-03')).toMatchObject({ resolution: 'remediate' });
    expect(await userTaskTrail(s, pi)).toEqual(['review-exceptions CREATED', 'review-exceptions ASSIGNED claim sofia.security', 'review-exceptions COMPLETED complete sofia.security']);
  });

  it('reports missing configuration evidence as a finding', async () => {
    await account('crm', 'ada');
    const pi = await s.start(PROCESS, { auditId: 'AUD-3', scope: 'crm', auditDate: AUDIT_DATE });
    const task = s.task(pi, 'review-exceptions');
    const vars = await s.variables(pi);
    expect(vars.configuration).toEqual({ found: false });
    expect(vars.findings).toEqual([expect.objectContaining({ policy: 'SEC-06', severity: 'high', title: 'no configuration evidence' })]);
    await s.decide(task, 'sofia.security', OFFICERS, 'complete', { variables: { reviews: [{ policy: 'SEC-06', decision: 'accept-risk', justification: 'configuration is documented in the vendor contract' }] } });
    expect((await s.variables(pi)).auditOutcome).toBe('exceptions-accepted');
  });
});
