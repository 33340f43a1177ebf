/**
 * Models for conformance cases, made unique per case run: process ids, literal job types
 * and literal message names get `-<token>` appended. Concurrent cases then never take each
 * other's jobs or messages, and a reused broker's leftovers from earlier runs stay invisible.
 * Traces strip the token again (trace.ts), so they read like the model.
 */
import { readFileSync } from 'node:fs';

const MODELS_DIR = new URL('./models/', import.meta.url);

export function readModel(file: string): string {
  return readFileSync(new URL(file, MODELS_DIR), 'utf8');
}

/** Appends `-<token>` to a name unless it is a FEEL expression (those are left to the case). */
export function tokenized(name: string, token: string): string {
  return name.startsWith('=') ? name : `${name}-${token}`;
}

/**
 * Job types that are fixed by Zeebe (job-based user tasks) cannot carry a token: cases that
 * use them filter the activated jobs by process id instead.
 */
const FIXED_TYPES = new Set(['io.camunda.zeebe:userTask']);

export function jobType(type: string, token: string): string {
  return FIXED_TYPES.has(type) ? type : tokenized(type, token);
}

export function uniquifyModel(xml: string, token: string): string {
  const processIds = [...xml.matchAll(/<(?:\w+:)?process\b[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]);
  let out = xml;
  for (const id of processIds) {
    // The process id is referenced by diagrams, participants and call activities as well.
    const ref = new RegExp(`\\b(id|bpmnElement|processRef|processId)="${escapeRegExp(id)}"`, 'g');
    out = out.replace(ref, (_, attr: string) => `${attr}="${tokenized(id, token)}"`);
  }
  out = out.replace(/(<zeebe:taskDefinition\b[^>]*?\btype=")([^"]*)"/g, (_, head: string, type: string) =>
    FIXED_TYPES.has(type) ? `${head}${type}"` : `${head}${tokenized(type, token)}"`,
  );
  out = out.replace(/(<(?:\w+:)?message\b[^>]*?\bname=")([^"]*)"/g, (_, head: string, name: string) => `${head}${tokenized(name, token)}"`);
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
