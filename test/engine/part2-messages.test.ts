import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { HOUR, completeOne, instancesOf, intents, liveElements, publish, typed } from './part2-support.ts';

/**
 * Message events beyond part 1 (docs "Message events"):
 * - a message start event starts one instance per message; while an instance started with a
 *   correlation key is active, no second one starts for that key; a message with that key that is
 *   buffered (TTL > 0) starts the next instance once the active one has ended; an empty key always
 *   starts one. The message variables become the instance's variables.
 * - message boundary events: interrupting ends the task; non-interrupting runs beside it, for every
 *   message, while the task is active.
 * - message intermediate throw events, message end events and send tasks are jobs.
 */
describe('message start event', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-message-start');
  });
  afterAll(async () => h?.stop());

  it('one instance per correlation key while it is active; a buffered message starts the next one after it', async () => {
    await publish(h, zbc, 'p2ms-order', 'k1', { item: 'book' });
    const [first] = await instancesOf(h, 'p2-message-start');
    expect(first).toBeDefined();
    expect(await variableWrites(h, first!, first!)).toEqual([['item', 'book']]);
    const creation = (await records(h, first!, 'PROCESS_INSTANCE_CREATION'))[0]!;
    expect(creation.value).toMatchObject({ startEventId: 'ordered', variables: { item: 'book' } });
    expect(await typed(h, first!, 'ELEMENT_ACTIVATED')).toEqual(['p2-message-start:PROCESS', 'ordered:START_EVENT', 'handle:SERVICE_TASK']);

    // Same key while the first instance runs: no new instance (without TTL the message is gone).
    await publish(h, zbc, 'p2ms-order', 'k1', { item: 'lost' });
    expect(await instancesOf(h, 'p2-message-start')).toEqual([first]);
    // Another key starts another instance; so does an empty key, every time.
    await publish(h, zbc, 'p2ms-order', 'k2', { item: 'pen' });
    await publish(h, zbc, 'p2ms-order', '', { item: 'a' });
    await publish(h, zbc, 'p2ms-order', '', { item: 'b' });
    expect(await instancesOf(h, 'p2-message-start')).toHaveLength(4);

    // Buffered with the active key: it waits for the first instance to end.
    await publish(h, zbc, 'p2ms-order', 'k1', { item: 'later' }, HOUR);
    expect(await instancesOf(h, 'p2-message-start')).toHaveLength(4);
    const jobs = await activate(zbc, 'p2ms-handle');
    const job = jobs.find((j) => j.processInstanceKey === first)!;
    expect(job.variables).toEqual({ item: 'book' });
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, first!)).toBe(false);
    const all = await instancesOf(h, 'p2-message-start');
    expect(all).toHaveLength(5);
    expect(await variableWrites(h, all[4]!, all[4]!)).toEqual([['item', 'later']]);
    // The buffered message was used up: ending the new instance starts nothing more.
    const next = (await activate(zbc, 'p2ms-handle')).find((j) => j.processInstanceKey === all[4]);
    expect(next?.variables).toEqual({ item: 'later' });
    await zbc.completeJob({ jobKey: next!.key, variables: {} });
    await h.engine.whenIdle();
    expect(await instancesOf(h, 'p2-message-start')).toHaveLength(5);
  });
});

describe('message boundary events', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-message-boundary');
  });
  afterAll(async () => h?.stop());

  it('non-interrupting: every message runs the boundary path beside the still active task', async () => {
    const pi = await startInstance(h, zbc, 'p2-message-boundary', { orderId: 'mb-1' });
    await publish(h, zbc, 'p2mb-remind', 'mb-1', { count: 1 });
    await publish(h, zbc, 'p2mb-remind', 'mb-1', { count: 2 });
    expect(liveElements(h, pi)).toEqual(['remind:ACTIVATED', 'remind:ACTIVATED', 'work:ACTIVATED']);
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['cancelled:CREATED', 'reminded:CREATED', 'reminded:CORRELATED', 'reminded:CORRELATED']);
    const reminders = await activate(zbc, 'p2mb-remind');
    expect(reminders).toHaveLength(2);
    for (const r of reminders) await zbc.completeJob({ jobKey: r.key, variables: {} });
    await h.engine.whenIdle();
    const work = await completeOne(h, zbc, 'p2mb-work');
    // Message variables propagate to the process scope (the second overwrote the first).
    expect(work.variables).toEqual({ orderId: 'mb-1', count: 2 });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'reminded:ELEMENT_COMPLETED',
      'reminded:ELEMENT_COMPLETED',
      'remind:ELEMENT_COMPLETED',
      'remindEnd:ELEMENT_COMPLETED',
      'remind:ELEMENT_COMPLETED',
      'remindEnd:ELEMENT_COMPLETED',
      'work:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-message-boundary:ELEMENT_COMPLETED',
    ]);
    expect((await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).slice(-2).sort()).toEqual(['cancelled:DELETED', 'reminded:DELETED']);
  });

  it('interrupting: the task and its job end, the other boundary subscription closes', async () => {
    const pi = await startInstance(h, zbc, 'p2-message-boundary', { orderId: 'mb-2' });
    const job = await activateOne(zbc, 'p2mb-work');
    await publish(h, zbc, 'p2mb-cancel', 'mb-2', { reason: 'fraud' });
    expect(isLive(h, pi)).toBe(false);
    expect(h.engine.view.jobs.has(job.key)).toBe(false);
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['cancelled:CREATED', 'reminded:CREATED', 'cancelled:CORRELATED', 'reminded:DELETED']);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'work:ELEMENT_TERMINATED', 'cancelled:ELEMENT_COMPLETED', 'cancelEnd:ELEMENT_COMPLETED', 'p2-message-boundary:ELEMENT_COMPLETED']);
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['orderId', 'mb-2'],
      ['reason', 'fraud'],
    ]);
  });
});

describe('message throw events and send tasks', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-message-throw');
  });
  afterAll(async () => h?.stop());

  it('a send task, a message intermediate throw event and a message end event each wait for their job', async () => {
    const pi = await startInstance(h, zbc, 'p2-message-throw', { to: 'x@y' });
    const send = await activateOne(zbc, 'p2mt-send');
    expect(send).toMatchObject({ elementId: 'send', retries: 5, customHeaders: { channel: 'mail' }, variables: { to: 'x@y' } });
    expect(await activate(zbc, 'p2mt-notify')).toEqual([]);
    await zbc.completeJob({ jobKey: send.key, variables: { sent: 1 } });
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['notify:ACTIVATED']);
    const notify = await completeOne(h, zbc, 'p2mt-notify', { notified: true });
    expect(notify).toMatchObject({ elementId: 'notify', retries: 3, variables: { to: 'x@y', sent: 1 } });
    expect(liveElements(h, pi)).toEqual(['reply:ACTIVATED']);
    const reply = await completeOne(h, zbc, 'p2mt-reply');
    expect(reply.variables).toEqual({ to: 'x@y', sent: 1, notified: true });
    expect(isLive(h, pi)).toBe(false);
    expect(await typed(h, pi, 'ELEMENT_COMPLETED')).toEqual([
      'start:START_EVENT',
      'send:SEND_TASK',
      'notify:INTERMEDIATE_THROW_EVENT',
      'reply:END_EVENT',
      'p2-message-throw:PROCESS',
    ]);
    expect(await intents(h, pi, 'JOB')).toEqual(['send:CREATED', 'send:COMPLETED', 'notify:CREATED', 'notify:COMPLETED', 'reply:CREATED', 'reply:COMPLETED']);
  });
});
