import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activateOne, advance, deployModel, grpcError, isLive, records, startInstance, trail, sdkDocument, type Variables, type Zbc } from './helpers.ts';

/**
 * Message correlation (docs.camunda.io "Messages"; MessagePublishProcessor):
 * - a subscription is the message name and the correlation key evaluated when the element activates
 *   (a number key becomes its text);
 * - a message without TTL correlates only to subscriptions open right now, then expires;
 *   with TTL it is buffered and correlates to subscriptions opened later;
 * - a message id is unique among buffered messages of the same name and key (ALREADY_EXISTS);
 * - a message is correlated at most once per process (BPMN process id, across its instances and
 *   versions): two catch events in a row take two messages, and of several instances of the same
 *   process only one gets it, while instances of other processes each get it too;
 * - the message variables propagate to the process instance.
 */
describe('messages', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['message-catch-event', 'message-receive-task', 'message-twice-in-sequence', 'message-broadcast-a', 'message-broadcast-b']) {
      await deployModel(zbc, m);
    }
  });
  afterAll(async () => h?.stop());

  const subscriptionsOf = (pi: string) => [...h.engine.view.subscriptions.values()].filter((s) => s.processInstanceKey === pi);
  const publish = async (name: string, correlationKey: string, extra: { timeToLive?: number; messageId?: string; variables?: Variables } = {}) => {
    const res = await zbc.publishMessage({ name, correlationKey, timeToLive: extra.timeToLive ?? 0, ...(extra.messageId ? { messageId: extra.messageId } : {}), variables: sdkDocument(extra.variables ?? {}) });
    await h.engine.whenIdle();
    return res;
  };

  it('an intermediate catch event opens a subscription with the evaluated key and correlates; variables propagate', async () => {
    const pi = await startInstance(h, zbc, 'msg-catch', { orderId: 'order-17' });
    expect(subscriptionsOf(pi)).toMatchObject([{ messageName: 'order-paid', correlationKey: 'order-17', targetElementId: 'waitPayment' }]);

    await publish('order-paid', 'order-99', { variables: { wrong: true } });
    expect(isLive(h, pi)).toBe(true);
    const published = await publish('order-paid', 'order-17', { variables: { paidAmount: 99.5, payment: { method: 'card' } } });
    expect(subscriptionsOf(pi)).toEqual([]);

    const after = await activateOne(zbc, 'msg-catch-after');
    expect(after.processInstanceKey).toBe(pi);
    expect(after.variables).toEqual({ orderId: 'order-17', paidAmount: 99.5, payment: { method: 'card' } });
    const correlated = (await records(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).map((r) => r.intent);
    expect(correlated).toEqual(['CREATED', 'CORRELATED']);
    const correlation = (await records(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).find((r) => r.intent === 'CORRELATED')!;
    expect(correlation.value.messageKey).toBe(published.key);
    await zbc.completeJob({ jobKey: after.key, variables: {} });
    await h.engine.whenIdle();
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'waitPayment:ELEMENT_COMPLETED', 'after:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'msg-catch:ELEMENT_COMPLETED']);
  });

  it('a receive task with a numeric correlation key matches the key as text', async () => {
    const pi = await startInstance(h, zbc, 'msg-receive', { orderNo: 4711 });
    expect(subscriptionsOf(pi)).toMatchObject([{ messageName: 'shipment-sent', correlationKey: '4711', targetElementId: 'waitShipment' }]);
    await publish('shipment-sent', '4711', { variables: { carrier: 'DHL' } });
    const after = await activateOne(zbc, 'msg-receive-after');
    expect(after.variables).toEqual({ orderNo: 4711, carrier: 'DHL' });
    await zbc.completeJob({ jobKey: after.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('published before the subscription: buffered with a TTL, lost without', async () => {
    await publish('order-paid', 'buffered-1', { timeToLive: 60_000, variables: { early: true } });
    await publish('order-paid', 'lost-1', { variables: { early: true } });

    const buffered = await startInstance(h, zbc, 'msg-catch', { orderId: 'buffered-1' });
    expect(subscriptionsOf(buffered)).toEqual([]);
    const after = await activateOne(zbc, 'msg-catch-after');
    expect(after.processInstanceKey).toBe(buffered);
    expect(after.variables).toEqual({ orderId: 'buffered-1', early: true });
    await zbc.completeJob({ jobKey: after.key, variables: {} });

    const lost = await startInstance(h, zbc, 'msg-catch', { orderId: 'lost-1' });
    expect(subscriptionsOf(lost)).toHaveLength(1);
    expect(isLive(h, lost)).toBe(true);
    await zbc.cancelProcessInstance(lost);
  });

  it('a buffered message is gone once its TTL has passed', async () => {
    await publish('order-paid', 'ttl-1', { timeToLive: 5_000 });
    await advance(h, 5_000);
    const pi = await startInstance(h, zbc, 'msg-catch', { orderId: 'ttl-1' });
    expect(subscriptionsOf(pi)).toHaveLength(1);
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
  });

  it('a message id already buffered for the same name and key is ALREADY_EXISTS (6)', async () => {
    await publish('order-paid', 'dedup-1', { timeToLive: 60_000, messageId: 'm-1' });
    const dup = await grpcError(zbc.publishMessage({ name: 'order-paid', correlationKey: 'dedup-1', messageId: 'm-1', timeToLive: 60_000, variables: {} }));
    expect(dup).toEqual({ code: 6, details: "Expected to publish a new message with id 'm-1', but a message with that id was already published" });
    // Same id with another correlation key is another message.
    await publish('order-paid', 'dedup-2', { timeToLive: 60_000, messageId: 'm-1' });
    // Once the first one expired, its id can be used again.
    await advance(h, 60_000);
    await publish('order-paid', 'dedup-1', { timeToLive: 1_000, messageId: 'm-1' });
  });

  it('one message correlates once per process instance: two catch events in a row need two messages', async () => {
    await publish('ping', 'twice-1', { timeToLive: 60_000, variables: { n: 1 } });
    const pi = await startInstance(h, zbc, 'msg-twice', { key: 'twice-1' });
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'first:ELEMENT_COMPLETED']);
    expect(subscriptionsOf(pi)).toMatchObject([{ targetElementId: 'second', correlationKey: 'twice-1' }]);

    await publish('ping', 'twice-1', { variables: { n: 2 } });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'first:ELEMENT_COMPLETED', 'second:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'msg-twice:ELEMENT_COMPLETED']);
  });

  it('one message correlates to one instance of each waiting process', async () => {
    const a1 = await startInstance(h, zbc, 'msg-broadcast-a', { topic: 'weather' });
    const a2 = await startInstance(h, zbc, 'msg-broadcast-a', { topic: 'weather' });
    const b1 = await startInstance(h, zbc, 'msg-broadcast-b', { topic: 'weather' });
    const other = await startInstance(h, zbc, 'msg-broadcast-b', { topic: 'sports' });

    await publish('news', 'weather', { variables: { headline: 'sun' } });
    expect(isLive(h, b1)).toBe(false);
    expect(isLive(h, other)).toBe(true);
    expect([isLive(h, a1), isLive(h, a2)].sort()).toEqual([false, true]);
    const waiting = isLive(h, a1) ? a1 : a2;

    // The next message goes to the instance still waiting.
    await publish('news', 'weather', { variables: { headline: 'rain' } });
    expect(isLive(h, waiting)).toBe(false);
    expect(isLive(h, other)).toBe(true);
    await zbc.cancelProcessInstance(other);
  });

  it('a buffered message also correlates once per process: the second instance keeps waiting', async () => {
    await publish('news', 'late', { timeToLive: 60_000 });
    const first = await startInstance(h, zbc, 'msg-broadcast-a', { topic: 'late' });
    const second = await startInstance(h, zbc, 'msg-broadcast-a', { topic: 'late' });
    const third = await startInstance(h, zbc, 'msg-broadcast-b', { topic: 'late' });
    expect(isLive(h, first)).toBe(false);
    expect(isLive(h, second)).toBe(true);
    expect(isLive(h, third)).toBe(false);
    await zbc.cancelProcessInstance(second);
  });
});
