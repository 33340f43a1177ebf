import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { dispatch, type Call, type DispatchDeps } from './dispatch.ts';
import { asSandboxError, parse, SandboxError } from './errors.ts';
import { applyFault, CLIENT_GONE, type Answer, type HeldRequests } from './fault-effects.ts';
import type { FaultRegistry } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import type { Body } from './store.ts';
import { isSystem, METHODS, recordId, resourceName, SYSTEMS, type Method } from './systems.ts';

export interface CallDeps extends DispatchDeps {
  log: RequestLog;
  faults: FaultRegistry;
  held: HeldRequests;
  bodyLimit: string;
}

/** 499: the client closed the connection before the answer (nginx's convention). */
const CLIENT_CLOSED = 499;

const idempotencyKey = z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters');

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** Runs express.json inside the handler, so a malformed body is an answer we log like any other. */
function readJson(req: Request, res: Response, limit: string): Promise<void> {
  const parser = express.json({ limit });
  return new Promise((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
}

function queryOf(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value !== 'string') throw new SandboxError(400, `${name}: give this query parameter once, as plain text`, name);
    query[name] = value;
  }
  return query;
}

async function parseCall(req: Request, res: Response, limit: string): Promise<Call> {
  const { system, resource, id } = req.params as { system: string; resource: string; id?: string };
  if (!isSystem(system)) throw new SandboxError(404, `unknown system '${system}'; the sandbox plays ${SYSTEMS.join(', ')}`);
  parse(resourceName, resource, ['resource']);
  if (id !== undefined) parse(recordId, id, ['id']);
  const method = req.method as Method;
  if (!METHODS.includes(method)) throw new SandboxError(405, `${req.method} is not supported; use ${METHODS.join(', ')}`);
  if (method === 'POST' && id !== undefined) throw new SandboxError(405, `POST creates records: send it to /${system}/${resource}, not to one record`);
  if ((method === 'PATCH' || method === 'DELETE') && id === undefined) throw new SandboxError(405, `${method} needs a record: /${system}/${resource}/:id`);

  let body: Body | undefined;
  if (method === 'POST' || method === 'PATCH') {
    if (hasBody(req) && !req.is('application/json')) throw new SandboxError(415, 'body: send JSON with content-type application/json', 'body');
    await readJson(req, res, limit);
    const raw: unknown = req.body;
    if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) throw new SandboxError(400, 'body: must be a JSON object', 'body');
    body = (raw as Body | undefined) ?? {};
  }
  const key = method === 'POST' ? req.get('Idempotency-Key') : undefined;
  if (key !== undefined) parse(idempotencyKey, key, ['Idempotency-Key']);
  return { system, resource, id, method, body, idempotencyKey: key, query: method === 'GET' ? queryOf(req) : {} };
}

/**
 * One call to a sandboxed system: parse, let a fault shape it, serve it, log it, answer.
 * The log row is written before the answer goes out, so whoever got the answer finds it logged.
 */
export async function handleCall(req: Request, res: Response, deps: CallDeps): Promise<void> {
  const started = Date.now();
  const at = deps.now();
  let fault: string | null = null;
  let answer: Answer | typeof CLIENT_GONE;
  try {
    const call = await parseCall(req, res, deps.bodyLimit);
    const applied = deps.faults.take(call.system, call.resource, call.method);
    fault = applied?.mode ?? null;
    const effect = applied ? await applyFault(applied, res, deps.held) : { proceed: true as const };
    if (effect === CLIENT_GONE) answer = CLIENT_GONE;
    else if ('answer' in effect) answer = effect.answer;
    else {
      answer = await dispatch(call, deps, applied?.respond);
      if (effect.status !== undefined) answer = { ...answer, status: effect.status };
    }
  } catch (err) {
    const e = asSandboxError(err);
    answer = { status: e.status, body: e.toBody() };
    if (e.status === 405) res.set('Allow', req.params.id === undefined ? 'GET, POST' : 'GET, PATCH, DELETE');
  }
  const status = answer === CLIENT_GONE ? CLIENT_CLOSED : answer.status;
  const { system, resource } = req.params as { system: string; resource: string };
  try {
    await deps.log.append({ system, resource, method: req.method, path: req.originalUrl, status, fault, durationMs: Date.now() - started, at });
  } catch (err) {
    // The log is for looking back; a failure to write it must not change the answer.
    console.warn('sandbox: could not log a request:', err instanceof Error ? err.message : err);
  }
  if (answer === CLIENT_GONE || res.writableEnded) return;
  res.status(answer.status);
  if (answer.body === undefined || answer.status === 204) res.end();
  else res.json(answer.body);
}
