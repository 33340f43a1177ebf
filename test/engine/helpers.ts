/**
 * Shared helpers for the engine suites in this folder: models from test/conformance/models
 * (the same files the differential suite deploys on Zeebe), the record log, gRPC errors, the
 * virtual clock. Everything a test does to the engine goes through @camunda8/sdk.
 */
import { readFileSync } from 'node:fs';
import type { VirtualClock } from '../../engine/clock/clock.ts';
import type { Harness } from '../support/engine-harness.ts';

export type Zbc = ReturnType<Harness['client']>;

/** A variables document. The SDK's JSONDoc type has no `null` values; JSON documents do. */
export type Variables = Record<string, unknown>;
export const sdkDocument = (variables: Variables) => variables as never;

export function modelXml(name: string): string {
  return readFileSync(new URL(`../conformance/models/${name}.bpmn`, import.meta.url), 'utf8');
}

/** Deploys test/conformance/models/<name>.bpmn under the resource name `<name>.bpmn`. */
export async function deployModel(zbc: Zbc, name: string, resourceName = `${name}.bpmn`) {
  const response = await zbc.deployResource({ name: resourceName, process: Buffer.from(modelXml(name)) });
  const first = response.deployments[0];
  if (!first || !('process' in first)) throw new Error(`deploying ${name} returned no process`);
  return first.process;
}

export interface RecordRow {
  position: string;
  key: string;
  record_type: string;
  value_type: string;
  intent: string;
  process_instance_key: string | null;
  bpmn_process_id: string | null;
  element_id: string | null;
  value: Record<string, unknown>;
}

export async function records(h: Harness, processInstanceKey: string, valueType?: string): Promise<RecordRow[]> {
  const query = h.db.knex<RecordRow>('records').where({ process_instance_key: processInstanceKey });
  if (valueType) void query.andWhere({ value_type: valueType });
  return query.orderBy('position').select('position', 'key', 'record_type', 'value_type', 'intent', 'process_instance_key', 'bpmn_process_id', 'element_id', 'value');
}

/** `elementId:INTENT` of the instance's element lifecycle records, in log order. */
export async function trail(h: Harness, processInstanceKey: string, intents: string[] = ['ELEMENT_COMPLETED', 'ELEMENT_TERMINATED']): Promise<string[]> {
  const rows = await records(h, processInstanceKey, 'PROCESS_INSTANCE');
  return rows.filter((r) => intents.includes(r.intent)).map((r) => `${r.element_id}:${r.intent}`);
}

/** Variables created or updated at one scope, in log order: `[name, value]`. */
export async function variableWrites(h: Harness, processInstanceKey: string, scopeKey: string): Promise<Array<[string, unknown]>> {
  const rows = await records(h, processInstanceKey, 'VARIABLE');
  return rows.filter((r) => r.value.scopeKey === scopeKey).map((r) => [r.value.name as string, r.value.value]);
}

export interface GrpcFailure {
  code: number;
  details: string;
}

/** The gRPC status a call failed with (fails the test if the call succeeded). */
export async function grpcError(call: Promise<unknown>): Promise<GrpcFailure> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; details?: string; message?: string };
    return { code: e.code ?? -1, details: withoutCommandPrefix(e.details ?? e.message ?? '') };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * The engine's own message: broker rejections travel as "Command 'X' rejected with code 'Y':
 * …" (the gateway's format, pinned in gateway-translation.test.ts); these tests check the rest.
 */
function withoutCommandPrefix(details: string): string {
  return details.replace(/^Command '[A-Z_]+' rejected with code '[A-Z_]+': /, '');
}

/** Moves the virtual clock and waits until everything that became due has run. */
export async function advance(h: Harness, ms: number): Promise<void> {
  (h.clock as VirtualClock).advance(ms);
  await h.engine.whenIdle();
}

/** ActivateJobs that answers at once (requestTimeout -1: no long polling, as in Zeebe). */
export async function activate(zbc: Zbc, type: string, options: { timeout?: number; fetchVariable?: string[]; worker?: string; max?: number } = {}) {
  return zbc.activateJobs({
    type,
    worker: options.worker ?? 'test-worker',
    timeout: options.timeout ?? 60_000,
    maxJobsToActivate: options.max ?? 10,
    requestTimeout: -1,
    ...(options.fetchVariable ? { fetchVariable: options.fetchVariable } : {}),
  });
}

/** Exactly one job of the type, activated now. */
export async function activateOne(zbc: Zbc, type: string, options: Parameters<typeof activate>[2] = {}) {
  const jobs = await activate(zbc, type, options);
  if (jobs.length !== 1) throw new Error(`expected one '${type}' job, got ${jobs.length}`);
  return jobs[0]!;
}

/** Creates an instance through the gateway and waits until the engine has nothing left to do. */
export async function startInstance(h: Harness, zbc: Zbc, bpmnProcessId: string, variables: Variables = {}): Promise<string> {
  const created = await zbc.createProcessInstance({ bpmnProcessId, variables: sdkDocument(variables) });
  await h.engine.whenIdle();
  return created.processInstanceKey;
}

export function isLive(h: Harness, processInstanceKey: string): boolean {
  return h.engine.view.elements.has(processInstanceKey);
}
