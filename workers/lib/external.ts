/**
 * How workers reach the customer's systems (CRM, billing, ticketing…): plain HTTP at a
 * configurable URL, with an idempotency key so a retried job never creates twice, a timeout
 * so a hung system becomes a retry instead of a stuck worker, and errors that say whether
 * trying again can help.
 */

export interface ExternalCallOptions {
  /** Sent as `Idempotency-Key`: the same key always gets the first answer. */
  idempotencyKey?: string;
  /** Gives up (a transient error) after this long; default 5000 ms. */
  timeoutMs?: number;
  /** Extra request headers (e.g. an API key for a real system). */
  headers?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_SANDBOX_URL = 'http://localhost:8080/sandbox';

/** 5xx, 408 and 429 may pass if tried again; other 4xx will not (the request itself is wrong). */
export function isTransientStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** A call that did not succeed. `status` 0: no answer at all (timeout, connection refused). */
export class ExternalError extends Error {
  override name = 'ExternalError';
  readonly status: number;
  readonly transient: boolean;
  readonly body: unknown;
  readonly system?: string;

  constructor(message: string, details: { status: number; body?: unknown; transient?: boolean; system?: string; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.body = details.body;
    this.transient = details.transient ?? isTransientStatus(details.status);
    this.system = details.system;
  }
}

/** `BATON_URL_<SYSTEM>` when set (a real system), else the sandbox's `<BATON_SANDBOX_URL>/<system>`. */
export function baseUrl(system: string): string {
  const specific = process.env[`BATON_URL_${system.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]?.trim();
  const url = specific || `${(process.env.BATON_SANDBOX_URL?.trim() || DEFAULT_SANDBOX_URL).replace(/\/+$/, '')}/${system}`;
  return url.replace(/\/+$/, '');
}

/** The record id, or a decoded error body, whichever the system sent. */
async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function reasonOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  return body === undefined ? 'no body' : JSON.stringify(body).slice(0, 200);
}

/** Connection-level failures worth another try: the system may be back in a moment. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

function connectionCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * Calls `${baseUrl(system)}/${path}` with a JSON body and returns the decoded JSON answer
 * (undefined for 204). Anything but 2xx, a timeout or a connection failure throws ExternalError.
 */
export async function callSystem<T = unknown>(system: string, method: HttpMethod, path: string, body?: unknown, options: ExternalCallOptions = {}): Promise<T> {
  const url = path ? `${baseUrl(system)}/${path.replace(/^\/+/, '')}` : baseUrl(system);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const what = `${system} ${method} /${path.replace(/^\/+/, '')}`;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

  let res: Response;
  let answer: unknown;
  try {
    // The signal also bounds reading the body: a system that stalls mid-answer times out too.
    const signal = AbortSignal.timeout(timeoutMs);
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    answer = await readBody(res);
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ExternalError(`${what} timed out after ${timeoutMs} ms`, { status: 0, transient: true, system, cause: err });
    }
    const code = connectionCode(err);
    const cause = (err as { cause?: unknown }).cause;
    const reason = code ?? (err instanceof Error ? err.message + (cause instanceof Error ? ` (${cause.message})` : '') : String(err));
    throw new ExternalError(`${what} failed: ${reason}`, { status: 0, transient: true, system, cause: err });
  }
  if (!res.ok) throw new ExternalError(`${what} answered ${res.status}: ${reasonOf(answer)}`, { status: res.status, body: answer, system });
  return answer as T;
}

/** Stable across retries of one job (same element instance), different for every other task. */
export function idempotencyKey(job: { processInstanceKey: string; elementInstanceKey: string }, suffix?: string): string {
  const key = `${job.processInstanceKey}:${job.elementInstanceKey}`;
  return suffix ? `${key}:${suffix}` : key;
}

/** Could trying again help? Unknown errors (bugs in the worker) are not transient. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ExternalError) return err.transient;
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  return connectionCode(err) !== undefined;
}

/**
 * Back-off before the next attempt, for FailJob's retryBackOff: initialMs, then doubling per
 * attempt up to maxMs. The attempt is derived from the retries left, counted against
 * `totalRetries` (the task's modelled retries; Zeebe's default is 3).
 */
export function backoffMs(retriesLeft: number, initialMs = 1_000, maxMs = 30_000, totalRetries = 3): number {
  const attempt = Math.max(0, totalRetries - retriesLeft);
  return Math.min(maxMs, initialMs * 2 ** attempt);
}
