import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, deployModel, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';
import { completeOne, liveElements } from './part2-support.ts';

/**
 * Compensation (docs "Compensation events" / "Compensation handler"): a compensation throw event
 * invokes, at once and in no order, the handlers of every completed activity of its scope that has
 * a compensation boundary event — including activities inside completed embedded sub-processes —
 * and stays active until all of them have completed. `activityRef` names one activity. A throw
 * inside a sub-process compensates only that sub-process's activities. A multi-instance activity
 * is compensated once, not per item. An activity is compensated at most once. Strict reverse
 * order is modelled with one throw per activity (DESIGN.md, "Facts measured here").
 */
describe('compensation', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['p2-compensation', 'p2-compensation-ref', 'p2-compensation-sub-mi', 'p2-compensation-nested', 'p2-compensation-onboarding']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  const compensations = async (pi: string) => (await records(h, pi, 'COMPENSATION_SUBSCRIPTION')).map((r) => `${r.element_id}:${r.intent}`);
  /** The job types activatable right now (activated, so they must be completed by the caller). */
  const pendingTypes = async (...types: string[]) => {
    const found: string[] = [];
    for (const type of types) for (const job of await activate(zbc, type)) found.push(`${type}#${job.key}`);
    return found;
  };
  const complete = async (entries: string[]) => {
    for (const e of entries) await zbc.completeJob({ jobKey: e.split('#')[1]!, variables: {} });
    await h.engine.whenIdle();
  };
  const typesOf = (entries: string[]) => entries.map((e) => e.split('#')[0]).sort();

  it('a throw without activityRef invokes every handler at once and waits for all of them', async () => {
    const pi = await startInstance(h, zbc, 'p2-compensation');
    await completeOne(h, zbc, 'p2c-hotel', { hotel: 'H1' });
    await completeOne(h, zbc, 'p2c-flight', { flight: 'F1' });
    expect(liveElements(h, pi)).toEqual(['cancelFlight:ACTIVATED', 'cancelHotel:ACTIVATED', 'undoAll:ACTIVATED']);
    const handlers = await pendingTypes('p2c-cancel-hotel', 'p2c-cancel-flight');
    expect(typesOf(handlers)).toEqual(['p2c-cancel-flight', 'p2c-cancel-hotel']);
    await complete(handlers.slice(0, 1));
    // One handler left: the throw event still waits.
    expect(liveElements(h, pi)).toHaveLength(2);
    expect(await activate(zbc, 'p2c-after')).toEqual([]);
    await complete(handlers.slice(1));
    await completeOne(h, zbc, 'p2c-after');
    expect(isLive(h, pi)).toBe(false);
    const completed = await trail(h, pi, ['ELEMENT_COMPLETED']);
    expect(completed.slice(0, 3)).toEqual(['start:ELEMENT_COMPLETED', 'bookHotel:ELEMENT_COMPLETED', 'bookFlight:ELEMENT_COMPLETED']);
    // Each handler runs after its compensation boundary event was activated and completed (as in Zeebe).
    expect(completed.slice(3, 7).sort()).toEqual([
      'bookFlightComp:ELEMENT_COMPLETED',
      'bookHotelComp:ELEMENT_COMPLETED',
      'cancelFlight:ELEMENT_COMPLETED',
      'cancelHotel:ELEMENT_COMPLETED',
    ]);
    expect(completed.slice(7)).toEqual(['undoAll:ELEMENT_COMPLETED', 'afterUndo:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-compensation:ELEMENT_COMPLETED']);
    const subs = await compensations(pi);
    expect(subs.slice(0, 2)).toEqual(['bookHotel:CREATED', 'bookFlight:CREATED']);
    expect(subs.filter((s) => s.endsWith(':TRIGGERED'))).toHaveLength(2);
    expect(subs.filter((s) => s.endsWith(':COMPLETED'))).toHaveLength(2);
  });

  it('activityRef compensates one activity; a compensation end event then compensates the rest, once each', async () => {
    const pi = await startInstance(h, zbc, 'p2-compensation-ref');
    await completeOne(h, zbc, 'p2cr-a');
    await completeOne(h, zbc, 'p2cr-b');
    const first = await pendingTypes('p2cr-undo-a', 'p2cr-undo-b');
    expect(typesOf(first)).toEqual(['p2cr-undo-b']);
    await complete(first);
    await completeOne(h, zbc, 'p2cr-between');
    // stepB was compensated already: the end event invokes only stepA's handler, and waits for it.
    const rest = await pendingTypes('p2cr-undo-a', 'p2cr-undo-b');
    expect(typesOf(rest)).toEqual(['p2cr-undo-a']);
    expect(liveElements(h, pi)).toEqual(['compensateRest:ACTIVATED', 'undoA:ACTIVATED']);
    await complete(rest);
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'stepA:ELEMENT_COMPLETED',
      'stepB:ELEMENT_COMPLETED',
      'stepBComp:ELEMENT_COMPLETED',
      'undoB:ELEMENT_COMPLETED',
      'compensateB:ELEMENT_COMPLETED',
      'between:ELEMENT_COMPLETED',
      'stepAComp:ELEMENT_COMPLETED',
      'undoA:ELEMENT_COMPLETED',
      'compensateRest:ELEMENT_COMPLETED',
      'p2-compensation-ref:ELEMENT_COMPLETED',
    ]);
  });

  it('handlers inside a completed sub-process are invoked by a throw in the process scope', async () => {
    const pi = await startInstance(h, zbc, 'p2-compensation-nested');
    await completeOne(h, zbc, 'p2cn-charge');
    await completeOne(h, zbc, 'p2cn-ship');
    const handlers = await pendingTypes('p2cn-refund', 'p2cn-unship');
    expect(typesOf(handlers)).toEqual(['p2cn-refund', 'p2cn-unship']);
    // The handler of an activity inside `pay` runs in the process scope: `pay` is gone.
    expect(liveElements(h, pi)).toEqual(['refund:ACTIVATED', 'undoAll:ACTIVATED', 'unship:ACTIVATED']);
    await complete(handlers);
    expect(isLive(h, pi)).toBe(false);
  });

  it('a multi-instance activity is compensated once; a throw inside a sub-process compensates only that sub-process', async () => {
    const pi = await startInstance(h, zbc, 'p2-compensation-sub-mi', { items: ['a', 'b', 'c'] });
    const reservations = await activate(zbc, 'p2cm-reserve');
    expect(reservations).toHaveLength(3);
    for (const r of reservations) await zbc.completeJob({ jobKey: r.key, variables: {} });
    await h.engine.whenIdle();
    await completeOne(h, zbc, 'p2cm-charge');
    await completeOne(h, zbc, 'p2cm-confirm');
    // undoInside is in `pay`: only `charge` is compensated, not the multi-instance `reserve` outside.
    const inside = await pendingTypes('p2cm-refund', 'p2cm-release');
    expect(typesOf(inside)).toEqual(['p2cm-refund']);
    expect(liveElements(h, pi)).toEqual(['pay:ACTIVATED', 'refund:ACTIVATED', 'undoInside:ACTIVATED']);
    await complete(inside);
    // Back in the process scope: `reserve` once (not per item); `charge` was compensated already.
    const outside = await pendingTypes('p2cm-refund', 'p2cm-release');
    expect(typesOf(outside)).toEqual(['p2cm-release']);
    expect(liveElements(h, pi)).toEqual(['release:ACTIVATED', 'undoAll:ACTIVATED']);
    await complete(outside);
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'reserve:ELEMENT_COMPLETED',
      'reserve:ELEMENT_COMPLETED',
      'reserve:ELEMENT_COMPLETED',
      'reserve:ELEMENT_COMPLETED',
      'payStart:ELEMENT_COMPLETED',
      'charge:ELEMENT_COMPLETED',
      'confirm:ELEMENT_COMPLETED',
      'chargeComp:ELEMENT_COMPLETED',
      'refund:ELEMENT_COMPLETED',
      'undoInside:ELEMENT_COMPLETED',
      'payEnd:ELEMENT_COMPLETED',
      'pay:ELEMENT_COMPLETED',
      'reserveComp:ELEMENT_COMPLETED',
      'release:ELEMENT_COMPLETED',
      'undoAll:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-compensation-sub-mi:ELEMENT_COMPLETED',
    ]);
  });

  it('the onboarding pattern: one throw per activity, in reverse order, gives strictly ordered handler jobs', async () => {
    const pi = await startInstance(h, zbc, 'p2-compensation-onboarding');
    for (const type of ['p2co-verify', 'p2co-account', 'p2co-card']) await completeOne(h, zbc, type);
    await completeOne(h, zbc, 'p2co-decide', { approved: false });
    const handlerTypes = ['p2co-unverify', 'p2co-close-account', 'p2co-block-card'];
    const order: string[] = [];
    for (;;) {
      const pending = await pendingTypes(...handlerTypes);
      if (!pending.length) break;
      expect(pending).toHaveLength(1);
      order.push(typesOf(pending)[0]!);
      await complete(pending);
    }
    expect(order).toEqual(['p2co-block-card', 'p2co-close-account', 'p2co-unverify']);
    expect(isLive(h, pi)).toBe(false);
    expect((await trail(h, pi)).slice(-11)).toEqual([
      'cardComp:ELEMENT_COMPLETED',
      'blockCard:ELEMENT_COMPLETED',
      'undoCard:ELEMENT_COMPLETED',
      'accountComp:ELEMENT_COMPLETED',
      'closeAccount:ELEMENT_COMPLETED',
      'undoAccount:ELEMENT_COMPLETED',
      'verifyComp:ELEMENT_COMPLETED',
      'unverify:ELEMENT_COMPLETED',
      'undoVerify:ELEMENT_COMPLETED',
      'rolledBack:ELEMENT_COMPLETED',
      'p2-compensation-onboarding:ELEMENT_COMPLETED',
    ]);
  });
});
