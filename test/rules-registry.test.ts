import { describe, expect, it } from 'vitest';
import { InMemoryRuleSetStore, RuleRegistry, RulesError, canonicalJson, contentHash, type StoredRuleSet } from '../rules/index.ts';

const clock = { now: () => Date.parse('2026-03-02T10:00:00Z') };

/** Approval thresholds, parameterised so two versions differ in one number. */
function approvalSet(version: number | string, cfoFrom = 100000) {
  return {
    id: 'approvals',
    version,
    description: 'approval thresholds',
    facts: {
      amount: { type: 'number', description: 'request amount', required: true },
      requester: { type: 'string', description: 'who raised it', required: true },
      category: { type: 'string', description: 'purchase category' },
    },
    rules: [
      { name: 'team-lead', priority: 10, conditions: { all: [{ fact: 'amount', operator: 'lessThan', value: 10000 }] }, event: { type: 'a', params: { approverRole: 'team-lead' } } },
      { name: 'director', priority: 10, conditions: { all: [{ fact: 'amount', operator: 'between', value: [10000, cfoFrom - 0.01] }] }, event: { type: 'a', params: { approverRole: 'director' } } },
      { name: 'cfo', priority: 10, conditions: { all: [{ fact: 'amount', operator: 'greaterThanInclusive', value: cfoFrom }] }, event: { type: 'a', params: { approverRole: 'cfo' } } },
      { name: 'software', priority: 20, conditions: { all: [{ fact: 'category', operator: 'equal', value: 'software' }] }, event: { type: 'a', params: { approverRole: 'it-director', via: 'software' } } },
      { name: 'four-eyes', conditions: { all: [{ fact: 'requester', operator: 'notEqual', value: '' }] }, event: { type: 'x', params: { excludedApprovers: [{ fact: 'requester' }] } } },
      { name: 'auditor', conditions: { all: [{ fact: 'amount', operator: 'greaterThan', value: 500000 }] }, event: { type: 'x', params: { excludedApprovers: ['auditor', { fact: 'requester' }] } } },
    ],
    outcome: { default: { via: 'amount' }, accumulate: ['excludedApprovers'], required: ['approverRole'] },
  };
}

