/**
 * The gRPC gateway as a translation layer: the real @camunda8/sdk client on one side, a
 * recording fake of EngineOperations on the other. Engine semantics are tested elsewhere.
 */
import { Camunda8 } from '@camunda8/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EngineRejection, type ActivatedJob, type ActivateJobsRequest, type EngineOperations, type JobStreamRequest, type RejectionCode } from '../engine/api.ts';
import { credentials } from '@grpc/grpc-js';
import { GatewayClient } from '../engine/gateway/proto.ts';
import { startGateway, UNIMPLEMENTED_RPCS, type Gateway, type GatewayLogger } from '../engine/gateway/grpc-server.ts';

const KEY = '2251799813685249'; // beyond 2^53 would also pass: keys are strings end to end
const created = { processDefinitionKey: '2251799813685001', bpmnProcessId: 'order', version: 3, processInstanceKey: KEY, tenantId: '<default>' };

function job(overrides: Partial<ActivatedJob> = {}): ActivatedJob {
  return {
    key: '2251799813685300', type: 'charge', processInstanceKey: KEY, bpmnProcessId: 'order', processDefinitionVersion: 3,
    processDefinitionKey: '2251799813685001', elementId: 'charge-card', elementInstanceKey: '2251799813685299',
    customHeaders: { currency: 'EUR' }, worker: 'w', retries: 3, deadline: 1_900_000_000_000, variables: { amount: 5 },
    tenantId: '<default>', ...overrides,
  };
}

