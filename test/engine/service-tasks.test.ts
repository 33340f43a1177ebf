import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activateOne, deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';

/**
 * Service tasks through the gateway: what a worker gets (job fields, headers, variables), and how
 * variables flow back (Zeebe: without output mappings the completion variables propagate from the
 * task scope; with output mappings only their results reach the flow scope; input mappings are
 * local variables of the task).
 */
describe('service tasks', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
  });
  afterAll(async () => h?.stop());

  it('hands the worker every job field: type, headers, retries, keys, deadline, variables', async () => {
    const deployed = await deployModel(zbc, 'service-task-job-fields');
    const variables = { orderId: 'o-1', amount: 250, customer: { name: 'Ada', vip: true }, tags: ['a', 'b'] };
    const pi = await startInstance(h, zbc, 'st-job-fields', variables);

    const now = h.clock.now();
    const job = await activateOne(zbc, 'st-fields-work', { timeout: 45_000, worker: 'fields-worker' });
    const element = [...h.engine.view.elements.values()].find((e) => e.processInstanceKey === pi && e.elementId === 'work')!;
    expect(job).toMatchObject({
      type: 'st-fields-work',
      processInstanceKey: pi,
      bpmnProcessId: 'st-job-fields',
      processDefinitionVersion: 1,
      processDefinitionKey: deployed.processDefinitionKey,
      elementId: 'work',
      elementInstanceKey: element.key,
      customHeaders: { region: 'eu-west', sla: 'PT4H' },
      worker: 'fields-worker',
      retries: 5,
      tenantId: '<default>',
    });
    expect(Number(job.deadline)).toBe(now + 45_000);
    expect(job.variables).toEqual(variables);

    const created = (await records(h, pi, 'JOB')).find((r) => r.intent === 'CREATED')!;
    expect(created.key).toBe(job.key);
    expect(created.element_id).toBe('work');
    expect(created.value).toMatchObject({ type: 'st-fields-work', retries: 5, customHeaders: { region: 'eu-west', sla: 'PT4H' }, elementInstanceKey: job.elementInstanceKey });

    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'work:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'st-job-fields:ELEMENT_COMPLETED']);
  });

  it('fetchVariable limits the variables to the names asked for (unknown names are left out)', async () => {
    await deployModel(zbc, 'service-task-job-fields');
    const pi = await startInstance(h, zbc, 'st-job-fields', { a: 1, b: 'two', c: { d: true }, e: null });
    const job = await activateOne(zbc, 'st-fields-work', { fetchVariable: ['a', 'c', 'e', 'missing'] });
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toEqual({ a: 1, c: { d: true }, e: null });
    await zbc.completeJob({ jobKey: job.key, variables: {} });
  });

  it('evaluates FEEL job type and retries (`=`) when the task activates', async () => {
    await deployModel(zbc, 'service-task-feel-definition');
    const pi = await startInstance(h, zbc, 'st-feel-definition', { kind: 'alpha', tries: 6 });
    const job = await activateOne(zbc, 'st-feel-alpha');
    expect(job).toMatchObject({ type: 'st-feel-alpha', retries: 7, processInstanceKey: pi, customHeaders: {} });
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('a job type expression that is not a string is an incident on the task', async () => {
    await deployModel(zbc, 'service-task-feel-definition');
    // "st-feel-" + 5 is null in FEEL (no implicit conversion): the type is not a string.
    const pi = await startInstance(h, zbc, 'st-feel-definition', { kind: 5, tries: 1 });
    const incidents = [...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === pi);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'work' });
    expect(incidents[0]!.errorMessage).toContain("Expected result of the expression '\"st-feel-\" + kind' to be 'STRING', but was 'NULL'.");
    expect((await records(h, pi, 'JOB')).length).toBe(0);
    await zbc.cancelProcessInstance(pi);
  });

  it('completion variables without output mappings propagate to the process scope', async () => {
    await deployModel(zbc, 'service-task-propagation');
    const pi = await startInstance(h, zbc, 'st-propagation', { input: 1 });
    const first = await activateOne(zbc, 'st-prop-first');
    await zbc.completeJob({ jobKey: first.key, variables: { result: 42, detail: { ok: true }, input: 2 } });
    await h.engine.whenIdle();

    const second = await activateOne(zbc, 'st-prop-second');
    expect(second.variables).toEqual({ input: 2, result: 42, detail: { ok: true } });
    // All written at the process instance scope: `input` updated, the others created there.
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['input', 1],
      ['result', 42],
      ['detail', { ok: true }],
      ['input', 2],
    ]);
    await zbc.completeJob({ jobKey: second.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('with output mappings only the mapped results reach the process', async () => {
    await deployModel(zbc, 'service-task-output-mapping');
    const pi = await startInstance(h, zbc, 'st-output-mapping', { seed: 1 });
    const first = await activateOne(zbc, 'st-out-first');
    await zbc.completeJob({ jobKey: first.key, variables: { result: { total: 10 }, noise: 'dropped' } });
    await h.engine.whenIdle();

    const second = await activateOne(zbc, 'st-out-second');
    // `summary.doubled` builds a nested context.
    expect(second.variables).toEqual({ seed: 1, summary: { doubled: 20 }, total: 10 });
    const processScope = (await variableWrites(h, pi, pi)).map(([name]) => name);
    expect(processScope).not.toContain('result');
    expect(processScope).not.toContain('noise');
    await zbc.completeJob({ jobKey: second.key, variables: {} });
  });

  it('input mappings are local variables: the job sees them, the process does not', async () => {
    await deployModel(zbc, 'service-task-input-mapping');
    const pi = await startInstance(h, zbc, 'st-input-mapping', { amount: 21 });
    const first = await activateOne(zbc, 'st-in-first');
    expect(first.variables).toEqual({ amount: 21, doubled: 42, tag: 'local-21' });
    expect(await variableWrites(h, pi, first.elementInstanceKey)).toEqual([
      ['doubled', 42],
      ['tag', 'local-21'],
    ]);
    // A completion variable named like a local one updates the local one (propagation starts
    // at the task scope) and dies with it.
    await zbc.completeJob({ jobKey: first.key, variables: { doubled: 0, fresh: 'yes' } });
    await h.engine.whenIdle();

    const second = await activateOne(zbc, 'st-in-second');
    expect(second.variables).toEqual({ amount: 21, fresh: 'yes' });
    await zbc.completeJob({ jobKey: second.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });
});
