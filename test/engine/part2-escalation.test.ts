import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { deployModel, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';
import { completeOne, incidentsOf, liveElements } from './part2-support.ts';

/**
 * Escalation (docs "Escalation events"): an intermediate throw or end event escalates to the
 * nearest catcher outwards — event sub-process of a scope, boundary event on a sub-process or call
 * activity, code before catch-all. A non-interrupting catcher runs beside the scope and the throw
 * event goes on; an interrupting one terminates the scope (throw event included). An escalation
 * nobody catches is no incident: the event completes and the instance goes on (ESCALATION
 * NOT_ESCALATED record).
 */
describe('escalation', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['p2-escalation', 'p2-escalation-esp', 'p2-escalation-uncaught']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  const escalations = async (pi: string) =>
    (await records(h, pi, 'ESCALATION')).map((r) => [r.intent, r.value.escalationCode, r.value.throwElementId, r.value.catchElementId]);

  it('boundary events on a sub-process: a non-interrupting one for the intermediate throw, an interrupting one for the end event', async () => {
    const pi = await startInstance(h, zbc, 'p2-escalation');
    // LATE was caught by the non-interrupting boundary: its path runs, and the sub-process went on.
    expect(liveElements(h, pi)).toEqual(['notify:ACTIVATED', 'sub:ACTIVATED', 'work:ACTIVATED']);
    await completeOne(h, zbc, 'p2es-work');
    // FATAL from the end event interrupts the sub-process; the notify path outside it stays.
    expect(liveElements(h, pi)).toEqual(['notify:ACTIVATED']);
    await completeOne(h, zbc, 'p2es-notify');
    expect(isLive(h, pi)).toBe(false);
    expect(incidentsOf(h, pi)).toEqual([]);
    expect(await escalations(pi)).toEqual([
      ['ESCALATED', 'LATE', 'raiseLate', 'lateNoted'],
      ['ESCALATED', 'FATAL', 'raiseFatal', 'fatalCaught'],
    ]);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'subStart:ELEMENT_COMPLETED',
      'raiseLate:ELEMENT_COMPLETED',
      'lateNoted:ELEMENT_COMPLETED',
      'work:ELEMENT_COMPLETED',
      'raiseFatal:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'fatalCaught:ELEMENT_COMPLETED',
      'fatalEnd:ELEMENT_COMPLETED',
      'notify:ELEMENT_COMPLETED',
      'notifyEnd:ELEMENT_COMPLETED',
      'p2-escalation:ELEMENT_COMPLETED',
    ]);
  });

  it('event sub-processes: non-interrupting in the process, interrupting inside the sub-process', async () => {
    const pi = await startInstance(h, zbc, 'p2-escalation-esp');
    expect(liveElements(h, pi)).toEqual(['inner:ACTIVATED', 'logWarn:ACTIVATED', 'onWarn:ACTIVATED', 'work:ACTIVATED']);
    await completeOne(h, zbc, 'p2ex-work');
    // STOP was caught inside: the inner event sub-process ran and `inner` completed normally.
    expect(liveElements(h, pi)).toEqual(['logWarn:ACTIVATED', 'onWarn:ACTIVATED']);
    await completeOne(h, zbc, 'p2ex-log');
    expect(isLive(h, pi)).toBe(false);
    expect(await escalations(pi)).toEqual([
      ['ESCALATED', 'WARN', 'warn', 'warnCaught'],
      ['ESCALATED', 'STOP', 'stop', 'stopCaught'],
    ]);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'innerStart:ELEMENT_COMPLETED',
      'warn:ELEMENT_COMPLETED',
      'warnCaught:ELEMENT_COMPLETED',
      'work:ELEMENT_COMPLETED',
      'stop:ELEMENT_TERMINATED',
      'stopCaught:ELEMENT_COMPLETED',
      'stopHandled:ELEMENT_COMPLETED',
      'onStop:ELEMENT_COMPLETED',
      'inner:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'logWarn:ELEMENT_COMPLETED',
      'warnHandled:ELEMENT_COMPLETED',
      'onWarn:ELEMENT_COMPLETED',
      'p2-escalation-esp:ELEMENT_COMPLETED',
    ]);
  });

  it('an escalation nobody catches is no incident: throw and end event complete, the instance goes on', async () => {
    const pi = await startInstance(h, zbc, 'p2-escalation-uncaught');
    expect(incidentsOf(h, pi)).toEqual([]);
    expect(liveElements(h, pi)).toEqual(['work:ACTIVATED']);
    await completeOne(h, zbc, 'p2eu-work');
    expect(isLive(h, pi)).toBe(false);
    expect(incidentsOf(h, pi)).toEqual([]);
    expect(await escalations(pi)).toEqual([
      ['NOT_ESCALATED', 'NOBODY', 'shout', ''],
      ['NOT_ESCALATED', 'NOBODY', 'shoutAtEnd', ''],
    ]);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'shout:ELEMENT_COMPLETED',
      'work:ELEMENT_COMPLETED',
      'shoutAtEnd:ELEMENT_COMPLETED',
      'p2-escalation-uncaught:ELEMENT_COMPLETED',
    ]);
  });
});
