/**
 * Small helpers shared by the part2-*.test.ts suites, on top of helpers.ts: everything still
 * goes through @camunda8/sdk; the live view and the record log are only read.
 */
import type { Harness } from '../support/engine-harness.ts';
import { activateOne, records, sdkDocument, type Variables, type Zbc } from './helpers.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function incidentsOf(h: Harness, processInstanceKey: string) {
  return [...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === processInstanceKey);
}

/** Live element instances of a process instance as `elementId:STATE` (the process itself left out), sorted. */
export function liveElements(h: Harness, processInstanceKey: string): string[] {
  return [...h.engine.view.elements.values()]
    .filter((e) => e.processInstanceKey === processInstanceKey && e.key !== processInstanceKey)
    .map((e) => `${e.elementId}:${e.state}`)
    .sort();
}

/** Live element instances of one element id in a process instance. */
export function liveInstancesOf(h: Harness, processInstanceKey: string, elementId: string) {
  return [...h.engine.view.elements.values()].filter((e) => e.processInstanceKey === processInstanceKey && e.elementId === elementId);
}

/** Activates the one job of the type and completes it with the variables; waits until idle. Returns the job as activated. */
export async function completeOne(h: Harness, zbc: Zbc, type: string, variables: Variables = {}) {
  const job = await activateOne(zbc, type);
  await zbc.completeJob({ jobKey: job.key, variables: sdkDocument(variables) });
  await h.engine.whenIdle();
  return job;
}

export async function publish(h: Harness, zbc: Zbc, name: string, correlationKey: string, variables: Variables = {}, timeToLive = 0) {
  const res = await zbc.publishMessage({ name, correlationKey, timeToLive, variables: sdkDocument(variables) });
  await h.engine.whenIdle();
  return res;
}

export async function broadcast(h: Harness, zbc: Zbc, signalName: string, variables: Variables = {}) {
  const res = await zbc.broadcastSignal({ signalName, variables: sdkDocument(variables) });
  await h.engine.whenIdle();
  return res;
}

/** Record intents of one value type for an instance, optionally of one element: `elementId:INTENT`. */
export async function intents(h: Harness, processInstanceKey: string, valueType: string): Promise<string[]> {
  return (await records(h, processInstanceKey, valueType)).map((r) => `${r.element_id ?? ''}:${r.intent}`);
}

/** Keys of the process instances of a process id, in creation order (from the record log). */
export async function instancesOf(h: Harness, bpmnProcessId: string): Promise<string[]> {
  const rows = await h.db
    .knex('records')
    .where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING', element_id: bpmnProcessId, bpmn_process_id: bpmnProcessId })
    .orderBy('position')
    .select('key');
  return rows.map((r: { key: string }) => String(r.key));
}

/** Variables of one scope in the live state. */
export function localVariables(h: Harness, scopeKey: string): Record<string, unknown> {
  return Object.fromEntries(h.engine.view.variables.local(scopeKey));
}

/** Element types of an instance's lifecycle records with one intent, in log order: `elementId:bpmnElementType`. */
export async function typed(h: Harness, processInstanceKey: string, intent: string): Promise<string[]> {
  return (await records(h, processInstanceKey, 'PROCESS_INSTANCE'))
    .filter((r) => r.intent === intent)
    .map((r) => `${r.element_id}:${String(r.value.bpmnElementType)}`);
}
