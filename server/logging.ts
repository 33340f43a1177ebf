import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pino, type Logger, type LoggerOptions } from 'pino';

declare global {
  // Express merges its response locals with this interface (declaration merging needs a namespace).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The request's id: the caller's X-Request-Id when it is sane, else a new UUID. */
      requestId?: string;
      /** A child logger carrying the request id; handlers log through it. */
      log?: Logger;
      /** Set by handlers whose request concerns one process instance, so the log line names it. */
      processInstanceKey?: string;
    }
  }
}

/** Structured JSON logs; LOG_LEVEL sets the level (default info, silent under vitest). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ level, base: { service: 'baton' }, ...options });
}

export const logger: Logger = createLogger();

/** Ids we echo back: short and printable, so a header cannot inject into logs or responses. */
const SANE_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives each request an id (X-Request-Id in, and always out), a child logger in
 * `res.locals.log`, and one log line when the response is finished: method, path, status,
 * duration and, when the route names one, the process instance key.
 */
export function requestLogging(log: Logger = logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = performance.now();
    const incoming = req.get('x-request-id');
    // Another middleware may have chosen the id already; one request keeps one id.
    const requestId = res.locals.requestId ?? (incoming && SANE_ID.test(incoming) ? incoming : randomUUID());
    res.locals.requestId = requestId;
    res.locals.log = log.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const processInstanceKey = res.locals.processInstanceKey ?? instanceKeyOf(req);
      const line = {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        ...(processInstanceKey ? { processInstanceKey } : {}),
      };
      const requestLog = log.child({ requestId: res.locals.requestId ?? requestId });
      if (res.statusCode >= 500) requestLog.error(line, 'request failed');
      else requestLog.info(line, 'request');
    });
    next();
  };
}

/** Route parameters stay on the request once a route has answered; these names mean an instance. */
function instanceKeyOf(req: Request): string | undefined {
  const params = (req.params ?? {}) as Record<string, string | undefined>;
  const key = params.processInstanceKey ?? params.instanceKey;
  return key && /^\d{1,19}$/.test(key) ? key : undefined;
}
