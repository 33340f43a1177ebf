import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { deployModel, isLive, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { broadcast, completeOne, instancesOf, intents, liveElements } from './part2-support.ts';

/**
 * Signals (docs "Signal events"): a broadcast reaches everything waiting for the signal's name at
 * that moment — signal start events of the latest versions (one new instance each), intermediate
 * catch events, boundary events (interrupting or not), event sub-process starts — and is not
 * buffered. Throw and end events broadcast too, with the throw event's input mappings as the
 * signal's variables. BroadcastSignal is the gateway RPC (`zbc.broadcastSignal`).
 */
describe('signals', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['p2-signal-start', 'p2-signal-catch', 'p2-signal-boundary', 'p2-signal-throw', 'p2-signal-esp']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  const signalRecords = async () =>
    (await h.db.knex('records').where({ value_type: 'SIGNAL' }).orderBy('position').select('intent', 'value')).map(
      (r: { intent: string; value: { signalName: string; variables: unknown } }) => [r.intent, r.value.signalName, r.value.variables],
    );

  it('BroadcastSignal starts an instance at a signal start event, with the signal variables', async () => {
    const res = await broadcast(h, zbc, 'p2-sig-start', { batch: 7 });
    expect(res.key).toMatch(/^\d+$/);
    const [pi, ...more] = await instancesOf(h, 'p2-signal-start');
    expect(more).toEqual([]);
    expect(await variableWrites(h, pi!, pi!)).toEqual([['batch', 7]]);
    const job = await completeOne(h, zbc, 'p2ss-work');
    expect(job.variables).toEqual({ batch: 7 });
    expect(await trail(h, pi!)).toEqual(['signalled:ELEMENT_COMPLETED', 'work:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-signal-start:ELEMENT_COMPLETED']);
    expect(await signalRecords()).toEqual([['BROADCASTED', 'p2-sig-start', { batch: 7 }]]);
    // A second broadcast starts a second instance; no subscription is used up.
    await broadcast(h, zbc, 'p2-sig-start');
    expect(await instancesOf(h, 'p2-signal-start')).toHaveLength(2);
    await completeOne(h, zbc, 'p2ss-work');
  });

  it('an intermediate catch event: every waiting instance continues; a signal before the subscription is lost', async () => {
    await broadcast(h, zbc, 'p2-sig-go', { early: true });
    const a = await startInstance(h, zbc, 'p2-signal-catch', { n: 1 });
    const b = await startInstance(h, zbc, 'p2-signal-catch', { n: 2 });
    expect(liveElements(h, a)).toEqual(['waitGo:ACTIVATED']);
    expect(await intents(h, a, 'SIGNAL_SUBSCRIPTION')).toEqual(['waitGo:CREATED']);
    await broadcast(h, zbc, 'p2-sig-go', { go: 'now' });
    for (const pi of [a, b]) {
      expect(isLive(h, pi)).toBe(false);
      expect(await intents(h, pi, 'SIGNAL_SUBSCRIPTION')).toEqual(['waitGo:CREATED', 'waitGo:DELETED']);
      expect((await variableWrites(h, pi, pi)).map(([name]) => name)).toEqual(['n', 'go']);
      expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'waitGo:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-signal-catch:ELEMENT_COMPLETED']);
    }
  });

  it('boundary events: non-interrupting runs beside the task each time, interrupting ends it', async () => {
    const pi = await startInstance(h, zbc, 'p2-signal-boundary');
    await broadcast(h, zbc, 'p2-sig-ping');
    await broadcast(h, zbc, 'p2-sig-ping');
    expect(liveElements(h, pi)).toEqual(['work:ACTIVATED']);
    await broadcast(h, zbc, 'p2-sig-abort', { why: 'shutdown' });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'pinged:ELEMENT_COMPLETED',
      'pingEnd:ELEMENT_COMPLETED',
      'pinged:ELEMENT_COMPLETED',
      'pingEnd:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'aborted:ELEMENT_COMPLETED',
      'abortEnd:ELEMENT_COMPLETED',
      'p2-signal-boundary:ELEMENT_COMPLETED',
    ]);
    expect(await intents(h, pi, 'SIGNAL_SUBSCRIPTION')).toEqual(['aborted:CREATED', 'pinged:CREATED', 'aborted:DELETED', 'pinged:DELETED']);
    expect(await intents(h, pi, 'JOB')).toEqual(['work:CREATED', 'work:CANCELED']);
    expect(await variableWrites(h, pi, pi)).toEqual([['why', 'shutdown']]);
  });

  it('an intermediate throw event and an end event broadcast their signals; the throw event’s input mappings are the variables', async () => {
    const waiting = await startInstance(h, zbc, 'p2-signal-catch', { n: 3 });
    const working = await startInstance(h, zbc, 'p2-signal-boundary');
    const thrower = await startInstance(h, zbc, 'p2-signal-throw', { orderId: 'o-9' });
    expect(isLive(h, thrower)).toBe(false);
    expect(await trail(h, thrower)).toEqual(['start:ELEMENT_COMPLETED', 'sendGo:ELEMENT_COMPLETED', 'sendAbort:ELEMENT_COMPLETED', 'p2-signal-throw:ELEMENT_COMPLETED']);
    expect((await signalRecords()).slice(-2)).toEqual([
      ['BROADCASTED', 'p2-sig-go', { fromThrow: 'o-9' }],
      ['BROADCASTED', 'p2-sig-abort', {}],
    ]);
    expect(isLive(h, waiting)).toBe(false);
    expect(await variableWrites(h, waiting, waiting)).toEqual([
      ['n', 3],
      ['fromThrow', 'o-9'],
    ]);
    expect(isLive(h, working)).toBe(false);
    expect(await trail(h, working)).toContain('aborted:ELEMENT_COMPLETED');
  });

  it('event sub-process starts: non-interrupting in the process, interrupting inside a sub-process', async () => {
    const pi = await startInstance(h, zbc, 'p2-signal-esp');
    expect(await intents(h, pi, 'SIGNAL_SUBSCRIPTION')).toEqual(['noted:CREATED', 'stopped:CREATED']);
    await broadcast(h, zbc, 'p2-sig-esp-note');
    expect(liveElements(h, pi)).toEqual(['inner:ACTIVATED', 'work:ACTIVATED']);
    await broadcast(h, zbc, 'p2-sig-esp-stop');
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'innerStart:ELEMENT_COMPLETED',
      'noted:ELEMENT_COMPLETED',
      'notedEnd:ELEMENT_COMPLETED',
      'onNote:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'stopped:ELEMENT_COMPLETED',
      'stoppedEnd:ELEMENT_COMPLETED',
      'onStop:ELEMENT_COMPLETED',
      'inner:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-signal-esp:ELEMENT_COMPLETED',
    ]);
  });
});