/** Jobs wait in a queue; activateJobs long-polls on it until a job arrives or its signal aborts. */
function createFakeEngine() {
  const queue: ActivatedJob[] = [];
  const wakers = new Set<() => void>();
  const signals: AbortSignal[] = [];
  const streams: Array<{ request: JobStreamRequest; push: (j: ActivatedJob) => void; close: ReturnType<typeof vi.fn> }> = [];
  const take = (req: ActivateJobsRequest) => {
    const taken = queue.filter((j) => j.type === req.type).slice(0, req.maxJobsToActivate);
    for (const j of taken) queue.splice(queue.indexOf(j), 1);
    return taken.map((j) => ({ ...j, worker: req.worker }));
  };
  const engine = {
    topology: vi.fn(() => ({
      brokers: [{ nodeId: 0, host: 'localhost', port: 26501, partitions: [{ partitionId: 1, role: 'LEADER' as const, health: 'HEALTHY' as const }], version: '8.8.0' }],
      clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: '8.8.0',
    })),
    deployResources: vi.fn<EngineOperations['deployResources']>(async (resources) => ({
      key: '2251799813685000', tenantId: '<default>',
      processes: resources.map((r) => ({ bpmnProcessId: 'order', version: 3, processDefinitionKey: '2251799813685001', resourceName: r.name, tenantId: '<default>' })),
      decisions: [],
      decisionRequirements: [],
    })),
    createProcessInstance: vi.fn<EngineOperations['createProcessInstance']>(async () => created),
    createProcessInstanceWithResult: vi.fn<EngineOperations['createProcessInstanceWithResult']>(async () => ({ ...created, variables: { total: 42 } })),
    cancelProcessInstance: vi.fn<EngineOperations['cancelProcessInstance']>(async () => {}),
    activateJobs: vi.fn<EngineOperations['activateJobs']>(async (req, signal) => {
      if (signal) signals.push(signal);
      for (;;) {
        const taken = take(req);
        if (taken.length > 0 || (req.requestTimeout ?? 0) < 0 || signal?.aborted) return taken;
        await new Promise<void>((resolve) => {
          wakers.add(resolve);
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
    }),
    streamJobs: vi.fn<EngineOperations['streamJobs']>((request, push) => {
      const stream = { request, push, close: vi.fn() };
      streams.push(stream);
      return stream;
    }),
    completeJob: vi.fn<EngineOperations['completeJob']>(async () => {}),
    failJob: vi.fn<EngineOperations['failJob']>(async () => {}),
    throwError: vi.fn<EngineOperations['throwError']>(async () => {}),
    updateJobRetries: vi.fn<EngineOperations['updateJobRetries']>(async () => {}),
    updateJobTimeout: vi.fn<EngineOperations['updateJobTimeout']>(async () => {}),
    publishMessage: vi.fn<EngineOperations['publishMessage']>(async () => ({ key: '2251799813685400', tenantId: '<default>' })),
    setVariables: vi.fn<EngineOperations['setVariables']>(async () => ({ key: '2251799813685500' })),
    resolveIncident: vi.fn<EngineOperations['resolveIncident']>(async () => {}),
    assignUserTask: vi.fn<EngineOperations['assignUserTask']>(async () => {}),
    unassignUserTask: vi.fn<EngineOperations['unassignUserTask']>(async () => {}),
    completeUserTask: vi.fn<EngineOperations['completeUserTask']>(async () => {}),
    updateUserTask: vi.fn<EngineOperations['updateUserTask']>(async () => {}),
    broadcastSignal: vi.fn<EngineOperations['broadcastSignal']>(async () => ({ key: KEY, tenantId: '<default>' })),
    modifyProcessInstance: vi.fn<EngineOperations['modifyProcessInstance']>(async () => {}),
    migrateProcessInstance: vi.fn<EngineOperations['migrateProcessInstance']>(async () => {}),
    deleteResource: vi.fn<EngineOperations['deleteResource']>(async () => {}),
    evaluateDecision: vi.fn<EngineOperations['evaluateDecision']>(async () => {
      throw new EngineRejection('NOT_FOUND', 'no decision');
    }),
  } satisfies EngineOperations;
  const offer = (...jobs: ActivatedJob[]) => {
    queue.push(...jobs);
    for (const wake of wakers) wake();
    wakers.clear();
  };
  return { engine, offer, signals, streams };
}

const logger = { error: vi.fn(), warn: vi.fn() } satisfies GatewayLogger;

/** Quiet, no client-side retries (so rejections surface at once), no OAuth. */
function client(port: number) {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://localhost:${port}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  }).getZeebeGrpcApiClient();
}

/** The SDK rejects with grpc-js's ServiceError: `code` is the gRPC status, `details` the message. */
async function failure(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  const err: unknown = await promise.then(() => new Error('expected the call to fail'), (e: unknown) => e);
  const { code, details } = err as { code?: number; details?: string };
  if (code === undefined) throw err;
  return { code, details: details ?? '' };
}

const fake = createFakeEngine();
const { engine } = fake;
let gateway: Gateway;
let zbc: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startGateway(engine, { port: 0, host: 'localhost', logger });
  zbc = client(gateway.port);
});
afterAll(async () => {
  await zbc.close();
  await gateway.close();
});
afterEach(() => vi.clearAllMocks());

describe('unary RPCs translate to engine operations', () => {
  it('Topology', async () => {
    const topology = await zbc.topology();
    expect(topology).toMatchObject({ clusterSize: 1, partitionsCount: 1, gatewayVersion: '8.8.0' });
    expect(topology.brokers[0].partitions[0]).toEqual({ partitionId: 1, role: 'LEADER', health: 'HEALTHY' });
  });

  it('DeployResource passes the file bytes and name, answers with process metadata', async () => {
    const bpmn = Buffer.from('<?xml version="1.0"?><bpmn:definitions/>');
    const result = await zbc.deployResource({ process: bpmn, name: 'order.bpmn' });
    expect(engine.deployResources).toHaveBeenCalledWith([{ name: 'order.bpmn', content: bpmn }]);
    expect(result.key).toBe('2251799813685000');
    expect(result.deployments[0].process).toEqual({
      bpmnProcessId: 'order', version: 3, processDefinitionKey: '2251799813685001', resourceName: 'order.bpmn', tenantId: '<default>',
    });
  });

  it('DeployProcess (deprecated, no longer in the SDK; raw gRPC) deploys the same way', async () => {
    const raw = new GatewayClient(`localhost:${gateway.port}`, credentials.createInsecure());
    const definition = Buffer.from('<bpmn:definitions/>');
    const response = await new Promise<unknown>((resolve, reject) =>
      raw.DeployProcess({ processes: [{ name: 'legacy.bpmn', definition }] }, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))),
    );
    raw.close();
    expect(engine.deployResources).toHaveBeenCalledWith([{ name: 'legacy.bpmn', content: definition }]);
    expect(response).toMatchObject({ key: '2251799813685000', processes: [{ bpmnProcessId: 'order', resourceName: 'legacy.bpmn' }] });
  });

  it('CreateProcessInstance: latest version by process id, variables parsed', async () => {
    const result = await zbc.createProcessInstance({ bpmnProcessId: 'order', variables: { orderId: 'o-1', amount: 5 } });
    expect(engine.createProcessInstance).toHaveBeenCalledWith({ bpmnProcessId: 'order', version: undefined, variables: { orderId: 'o-1', amount: 5 }, startInstructions: undefined });
    expect(result).toEqual(created);
  });

  it('CreateProcessInstanceWithResult: timeout and fetchVariables passed, result variables serialized', async () => {
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'order', variables: {}, requestTimeout: 5000, fetchVariables: ['total'] });
    expect(engine.createProcessInstanceWithResult).toHaveBeenCalledWith(expect.objectContaining({ bpmnProcessId: 'order' }), { requestTimeout: 5000, fetchVariables: ['total'] });
    expect(result.variables).toEqual({ total: 42 });
    expect(result.processInstanceKey).toBe(KEY);
  });

  it('PublishMessage, CancelProcessInstance, SetVariables, ResolveIncident, UpdateJobRetries, UpdateJobTimeout', async () => {
    const message = await zbc.publishMessage({ name: 'paid', correlationKey: 'o-1', variables: { paid: true }, timeToLive: 10_000, messageId: 'm-1' });
    expect(message.key).toBe('2251799813685400');
    expect(engine.publishMessage).toHaveBeenCalledWith({ name: 'paid', correlationKey: 'o-1', timeToLive: 10_000, messageId: 'm-1', variables: { paid: true } });
    await zbc.cancelProcessInstance(KEY);
    expect(engine.cancelProcessInstance).toHaveBeenCalledWith(KEY);
    // The SDK types setVariables as void, but passes the response (with the command key) through.
    const set = (await zbc.setVariables({ elementInstanceKey: KEY, variables: { x: 1 }, local: true })) as unknown as { key: string };
    expect(set.key).toBe('2251799813685500');
    expect(engine.setVariables).toHaveBeenCalledWith({ elementInstanceKey: KEY, variables: { x: 1 }, local: true });
    await zbc.resolveIncident({ incidentKey: '2251799813685600' });
    expect(engine.resolveIncident).toHaveBeenCalledWith('2251799813685600');
    await zbc.updateJobRetries({ jobKey: '2251799813685300', retries: 3 });
    expect(engine.updateJobRetries).toHaveBeenCalledWith('2251799813685300', 3);
    await zbc.updateJobTimeout({ jobKey: '2251799813685300', timeout: 60_000 });
    expect(engine.updateJobTimeout).toHaveBeenCalledWith('2251799813685300', 60_000);
  });
});

