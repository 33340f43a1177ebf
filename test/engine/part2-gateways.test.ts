import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, advance, deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { MINUTE, completeOne, incidentsOf, intents, liveElements, publish } from './part2-support.ts';

/**
 * Inclusive gateway (Zeebe 8.6+, InclusiveGatewayProcessor): the fork takes every flow whose
 * condition is true, the default flow only when none is, and raises CONDITION_ERROR when none is
 * and there is no default; the join waits for the tokens of the branches that were taken, not for
 * every incoming flow. Event-based gateway (EventBasedGatewayProcessor): subscribes to the events
 * after it; the first one completes the gateway and its catch event, the other subscriptions close.
 */
describe('inclusive gateway', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-inclusive');
    await deployModel(zbc, 'p2-inclusive-no-default');
  });
  afterAll(async () => h?.stop());

  const flowsTaken = async (pi: string) => (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.intent === 'SEQUENCE_FLOW_TAKEN').map((r) => r.element_id);
  const joinActivations = async (pi: string) => (await trail(h, pi, ['ELEMENT_ACTIVATING'])).filter((t) => t === 'join:ELEMENT_ACTIVATING').length;

  it('forks into every true branch (not the default) and the join waits for both', async () => {
    const pi = await startInstance(h, zbc, 'p2-inclusive', { a: true, b: true });
    expect(liveElements(h, pi)).toEqual(['taskA:ACTIVATED', 'taskB:ACTIVATED']);
    await completeOne(h, zbc, 'p2ig-a', { fromA: 1 });
    expect(await joinActivations(pi)).toBe(0);
    expect(await activate(zbc, 'p2ig-after')).toEqual([]);
    await completeOne(h, zbc, 'p2ig-b', { fromB: 2 });
    expect(await joinActivations(pi)).toBe(1);
    const after = await completeOne(h, zbc, 'p2ig-after');
    expect(after.variables).toEqual({ a: true, b: true, fromA: 1, fromB: 2 });
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', 'toA', 'toB', 'fromA', 'fromB', 'f2', 'f3']);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'fork:ELEMENT_COMPLETED',
      'taskA:ELEMENT_COMPLETED',
      'taskB:ELEMENT_COMPLETED',
      'join:ELEMENT_COMPLETED',
      'after:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-inclusive:ELEMENT_COMPLETED',
    ]);
  });

  it('takes the default flow when no condition is true; the join passes after that one branch', async () => {
    const pi = await startInstance(h, zbc, 'p2-inclusive', { a: false, b: false });
    expect(liveElements(h, pi)).toEqual(['taskC:ACTIVATED']);
    await completeOne(h, zbc, 'p2ig-c');
    await completeOne(h, zbc, 'p2ig-after');
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', 'toC', 'fromC', 'f2', 'f3']);
  });

  it('the join waits only for the branches that were taken', async () => {
    const pi = await startInstance(h, zbc, 'p2-inclusive', { a: false, b: true });
    expect(liveElements(h, pi)).toEqual(['taskB:ACTIVATED']);
    await completeOne(h, zbc, 'p2ig-b');
    expect(await joinActivations(pi)).toBe(1);
    await completeOne(h, zbc, 'p2ig-after');
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', 'toB', 'fromB', 'f2', 'f3']);
  });

  it('no true condition and no default flow: CONDITION_ERROR; fixing the variable and resolving continues', async () => {
    const pi = await startInstance(h, zbc, 'p2-inclusive-no-default', { x: false, y: false });
    const [incident, ...more] = incidentsOf(h, pi);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({
      errorType: 'CONDITION_ERROR',
      errorMessage: 'Expected at least one condition to evaluate to true, or to have a default flow',
      elementId: 'fork',
    });
    await zbc.setVariables({ elementInstanceKey: pi, variables: { y: true }, local: true });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', 'toY']);
  });
});

describe('event-based gateway', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-event-gateway');
  });
  afterAll(async () => h?.stop());

  it('the message wins: the timer is cancelled and the message variables reach the process', async () => {
    const pi = await startInstance(h, zbc, 'p2-event-gateway', { orderId: 'eg-1' });
    expect(liveElements(h, pi)).toEqual(['gw:ACTIVATED']);
    expect(await intents(h, pi, 'TIMER')).toEqual(['expired:CREATED']);
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['paid:CREATED']);

    await advance(h, 29 * MINUTE);
    await publish(h, zbc, 'p2eg-paid', 'eg-1', { amount: 42 });
    expect(isLive(h, pi)).toBe(false);
    expect(await intents(h, pi, 'TIMER')).toEqual(['expired:CREATED', 'expired:CANCELED']);
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['paid:CREATED', 'paid:CORRELATED']);
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['orderId', 'eg-1'],
      ['amount', 42],
    ]);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'gw:ELEMENT_COMPLETED', 'paid:ELEMENT_COMPLETED', 'paidEnd:ELEMENT_COMPLETED', 'p2-event-gateway:ELEMENT_COMPLETED']);
    await advance(h, 5 * MINUTE);
    expect(await trail(h, pi)).not.toContain('expired:ELEMENT_COMPLETED');
  });

  it('the timer wins: the message subscription is closed and a later message is not correlated', async () => {
    const pi = await startInstance(h, zbc, 'p2-event-gateway', { orderId: 'eg-2' });
    await advance(h, 30 * MINUTE);
    expect(isLive(h, pi)).toBe(false);
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['paid:CREATED', 'paid:DELETED']);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'gw:ELEMENT_COMPLETED', 'expired:ELEMENT_COMPLETED', 'expiredEnd:ELEMENT_COMPLETED', 'p2-event-gateway:ELEMENT_COMPLETED']);
    await publish(h, zbc, 'p2eg-paid', 'eg-2', { amount: 1 });
    expect(await variableWrites(h, pi, pi)).toEqual([['orderId', 'eg-2']]);
  });
});
