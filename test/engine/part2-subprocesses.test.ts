import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../engine/clock/clock.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, advance, deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { HOUR, MINUTE, completeOne, incidentsOf, intents, liveElements, liveInstancesOf, localVariables, publish } from './part2-support.ts';

/**
 * Embedded sub-processes and event sub-processes (Zeebe's SubProcessProcessor and
 * EventSubProcessProcessor). A sub-process is a variable scope of its own: its input mappings
 * create local variables, and a job's variables propagate to the nearest scope that already
 * holds the name, else to the process. Boundary events on the sub-process interrupt everything
 * inside it. An event sub-process starts inside its scope: a non-interrupting one beside the
 * scope's other elements (and the scope waits for it), an interrupting one after terminating them;
 * its scope then completes normally and takes its outgoing flow.
 */
describe('embedded sub-process', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-subprocess');
  });
  afterAll(async () => h?.stop());

  it('is a variable scope: input mappings stay local, job variables propagate to where the name lives', async () => {
    const pi = await startInstance(h, zbc, 'p2-subprocess', { base: 5 });
    const [sub] = liveInstancesOf(h, pi, 'sub');
    expect(localVariables(h, sub!.key)).toEqual({ doubled: 10 });

    const work = await activateOne(zbc, 'p2sp-work');
    expect(work.variables).toEqual({ base: 5, doubled: 10 });
    // `doubled` exists in the sub-process scope: updated there; `result` exists nowhere: the process gets it.
    await zbc.completeJob({ jobKey: work.key, variables: { doubled: 11, result: 'r' } });
    await h.engine.whenIdle();
    expect(await variableWrites(h, pi, sub!.key)).toEqual([
      ['doubled', 10],
      ['doubled', 11],
    ]);
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['base', 5],
      ['result', 'r'],
    ]);

    const after = await activateOne(zbc, 'p2sp-after');
    expect(after.variables).toEqual({ base: 5, result: 'r' });
    await zbc.completeJob({ jobKey: after.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'subStart:ELEMENT_COMPLETED',
      'work:ELEMENT_COMPLETED',
      'subEnd:ELEMENT_COMPLETED',
      'sub:ELEMENT_COMPLETED',
      'after:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-subprocess:ELEMENT_COMPLETED',
    ]);
    // The boundary timer belonged to the sub-process and went with it.
    expect(await intents(h, pi, 'TIMER')).toEqual(['subTimeout:CREATED', 'subTimeout:CANCELED']);
  });

  it('an interrupting boundary timer on the sub-process terminates everything inside it', async () => {
    const pi = await startInstance(h, zbc, 'p2-subprocess', { base: 1 });
    const work = await activateOne(zbc, 'p2sp-work', { timeout: 2 * HOUR });
    await advance(h, HOUR - 1);
    expect(liveElements(h, pi)).toEqual(['sub:ACTIVATED', 'work:ACTIVATED']);
    await advance(h, 1);
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'subStart:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'subTimeout:ELEMENT_COMPLETED',
      'timedOut:ELEMENT_COMPLETED',
      'p2-subprocess:ELEMENT_COMPLETED',
    ]);
    expect((await records(h, pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    expect(h.engine.view.jobs.has(work.key)).toBe(false);
  });

  it('an error thrown by a task inside is caught by the error boundary on the sub-process', async () => {
    const pi = await startInstance(h, zbc, 'p2-subprocess', { base: 2 });
    const work = await activateOne(zbc, 'p2sp-work');
    await zbc.throwError({ jobKey: work.key, errorCode: 'SUB_FAILED', errorMessage: 'broken', variables: { why: 'disk' } });
    await h.engine.whenIdle();
    expect(incidentsOf(h, pi)).toEqual([]);
    const recover = await completeOne(h, zbc, 'p2sp-recover');
    // The error's variables arrive with the boundary event and propagate to the process.
    expect(recover.variables).toEqual({ base: 2, why: 'disk' });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'subStart:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'sub:ELEMENT_TERMINATED',
      'subFailed:ELEMENT_COMPLETED',
      'recover:ELEMENT_COMPLETED',
      'recovered:ELEMENT_COMPLETED',
      'p2-subprocess:ELEMENT_COMPLETED',
    ]);
    expect(await intents(h, pi, 'TIMER')).toEqual(['subTimeout:CREATED', 'subTimeout:CANCELED']);
  });
});

