import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DECORATORS, BUILT_IN_OPERATORS, RuleRegistry } from '../rules/index.ts';

/** A one-rule set testing `fact <operator> value`, with the fact declared as `type`. */
function single(operator: string, value: unknown, type = 'any', extra: Record<string, unknown> = {}) {
  return {
    id: 'op',
    version: 1,
    description: 'operator under test',
    facts: { x: { type, description: 'the fact under test' } },
    rules: [{ name: 'r', conditions: { all: [{ fact: 'x', operator, value }] }, event: { type: 'hit', params: { hit: true } } }],
    outcome: { default: { hit: false } },
    ...extra,
  };
}

async function holds(operator: string, value: unknown, fact: unknown, extra?: Record<string, unknown>): Promise<boolean> {
  const registry = new RuleRegistry();
  await registry.deployRuleSet(single(operator, value, 'any', extra));
  const evaluation = await registry.evaluate('op', undefined, fact === undefined ? {} : { x: fact });
  return evaluation.outcome.hit as boolean;
}

describe('operators', () => {
  it('knows exactly json-rules-engine 7.3 built-ins (an upgrade that changes them fails here)', () => {
    // Engine keeps its operator map on an untyped field; reading it is the only way to list them.
    const internals = new Engine() as unknown as { operators: { operators: Map<string, unknown>; decorators: Map<string, unknown> } };
    expect([...internals.operators.operators.keys()].sort()).toEqual([...BUILT_IN_OPERATORS].sort());
    expect([...internals.operators.decorators.keys()].sort()).toEqual([...BUILT_IN_DECORATORS].sort());
  });

  it('before / after compare instants across offsets; a date-time without offset is UTC', async () => {
    expect(await holds('before', '2026-03-02T12:00:00Z', '2026-03-02T11:59:59Z')).toBe(true);
    expect(await holds('before', '2026-03-02T12:00:00Z', '2026-03-02T12:00:00Z')).toBe(false);
    expect(await holds('before', '2026-03-02T12:00:00Z', '2026-03-02T13:30:00+02:00')).toBe(true);
    expect(await holds('after', '2026-03-02', '2026-03-02T00:00:01')).toBe(true);
    expect(await holds('after', '2026-03-02T00:00:00Z', Date.parse('2026-03-02T00:00:01Z'))).toBe(true);
    expect(await holds('after', '2026-03-02', 'next tuesday')).toBe(false);
    expect(await holds('before', '2026-03-02', undefined)).toBe(false);
  });

  it('sameDay compares calendar days in the rule set time zone', async () => {
    expect(await holds('sameDay', '2026-03-02', '2026-03-02T23:30:00Z')).toBe(true);
    expect(await holds('sameDay', '2026-03-02', '2026-03-02T23:30:00Z', { timeZone: 'Europe/Berlin' })).toBe(false); // 00:30 on the 3rd in Berlin
    expect(await holds('sameDay', '2026-03-03', '2026-03-02T23:30:00Z', { timeZone: 'Europe/Berlin' })).toBe(true);
    expect(await holds('sameDay', '2026-03-02T08:00:00-05:00', '2026-03-02T14:00:00Z', { timeZone: 'America/New_York' })).toBe(true);
    expect(await holds('sameDay', '2026-03-02', 'not a date')).toBe(false);
  });

  it('in / notIn are json-rules-engine built-ins and take a list', async () => {
    expect(await holds('in', ['a', 'b'], 'a')).toBe(true);
    expect(await holds('in', ['a', 'b'], 'c')).toBe(false);
    expect(await holds('notIn', ['a', 'b'], 'c')).toBe(true);
    expect(await holds('not:in', ['a', 'b'], 'a')).toBe(false);
  });

  it('containsAny / containsAll compare a list fact with a list value', async () => {
    expect(await holds('containsAny', ['etl', 'qa'], ['ops', 'qa'])).toBe(true);
    expect(await holds('containsAny', ['etl', 'qa'], ['ops'])).toBe(false);
    expect(await holds('containsAny', ['etl'], 'etl')).toBe(false); // not a list: false, not an error
    expect(await holds('containsAll', ['a', 'b'], ['b', 'c', 'a'])).toBe(true);
    expect(await holds('containsAll', ['a', 'b'], ['a'])).toBe(false);
  });

  it('matches tests a regex, with flags, and refuses over-long input', async () => {
    expect(await holds('matches', '^INV-\\d{4}$', 'INV-2026')).toBe(true);
    expect(await holds('matches', '^INV-\\d{4}$', 'inv-2026')).toBe(false);
    expect(await holds('matches', { pattern: '^inv-\\d{4}$', flags: 'i' }, 'INV-2026')).toBe(true);
    expect(await holds('matches', 'a', 12)).toBe(false);
    expect(await holds('matches', 'a$', 'b'.repeat(10_000) + 'a')).toBe(false); // above MAX_MATCH_INPUT_LENGTH
    expect(await holds('matches', 'a$', 'b'.repeat(9_990) + 'a')).toBe(true);
  });

  it('matches gives the same answer on every run (no stateful g/y flags)', async () => {
    const registry = new RuleRegistry();
    await registry.deployRuleSet(single('matches', 'x', 'string'));
    const runs = await Promise.all(Array.from({ length: 5 }, () => registry.evaluate('op', undefined, { x: 'xx' })));
    expect(runs.map((r) => r.outcome.hit)).toEqual([true, true, true, true, true]);
  });

  it('between is an inclusive numeric range', async () => {
    expect(await holds('between', [10, 20], 10)).toBe(true);
    expect(await holds('between', [10, 20], 20)).toBe(true);
    expect(await holds('between', [10, 20], 20.01)).toBe(false);
    expect(await holds('between', [10, 20], '15')).toBe(false);
    expect(await holds('not:between', [10, 20], 5)).toBe(true);
  });

  it('value may be another fact', async () => {
    const registry = new RuleRegistry();
    await registry.deployRuleSet({
      ...single('greaterThan', { fact: 'limit' }, 'number'),
      facts: { x: { type: 'number', description: 'x' }, limit: { type: 'number', description: 'limit' } },
    });
    const e = await registry.evaluate('op', undefined, { x: 5, limit: 3 });
    expect(e.outcome.hit).toBe(true);
    expect(e.conditions.r[0]).toMatchObject({ value: { fact: 'limit' }, valueResult: 3, factResult: 5, result: true });
  });

  it('decorators work with our operators (someFact:between)', async () => {
    expect(await holds('someFact:between', [1, 2], [5, 1.5])).toBe(true);
    expect(await holds('everyFact:between', [1, 2], [5, 1.5])).toBe(false);
    expect(await holds('someValue:matches', ['^a', '^b'], 'bee')).toBe(true);
  });
});
