/**
 * A conformance trace: what a client observed while a case ran, in step order, with
 * everything that differs between engines by nature (keys, timestamps, the per-run token
 * that keeps concurrent cases apart) taken out. Two engines that behave alike produce equal
 * traces; the comparator explains every path where they do not.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One observation. `step` names the action; the other fields are what it showed. */
export interface TraceEntry {
  step: string;
  [field: string]: Json;
}

export interface Trace {
  caseId: string;
  entries: TraceEntry[];
  /** Why the case could not run to its end (an expected job never came, the case threw). */
  aborted?: string;
  /** Real time the case took on this target, for the report only (never compared). */
  ms: number;
}

/** A gRPC failure as the trace keeps it: the status name and the message without keys. */
export interface TracedError {
  code: string;
  message: string;
}

const GRPC_CODES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

/** Engine keys are 64-bit numbers; any run of 10+ digits in a message is one. */
const KEY_PATTERN = /\b\d{10,}\b/g;

export function tracedError(error: unknown): TracedError {
  const e = error as { code?: unknown; details?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? (GRPC_CODES[e.code] ?? `CODE_${e.code}`) : 'CLIENT_ERROR';
  const raw = typeof e.details === 'string' ? e.details : typeof e.message === 'string' ? e.message : String(error);
  return { code, message: raw.replace(KEY_PATTERN, '<key>') };
}

/**
 * Plain JSON with the run token removed from every string and object key: `x-<token>`
 * becomes `x`, so a trace reads like the model and compares across runs and engines.
 * Values the SDK hands back as lossless numbers or class instances become plain JSON.
 */
export function normalize(value: unknown, token: string): Json {
  const strip = (s: string) => s.split(`-${token}`).join('');
  const walk = (v: unknown): Json => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return strip(v);
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object') {
      const plain = JSON.parse(JSON.stringify(v)) as unknown;
      if (typeof plain !== 'object' || plain === null) return walk(plain);
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(plain).sort()) out[strip(key)] = walk((plain as Record<string, unknown>)[key]);
      return out;
    }
    return String(v);
  };
  return walk(value);
}

/**
 * Paths of a trace: `<index>:<step>.<field>[.<sub>…]` → JSON text of the leaf. Arrays index
 * with `[i]`. Every object and array also gets a path of its own (`{}`, `[length]`), so a
 * missing field shows as one absent leaf, and a change of type or length is a difference.
 */
export function flatten(trace: Trace): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (path: string, value: Json) => {
    if (Array.isArray(value)) {
      out.set(path, `[${value.length}]`);
      value.forEach((v, i) => visit(`${path}[${i}]`, v));
    } else if (value !== null && typeof value === 'object') {
      out.set(path, '{}');
      for (const [k, v] of Object.entries(value)) visit(`${path}.${k}`, v);
    } else {
      out.set(path, JSON.stringify(value));
    }
  };
  trace.entries.forEach((entry, i) => {
    const { step, ...fields } = entry;
    const base = `${i}:${step}`;
    out.set(base, '{}');
    for (const [k, v] of Object.entries(fields)) visit(`${base}.${k}`, v);
  });
  if (trace.aborted !== undefined) out.set('aborted', JSON.stringify(trace.aborted));
  return out;
}
