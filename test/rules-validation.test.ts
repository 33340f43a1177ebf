import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RULES_DIR, RuleRegistry, RuleSetValidationError, validateRuleSet } from '../rules/index.ts';

const FIXTURES = 'test/fixtures/rules';

function valid(): Record<string, unknown> & { rules: Array<Record<string, unknown>> } {
  return {
    id: 'approval-chain',
    version: 1,
    description: 'test rule set',
    facts: {
      amount: { type: 'number', description: 'request amount', required: true },
      requester: { type: 'string', description: 'who raised it', required: true },
      createdAt: { type: 'date-time', description: 'when it was raised' },
      tags: { type: 'array', description: 'labels' },
    },
    rules: [
      { name: 'small', priority: 2, conditions: { all: [{ fact: 'amount', operator: 'lessThan', value: 10000 }] }, event: { type: 'approver', params: { approverRole: 'team-lead' } } },
      {
        name: 'cfo',
        conditions: { all: [{ fact: 'requester', operator: 'notEqual', value: '' }, { fact: 'amount', operator: 'greaterThanInclusive', value: 100000 }] },
        event: { type: 'approver', params: { approverRole: 'cfo', excludedApprovers: [{ fact: 'requester' }] } },
      },
    ],
    outcome: { accumulate: ['excludedApprovers'], required: ['approverRole'] },
  };
}

/** The issues validation reports for a mutated copy of the valid set. */
function issuesOf(mutate: (set: ReturnType<typeof valid>) => void): string[] {
  const set = valid();
  mutate(set);
  try {
    validateRuleSet(set, 'rules/approval-chain.json');
  } catch (err) {
    if (err instanceof RuleSetValidationError) return err.issues;
    throw err;
  }
  return [];
}

const cfoLeaf = (set: ReturnType<typeof valid>) => ((set.rules[1].conditions as { all: Array<Record<string, unknown>> }).all[1]);