describe('jobs reach workers', () => {
  it('a worker receives a job (variables and headers parsed) and completes it', async () => {
    let worker: { close(): Promise<unknown> } | undefined;
    const received = new Promise<{ variables: unknown; customHeaders: unknown; key: string; deadline: string }>((resolve) => {
      worker = zbc.createWorker({ taskType: 'charge', taskHandler: (j) => { resolve(j); return j.complete({ charged: true }); } });
    });
    fake.offer(job());
    const got = await received;
    expect(got).toMatchObject({ key: '2251799813685300', variables: { amount: 5 }, customHeaders: { currency: 'EUR' }, deadline: '1900000000000' });
    await vi.waitFor(() => expect(engine.completeJob).toHaveBeenCalledWith({ jobKey: '2251799813685300', variables: { charged: true } }));
    const [request] = engine.activateJobs.mock.calls[0];
    expect(request).toMatchObject({ type: 'charge', maxJobsToActivate: 32, timeout: 60_000 });
    await worker?.close();
  });

  it('failing (with retry back-off) and throwing a BPMN error', async () => {
    const worker = zbc.createWorker({
      taskType: 'risky',
      taskHandler: (j) => j.variables.mode === 'fail'
        ? j.fail({ errorMessage: 'card declined', retries: 2, retryBackOff: 1000 })
        : j.error({ errorCode: 'NO_FUNDS', errorMessage: 'empty', variables: { reason: 'balance' } }),
    });
    fake.offer(job({ key: '1', type: 'risky', variables: { mode: 'fail' } }), job({ key: '2', type: 'risky', variables: { mode: 'error' } }));
    await vi.waitFor(() => {
      expect(engine.failJob).toHaveBeenCalledWith({ jobKey: '1', retries: 2, errorMessage: 'card declined', retryBackOff: 1000, variables: {} });
      expect(engine.throwError).toHaveBeenCalledWith({ jobKey: '2', errorCode: 'NO_FUNDS', errorMessage: 'empty', variables: { reason: 'balance' } });
    });
    await worker.close();
  });

  it('closing a worker aborts the engine long poll', async () => {
    const worker = zbc.createWorker({ taskType: 'idle', taskHandler: (j) => j.complete() });
    await vi.waitFor(() => expect(engine.activateJobs).toHaveBeenCalled());
    const signal = fake.signals.at(-1);
    expect(signal?.aborted).toBe(false);
    await worker.close();
    await vi.waitFor(() => expect(signal?.aborted).toBe(true));
  });

  it('a large batch is split into several responses', async () => {
    const big = { blob: 'x'.repeat(2 * 1024 * 1024) };
    fake.offer(job({ key: '10', type: 'bulk', variables: big }), job({ key: '11', type: 'bulk', variables: big }));
    const jobs = await zbc.activateJobs({ type: 'bulk', worker: 'w', maxJobsToActivate: 5, timeout: 1000, requestTimeout: -1 });
    expect(jobs.map((j) => j.key)).toEqual(['10', '11']);
  });

  it('StreamActivatedJobs pushes jobs and closes the engine stream when the client leaves', async () => {
    // The SDK's stream worker console.errors the CANCELLED status its own close() causes.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handled = vi.fn();
    const stream = await zbc.streamJobs({
      type: 'pushed', worker: 'sw', timeout: 30_000, tenantIds: ['<default>'], pollInterval: 0,
      taskHandler: (j) => { handled(j.key); return j.complete({ ok: true }); },
    });
    await vi.waitFor(() => expect(fake.streams).toHaveLength(1));
    const engineStream = fake.streams[0];
    expect(engineStream.request).toEqual({ type: 'pushed', worker: 'sw', timeout: 30_000, fetchVariable: undefined });
    engineStream.push(job({ key: '20', type: 'pushed' }));
    await vi.waitFor(() => expect(engine.completeJob).toHaveBeenCalledWith({ jobKey: '20', variables: { ok: true } }));
    expect(handled).toHaveBeenCalledWith('20');
    stream.close();
    await vi.waitFor(() => expect(engineStream.close).toHaveBeenCalled());
    consoleError.mockRestore();
  });
});