describe('event sub-processes', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['p2-esp-message', 'p2-esp-timer', 'p2-esp-error']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  it('non-interrupting message start: runs beside the task, once per message; the process waits for it', async () => {
    const pi = await startInstance(h, zbc, 'p2-esp-message', { orderId: 'o-1' });
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['updated:CREATED', 'cancelled:CREATED']);

    await publish(h, zbc, 'p2em-update', 'o-1', { note: 'gift wrap' });
    await publish(h, zbc, 'p2em-update', 'o-1', { note: 'leave at door' });
    expect(liveElements(h, pi)).toEqual(['note:ACTIVATED', 'note:ACTIVATED', 'onUpdate:ACTIVATED', 'onUpdate:ACTIVATED', 'work:ACTIVATED']);
    // The subscription stays open for further messages (non-interrupting).
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['updated:CREATED', 'cancelled:CREATED', 'updated:CORRELATED', 'updated:CORRELATED']);

    // Without output mappings the message variables propagate from the start event outwards: `note`
    // exists nowhere, so both land in the process scope, the second overwriting the first (Zeebe's
    // EventTriggerBehavior keeps them for the start event's output mappings only).
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['orderId', 'o-1'],
      ['note', 'gift wrap'],
      ['note', 'leave at door'],
    ]);
    const notes = await activate(zbc, 'p2em-note');
    expect(notes.map((j) => j.variables.note)).toEqual(['leave at door', 'leave at door']);
    await completeOne(h, zbc, 'p2em-work');
    // The main path ended, but the process waits for its running event sub-processes.
    expect(isLive(h, pi)).toBe(true);
    for (const job of notes) await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    const completed = await trail(h, pi, ['ELEMENT_COMPLETED']);
    expect(completed.filter((t) => t.startsWith('onUpdate'))).toHaveLength(2);
    expect(completed.at(-1)).toBe('p2-esp-message:ELEMENT_COMPLETED');
    expect(await trail(h, pi, ['ELEMENT_TERMINATED'])).toEqual([]);
    expect((await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).slice(-2).sort()).toEqual(['cancelled:DELETED', 'updated:DELETED']);
  });

  it('interrupting message start: terminates the task, closes the other subscriptions, the message variables reach the handler', async () => {
    const pi = await startInstance(h, zbc, 'p2-esp-message', { orderId: 'o-2' });
    const work = await activateOne(zbc, 'p2em-work');
    await publish(h, zbc, 'p2em-cancel', 'o-2', { reason: 'customer' });
    expect(h.engine.view.jobs.has(work.key)).toBe(false);
    expect(await intents(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['updated:CREATED', 'cancelled:CREATED', 'cancelled:CORRELATED', 'updated:DELETED']);
    // A later update finds no subscription any more.
    await publish(h, zbc, 'p2em-update', 'o-2', { note: 'late' });
    expect(liveElements(h, pi)).toEqual(['onCancel:ACTIVATED', 'refund:ACTIVATED']);

    const refund = await completeOne(h, zbc, 'p2em-refund');
    expect(refund.variables).toEqual({ orderId: 'o-2', reason: 'customer' });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'cancelled:ELEMENT_COMPLETED',
      'refund:ELEMENT_COMPLETED',
      'cancelEnd:ELEMENT_COMPLETED',
      'onCancel:ELEMENT_COMPLETED',
      'p2-esp-message:ELEMENT_COMPLETED',
    ]);
  });

  it('timer starts: a non-interrupting cycle R2/PT10M runs twice, an interrupting PT1H ends the task', async () => {
    const t0 = h.clock.now();
    const pi = await startInstance(h, zbc, 'p2-esp-timer');
    const timers = () => [...h.engine.view.timers.values()].filter((t) => t.processInstanceKey === pi).map((t) => [t.targetElementId, t.dueDate - t0, t.repetitions]);
    expect(timers()).toEqual([
      ['remind', 10 * MINUTE, 2],
      ['expired', HOUR, 1],
    ]);
    await advance(h, 10 * MINUTE);
    expect(timers()).toEqual([
      ['expired', HOUR, 1],
      ['remind', 20 * MINUTE, 1],
    ]);
    await advance(h, 10 * MINUTE);
    expect(timers()).toEqual([['expired', HOUR, 1]]);
    expect(liveElements(h, pi)).toEqual(['work:ACTIVATED']);
    await advance(h, 40 * MINUTE);
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'remind:ELEMENT_COMPLETED',
      'reminded:ELEMENT_COMPLETED',
      'reminders:ELEMENT_COMPLETED',
      'remind:ELEMENT_COMPLETED',
      'reminded:ELEMENT_COMPLETED',
      'reminders:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'expired:ELEMENT_COMPLETED',
      'expiredEnd:ELEMENT_COMPLETED',
      'deadline:ELEMENT_COMPLETED',
      'p2-esp-timer:ELEMENT_COMPLETED',
    ]);
    expect((await records(h, pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    expect((h.clock as VirtualClock).now() - t0).toBe(HOUR);
  });

  it('error start inside a sub-process: catches its code there, and the sub-process then completes normally', async () => {
    const pi = await startInstance(h, zbc, 'p2-esp-error');
    const work = await activateOne(zbc, 'p2ee-work');
    await zbc.throwError({ jobKey: work.key, errorCode: 'INNER_ERR', variables: { detail: 'x' } });
    await h.engine.whenIdle();
    const handle = await completeOne(h, zbc, 'p2ee-handle');
    expect(handle.variables).toEqual({ detail: 'x' });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'innerStart:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'innerCaught:ELEMENT_COMPLETED',
      'handleInner:ELEMENT_COMPLETED',
      'innerHandled:ELEMENT_COMPLETED',
      'innerHandler:ELEMENT_COMPLETED',
      'inner:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-esp-error:ELEMENT_COMPLETED',
    ]);
  });

  it('an error code the inner event sub-process does not name goes on to the catch-all one of the process', async () => {
    const pi = await startInstance(h, zbc, 'p2-esp-error');
    const work = await activateOne(zbc, 'p2ee-work');
    await zbc.throwError({ jobKey: work.key, errorCode: 'OTHER' });
    await h.engine.whenIdle();
    expect(incidentsOf(h, pi)).toEqual([]);
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'innerStart:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'inner:ELEMENT_TERMINATED',
      'outerCaught:ELEMENT_COMPLETED',
      'outerHandled:ELEMENT_COMPLETED',
      'outerHandler:ELEMENT_COMPLETED',
      'p2-esp-error:ELEMENT_COMPLETED',
    ]);
  });
});