describe('rule set validation', () => {
  it('accepts the valid set and every shipped rule set', async () => {
    expect(issuesOf(() => {})).toEqual([]);
    const deployed = await new RuleRegistry().loadRuleSets(RULES_DIR);
    const files = (await fs.readdir(RULES_DIR)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(deployed.map((d) => d.id).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['approval-chain', 'incident-severity', 'lead-scoring', 'request-classification', 'sla-escalation']));
  });

  it('names the file, the rule and the condition path of an unknown operator', async () => {
    const registry = new RuleRegistry();
    const error = await registry.loadRuleSets(`${FIXTURES}/bad-operator`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleSetValidationError);
    expect((error as Error).message).toBe(
      "test/fixtures/rules/bad-operator/approval-chain.json: rule 'cfo' condition all[1]: unknown operator 'greaterThann' (did you mean 'greaterThan'?)",
    );
    expect(registry.list()).toEqual([]);
  });

  it.each<[string, (s: ReturnType<typeof valid>) => void, string]>([
    ['unknown operator', (s) => (cfoLeaf(s).operator = 'greaterThann'), "rules/approval-chain.json: rule 'cfo' condition all[1]: unknown operator 'greaterThann' (did you mean 'greaterThan'?)"],
    ['unknown decorator', (s) => (cfoLeaf(s).operator = 'nope:equal'), "rule 'cfo' condition all[1]: unknown operator decorator 'nope' in 'nope:equal'"],
    ['undeclared fact', (s) => (cfoLeaf(s).fact = 'amout'), `rule 'cfo' condition all[1]: unknown fact 'amout' (declare it under "facts")`],
    ['undeclared fact as value', (s) => (cfoLeaf(s).value = { fact: 'limit' }), "rule 'cfo' condition all[1]: value refers to unknown fact 'limit'"],
    ['undeclared fact in params', (s) => ((s.rules[1].event as { params: Record<string, unknown> }).params.by = { fact: 'who' }), "rule 'cfo' event.params: unknown fact 'who'"],
    ['missing value', (s) => delete cfoLeaf(s).value, "rule 'cfo' condition all[1]: needs a 'value'"],
    ['extra key in a condition', (s) => (cfoLeaf(s).vaule = 1), `rule 'cfo' condition all[1]: Unrecognized key: "vaule"`],
    ['wrong value for in', (s) => Object.assign(cfoLeaf(s), { operator: 'in', value: 'abc' }), "rule 'cfo' condition all[1]: operator 'in' needs a list value, got \"abc\""],
    ['wrong value for a number operator', (s) => (cfoLeaf(s).value = '100000'), "operator 'greaterThanInclusive' needs a number value, got \"100000\""],
    ['between not a range', (s) => Object.assign(cfoLeaf(s), { operator: 'between', value: [5, 1] }), "operator 'between' needs [min, max] numbers with min <= max, got [5,1]"],
    ['before with a non-ISO value', (s) => Object.assign(cfoLeaf(s), { fact: 'createdAt', operator: 'before', value: 'yesterday' }), "operator 'before' needs an ISO 8601 date or date-time value"],
    ['invalid regex', (s) => Object.assign(cfoLeaf(s), { fact: 'requester', operator: 'matches', value: '(' }), "operator 'matches' invalid regular expression"],
    ['nested quantifiers', (s) => Object.assign(cfoLeaf(s), { fact: 'requester', operator: 'matches', value: '^(a+)+$' }), 'nests quantifiers, which can backtrack catastrophically'],
    ['regex too long', (s) => Object.assign(cfoLeaf(s), { fact: 'requester', operator: 'matches', value: 'a'.repeat(300) }), 'pattern is 300 characters long, the limit is 256'],
    ['stateful regex flag', (s) => Object.assign(cfoLeaf(s), { fact: 'requester', operator: 'matches', value: { pattern: 'a', flags: 'g' } }), "flags 'g' not allowed"],
    ['slaAgeMinutes since undeclared', (s) => Object.assign(cfoLeaf(s), { fact: 'slaAgeMinutes', params: { since: 'openedAt' } }), "fact 'slaAgeMinutes' param 'since' names undeclared fact 'openedAt'"],
    ['slaAgeMinutes since not a date', (s) => Object.assign(cfoLeaf(s), { fact: 'slaAgeMinutes', params: { since: 'amount' } }), "names 'amount', which is a number, not a date-time"],
    ['businessHours bad zone', (s) => Object.assign(cfoLeaf(s), { fact: 'businessHours', operator: 'equal', value: true, params: { timeZone: 'Mars/Olympus' } }), 'unknown time zone "Mars/Olympus"'],
    ['businessHours bad hours', (s) => Object.assign(cfoLeaf(s), { fact: 'businessHours', operator: 'equal', value: true, params: { start: '18:00' } }), 'businessHours start must be before end'],
    ['params on a plain fact', (s) => (cfoLeaf(s).params = { a: 1 }), "fact 'amount' takes no params"],
    ['a not with a list', (s) => (s.rules[1].conditions = { not: [{ fact: 'amount', operator: 'equal', value: 1 }] }), "rule 'cfo' condition not: takes one condition, not a list"],
    ['an empty any', (s) => (s.rules[1].conditions = { all: [{ any: [] }] }), "rule 'cfo' condition all[0].any: is empty"],
    ['a leaf at the root', (s) => (s.rules[1].conditions = { fact: 'amount', operator: 'equal', value: 1 }), "rule 'cfo' conditions: must start with 'all', 'any' or 'not'"],
    ['both all and any', (s) => (s.rules[1].conditions = { all: [], any: [] }), "rule 'cfo' conditions: has both 'all' and 'any'"],
    ['a condition reference', (s) => (s.rules[1].conditions = { all: [{ condition: 'shared' }] }), "rule 'cfo' condition all[0]: condition references are not supported"],
    ['duplicate rule names', (s) => (s.rules[0].name = 'cfo'), "rule 'cfo': is defined twice (rules[0] and rules[1])"],
    ['priority zero', (s) => (s.rules[0].priority = 0), "rule 'small' priority: Too small"],
    ['event without type', (s) => (s.rules[0].event = { params: {} }), "rule 'small' event.type: Invalid input"],
    ['bad fact type', (s) => ((s.facts as Record<string, { type: string }>).amount.type = 'money'), 'rules/approval-chain.json: facts.amount.type: Invalid option'],
    ['unknown top-level key', (s) => (s.rulez = []), 'rules/approval-chain.json: Unrecognized key: "rulez"'],
    ['no rules', (s) => (s.rules = []), 'rules: a rule set needs at least one rule'],
    ['declaring a computed fact', (s) => ((s.facts as Record<string, unknown>).businessHours = { type: 'boolean', description: 'x' }), "facts.businessHours: 'businessHours' is computed by Baton"],
    ['bad time zone', (s) => (s.timeZone = 'Europe/Atlantis'), "timeZone: unknown time zone 'Europe/Atlantis'"],
    ['accumulated key not a list', (s) => ((s.rules[1].event as { params: Record<string, unknown> }).params.excludedApprovers = 'x'), "rule 'cfo' event.params.excludedApprovers: is accumulated (outcome.accumulate), so it must be a list"],
    ['required key nobody sets', (s) => (s.outcome = { required: ['approver'] }), "outcome.required: 'approver' is set by no rule and has no default"],
  ])('rejects %s', (_label, mutate, expected) => {
    const issues = issuesOf(mutate);
    expect(issues.length, `expected an issue containing ${expected}`).toBeGreaterThan(0);
    expect(issues.join('\n')).toContain(expected);
  });

  it('reports every problem of a set at once', () => {
    const issues = issuesOf((s) => {
      cfoLeaf(s).operator = 'greaterThann';
      s.rules[0].conditions = { all: [{ fact: 'amout', operator: 'lessThan', value: 1 }] };
    });
    expect(issues).toHaveLength(2);
  });

  it('loads a folder all or nothing, listing the problems of every file', async () => {
    const registry = new RuleRegistry();
    const error = await registry.loadRuleSets(`${FIXTURES}/mixed`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleSetValidationError);
    expect((error as RuleSetValidationError).issues).toEqual([
      expect.stringMatching(/^test\/fixtures\/rules\/mixed\/broken\.json: not valid JSON: /),
      "test/fixtures/rules/mixed/renamed.json: id: 'original-name' does not match the file name (expected 'renamed')",
    ]);
    expect(registry.list()).toEqual([]); // good.json was valid, but the folder is not half-loaded
    await expect(registry.evaluate('good', undefined, { x: 11 })).rejects.toThrow("unknown rule set 'good' (deployed: none)");
  });

  it('rejects a bad run-time deployment and keeps the previous version', async () => {
    const registry = new RuleRegistry();
    await registry.deployRuleSet(valid());
    const bad = valid();
    bad.version = 2;
    cfoLeaf(bad).operator = 'greaterThann';
    await expect(registry.deployRuleSet(bad)).rejects.toThrow("rule set 'approval-chain': rule 'cfo' condition all[1]: unknown operator 'greaterThann'");
    await expect(registry.deployRuleSet('{"id": ', { source: 'upload.json' })).rejects.toThrow(/^upload\.json: not valid JSON/);
    expect(registry.list()[0].versions.map((v) => v.version)).toEqual(['1']);
    expect((await registry.evaluate('approval-chain', undefined, { amount: 5, requester: 'ada' })).version).toBe('1');
  });
});