describe('errors become gRPC statuses', () => {
  // Broker rejections carry Zeebe's "Command '<intent>' rejected with code '<type>': " prefix.
  const codes: Array<[RejectionCode, number, string]> = [
    ['NOT_FOUND', 5, "Command 'CANCEL' rejected with code 'NOT_FOUND': "],
    ['INVALID_ARGUMENT', 3, "Command 'CANCEL' rejected with code 'INVALID_ARGUMENT': "],
    ['FAILED_PRECONDITION', 9, "Command 'CANCEL' rejected with code 'INVALID_STATE': "],
    ['ALREADY_EXISTS', 6, "Command 'CANCEL' rejected with code 'ALREADY_EXISTS': "],
    ['RESOURCE_EXHAUSTED', 8, ''], ['DEADLINE_EXCEEDED', 4, ''], ['UNIMPLEMENTED', 12, ''], ['UNAVAILABLE', 14, ''],
  ];
  it.each(codes)('EngineRejection %s → status %i', async (code, grpcCode, prefix) => {
    engine.cancelProcessInstance.mockRejectedValueOnce(new EngineRejection(code, `refused: ${code}`));
    expect(await failure(zbc.cancelProcessInstance(KEY))).toEqual({ code: grpcCode, details: `${prefix}refused: ${code}` });
  });

  it('any other error → INTERNAL with its message, and it is logged', async () => {
    engine.resolveIncident.mockRejectedValueOnce(new Error('disk on fire'));
    const { code, details } = await failure(zbc.resolveIncident({ incidentKey: '1' }));
    expect(code).toBe(13);
    expect(details).toContain('disk on fire');
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ rpc: 'ResolveIncident' }), expect.any(String));
  });

  it('obviously bad requests are refused without calling the engine', async () => {
    const activate = { worker: 'w', timeout: 1000, requestTimeout: -1 };
    expect(await failure(zbc.activateJobs({ ...activate, type: '', maxJobsToActivate: 1 }))).toEqual({
      code: 3, details: 'Expected to activate job batch with type to be present, but it was blank' });
    expect(await failure(zbc.activateJobs({ ...activate, type: 't', maxJobsToActivate: 0 }))).toEqual({
      code: 3, details: "Expected to activate job batch with max jobs to activate to be greater than zero, but it was '0'" });
    expect(await failure(zbc.createProcessInstance({ bpmnProcessId: '', variables: {} }))).toEqual({
      code: 3, details: 'Expected at least a bpmnProcessId or a key greater than -1, but none given' });
    expect(await failure(zbc.createProcessInstance({ bpmnProcessId: 'order', variables: {}, tenantId: 'acme' }))).toEqual({
      code: 3, details: "Expected to handle gRPC request CreateProcessInstance with tenant identifier 'acme', but multi-tenancy is disabled" });
    // The SDK passes a string document through unchanged: a way to send non-object JSON.
    expect(await failure(zbc.setVariables({ elementInstanceKey: KEY, variables: '[1,2]' as unknown as object, local: false }))).toEqual({
      code: 3, details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'" });
    expect((await failure(zbc.setVariables({ elementInstanceKey: KEY, variables: '{oops' as unknown as object, local: false }))).code).toBe(3);
    for (const op of [engine.activateJobs, engine.createProcessInstance, engine.setVariables]) {
      expect(op).not.toHaveBeenCalled();
    }
  });

  it('translates BroadcastSignal, ModifyProcessInstance and DeleteResource', async () => {
    expect(await zbc.broadcastSignal({ signalName: 'go', variables: { a: 1 } })).toMatchObject({ key: KEY });
    expect(engine.broadcastSignal).toHaveBeenCalledWith('go', { a: 1 });
    await zbc.modifyProcessInstance({
      processInstanceKey: KEY,
      activateInstructions: [{ elementId: 'task', ancestorElementInstanceKey: '-1', variableInstructions: [{ scopeId: '', variables: { b: 2 } }] }],
      terminateInstructions: [{ elementInstanceKey: '42' }],
    });
    expect(engine.modifyProcessInstance).toHaveBeenCalledWith({
      processInstanceKey: KEY,
      activate: [{ elementId: 'task', ancestorElementInstanceKey: undefined, variables: [{ scopeId: undefined, variables: { b: 2 } }] }],
      terminate: ['42'],
    });
    await zbc.deleteResource({ resourceKey: '77' });
    expect(engine.deleteResource).toHaveBeenCalledWith('77');
  });

  it('MigrateProcessInstance: the migration plan passed as it is', async () => {
    await zbc.migrateProcessInstance({
      processInstanceKey: KEY,
      migrationPlan: { targetProcessDefinitionKey: '2251799813685002', mappingInstructions: [{ sourceElementId: 'a', targetElementId: 'b' }] },
    });
    expect(engine.migrateProcessInstance).toHaveBeenCalledWith({
      processInstanceKey: KEY,
      targetProcessDefinitionKey: '2251799813685002',
      mappingInstructions: [{ sourceElementId: 'a', targetElementId: 'b' }],
    });
    engine.migrateProcessInstance.mockRejectedValueOnce(new EngineRejection('NOT_FOUND', "Expected to migrate process instance but no process instance found with key '1'"));
    const refused = zbc.migrateProcessInstance({ processInstanceKey: '1', migrationPlan: { targetProcessDefinitionKey: '2', mappingInstructions: [] } });
    expect(await failure(refused)).toEqual({
      code: 5,
      details: "Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance but no process instance found with key '1'",
    });
  });

  it('every RPC of the proto is served: none answers UNIMPLEMENTED', () => {
    expect(UNIMPLEMENTED_RPCS).toEqual([]);
  });

  it("CompleteJob's Zeebe 8.8 job result (not in the SDK's proto copy; raw gRPC) reaches the engine: deny, corrections", async () => {
    const raw = new GatewayClient(`localhost:${gateway.port}`, credentials.createInsecure());
    const complete = (request: object) =>
      new Promise<unknown>((resolve, reject) => raw.CompleteJob(request, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))));
    await complete({ jobKey: '20', variables: '', result: { denied: true, deniedReason: 'not on Sundays' } });
    expect(engine.completeJob).toHaveBeenLastCalledWith({ jobKey: '20', variables: undefined, result: { denied: true, deniedReason: 'not on Sundays' } });
    await complete({ jobKey: '21', result: { corrections: { assignee: '', candidateGroups: { values: ['ops'] }, priority: 80 } } });
    expect(engine.completeJob).toHaveBeenLastCalledWith({ jobKey: '21', variables: undefined, result: { corrections: { assignee: '', candidateGroups: ['ops'], priority: 80 } } });
    await complete({ jobKey: '22', variables: '{"a":1}' });
    expect(engine.completeJob).toHaveBeenLastCalledWith({ jobKey: '22', variables: { a: 1 } });
    raw.close();
  });
});

it('closing the gateway ends open long polls instead of waiting for them', async () => {
  const other = await startGateway(createFakeEngine().engine, { port: 0, logger });
  const otherClient = client(other.port);
  const poll = otherClient.activateJobs({ type: 'never', worker: 'w', maxJobsToActivate: 1, timeout: 1000, requestTimeout: 30_000 });
  await new Promise((r) => setTimeout(r, 200));
  const started = Date.now();
  await other.close();
  expect(await poll).toEqual([]);
  expect(Date.now() - started).toBeLessThan(2000);
  await otherClient.close();
});