describe('rule registry', () => {
  it('versions by label and sha256 of the canonical JSON; identical content is not a new version', async () => {
    const registry = new RuleRegistry({ clock });
    const first = await registry.deployRuleSet(approvalSet(1));
    expect(first).toMatchObject({ id: 'approvals', version: '1', duplicate: false });
    expect(first.contentHash).toBe(contentHash(approvalSet(1)));
    // Same content, other key order and formatting: the same version.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    const reordered = reversed(approvalSet(1));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(approvalSet(1)));
    expect(canonicalJson(reordered)).toBe(canonicalJson(approvalSet(1)));
    const again = await registry.deployRuleSet(JSON.stringify(reordered, null, 2));
    expect(again).toMatchObject({ version: '1', contentHash: first.contentHash, duplicate: true });
    expect(registry.list()[0].versions).toHaveLength(1);
  });

  it('refuses a version label reused for different content', async () => {
    const registry = new RuleRegistry();
    await registry.deployRuleSet(approvalSet(1));
    const error = await registry.deployRuleSet(approvalSet(1, 50000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RulesError);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((error as Error).message).toMatch(/^rule set 'approvals': version '1' of 'approvals' is already deployed with different content \(sha256 [0-9a-f]{12}\)/);
  });

  it('pins versions: an old version keeps deciding after a newer one is deployed', async () => {
    const registry = new RuleRegistry({ clock });
    const v1 = await registry.deployRuleSet(approvalSet(1));
    await registry.deployRuleSet(approvalSet(2, 50000));
    const facts = { amount: 60000, requester: 'ada' };
    expect((await registry.evaluate('approvals', undefined, facts)).outcome.approverRole).toBe('cfo');
    expect((await registry.evaluate('approvals', '2', facts)).outcome.approverRole).toBe('cfo');
    const pinned = await registry.evaluate('approvals', 1, facts);
    expect(pinned).toMatchObject({ version: '1', contentHash: v1.contentHash, outcome: { approverRole: 'director' } });
    expect((await registry.evaluate('approvals', v1.contentHash.slice(0, 10), facts)).version).toBe('1');
    await expect(registry.evaluate('approvals', '7', facts)).rejects.toThrow("rule set 'approvals' has no version '7' (deployed: 1, 2)");
    await expect(registry.evaluate('nope', undefined, facts)).rejects.toThrow("unknown rule set 'nope' (deployed: approvals)");
  });

  it('persists deployments in the store and finds versions deployed by another process there', async () => {
    const saved: StoredRuleSet[] = [];
    const store = new InMemoryRuleSetStore();
    const spy = { save: async (s: StoredRuleSet) => (saved.push(s), store.save(s)), load: store.load.bind(store) };
    const deployer = new RuleRegistry({ store: spy, clock });
    await deployer.deployRuleSet(approvalSet(1));
    await deployer.deployRuleSet(approvalSet(1)); // duplicate: not saved twice
    await deployer.deployRuleSet(approvalSet(2, 50000));
    expect(saved.map((s) => s.version)).toEqual(['1', '2']);
    expect(saved[0]).toMatchObject({ id: 'approvals', deployedAt: '2026-03-02T10:00:00.000Z', definition: approvalSet(1) });

    const other = new RuleRegistry({ store });
    expect((await other.evaluate('approvals', undefined, { amount: 60000, requester: 'ada' })).version).toBe('2');
    expect((await other.evaluate('approvals', '1', { amount: 60000, requester: 'ada' })).outcome.approverRole).toBe('director');
    expect(other.list()[0].latest).toBe('2'); // fetching the pinned old version did not make it the latest
    await expect(other.deployRuleSet(approvalSet(2, 70000))).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('nothing is registered when the store fails', async () => {
    const registry = new RuleRegistry({ store: { save: async () => Promise.reject(new Error('db down')), load: async () => undefined } });
    await expect(registry.deployRuleSet(approvalSet(1))).rejects.toThrow('db down');
    expect(registry.list()).toEqual([]);
  });

  it('runs rules in priority order: the higher-priority rule wins a key, accumulate keys collect', async () => {
    const registry = new RuleRegistry({ clock });
    await registry.deployRuleSet(approvalSet(1));
    const e = await registry.evaluate('approvals', undefined, { amount: 600000, requester: 'ada', category: 'software' });
    expect(e.fired.map((f) => [f.rule, f.priority])).toEqual([
      ['software', 20],
      ['cfo', 10],
      ['four-eyes', 1],
      ['auditor', 1],
    ]);
    expect(e.outcome).toEqual({ approverRole: 'it-director', via: 'software', excludedApprovers: ['ada', 'auditor'] });
    expect(e.failed.map((f) => f.rule)).toEqual(['team-lead', 'director']);
  });

  it('fails on missing required facts and wrong types, naming them; optional facts may be missing', async () => {
    const registry = new RuleRegistry();
    await registry.deployRuleSet(approvalSet(1));
    await expect(registry.evaluate('approvals', undefined, { amount: 10 })).rejects.toMatchObject({
      code: 'MISSING_FACT',
      message: "rule set 'approvals' version 1: missing required fact 'requester' (who raised it)",
    });
    await expect(registry.evaluate('approvals', undefined, { amount: null, requester: null })).rejects.toThrow("missing required facts 'amount' (request amount), 'requester' (who raised it)");
    await expect(registry.evaluate('approvals', undefined, { amount: '10', requester: 'ada' })).rejects.toMatchObject({
      code: 'INVALID_FACT',
      message: `rule set 'approvals' version 1: fact 'amount' must be a number, got "10"`,
    });
    const e = await registry.evaluate('approvals', undefined, { amount: 10, requester: 'ada' });
    expect(e.conditions.software).toEqual([{ at: 'all[0]', fact: 'category', operator: 'equal', value: 'software', result: false }]);
  });

  it('fails when no rule decides a required outcome key', async () => {
    const registry = new RuleRegistry();
    const set = approvalSet(1);
    set.rules = set.rules.filter((r) => r.name !== 'team-lead');
    await registry.deployRuleSet(set);
    await expect(registry.evaluate('approvals', undefined, { amount: 10, requester: 'ada' })).rejects.toMatchObject({
      code: 'INCOMPLETE_OUTCOME',
      message: "rule set 'approvals' version 1: no rule decided 'approverRole' (fired: 'four-eyes')",
    });
  });

  it('records an explanation: facts used, fired and failed rules, each condition with its factResult', async () => {
    const registry = new RuleRegistry({ clock });
    const { contentHash: hash } = await registry.deployRuleSet(approvalSet(1));
    const e = await registry.evaluate('approvals', undefined, { amount: 60000, requester: 'ada', unrelated: { secret: 1 } });
    expect(e).toMatchObject({
      ruleSetId: 'approvals',
      version: '1',
      contentHash: hash,
      evaluatedAt: '2026-03-02T10:00:00.000Z',
      now: '2026-03-02T10:00:00.000Z',
      facts: { amount: 60000, requester: 'ada' },
      outcome: { approverRole: 'director', via: 'amount', excludedApprovers: ['ada'] },
      fired: [
        { rule: 'director', priority: 10, event: 'a', params: { approverRole: 'director' } },
        { rule: 'four-eyes', priority: 1, event: 'x', params: { excludedApprovers: ['ada'] } },
      ],
    });
    expect(e.facts).not.toHaveProperty('unrelated');
    expect(e.conditions.director).toEqual([{ at: 'all[0]', fact: 'amount', operator: 'between', value: [10000, 99999.99], factResult: 60000, result: true }]);
    expect(e.conditions.cfo).toEqual([{ at: 'all[0]', fact: 'amount', operator: 'greaterThanInclusive', value: 100000, factResult: 60000, result: false }]);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e); // plain JSON, ready for the audit trail
  });

  it('evaluates concurrently without runs interfering (json-rules-engine keeps run status per engine)', async () => {
    const registry = new RuleRegistry();
    await registry.deployRuleSet(approvalSet(1));
    const amounts = Array.from({ length: 60 }, (_, i) => [5000, 50000, 500000][i % 3]);
    // Staggered starts, so that some runs finish while others are between priority levels.
    const results = await Promise.all(
      amounts.map(async (amount, i) => {
        for (let k = 0; k < (i % 7) * 15; k++) await null;
        return registry.evaluate('approvals', undefined, { amount, requester: `u${i}`, category: i % 2 ? 'software' : 'hardware' });
      }),
    );
    results.forEach((e, i) => {
      // Every priority level ran: the lowest-priority four-eyes rule fired for everyone.
      expect(e.outcome.excludedApprovers).toContain(`u${i}`);
      expect(e.fired.length + e.failed.length).toBe(6);
    });
  });
});
