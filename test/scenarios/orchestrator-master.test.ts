import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../workers/lib/summary.ts';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

/**
 * The master orchestrator end to end: intake, the request-classification rules, the call
 * activity for the chosen process (which runs with its real workers against the sandbox), and
 * the summary. Also the paths around the routes: an invalid request, a cancellation correlated
 * by business key, and a QA run whose rework limit escalates to a release manager.
 */
describe('master orchestrator', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const firedRules = async (pi: string, ruleSetId: string) =>
    ((await s.ruleEvaluations(pi)).find((e) => e.ruleSetId === ruleSetId)?.fired as Array<{ name: string }> | undefined)?.map((f) => f.name);
  const summaryOf = async (pi: string) => (await s.variables(pi)).summary as Summary;
  const MASTER_PATH = (call: string) => ['request-received', 'intake', 'classify', 'handling-started', 'route', call, 'handled', 'request-handled', 'handle-request', 'to-summary', 'summarise', 'request-completed', 'master-orchestrator'];

  it('routes a purchase to approval; the requester cannot approve in the called process; the summary tells the story', async () => {
    const pi = await s.start('master-orchestrator', { title: 'Laptops for the new team', requestType: 'Purchase', amount: '4,200', requester: 'alice', businessKey: 'PR-1001' });
    const approval = await s.calledInstance(pi, 'call-approval');
    const task = s.task(pi, 'approve');
    expect(task.processInstanceKey).toBe(approval);
    // The requester is found through the call activity: four-eyes holds in the called process.
    await expect(s.decide(task, 'alice', ['team-lead'], 'approve')).rejects.toThrow(/four-eyes/);
    await s.decide(task, 'tom', ['team-lead'], 'approve', { reason: 'standard equipment' });

    expect(s.isLive(pi)).toBe(false);
    expect(await s.trail(pi)).toEqual(MASTER_PATH('call-approval'));
    expect(await s.trail(approval)).toContain('request-approved');
    expect(await firedRules(pi, 'request-classification')).toEqual(['type-approval', 'has-amount']);
    expect(await s.variables(pi)).toMatchObject({ requestId: `REQ-${pi}`, businessKey: 'PR-1001', amount: 4_200, requestType: 'purchase', classification: { route: 'approval', priority: 'normal' }, decision: 'approved' });
    expect(await summaryOf(pi)).toEqual({
      requestId: `REQ-${pi}`,
      businessKey: 'PR-1001',
      title: 'Laptops for the new team',
      route: 'approval',
      priority: 'normal',
      outcome: 'approved',
      path: ['intake', 'classify: approval', 'approval by team-lead', 'approved by tom', 'summarise'],
      agents: ['intake', 'rules-classifier', 'approval-coordinator', 'notification-orchestrator', 'master-orchestrator'],
      decisions: [
        { agent: 'rules-classifier', decided: 'route approval, priority normal', why: expect.stringMatching(/^rules type-approval, has-amount of request-classification v1/) },
        { agent: 'rules-classifier', decided: 'approver team-lead', why: expect.stringMatching(/^rules team-lead, no-self-approval of approval-chain/) },
        { agent: 'approval-coordinator', decided: 'approved', why: 'decided by tom: standard equipment' },
      ],
    });
  });

  it('routes a tagged migration to the migration manager', async () => {
    for (let i = 1; i <= 12; i++) {
      await fetch(`${s.sandbox.url}/migration/source`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: 'crm-contacts', name: `Contact ${i}` }) });
    }
    const pi = await s.start('master-orchestrator', { title: 'Move CRM contacts to the warehouse', tags: ['ETL'], dataset: 'crm-contacts', requester: 'mia' });

    expect(await s.trail(pi)).toEqual(MASTER_PATH('call-data-migration'));
    expect(await firedRules(pi, 'request-classification')).toEqual(['tagged-migration']);
    const summary = await summaryOf(pi);
    expect(summary).toMatchObject({ route: 'data-migration', outcome: 'completed', path: ['intake', 'classify: data-migration', 'migrated 2/2 batches', 'summarise'] });
    expect(summary.agents).toContain('migration-manager');
  });

  it('routes a monitoring alert to incident response with high priority', async () => {
    const pi = await s.start('master-orchestrator', { title: 'Disk alert on storage', source: 'monitoring', alertId: 'disk-high-4', affectedUsers: 30, requester: 'monitoring-bot' });

    expect(await s.trail(pi)).toEqual(MASTER_PATH('call-incident-response'));
    expect(await firedRules(pi, 'request-classification')).toEqual(['from-monitoring', 'priority-high']);
    expect(await summaryOf(pi)).toMatchObject({ route: 'incident-response', priority: 'high', outcome: 'remediated', path: ['intake', 'classify: incident-response', 'severity medium', 'remediation succeeded', 'remediated', 'summarise'] });
  });

  it('a QA run that spends its rework budget escalates to a release manager, who may not be the requester', async () => {
    await s.control.fault({ system: 'testing', resource: 'runs', method: 'POST', mode: 'respond', respond: { failed: 3, coverage: 70 }, times: 2 });
    const pi = await s.start('master-orchestrator', { title: 'Release checkout 5.0', requestType: 'release', requester: 'rita', reworkLimit: 1 });
    const qa = await s.calledInstance(pi, 'call-quality-assurance');

    // The escalation end event in the called process is caught on the call activity.
    expect((await s.records(qa, 'ESCALATION')).map((r) => `${r.intent}:${String(r.value.catchElementId)}`)).toEqual(['ESCALATED:qa-escalated']);
    const decision = s.task(pi, 'decide-release');
    expect(decision.candidateGroups).toEqual(['release-managers']);
    await expect(s.decide(decision, 'rita', ['release-managers'], 'approve')).rejects.toThrow(/four-eyes/);
    await s.decide(decision, 'ray', ['release-managers'], 'approve', { reason: 'coverage gap accepted for the hotfix' });

    // Caught without interrupting: QA completes and hands back its results while the manager decides.
    expect(await s.trail(pi)).toEqual([
      'request-received', 'intake', 'classify', 'handling-started', 'route', 'qa-escalated', 'call-quality-assurance', 'handled', 'request-handled',
      'decide-release', 'handled', 'request-handled', 'handle-request', 'to-summary', 'summarise', 'request-completed', 'master-orchestrator',
    ]);
    expect(await summaryOf(pi)).toMatchObject({
      route: 'quality-assurance',
      outcome: 'escalated, approved',
      path: ['intake', 'classify: quality-assurance', 'quality gate: rework after 1 rework round(s)', 'escalated: release approved by ray', 'summarise'],
    });
  });

  it('a cancellation correlated by business key stops the called process and is summarised', async () => {
    const pi = await s.start('master-orchestrator', { title: 'Conference travel', requestType: 'expense', amount: 2_500, requester: 'alice', businessKey: 'EXP-77' });
    const approval = await s.calledInstance(pi, 'call-approval');
    expect(s.openTasks(pi).map((t) => t.elementId)).toEqual(['approve']);

    await s.zbc.publishMessage({ name: 'request-cancelled', correlationKey: 'EXP-77', variables: { cancelReason: 'trip called off' } });
    await s.settle();

    expect(s.isLive(pi)).toBe(false);
    expect(s.isLive(approval)).toBe(false);
    expect((await s.records(approval, 'USER_TASK')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    expect((await s.trail(pi, ['ELEMENT_COMPLETED', 'ELEMENT_TERMINATED'])).slice(5)).toEqual([
      'call-approval', 'handle-request', 'request-cancelled', 'notify-cancelled', 'to-summary', 'summarise', 'request-completed', 'master-orchestrator',
    ]);
    expect(await summaryOf(pi)).toMatchObject({ outcome: 'cancelled', path: ['intake', 'classify: approval', 'cancelled by the requester', 'summarise'] });
    const mails = (await (await fetch(`${s.sandbox.url}/email/messages`)).json()) as Array<Record<string, unknown>>;
    expect(mails).toEqual([expect.objectContaining({ to: 'alice@example.com', subject: 'Cancelled: Conference travel', text: 'Request EXP-77 was cancelled. trip called off' })]);
  });

  it('refuses a request without a title at intake, with the reason', async () => {
    const pi = await s.start('master-orchestrator', { requestType: 'purchase', amount: 10, requester: 'alice' });

    expect(await s.trail(pi)).toEqual(['request-received', 'request-invalid', 'request-rejected', 'master-orchestrator']);
    expect(await s.variables(pi)).toMatchObject({ rejectionReason: 'a request needs a title' });
    expect(await s.ruleEvaluations(pi)).toEqual([]);
  });
});
