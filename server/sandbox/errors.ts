import type { z } from 'zod';

/** A sandbox answer other than success, phrased around the field that was wrong. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toBody(): { error: string; field?: string } {
    return { error: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

/** `records[2].id`: how a client finds the field in its own request. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** zod's first issue as a 400, e.g. `mode: must be one of latency, fail, …`; a missing field says so. */
export function invalid(error: z.ZodError, input: unknown, prefix: readonly string[] = []): SandboxError {
  const issue = error.issues[0]!;
  let path = [...prefix, ...issue.path];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]!];
    message = 'unknown field';
  } else if (issue.code !== 'custom' && issue.path.length && valueAt(input, issue.path) === undefined) {
    message = 'is required';
  }
  const field = fieldPath(path) || 'body';
  return new SandboxError(400, `${field}: ${message}`, field);
}

/** Parses with zod; a failure is a 400 naming the field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly string[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error, value, prefix);
  return result.data;
}

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
  message: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string' && typeof (err as BodyParserError).status === 'number';
}

/** Any failure as a SandboxError: body-parser's own, ours, or a 500 for the unexpected. */
export function asSandboxError(err: unknown): SandboxError {
  if (err instanceof SandboxError) return err;
  if (isBodyParserError(err)) {
    if (err.type === 'entity.too.large') return new SandboxError(413, `body: larger than the limit of ${err.limit} bytes`, 'body');
    if (err.type === 'entity.parse.failed') return new SandboxError(400, `body: malformed JSON (${err.message})`, 'body');
    return new SandboxError(err.status, `body: ${err.message}`, 'body');
  }
  console.error('sandbox: unexpected error', err);
  return new SandboxError(500, 'sandbox internal error; see the server log');
}
