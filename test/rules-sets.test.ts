import { beforeAll, describe, expect, it } from 'vitest';
import { RULES_DIR, RuleRegistry } from '../rules/index.ts';

/** The shipped rule sets, as the scenarios use them. */
let clockTime = Date.parse('2026-03-02T10:00:00Z'); // Monday, 11:00 in Berlin
const registry = new RuleRegistry({ clock: { now: () => clockTime } });
const decide = async (id: string, facts: Record<string, unknown>) => (await registry.evaluate(id, undefined, facts)).outcome;

beforeAll(async () => {
  await registry.loadRuleSets(RULES_DIR);
});

describe('request-classification', () => {
  it.each<[Record<string, unknown>, string, string]>([
    [{ requestType: 'purchase', amount: 2500 }, 'approval', 'normal'],
    [{ requestType: 'migration', tags: ['release'] }, 'data-migration', 'normal'], // explicit type beats tags
    [{ requestType: 'release', urgency: 'low' }, 'quality-assurance', 'low'],
    [{ source: 'monitoring', title: 'CPU high' }, 'incident-response', 'high'],
    [{ tags: ['etl'], customerTier: 'enterprise' }, 'data-migration', 'high'],
    [{ title: 'Checkout is DOWN for EU customers', urgency: 'critical' }, 'incident-response', 'critical'],
    [{ title: 'Migrate CRM contacts' }, 'data-migration', 'normal'],
    [{ amount: 250000, title: 'New laptops' }, 'approval', 'high'],
  ])('%j → %s (%s)', async (facts, route, priority) => {
    expect(await decide('request-classification', facts)).toMatchObject({ route, priority });
  });

  it('an unclassifiable request fails, naming the missing decision', async () => {
    await expect(decide('request-classification', { title: 'hello' })).rejects.toMatchObject({ code: 'INCOMPLETE_OUTCOME' });
  });
});

describe('approval-chain', () => {
  it.each<[number, string, number, string]>([
    [9999.99, 'team-lead', 1, 'director'],
    [10000, 'director', 1, 'cfo'],
    [60000, 'director', 2, 'cfo'],
    [99999, 'director', 2, 'cfo'],
    [100000, 'cfo', 2, 'ceo'],
  ])('%d → %s, %d approval(s), escalates to %s', async (amount, approverRole, requiredApprovals, escalateTo) => {
    expect(await decide('approval-chain', { amount, requester: 'ada' })).toEqual({
      approverRole,
      approvalLevel: { 'team-lead': 1, director: 2, cfo: 3 }[approverRole],
      escalateTo,
      requiredApprovals,
      excludedApprovers: ['ada'],
    });
  });

  it('software from 25k needs four eyes', async () => {
    expect(await decide('approval-chain', { amount: 30000, requester: 'bob', category: 'software' })).toMatchObject({ requiredApprovals: 2 });
  });

  it('needs the requester', async () => {
    await expect(decide('approval-chain', { amount: 10 })).rejects.toThrow("missing required fact 'requester'");
  });
});

describe('incident-severity', () => {
  it.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ impact: 'outage', affectedUsers: 5000 }, { severity: 'critical', escalateTo: 'on-call', page: true, autoRemediate: false }],
    [{ impact: 'minor', affectedUsers: 1, dataLoss: true }, { severity: 'critical', escalateTo: 'on-call' }],
    [{ impact: 'outage', affectedUsers: 50, knownCause: true }, { severity: 'high', page: false, autoRemediate: true }],
    [{ impact: 'degraded', affectedUsers: 150 }, { severity: 'high' }],
    [{ impact: 'degraded', affectedUsers: 5 }, { severity: 'medium' }],
    [{ impact: 'minor', affectedUsers: 12 }, { severity: 'medium' }],
    [{ impact: 'none', affectedUsers: 0 }, { severity: 'low', page: false }],
  ])('%j → %j', async (facts, expected) => {
    const outcome = await decide('incident-severity', facts);
    expect(outcome).toMatchObject(expected);
    if (outcome.severity !== 'critical') expect(outcome).not.toHaveProperty('escalateTo');
  });
});

describe('lead-scoring', () => {
  it.each<[Record<string, unknown>, string, string?]>([
    [{ score: 70 }, 'sales'],
    [{ score: 69.5 }, 'nurture'],
    [{ score: 40 }, 'nurture'],
    [{ score: 39 }, 'discard'],
    [{ score: 95, email: 'Lead@Mailinator.com' }, 'discard', 'disposable e-mail address'],
    [{ score: 95, companyDomain: 'rival-bpm.example' }, 'discard', 'competitor'],
  ])('%j → %s', async (facts, route, reason) => {
    const outcome = await decide('lead-scoring', facts);
    expect(outcome.route).toBe(route);
    if (reason) expect(outcome.reason).toBe(reason);
  });

  it('assigns the EMEA team by country', async () => {
    expect(await decide('lead-scoring', { score: 80, country: 'DE' })).toMatchObject({ salesTeam: 'emea' });
    expect(await decide('lead-scoring', { score: 80, country: 'US' })).toMatchObject({ salesTeam: 'global' });
  });
});

describe('sla-escalation', () => {
  const minutesAgo = (m: number) => new Date(clockTime - m * 60_000).toISOString();

  it.each<[string, number, Record<string, unknown>]>([
    ['critical', 10, { escalate: false }],
    ['critical', 20, { escalate: true, escalateTo: 'on-call', level: 1 }],
    ['critical', 90, { escalate: true, escalateTo: 'head-of-operations', level: 2 }],
    ['high', 59, { escalate: false }],
    ['high', 61, { escalate: true, escalateTo: 'team-lead' }],
    ['high', 300, { escalate: true, escalateTo: 'director' }],
    ['normal', 479, { escalate: false }],
    ['normal', 481, { escalate: true, escalateTo: 'team-lead' }],
    ['low', 4320, { escalate: true, escalateTo: 'team-lead' }],
  ])('%s item open %d min during business hours → %j', async (priority, age, expected) => {
    clockTime = Date.parse('2026-03-02T10:00:00Z');
    expect(await decide('sla-escalation', { priority, createdAt: minutesAgo(age) })).toMatchObject(expected);
  });

  it('outside business hours only critical and long-overdue items escalate', async () => {
    clockTime = Date.parse('2026-03-07T10:00:00Z'); // Saturday
    expect(await decide('sla-escalation', { priority: 'high', createdAt: minutesAgo(90) })).toMatchObject({ escalate: false });
    expect(await decide('sla-escalation', { priority: 'high', createdAt: minutesAgo(300) })).toMatchObject({ escalateTo: 'director' });
    expect(await decide('sla-escalation', { priority: 'critical', createdAt: minutesAgo(20) })).toMatchObject({ escalateTo: 'on-call' });
    // Replaying the decision at a weekday time via the declared `now` fact.
    expect(await decide('sla-escalation', { priority: 'high', createdAt: '2026-03-02T08:00:00Z', now: '2026-03-02T09:30:00Z' })).toMatchObject({ escalateTo: 'team-lead' });
  });
});
