/**
 * Translating proto-loader objects to engine values and back. proto-loader runs with
 * `longs: String, defaults: true`: int64 fields arrive as decimal strings, absent fields as
 * their zero value ("0", "", []).
 */
import type { ActivatedJob, JsonObject } from '../api.ts';
import { invalidArgument } from './status.ts';

/** Baton has no multi-tenancy: everything belongs to Zeebe's default tenant. */
export const DEFAULT_TENANT = '<default>';

/** int64 on the wire: a decimal string (or a number when a client sends one). */
export type Int64 = string | number;

export function toNumber(value: Int64): number {
  return typeof value === 'number' ? value : Number.parseInt(value, 10);
}

/** A key field where 0 (the proto default) means "not given". */
export function optionalKey(value: Int64): string | undefined {
  const key = String(value);
  return key === '' || key === '0' ? undefined : key;
}

/** Names the JSON type the way Zeebe's msgpack-based check does ("ARRAY", "STRING", ...). */
function documentType(value: unknown): string {
  if (value === null) return 'NIL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  return typeof value === 'string' ? 'STRING' : 'BOOLEAN';
}

/**
 * A JSON document field (`variables`): blank = no variables; otherwise it must be an object.
 * Messages follow Zeebe's gateway, so differential tests see the same text on both engines.
 */
export function parseDocument(json: string, property = 'variables'): JsonObject | undefined {
  if (json.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw invalidArgument(`Property '${property}' is invalid: Expected document to be valid JSON, but it is not (${reason})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(
      `Property '${property}' is invalid: Expected document to be a root level object, but was '${documentType(value)}'`,
    );
  }
  return value as JsonObject;
}

/** Multi-tenancy is disabled: only the default tenant (or none) is accepted, as in Zeebe. */
export function checkTenants(rpc: string, tenantIds: readonly string[]): void {
  for (const tenantId of tenantIds) {
    if (tenantId !== '' && tenantId !== DEFAULT_TENANT) {
      throw invalidArgument(
        `Expected to handle gRPC request ${rpc} with tenant identifier '${tenantId}', but multi-tenancy is disabled`,
      );
    }
  }
}

/** `gateway_protocol.ActivatedJob`. */
export interface WireActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId: string;
}

export function toWireJob(job: ActivatedJob): WireActivatedJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders ?? {}),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(job.variables ?? {}),
    tenantId: job.tenantId || DEFAULT_TENANT,
  };
}
