import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, advance, deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { HOUR, MINUTE, completeOne, intents, liveElements, publish, typed } from './part2-support.ts';

/**
 * Scenarios that combine element kinds (the third named one, compensation inside a sub-process
 * after a multi-instance activity, is in part2-compensation.test.ts):
 * - an event-based gateway racing a message and a timer: a message buffered before the gateway is
 *   reached wins at once; one published a millisecond before the timer is due wins; at the due
 *   instant the timer has fired first and a message then finds no subscription (it stays buffered,
 *   unused);
 * - an interrupting event sub-process cancelling a multi-instance activity: a timer one inside the
 *   sub-process terminates every inner instance and the body, its handler runs and the sub-process
 *   completes; a message one at the process level terminates the whole sub-process.
 */
describe('event-based gateway racing a message and a timer', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-event-gateway');
  });
  afterAll(async () => h?.stop());

  const winner = async (pi: string) => (await trail(h, pi)).find((t) => t === 'paid:ELEMENT_COMPLETED' || t === 'expired:ELEMENT_COMPLETED');

  it('a message buffered before the gateway is reached wins at once', async () => {
    await publish(h, zbc, 'p2eg-paid', 'race-1', { early: true }, HOUR);
    const pi = await startInstance(h, zbc, 'p2-event-gateway', { orderId: 'race-1' });
    expect(isLive(h, pi)).toBe(false);
    expect(await winner(pi)).toBe('paid:ELEMENT_COMPLETED');
    expect(await intents(h, pi, 'TIMER')).toEqual(['expired:CREATED', 'expired:CANCELED']);
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['orderId', 'race-1'],
      ['early', true],
    ]);
  });

  it('a message one millisecond before the timer is due wins; the timer never fires', async () => {
    const pi = await startInstance(h, zbc, 'p2-event-gateway', { orderId: 'race-2' });
    await advance(h, 30 * MINUTE - 1);
    await publish(h, zbc, 'p2eg-paid', 'race-2');
    await advance(h, 1);
    expect(isLive(h, pi)).toBe(false);
    expect(await winner(pi)).toBe('paid:ELEMENT_COMPLETED');
    expect(await intents(h, pi, 'TIMER')).toEqual(['expired:CREATED', 'expired:CANCELED']);
    expect(await typed(h, pi, 'ELEMENT_ACTIVATED')).not.toContain('expired:INTERMEDIATE_CATCH_EVENT');
  });

  it('at the due instant the timer wins; the message that follows is not correlated and stays buffered', async () => {
    const pi = await startInstance(h, zbc, 'p2-event-gateway', { orderId: 'race-3' });
    await advance(h, 30 * MINUTE);
    const message = await publish(h, zbc, 'p2eg-paid', 'race-3', { late: true }, HOUR);
    expect(await winner(pi)).toBe('expired:ELEMENT_COMPLETED');
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['paid:CREATED', 'paid:DELETED']);
    expect(await variableWrites(h, pi, pi)).toEqual([['orderId', 'race-3']]);
    expect(h.engine.view.messages.get(message.key)).toMatchObject({ correlationKey: 'race-3', correlatedTo: [] });
    // The next instance with that key takes the buffered message at once.
    const next = await startInstance(h, zbc, 'p2-event-gateway', { orderId: 'race-3' });
    expect(await winner(next)).toBe('paid:ELEMENT_COMPLETED');
    expect((await variableWrites(h, next, next)).map(([n]) => n)).toEqual(['orderId', 'late']);
  });
});

describe('interrupting event sub-process cancelling a multi-instance activity', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-esp-multi-instance');
  });
  afterAll(async () => h?.stop());

  it('a timer event sub-process inside the sub-process terminates every inner instance and the body', async () => {
    const pi = await startInstance(h, zbc, 'p2-esp-multi-instance', { batchId: 'b-1', items: [1, 2, 3] });
    const jobs = await activate(zbc, 'p2emi-item', { timeout: 2 * HOUR });
    expect(jobs.map((j) => j.variables.entry)).toEqual([1, 2, 3]);
    await zbc.completeJob({ jobKey: jobs[1]!.key, variables: {} });
    await h.engine.whenIdle();
    await advance(h, HOUR);
    expect(liveElements(h, pi)).toEqual(['batch:ACTIVATED', 'overdue:ACTIVATED', 'reportLate:ACTIVATED']);
    expect(await typed(h, pi, 'ELEMENT_TERMINATED')).toEqual(['item:SERVICE_TASK', 'item:SERVICE_TASK', 'item:MULTI_INSTANCE_BODY']);
    expect((await records(h, pi, 'JOB')).filter((r) => r.intent === 'CANCELED')).toHaveLength(2);
    // The late results of the cancelled items are refused.
    for (const job of [jobs[0]!, jobs[2]!]) await expect(zbc.completeJob({ jobKey: job.key, variables: {} })).rejects.toMatchObject({ code: 5 });

    await completeOne(h, zbc, 'p2emi-late');
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'batchStart:ELEMENT_COMPLETED',
      'item:ELEMENT_COMPLETED',
      'item:ELEMENT_TERMINATED',
      'item:ELEMENT_TERMINATED',
      'item:ELEMENT_TERMINATED',
      'overdueStart:ELEMENT_COMPLETED',
      'reportLate:ELEMENT_COMPLETED',
      'overdueEnd:ELEMENT_COMPLETED',
      'overdue:ELEMENT_COMPLETED',
      'batch:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-esp-multi-instance:ELEMENT_COMPLETED',
    ]);
  });

  it('a message event sub-process at the process level terminates the sub-process with its multi-instance activity', async () => {
    const pi = await startInstance(h, zbc, 'p2-esp-multi-instance', { batchId: 'b-2', items: ['x', 'y'] });
    await publish(h, zbc, 'p2emi-abort', 'b-2');
    expect(isLive(h, pi)).toBe(false);
    expect(await activate(zbc, 'p2emi-item')).toEqual([]);
    expect(await typed(h, pi, 'ELEMENT_TERMINATED')).toEqual(['item:SERVICE_TASK', 'item:SERVICE_TASK', 'item:MULTI_INSTANCE_BODY', 'batch:SUB_PROCESS']);
    // The sub-process's own event sub-process timer went with it.
    expect(await intents(h, pi, 'TIMER')).toEqual(['overdueStart:CREATED', 'overdueStart:CANCELED']);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'batchStart:ELEMENT_COMPLETED',
      'item:ELEMENT_TERMINATED',
      'item:ELEMENT_TERMINATED',
      'item:ELEMENT_TERMINATED',
      'batch:ELEMENT_TERMINATED',
      'abortStart:ELEMENT_COMPLETED',
      'abortEnd:ELEMENT_COMPLETED',
      'aborted:ELEMENT_COMPLETED',
      'p2-esp-multi-instance:ELEMENT_COMPLETED',
    ]);
  });
});
