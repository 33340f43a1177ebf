import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuditSink } from '../api/audit-sink.ts';
import type { ApiKeyStore } from './keys.ts';
import { grantingRole, type Principal, type Role } from './roles.ts';

declare global {
  // Express's own extension point for typed res.locals.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      principal?: Principal;
      /** The role that admitted the request (set by a role gate). */
      role?: Role;
      requestId?: string;
    }
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's X-Request-Id is kept (so logs line up across services) when it is sane. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

export interface Auth {
  /** 401 unless `Authorization: Bearer <key>` names a known key; sets res.locals.principal. */
  authenticate: RequestHandler;
  /** 403 unless the principal has one of `roles` (admin always passes); sets res.locals.role. */
  requireRole(...roles: Role[]): RequestHandler;
  /** Answers a denial (401/403) and audits it. */
  deny(req: Request, res: Response, status: 401 | 403, error: string): Promise<void>;
}

export function createAuth(keys: ApiKeyStore, audit: AuditSink): Auth {
  const deny = async (req: Request, res: Response, status: 401 | 403, error: string) => {
    const principal = res.locals.principal;
    try {
      await audit.record({
        actor: principal?.name ?? 'anonymous',
        role: principal ? principal.roles.join(',') : '',
        action: status === 401 ? 'auth.unauthenticated' : 'auth.forbidden',
        target: `${req.method} ${req.originalUrl.split('?')[0]}`,
        reason: error,
        requestId: res.locals.requestId ?? '',
        details: { status },
      });
    } catch (err) {
      console.error('audit: could not record a denied request:', err instanceof Error ? err.message : err);
    }
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="baton"');
    res.status(status).json({ error });
  };

  const authenticate: RequestHandler = (req, res, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header) return void deny(req, res, 401, 'missing API key: send Authorization: Bearer <key>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return void deny(req, res, 401, 'malformed Authorization header: expected Bearer <key>');
    const principal = keys.verify(match[1]!);
    if (!principal) return void deny(req, res, 401, 'invalid API key');
    res.locals.principal = principal;
    next();
  };

  const requireRole = (...roles: Role[]): RequestHandler => (req, res, next) => {
    const principal = res.locals.principal;
    if (!principal) return void deny(req, res, 401, 'missing API key: send Authorization: Bearer <key>');
    const role = grantingRole(principal, roles);
    if (!role) {
      return void deny(req, res, 403, `'${principal.name}' (${principal.roles.join(', ')}) may not ${req.method} ${req.baseUrl}${req.route?.path ?? req.path}: it needs one of the roles ${[...roles, 'admin'].filter((r, i, a) => a.indexOf(r) === i).join(', ')}`);
    }
    res.locals.role = role;
    next();
  };

  return { authenticate, requireRole, deny };
}
