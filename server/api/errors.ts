import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import { EngineRejection, type RejectionCode } from '../../engine/api.ts';

/** An answer other than success: status, message, and where the request was at fault. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} was not found`);

const STATUS_OF: Record<RejectionCode, number> = {
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 409,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  DEADLINE_EXCEEDED: 504,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
};

/** `variables.amount`, `resources[0].name`: how a client finds the field in its own request. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** zod's first issue, phrased around the field; every issue is listed too. */
export function validationError(error: z.ZodError, prefix: readonly string[] = []): ApiError {
  const issues = error.issues.map((issue) => {
    let path = [...prefix, ...issue.path];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0]!];
      message = `unknown field (allowed fields are listed in /api/openapi.json)`;
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      message = 'is required';
    }
    const field = fieldPath(path) || 'body';
    return { field, message: `${field}: ${message}` };
  });
  const first = issues[0]!;
  return new ApiError(400, first.message, first.field, issues.length > 1 ? { issues } : {});
}

/** Engine refusals keep the engine's message; nothing was written. */
export function fromRejection(err: EngineRejection, field?: string): ApiError {
  return new ApiError(STATUS_OF[err.code] ?? 500, err.message, field, { code: err.code });
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message: string;
}

/** Last handler of /api: every failure becomes `{ error, field? }` JSON. */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    let api: ApiError;
    if (err instanceof ApiError) api = err;
    else if (err instanceof EngineRejection) api = fromRejection(err);
    else if (isBodyParserError(err)) api = fromBodyParser(err);
    else {
      console.error('api: unexpected error', err);
      api = new ApiError(500, 'internal error; see the server log');
    }
    res.status(api.status).json({ error: api.message, ...(api.field ? { field: api.field } : {}), ...api.extra });
  };
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string' && typeof (err as BodyParserError).status === 'number';
}

function fromBodyParser(err: BodyParserError): ApiError {
  switch (err.type) {
    case 'entity.too.large':
      return new ApiError(413, `request body is larger than the limit of ${err.limit} bytes`, 'body');
    case 'entity.parse.failed':
      return new ApiError(400, `body: malformed JSON (${err.message})`, 'body');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, `body: ${err.message}`, 'body');
    default:
      return new ApiError(err.status ?? 400, `body: ${err.message}`, 'body');
  }
}
