import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, advance, deployModel, grpcError, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';

/**
 * Timers on the virtual clock: intermediate duration and date timers; an interrupting boundary
 * timer cancels the task's job and takes the boundary path; a non-interrupting cycle `R3/PT10M`
 * fires three times, ten minutes apart, while the task stays active.
 */
describe('timers', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['timer-duration', 'timer-date', 'timer-boundary-interrupting', 'timer-cycle-non-interrupting']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  const MINUTE = 60_000;
  const timersOf = (pi: string) => [...h.engine.view.timers.values()].filter((t) => t.processInstanceKey === pi);

  it('an intermediate duration timer fires after exactly PT1H', async () => {
    const start = h.clock.now();
    const pi = await startInstance(h, zbc, 'timer-duration');
    expect(timersOf(pi)).toMatchObject([{ targetElementId: 'wait', dueDate: start + 60 * MINUTE, repetitions: 1 }]);

    await advance(h, 60 * MINUTE - 1);
    expect(isLive(h, pi)).toBe(true);
    await advance(h, 1);
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'TIMER')).map((r) => r.intent)).toEqual(['CREATED', 'TRIGGERED']);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'wait:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'timer-duration:ELEMENT_COMPLETED']);
  });

  it('an intermediate date timer fires at the date given by a variable', async () => {
    const due = h.clock.now() + 2 * 60 * MINUTE;
    const pi = await startInstance(h, zbc, 'timer-date', { due: new Date(due).toISOString() });
    expect(timersOf(pi)).toMatchObject([{ targetElementId: 'wait', dueDate: due }]);
    await advance(h, 2 * 60 * MINUTE - 1);
    expect(isLive(h, pi)).toBe(true);
    await advance(h, 1);
    expect(isLive(h, pi)).toBe(false);
  });

  it('a date timer whose date has passed fires at once', async () => {
    const pi = await startInstance(h, zbc, 'timer-date', { due: new Date(h.clock.now() - MINUTE).toISOString() });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toContain('wait:ELEMENT_COMPLETED');
  });

  it('an interrupting boundary timer cancels the job and takes the boundary path', async () => {
    const pi = await startInstance(h, zbc, 'timer-boundary');
    // The worker holds the job for longer than the boundary timer (else it would time out first).
    const job = await activateOne(zbc, 'tb-work', { timeout: 120 * MINUTE });
    await advance(h, 30 * MINUTE);

    expect(isLive(h, pi)).toBe(false);
    expect(h.engine.view.jobs.has(job.key)).toBe(false);
    expect((await records(h, pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'timeout:ELEMENT_COMPLETED',
      'timedOut:ELEMENT_COMPLETED',
      'timer-boundary:ELEMENT_COMPLETED',
    ]);
    const late = await grpcError(zbc.completeJob({ jobKey: job.key, variables: {} }));
    expect(late.code).toBe(5);
  });

  it('the boundary timer is cancelled when the task completes first', async () => {
    const pi = await startInstance(h, zbc, 'timer-boundary');
    const job = await activateOne(zbc, 'tb-work');
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(timersOf(pi)).toEqual([]);
    expect((await records(h, pi, 'TIMER')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    await advance(h, 30 * MINUTE);
    expect(await trail(h, pi)).not.toContain('timeout:ELEMENT_COMPLETED');
  });

  it('a non-interrupting cycle R3/PT10M fires three times and the task stays', async () => {
    const start = h.clock.now();
    const pi = await startInstance(h, zbc, 'timer-cycle');
    const reminders = async () => (await trail(h, pi)).filter((t) => t === 'reminded:ELEMENT_COMPLETED').length;
    expect(timersOf(pi)).toMatchObject([{ targetElementId: 'remind', dueDate: start + 10 * MINUTE, repetitions: 3 }]);

    await advance(h, 10 * MINUTE);
    expect(await reminders()).toBe(1);
    expect(timersOf(pi)).toMatchObject([{ dueDate: start + 20 * MINUTE, repetitions: 2 }]);
    await advance(h, 10 * MINUTE);
    expect(await reminders()).toBe(2);
    await advance(h, 10 * MINUTE);
    expect(await reminders()).toBe(3);
    expect(timersOf(pi)).toEqual([]);
    await advance(h, 60 * MINUTE);
    expect(await reminders()).toBe(3);

    expect(isLive(h, pi)).toBe(true);
    const job = await activateOne(zbc, 'tc-work');
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'TIMER')).map((r) => r.intent)).toEqual(['CREATED', 'TRIGGERED', 'CREATED', 'TRIGGERED', 'CREATED', 'TRIGGERED']);
    expect(await activate(zbc, 'tc-work')).toEqual([]);
  });

  it('cancelling the task mid-cycle stops the remaining repetitions', async () => {
    const pi = await startInstance(h, zbc, 'timer-cycle');
    await advance(h, 10 * MINUTE);
    const job = await activateOne(zbc, 'tc-work');
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(timersOf(pi)).toEqual([]);
    await advance(h, 30 * MINUTE);
    expect((await trail(h, pi)).filter((t) => t === 'reminded:ELEMENT_COMPLETED')).toHaveLength(1);
    expect((await records(h, pi, 'TIMER')).map((r) => r.intent)).toEqual(['CREATED', 'TRIGGERED', 'CREATED', 'CANCELED']);
  });
});
