/**
 * Models for conformance cases, made unique per case run: process ids (where defined and where
 * called), literal job types (of tasks and execution listeners), literal message and signal names, and (in DMN resources) decision and decision requirements
 * ids get `-<token>` appended. Concurrent cases then never take each other's jobs, messages or
 * signals, and a reused broker's leftovers from earlier runs stay invisible.
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
  // Signals are broadcast to every process that waits for the name: concurrent cases must not share one.
  out = out.replace(/(<(?:\w+:)?signal\b[^>]*?\bname=")([^"]*)"/g, (_, head: string, name: string) => `${head}${tokenized(name, token)}"`);
  // Job types of execution listeners, and called processes given literally (not FEEL), like task definitions.
  out = out.replace(/(<zeebe:executionListener\b[^>]*?\btype=")([^"]*)"/g, (_, head: string, type: string) => `${head}${tokenized(type, token)}"`);
  out = out.replace(/(<zeebe:calledElement\b[^>]*?\bprocessId=")([^"]*)"/g, (_, head: string, id: string) =>
    id.startsWith('=') || id.endsWith(`-${token}`) ? `${head}${id}"` : `${head}${tokenized(id, token)}"`,
  );
  out = out.replace(/(<zeebe:calledDecision\b[^>]*?\bdecisionId=")([^"]*)"/g, (_, head: string, id: string) => `${head}${tokenized(id, token)}"`);
  return isDmn(out) ? uniquifyDecisions(out, token) : out;
}

function isDmn(xml: string): boolean {
  return /<(?:\w+:)?decision\b/.test(xml);
}

/** Decision ids and the decision requirements id (the DMN `definitions` id) are deployment-wide, like process ids. */
function uniquifyDecisions(xml: string, token: string): string {
  const ids = [
    ...[...xml.matchAll(/<(?:\w+:)?decision\b[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]),
    ...[...xml.matchAll(/<(?:\w+:)?definitions\b[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]),
  ];
  let out = xml;
  for (const id of ids) {
    const ref = new RegExp(`\\b(id|dmnElementRef)="${escapeRegExp(id)}"|\\bhref="#${escapeRegExp(id)}"`, 'g');
    out = out.replace(ref, (_: string, attr: string | undefined) =>
      attr ? `${attr}="${tokenized(id, token)}"` : `href="#${tokenized(id, token)}"`,
    );
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
