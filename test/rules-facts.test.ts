import { describe, expect, it } from 'vitest';
import { RuleRegistry } from '../rules/index.ts';

/** A settable clock, like the engine's VirtualClock. */
function clockAt(iso: string) {
  let t = Date.parse(iso);
  return { now: () => t, set: (next: string) => (t = Date.parse(next)) };
}

/** Exposes the computed facts as outcome keys, so a test can read what a rule saw. */
function probe(extra: { timeZone?: string; params?: Record<string, unknown>; declareNow?: boolean } = {}) {
  return {
    id: 'probe',
    version: 1,
    description: 'computed facts under test',
    ...(extra.timeZone ? { timeZone: extra.timeZone } : {}),
    facts: {
      createdAt: { type: 'date-time', description: 'opened at' },
      openedAt: { type: 'date-time', description: 'another timestamp' },
      ...(extra.declareNow ? { now: { type: 'date-time', description: 'replay time' } } : {}),
    },
    rules: [
      {
        name: 'in-hours',
        conditions: { all: [{ fact: 'businessHours', ...(extra.params ? { params: extra.params } : {}), operator: 'equal', value: true }] },
        event: { type: 'hours', params: { inHours: true } },
      },
      { name: 'age', conditions: { all: [] }, event: { type: 'age', params: { age: { fact: 'slaAgeMinutes' }, sinceOpened: { fact: 'slaAgeMinutes', params: { since: 'openedAt' } }, now: { fact: 'now' } } } },
    ],
    outcome: { default: { inHours: false } },
  };
}

async function run(clock: { now(): number }, facts: Record<string, unknown> = {}, extra?: Parameters<typeof probe>[0]) {
  const registry = new RuleRegistry({ clock });
  await registry.deployRuleSet(probe(extra));
  return registry.evaluate('probe', undefined, facts);
}

describe('computed facts', () => {
  it('now comes from the injected clock, or from a declared now fact', async () => {
    const clock = clockAt('2026-03-02T10:00:00Z');
    expect((await run(clock)).outcome.now).toBe('2026-03-02T10:00:00.000Z');
    const replay = await run(clock, { now: '2026-01-05T08:00:00Z' }, { declareNow: true });
    expect(replay).toMatchObject({ now: '2026-01-05T08:00:00Z', evaluatedAt: '2026-03-02T10:00:00.000Z', outcome: { now: '2026-01-05T08:00:00Z' } });
    // Undeclared, a `now` in the input is just another job variable and is ignored.
    expect((await run(clock, { now: '2026-01-05T08:00:00Z' })).now).toBe('2026-03-02T10:00:00.000Z');
  });

  it('businessHours is Mon–Fri 09:00–17:00 (end exclusive) in the rule set time zone', async () => {
    const clock = clockAt('2026-03-02T09:00:00Z'); // a Monday
    const inHours = async () => (await run(clock, {}, { timeZone: 'Europe/Berlin' })).outcome.inHours;
    expect(await inHours()).toBe(true); // 10:00 in Berlin
    clock.set('2026-03-02T07:59:00Z'); // 08:59 Berlin
    expect(await inHours()).toBe(false);
    clock.set('2026-03-02T08:00:00Z'); // 09:00 Berlin
    expect(await inHours()).toBe(true);
    clock.set('2026-03-02T15:59:00Z'); // 16:59 Berlin
    expect(await inHours()).toBe(true);
    clock.set('2026-03-02T16:00:00Z'); // 17:00 Berlin
    expect(await inHours()).toBe(false);
    clock.set('2026-03-07T10:00:00Z'); // Saturday
    expect(await inHours()).toBe(false);
    clock.set('2026-07-06T07:30:00Z'); // Monday 09:30 in Berlin summer time (UTC+2)
    expect(await inHours()).toBe(true);
  });

  it('businessHours defaults to the registry zone (UTC) and takes per-condition params', async () => {
    const clock = clockAt('2026-03-02T08:30:00Z'); // Monday 08:30 UTC, 17:30 in Tokyo
    expect((await run(clock)).outcome.inHours).toBe(false);
    expect((await run(clock, {}, { params: { start: '08:00', end: '12:00' } })).outcome.inHours).toBe(true);
    expect((await run(clock, {}, { params: { timeZone: 'Asia/Tokyo', end: '18:00' } })).outcome.inHours).toBe(true);
    expect((await run(clock, {}, { params: { days: [6, 7], start: '08:00' } })).outcome.inHours).toBe(false);
    const utcRegistry = new RuleRegistry({ clock, timeZone: 'America/New_York' }); // 03:30 there
    await utcRegistry.deployRuleSet(probe({ params: { start: '03:00' } }));
    expect((await utcRegistry.evaluate('probe', undefined, {})).outcome.inHours).toBe(true);
  });

  it('slaAgeMinutes counts whole minutes since createdAt (or the fact named by since)', async () => {
    const clock = clockAt('2026-03-02T10:00:00Z');
    const e = await run(clock, { createdAt: '2026-03-02T08:29:31Z', openedAt: '2026-03-02T11:00:00+02:00' });
    expect(e.outcome).toMatchObject({ age: 90, sinceOpened: 60 });
    const missing = await run(clock, {});
    expect(missing.outcome.age).toBeUndefined();
  });

  it('records the computed values each condition compared', async () => {
    const clock = clockAt('2026-03-02T10:00:00Z');
    const e = await run(clock, {}, { timeZone: 'Europe/Berlin' });
    expect(e.conditions['in-hours']).toEqual([{ at: 'all[0]', fact: 'businessHours', operator: 'equal', value: true, factResult: true, result: true }]);
  });
});
