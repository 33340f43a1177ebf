import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activateOne, advance, deployModel, grpcError, isLive, modelXml, records, startInstance, type Zbc } from './helpers.ts';

/**
 * Process instance operations and their error paths, through the gateway:
 * CancelProcessInstance removes everything the instance holds; unknown keys are NOT_FOUND (5);
 * SetVariables local (exactly that scope) versus propagating (the nearest scope that has the
 * variable, else the process instance); CreateProcessInstance of an unknown process is NOT_FOUND;
 * an invalid deployment is INVALID_ARGUMENT (3) and writes nothing; an identical redeployment is
 * the same version, a changed one the next; CreateProcessInstanceWithResult returns the (fetched)
 * variables or DEADLINE_EXCEEDED (4) when the instance does not complete in time.
 */
describe('process instances', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['cancel-everything', 'set-variables-scopes', 'result-variables']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  it('cancel terminates every element and removes its jobs, timers and subscriptions', async () => {
    const pi = await startInstance(h, zbc, 'cancel-all', { key: 'c-1' });
    const job = await activateOne(zbc, 'ca-work');
    const mine = <T extends { processInstanceKey: string }>(rows: Iterable<T>) => [...rows].filter((r) => r.processInstanceKey === pi);
    expect(mine(h.engine.view.jobs.values())).toHaveLength(1);
    expect(mine(h.engine.view.timers.values()).map((t) => t.targetElementId).sort()).toEqual(['slow', 'waitTimer']);
    expect(mine(h.engine.view.subscriptions.values()).map((s) => s.targetElementId)).toEqual(['waitSignal']);

    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(mine(h.engine.view.elements.values())).toEqual([]);
    expect(mine(h.engine.view.jobs.values())).toEqual([]);
    expect(mine(h.engine.view.timers.values())).toEqual([]);
    expect(mine(h.engine.view.subscriptions.values())).toEqual([]);

    expect((await records(h, pi, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    expect((await records(h, pi, 'TIMER')).map((r) => r.intent)).toEqual(['CREATED', 'CREATED', 'CANCELED', 'CANCELED']);
    expect((await records(h, pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).map((r) => r.intent)).toEqual(['CREATED', 'DELETED']);
    const terminated = (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.intent === 'ELEMENT_TERMINATED').map((r) => r.element_id);
    expect([...terminated].sort()).toEqual(['cancel-all', 'waitSignal', 'waitTimer', 'work']);
    expect(terminated.at(-1)).toBe('cancel-all');

    // Nothing fires later, nothing can be completed.
    await zbc.publishMessage({ name: 'cancel-test', correlationKey: 'c-1', variables: {}, timeToLive: 0 });
    await advance(h, 3 * 60 * 60_000);
    expect((await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.intent === 'ELEMENT_ACTIVATING' && r.element_id?.startsWith('end'))).toEqual([]);
    expect((await grpcError(zbc.completeJob({ jobKey: job.key, variables: {} }))).code).toBe(5);
  });

  it('cancelling an unknown or finished instance is NOT_FOUND (5)', async () => {
    const unknown = await grpcError(zbc.cancelProcessInstance('2251799813000001'));
    expect(unknown).toEqual({ code: 5, details: "Expected to cancel a process instance with key '2251799813000001', but no such process was found" });
    const pi = await startInstance(h, zbc, 'cancel-all', { key: 'c-2' });
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
    expect((await grpcError(zbc.cancelProcessInstance(pi))).code).toBe(5);
  });

  it('SetVariables: local sets exactly that scope, non-local updates where the variable lives', async () => {
    const pi = await startInstance(h, zbc, 'set-variables', { x: 1, y: 1 });
    const task = [...h.engine.view.elements.values()].find((e) => e.processInstanceKey === pi && e.elementId === 'first')!.key;

    await zbc.setVariables({ elementInstanceKey: task, variables: { x: 10, y: 5, z: 7 }, local: false });
    await zbc.setVariables({ elementInstanceKey: task, variables: { w: 3, y: 99 }, local: true });
    await h.engine.whenIdle();
    const writes = (await records(h, pi, 'VARIABLE')).map((r) => `${String(r.value.name)}=${String(r.value.value)}@${r.value.scopeKey === pi ? 'process' : 'task'}:${r.intent}`);
    expect(writes).toEqual([
      'x=1@process:CREATED',
      'y=1@process:CREATED',
      'x=101@task:CREATED',
      'x=10@task:UPDATED',
      'y=5@process:UPDATED',
      'z=7@process:CREATED',
      'w=3@task:CREATED',
      'y=99@task:CREATED',
    ]);
    const documents = (await records(h, pi, 'VARIABLE_DOCUMENT')).map((r) => r.value.updateSemantics);
    expect(documents).toEqual(['PROPAGATE', 'LOCAL']);

    const first = await activateOne(zbc, 'sv-first');
    expect(first.variables).toEqual({ x: 10, y: 99, z: 7, w: 3 });
    await zbc.completeJob({ jobKey: first.key, variables: {} });
    await h.engine.whenIdle();
    const second = await activateOne(zbc, 'sv-second');
    expect(second.variables).toEqual({ x: 1, y: 5, z: 7 });
    await zbc.completeJob({ jobKey: second.key, variables: {} });
  });

  it('SetVariables on an unknown element and with a non-object document are refused', async () => {
    const unknown = await grpcError(zbc.setVariables({ elementInstanceKey: '2251799813000002', variables: { a: 1 }, local: false }));
    expect(unknown).toEqual({ code: 5, details: "Expected to update variables for element with key '2251799813000002', but no such element was found" });
    const pi = await startInstance(h, zbc, 'set-variables', { x: 1, y: 1 });
    const notObject = await grpcError(zbc.setVariables({ elementInstanceKey: pi, variables: [1, 2] as unknown as Record<string, unknown>, local: false }));
    expect(notObject).toEqual({ code: 3, details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'" });
    await zbc.cancelProcessInstance(pi);
  });

  it('creating an instance of an unknown process is NOT_FOUND (5)', async () => {
    const failure = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'no-such-process', variables: {} }));
    expect(failure).toEqual({ code: 5, details: "Expected to find process definition with process ID 'no-such-process', but none found" });
    const version = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'cancel-all', version: 99, variables: {} }));
    expect(version).toEqual({ code: 5, details: "Expected to find process definition with process ID 'cancel-all' and version '99', but none found" });
  });

  it('an invalid model is INVALID_ARGUMENT (3) naming the element, and nothing is written', async () => {
    const count = async (table: string) => Number((await h.db.knex(table).count<Array<{ count: string }>>('* as count'))[0]!.count);
    const before = { records: await count('records'), definitions: await count('process_definitions'), deployments: await count('deployments') };

    const failure = await grpcError(
      zbc.deployResource({ name: 'invalid-missing-task-definition.bpmn', process: Buffer.from(modelXml('invalid-missing-task-definition')) }),
    );
    expect(failure).toEqual({
      code: 3,
      details:
        "Expected to deploy new resources, but encountered the following errors:\n'invalid-missing-task-definition.bpmn': - Element: work\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n",
    });
    const malformed = await grpcError(zbc.deployResource({ name: 'broken.bpmn', process: Buffer.from('<bpmn:definitions') }));
    expect(malformed.code).toBe(3);
    expect(malformed.details.startsWith("Expected to deploy new resources, but encountered the following errors:\n'broken.bpmn': ")).toBe(true);

    expect(await h.db.knex('process_definitions').where({ bpmn_process_id: 'invalid-no-task-definition' })).toEqual([]);
    expect({ records: await count('records'), definitions: await count('process_definitions'), deployments: await count('deployments') }).toEqual(before);
    expect((await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'invalid-no-task-definition', variables: {} }))).code).toBe(5);
  });

  it('redeploying identical XML keeps the version; changed XML is the next version', async () => {
    const v1 = await deployModel(zbc, 'redeploy-v1', 'redeploy.bpmn');
    expect(v1).toMatchObject({ bpmnProcessId: 'redeploy', version: 1, resourceName: 'redeploy.bpmn' });
    const same = await deployModel(zbc, 'redeploy-v1', 'redeploy.bpmn');
    expect(same).toMatchObject({ version: 1, processDefinitionKey: v1.processDefinitionKey });
    const v2 = await deployModel(zbc, 'redeploy-v2', 'redeploy.bpmn');
    expect(v2.version).toBe(2);
    expect(v2.processDefinitionKey).not.toBe(v1.processDefinitionKey);
    expect(await h.db.knex('process_definitions').where({ bpmn_process_id: 'redeploy' }).orderBy('version').pluck('version')).toEqual([1, 2]);

    // Latest by default; an explicit version runs the old model.
    const latest = await zbc.createProcessInstance({ bpmnProcessId: 'redeploy', variables: {} });
    expect(latest).toMatchObject({ version: 2, processDefinitionKey: v2.processDefinitionKey });
    const old = await zbc.createProcessInstance({ bpmnProcessId: 'redeploy', version: 1, variables: {} });
    expect(old).toMatchObject({ version: 1, processDefinitionKey: v1.processDefinitionKey });
    await h.engine.whenIdle();
    const visited = async (pi: string) => (await records(h, pi, 'PROCESS_INSTANCE')).some((r) => r.element_id === 'extra');
    expect(await visited(latest.processInstanceKey)).toBe(true);
    expect(await visited(old.processInstanceKey)).toBe(false);
  });

  it('CreateProcessInstanceWithResult returns all variables, or only those fetched', async () => {
    const worker = zbc.createWorker({
      taskType: 'rv-work',
      pollInterval: 50,
      taskHandler: (job) => job.complete({ sum: (job.variables as { a: number; b: number }).a + (job.variables as { a: number; b: number }).b }),
    });
    try {
      const all = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'result-variables', variables: { a: 2, b: 3 }, requestTimeout: 10_000 });
      expect(all).toMatchObject({ bpmnProcessId: 'result-variables', version: 1 });
      expect(all.variables).toEqual({ a: 2, b: 3, sum: 5 });
      const fetched = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'result-variables', variables: { a: 4, b: 5 }, requestTimeout: 10_000, fetchVariables: ['sum', 'missing'] });
      expect(fetched.variables).toEqual({ sum: 9 });
    } finally {
      await worker.close();
    }
  });

  it('CreateProcessInstanceWithResult that does not finish in time is DEADLINE_EXCEEDED (4); the instance goes on', async () => {
    const started = Date.now();
    const failure = await grpcError(zbc.createProcessInstanceWithResult({ bpmnProcessId: 'result-variables', variables: { a: 0, b: 0 }, requestTimeout: 300 }));
    expect(failure.code).toBe(4);
    expect(Date.now() - started).toBeLessThan(5_000);
    await h.engine.whenIdle();
    const job = await activateOne(zbc, 'rv-work');
    expect(isLive(h, job.processInstanceKey)).toBe(true);
    await zbc.completeJob({ jobKey: job.key, variables: {} });
  });
});
