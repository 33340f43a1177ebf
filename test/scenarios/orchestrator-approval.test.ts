import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const HOUR = 3_600_000;

/**
 * The approval process end to end: the approval-chain rules pick the level, approvers act as
 * named users through the engine's human-task operations (four-eyes enforced by the engine),
 * SLA timers escalate on the virtual clock, and the notification worker writes to the sandbox.
 */
describe('approval', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const request = (amount: number, extra: Record<string, unknown> = {}) => ({ amount, requester: 'alice', businessKey: `PO-${amount}`, title: `Purchase for ${amount}`, ...extra });

  it('a small purchase goes to a team lead, never to the requester, and is approved', async () => {
    const pi = await s.start('approval', request(4_000));
    const task = s.task(pi, 'approve');
    expect(task.candidateGroups).toEqual(['team-lead']);

    // Four-eyes: alice asked, so she can neither claim nor decide, whatever door she uses.
    await expect(s.h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'alice', allowOverride: false, actor: 'alice', actorGroups: ['team-lead'] })).rejects.toThrow(/four-eyes/);
    await s.decide(task, 'tom', ['team-lead'], 'approve', { reason: 'within budget' });

    expect(s.isLive(pi)).toBe(false);
    expect(await s.trail(pi)).toEqual([
      'approval-requested', 'determine-chain', 'prepare-chain', 'await-decision',
      'decision-needed', 'approvers-needed', 'approve', 'approval-given', 'decision-taken', 'decide',
      'approved', 'notify-approved', 'request-approved', 'approval',
    ]);
    expect(await s.variables(pi)).toMatchObject({ decision: 'approved', decisionReason: 'within budget', decidedBy: 'tom', approverGroup: 'team-lead', requiredApprovals: 1 });

    // Who approved: the USER_TASK records carry the actor; the refused claim wrote nothing.
    const human = (await s.records(pi, 'USER_TASK')).map((r) => `${r.intent}:${String(r.value.assignee)}:${String(r.value.actor ?? '')}`);
    expect(human).toEqual(['CREATED::', 'ASSIGNED:tom:tom', 'COMPLETED:tom:tom']);
    // Under which rule: the rules worker's explanation in the audit trail.
    const [chain] = await s.ruleEvaluations(pi);
    expect(chain).toMatchObject({ ruleSetId: 'approval-chain', facts: { amount: 4_000, requester: 'alice' }, outcome: { approverRole: 'team-lead', excludedApprovers: ['alice'] } });
    expect((chain!.fired as Array<{ name: string }>).map((f) => f.name)).toEqual(['team-lead', 'no-self-approval']);
    // The requester heard about it, by e-mail and chat, once each.
    const sent = await s.control.requests({ method: 'POST' });
    expect(sent.map((r) => `${r.system}/${r.resource}`)).toEqual(['email/messages', 'chat/messages']);
  });

  it('from 50k two different directors must approve (four-eyes task); one person cannot approve twice', async () => {
    const pi = await s.start('approval', request(60_000));
    const first = s.task(pi, 'approve-four-eyes');
    expect(first.candidateGroups).toEqual(['director']);
    await s.decide(first, 'diana', ['director'], 'approve', { reason: 'needed for the Q3 roll-out' });
    // The first approval is recorded and the task goes back to the pool for a second approver.
    const second = s.task(pi, 'approve-four-eyes');
    await expect(s.decide(second, 'diana', ['director'], 'approve')).rejects.toThrow(/already approved it/);
    await s.decide(second, 'dave', ['director'], 'approve', { reason: 'agreed' });

    expect(s.isLive(pi)).toBe(false);
    expect(await s.variables(pi)).toMatchObject({ decision: 'approved', decidedBy: 'dave', approvers: ['diana', 'dave'], requiredApprovals: 2 });
    const [chain] = await s.ruleEvaluations(pi);
    expect((chain!.fired as Array<{ name: string }>).map((f) => f.name)).toEqual(['director', 'four-eyes', 'no-self-approval']);
    expect((await s.records(pi, 'USER_TASK')).filter((r) => r.intent === 'UPDATED').map((r) => r.value.approvals)).toEqual([[expect.objectContaining({ by: 'diana' })]]);
  });

  it('a rejection needs a reason, ends rejected and tells the requester why', async () => {
    const pi = await s.start('approval', request(20_000));
    const task = s.task(pi, 'approve');
    await expect(s.decide(task, 'diana', ['director'], 'reject')).rejects.toThrow(/reason/);
    await s.h.engine.completeUserTask({ userTaskKey: task.key, actor: 'diana', action: 'reject', reason: 'no budget left this quarter' });
    await s.settle();

    expect((await s.trail(pi)).slice(-6)).toEqual(['decide', 'approved', 'rejection', 'notify-rejected', 'request-rejected', 'approval']);
    expect(await s.variables(pi)).toMatchObject({ decision: 'rejected', decisionReason: 'no budget left this quarter', decidedBy: 'diana' });
    const sent = await s.control.requests({ system: 'email' });
    expect(sent).toHaveLength(1);
  });

  it('an approver who misses the SLA is escalated to the next level on the timer', async () => {
    const pi = await s.start('approval', request(4_000));
    const lead = s.task(pi, 'approve');
    await s.advance(HOUR - 1_000);
    expect(s.task(pi, 'approve').key).toBe(lead.key);
    await s.advance(1_000);

    const director = s.task(pi, 'approve');
    expect(director.key).not.toBe(lead.key);
    expect(director.candidateGroups).toEqual(['director']);
    await s.decide(director, 'diana', ['director'], 'approve', { reason: 'ok after escalation' });

    const trail = await s.trail(pi, ['ELEMENT_COMPLETED', 'ELEMENT_TERMINATED']);
    expect(trail.slice(trail.indexOf('approvers-needed'), trail.indexOf('request-approved') + 1)).toEqual([
      'approvers-needed', 'approve', 'decide', 'approval-sla-missed', 'escalate', 'escalation-limit', 'await-decision',
      'decision-needed', 'approvers-needed', 'approve', 'approval-given', 'decision-taken', 'decide', 'approved', 'notify-approved', 'request-approved',
    ]);
    expect(await s.variables(pi)).toMatchObject({ decision: 'approved', decidedBy: 'diana', escalationCount: 1, escalations: [{ from: 'team-lead', to: 'director' }] });
    expect((await s.records(pi, 'USER_TASK')).map((r) => `${r.intent}:${(r.value.candidateGroupsList as string[]).join()}`)).toEqual([
      'CREATED:team-lead', 'CANCELED:team-lead', 'CREATED:director', 'ASSIGNED:director', 'COMPLETED:director',
    ]);
  });

  it('after the last allowed escalation the request is rejected by the SLA policy', async () => {
    const pi = await s.start('approval', request(4_000, { approvalSla: 'PT30M', maxEscalations: 1 }));
    await s.advance(HOUR / 2);
    expect(s.task(pi, 'approve').candidateGroups).toEqual(['director']);
    await s.advance(HOUR / 2);

    expect(s.isLive(pi)).toBe(false);
    expect((await s.trail(pi)).slice(-6)).toEqual(['escalate', 'escalation-limit', 'rejection', 'notify-rejected', 'request-rejected', 'approval']);
    expect(await s.variables(pi)).toMatchObject({ decision: 'rejected', decidedBy: 'sla-policy', decisionReason: 'not decided within PT30M by director (1 escalation(s) allowed)' });
  });

  it('an approver may delegate to a colleague, but never to the requester', async () => {
    const pi = await s.start('approval', request(3_000));
    const task = s.task(pi, 'approve');
    await s.h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'tom', allowOverride: false, actor: 'tom', actorGroups: ['team-lead'] });
    await expect(s.h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'alice', actor: 'tom', reason: 'she knows the vendor' })).rejects.toThrow(/four-eyes/);
    await s.h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'tina', actor: 'tom', reason: 'on leave from tomorrow' });
    await s.h.engine.completeUserTask({ userTaskKey: task.key, actor: 'tina', action: 'approve', reason: 'fine' });
    await s.settle();

    expect(await s.variables(pi)).toMatchObject({ decision: 'approved', decidedBy: 'tina' });
    const human = (await s.records(pi, 'USER_TASK')).map((r) => [r.intent, r.value.assignee, r.value.actor, r.value.action, r.value.reason ?? null]);
    expect(human).toEqual([
      ['CREATED', '', undefined, undefined, null],
      ['ASSIGNED', 'tom', 'tom', 'claim', null],
      ['ASSIGNED', 'tina', 'tom', 'assign', 'on leave from tomorrow'],
      ['COMPLETED', 'tina', 'tina', 'approve', 'fine'],
    ]);
  });

  it('notifications are idempotent: a retry after a failed channel does not send the e-mail twice', async () => {
    await s.control.fault({ system: 'chat', mode: 'fail', times: 1 });
    const pi = await s.start('approval', request(1_500));
    await s.decide(s.task(pi, 'approve'), 'tom', ['team-lead'], 'approve');

    expect(s.isLive(pi)).toBe(false);
    // The job ran twice (the chat post failed once), the e-mail was posted twice with one key…
    expect((await s.records(pi, 'JOB')).filter((r) => r.element_id === 'notify-approved').map((r) => r.intent)).toEqual(['CREATED', 'FAILED', 'RECURRED_AFTER_BACKOFF', 'COMPLETED']);
    expect((await s.control.requests({ system: 'email' })).map((r) => r.status)).toEqual([201, 200]);
    // …and exists once.
    const emails = (await (await fetch(`${s.sandbox.url}/email/messages`)).json()) as unknown[];
    expect(emails).toHaveLength(1);
    expect(await s.variables(pi)).toMatchObject({ notifications: [{ template: 'approval-approved', channels: { email: expect.any(String), chat: expect.any(String) } }] });
  });
});
