import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { advance, deployModel, isLive, trail, type Zbc } from './helpers.ts';
import { HOUR, MINUTE, instancesOf } from './part2-support.ts';

/**
 * Timer start events (docs "Timer events"): deploying a process schedules its start timers; a date
 * starts one instance at that date, a cycle `R2/PT1H` one per interval, twice. Only the latest
 * version starts by timer: deploying a new version cancels the previous version's start timers
 * and schedules its own. The virtual clock starts at 2026-01-01T00:00:00Z.
 */
describe('timer start events', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
  });
  afterAll(async () => h?.stop());

  interface TimerRow {
    intent: string;
    element_id: string;
    value: { dueDate: number; repetitions: number; processDefinitionKey: string };
  }
  const timerRecords = async (bpmnProcessId: string): Promise<TimerRow[]> =>
    h.db.knex('records').where({ value_type: 'TIMER', bpmn_process_id: bpmnProcessId }).orderBy('position').select('intent', 'element_id', 'value');
  const versions = async (bpmnProcessId: string) => {
    const rows = await h.db
      .knex('records')
      .where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING', element_id: bpmnProcessId })
      .orderBy('position')
      .select('value');
    return rows.map((r: { value: { version: number } }) => r.value.version);
  };

  it('a date starts one instance at that date', async () => {
    expect(new Date(h.clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    await deployModel(zbc, 'p2-timer-start-date');
    expect((await timerRecords('p2-timer-start-date')).map((t) => [t.intent, t.element_id, new Date(t.value.dueDate).toISOString(), t.value.repetitions])).toEqual([
      ['CREATED', 'at6', '2026-01-01T06:00:00.000Z', 1],
    ]);
    await advance(h, 6 * HOUR - 1);
    expect(await instancesOf(h, 'p2-timer-start-date')).toEqual([]);
    await advance(h, 1);
    const [pi, ...more] = await instancesOf(h, 'p2-timer-start-date');
    expect(more).toEqual([]);
    expect(isLive(h, pi!)).toBe(false);
    expect(await trail(h, pi!)).toEqual(['at6:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-timer-start-date:ELEMENT_COMPLETED']);
    await advance(h, 24 * HOUR);
    expect(await instancesOf(h, 'p2-timer-start-date')).toHaveLength(1);
    expect((await timerRecords('p2-timer-start-date')).map((t) => t.intent)).toEqual(['CREATED', 'TRIGGERED']);
  });

  it('a cycle R2/PT1H starts two instances, an hour apart, then no more', async () => {
    const t0 = h.clock.now();
    await deployModel(zbc, 'p2-timer-start');
    await advance(h, HOUR);
    expect(await instancesOf(h, 'p2-timer-start')).toHaveLength(1);
    await advance(h, HOUR);
    expect(await instancesOf(h, 'p2-timer-start')).toHaveLength(2);
    await advance(h, 5 * HOUR);
    expect(await instancesOf(h, 'p2-timer-start')).toHaveLength(2);
    expect((await timerRecords('p2-timer-start')).map((t) => [t.intent, t.value.dueDate - t0, t.value.repetitions])).toEqual([
      ['CREATED', HOUR, 2],
      ['TRIGGERED', HOUR, 2],
      ['CREATED', 2 * HOUR, 1],
      ['TRIGGERED', 2 * HOUR, 1],
    ]);
    // Each instance starts at the timer start event and waits at its task.
    for (const pi of await instancesOf(h, 'p2-timer-start')) expect(await trail(h, pi)).toEqual(['hourly:ELEMENT_COMPLETED']);
  });

  it('deploying a new version cancels the previous version’s start timer; only the latest starts instances', async () => {
    const before = (await versions('p2-timer-start')).length;
    const v2 = await deployModel(zbc, 'p2-timer-start-v2', 'p2-timer-start-v2.bpmn');
    expect(v2.version).toBe(2);
    await advance(h, 30 * MINUTE);
    expect((await versions('p2-timer-start')).slice(before)).toEqual([2]);

    // Redeploying the first model's XML makes version 3: version 2's pending timer goes.
    const v3 = await deployModel(zbc, 'p2-timer-start');
    expect(v3.version).toBe(3);
    const timers = await timerRecords('p2-timer-start');
    const v2Timers = timers.filter((t) => t.value.processDefinitionKey === v2.processDefinitionKey).map((t) => `${t.element_id}:${t.intent}`);
    expect(v2Timers).toEqual(['halfHourly:CREATED', 'halfHourly:TRIGGERED', 'halfHourly:CREATED', 'halfHourly:CANCELED']);
    expect([...h.engine.view.timers.values()].filter((t) => t.processDefinitionKey === v2.processDefinitionKey)).toEqual([]);

    await advance(h, HOUR);
    await advance(h, HOUR);
    expect((await versions('p2-timer-start')).slice(before)).toEqual([2, 3, 3]);
  });
});
