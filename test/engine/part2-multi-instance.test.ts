import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, advance, deployModel, isLive, records, sdkDocument, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { HOUR, completeOne, incidentsOf, instancesOf, intents, liveElements, localVariables, typed } from './part2-support.ts';

/**
 * Multi-instance activities (Zeebe's MultiInstanceBodyProcessor). A body (MULTI_INSTANCE_BODY,
 * same element id) evaluates the input collection once, holds the output collection (initialised
 * with one null per item) and starts the inner instances: all at once (parallel) or one after
 * another (sequential). Each inner instance has local `loopCounter` (from 1), the input element,
 * and — when the output element is just a variable — that variable as a local null, so its value
 * stays per instance. The completion condition sees numberOfCompletedInstances including the
 * instance completing; when it holds, the others are terminated and the body completes. An empty
 * collection completes the body at once; a collection that is not an array is an
 * EXTRACT_VALUE_ERROR incident. Boundary events belong to the body: an interrupting one
 * terminates every inner instance.
 */
describe('multi-instance', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['p2-call-child', 'p2-mi-task', 'p2-mi-sequential', 'p2-mi-subprocess', 'p2-mi-subprocess-sequential', 'p2-mi-call', 'p2-mi-call-parallel']) {
      await deployModel(zbc, m);
    }
  });
  afterAll(async () => h?.stop());

  it('parallel on a service task: one job per item at once; the output collection keeps item order', async () => {
    const pi = await startInstance(h, zbc, 'p2-mi-task', { items: [1, 2, 3] });
    expect(await typed(h, pi, 'ELEMENT_ACTIVATED')).toEqual([
      'p2-mi-task:PROCESS',
      'start:START_EVENT',
      'task:MULTI_INSTANCE_BODY',
      'task:SERVICE_TASK',
      'task:SERVICE_TASK',
      'task:SERVICE_TASK',
    ]);
    const jobs = await activate(zbc, 'p2mi-item');
    expect(jobs.map((j) => j.variables)).toEqual([1, 2, 3].map((n) => ({ items: [1, 2, 3], results: [null, null, null], item: n, loopCounter: n })));
    // Completed out of order: each result still goes to its item's index.
    for (const job of [jobs[2]!, jobs[0]!, jobs[1]!]) await zbc.completeJob({ jobKey: job.key, variables: { ignored: true } });
    await h.engine.whenIdle();
    const after = await completeOne(h, zbc, 'p2mi-after');
    expect(after.variables).toEqual({ items: [1, 2, 3], results: [10, 20, 30], ignored: true });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'task:ELEMENT_COMPLETED',
      'task:ELEMENT_COMPLETED',
      'task:ELEMENT_COMPLETED',
      'task:ELEMENT_COMPLETED',
      'after:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-mi-task:ELEMENT_COMPLETED',
    ]);
    expect((await typed(h, pi, 'ELEMENT_COMPLETED')).filter((t) => t.startsWith('task:'))).toEqual([
      'task:SERVICE_TASK',
      'task:SERVICE_TASK',
      'task:SERVICE_TASK',
      'task:MULTI_INSTANCE_BODY',
    ]);
    // The loop variables stayed in the inner instances.
    expect((await variableWrites(h, pi, pi)).map(([name]) => name)).toEqual(['items', 'ignored', 'results']);
  });

  it('sequential on a service task with a completion condition: one at a time, stops after two', async () => {
    const pi = await startInstance(h, zbc, 'p2-mi-sequential', { items: ['a', 'b', 'c', 'd'] });
    const first = await activate(zbc, 'p2mis-item');
    expect(first.map((j) => [j.variables.item, j.variables.loopCounter])).toEqual([['a', 1]]);
    await zbc.completeJob({ jobKey: first[0]!.key, variables: {} });
    await h.engine.whenIdle();
    const second = await activate(zbc, 'p2mis-item');
    expect(second.map((j) => [j.variables.item, j.variables.loopCounter])).toEqual([['b', 2]]);
    await zbc.completeJob({ jobKey: second[0]!.key, variables: {} });
    await h.engine.whenIdle();
    // numberOfCompletedInstances >= 2 holds once the second completes: no third instance.
    expect(isLive(h, pi)).toBe(false);
    expect(await activate(zbc, 'p2mis-item')).toEqual([]);
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['items', ['a', 'b', 'c', 'd']],
      ['results', ['A', 'B', null, null]],
    ]);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'task:ELEMENT_COMPLETED', 'task:ELEMENT_COMPLETED', 'task:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-mi-sequential:ELEMENT_COMPLETED']);
  });

  it('parallel on a sub-process: the output element is local per instance; the completion condition terminates the rest', async () => {
    const orders = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const pi = await startInstance(h, zbc, 'p2-mi-subprocess', { orders });
    const inner = [...h.engine.view.elements.values()].filter((e) => e.processInstanceKey === pi && e.elementType === 'SUB_PROCESS');
    expect(inner.map((e) => localVariables(h, e.key))).toEqual(orders.map((order, i) => ({ order, total: null, loopCounter: i + 1 })));

    const jobs = await activate(zbc, 'p2mip-price');
    expect(jobs.map((j) => j.variables.order)).toEqual(orders);
    await zbc.completeJob({ jobKey: jobs[1]!.key, variables: { total: 20 } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(true);
    await zbc.completeJob({ jobKey: jobs[2]!.key, variables: { total: 30 } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    // `total` never reached the process scope; the first order's instance was terminated.
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['orders', orders],
      ['totals', [null, 20, 30]],
    ]);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'orderStart:ELEMENT_COMPLETED',
      'orderStart:ELEMENT_COMPLETED',
      'orderStart:ELEMENT_COMPLETED',
      'price:ELEMENT_COMPLETED',
      'orderEnd:ELEMENT_COMPLETED',
      'perOrder:ELEMENT_COMPLETED',
      'price:ELEMENT_COMPLETED',
      'orderEnd:ELEMENT_COMPLETED',
      'perOrder:ELEMENT_COMPLETED',
      'price:ELEMENT_TERMINATED',
      'perOrder:ELEMENT_TERMINATED',
      'perOrder:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'p2-mi-subprocess:ELEMENT_COMPLETED',
    ]);
    expect((await records(h, pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CREATED', 'CREATED', 'COMPLETED', 'COMPLETED', 'CANCELED']);
  });

  it('sequential on a sub-process: the next instance starts when the previous one completed', async () => {
    const pi = await startInstance(h, zbc, 'p2-mi-subprocess-sequential', { orders: ['x', 'y'] });
    const first = await completeOne(h, zbc, 'p2mips-price', { total: 1 });
    expect(first.variables).toEqual({ orders: ['x', 'y'], totals: [null, null], order: 'x', total: null, loopCounter: 1 });
    const second = await completeOne(h, zbc, 'p2mips-price', { total: 2 });
    expect(second.variables).toEqual({ orders: ['x', 'y'], totals: [1, null], order: 'y', total: null, loopCounter: 2 });
    expect(isLive(h, pi)).toBe(false);
    expect((await variableWrites(h, pi, pi)).at(-1)).toEqual(['totals', [1, 2]]);
  });

  it.each([
    ['p2-mi-call-parallel', true],
    ['p2-mi-call', false],
  ])('%s: one child instance per item, each reply collected at its index', async (processId, parallel) => {
    // The call activity maps `childResult` out. Zeebe 8.6 (measured by the differential suite) sets
    // the child's variables locally on the inner instance, so the output element reads each reply
    // there, and writes the output mappings from the flow scope: each reply also reaches the process
    // as `childResult`. The child's copy of `replies` never overwrites the body's collection.

    const before = (await instancesOf(h, 'p2-call-child')).length;
    const pi = await startInstance(h, zbc, processId, { customers: ['ann', 'bob'] });
    expect((await instancesOf(h, 'p2-call-child')).length - before).toBe(parallel ? 2 : 1);
    const replyTo = async () => {
      const jobs = await activate(zbc, 'p2cc-work');
      for (const job of jobs.reverse()) {
        // The child sees the call activity's inner instance variables (propagateAllParentVariables).
        expect(job.variables).toMatchObject({ customer: expect.any(String), childResult: null, loopCounter: expect.any(Number) });
        await zbc.completeJob({ jobKey: job.key, variables: { childResult: `hi ${String(job.variables.customer)}` } });
      }
      await h.engine.whenIdle();
      return jobs.length;
    };
    expect(await replyTo()).toBe(parallel ? 2 : 1);
    if (!parallel) expect(await replyTo()).toBe(1);
    expect(isLive(h, pi)).toBe(false);
    const writes = await variableWrites(h, pi, pi);
    expect(writes[0]).toEqual(['customers', ['ann', 'bob']]);
    expect(writes.slice(1, 3).map(([name, value]) => `${name}=${String(value)}`).sort()).toEqual(['childResult=hi ann', 'childResult=hi bob']);
    expect(writes.slice(3)).toEqual([['replies', ['hi ann', 'hi bob']]]);
    expect((await instancesOf(h, 'p2-call-child')).length - before).toBe(2);
  });

  it('an empty collection completes the body at once with an empty output collection', async () => {
    const pi = await startInstance(h, zbc, 'p2-mi-task', { items: [] });
    const after = await completeOne(h, zbc, 'p2mi-after');
    expect(after.variables).toEqual({ items: [], results: [] });
    expect(isLive(h, pi)).toBe(false);
    expect(await typed(h, pi, 'ELEMENT_COMPLETED')).toEqual([
      'start:START_EVENT',
      'task:MULTI_INSTANCE_BODY',
      'after:SERVICE_TASK',
      'end:END_EVENT',
      'p2-mi-task:PROCESS',
    ]);
  });

  it('a collection that is not an array is an EXTRACT_VALUE_ERROR incident on the body; fixing it and resolving continues', async () => {
    const pi = await startInstance(h, zbc, 'p2-mi-task', { items: 'abc' });
    const [incident, ...more] = incidentsOf(h, pi);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({
      errorType: 'EXTRACT_VALUE_ERROR',
      errorMessage: "Expected result of the expression 'items' to be 'ARRAY', but was 'STRING'.",
      elementId: 'task',
    });
    expect(h.engine.view.elements.get(incident!.elementInstanceKey)).toMatchObject({ elementType: 'MULTI_INSTANCE_BODY', state: 'ACTIVATING' });
    await zbc.setVariables({ elementInstanceKey: pi, variables: sdkDocument({ items: [7] }), local: true });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    const job = await completeOne(h, zbc, 'p2mi-item');
    expect(job.variables).toMatchObject({ item: 7, loopCounter: 1 });
    const after = await completeOne(h, zbc, 'p2mi-after');
    expect(after.variables).toEqual({ items: [7], results: [70] });
    expect(isLive(h, pi)).toBe(false);
  });

  it('an interrupting boundary timer on the multi-instance activity terminates every inner instance', async () => {
    const pi = await startInstance(h, zbc, 'p2-mi-task', { items: [1, 2, 3] });
    const jobs = await activate(zbc, 'p2mi-item', { timeout: 2 * HOUR });
    await zbc.completeJob({ jobKey: jobs[0]!.key, variables: {} });
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['task:ACTIVATED', 'task:ACTIVATED', 'task:ACTIVATED']);
    expect(await intents(h, pi, 'TIMER')).toEqual(['tooSlow:CREATED']);
    await advance(h, HOUR);
    expect(isLive(h, pi)).toBe(false);
    expect(await typed(h, pi, 'ELEMENT_TERMINATED')).toEqual(['task:SERVICE_TASK', 'task:SERVICE_TASK', 'task:MULTI_INSTANCE_BODY']);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'task:ELEMENT_COMPLETED',
      'task:ELEMENT_TERMINATED',
      'task:ELEMENT_TERMINATED',
      'task:ELEMENT_TERMINATED',
      'tooSlow:ELEMENT_COMPLETED',
      'timedOut:ELEMENT_COMPLETED',
      'p2-mi-task:ELEMENT_COMPLETED',
    ]);
    expect((await records(h, pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CREATED', 'CREATED', 'COMPLETED', 'CANCELED', 'CANCELED']);
    expect(await activateOne(zbc, 'p2mi-item').catch(() => 'none')).toBe('none');
  });
});
