import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { grantingRole, type Principal, type Role } from '../auth/roles.ts';
import type { Auth } from '../auth/middleware.ts';
import type { AuditSink } from './audit-sink.ts';
import { ApiError, validationError } from './errors.ts';

type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  /** The role that admitted the request. */
  role: Role;
  requestId: string;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  /** Non-JSON answers (e.g. model XML) are sent as text with this type. */
  contentType?: string;
  /** For audited routes: what was acted on, why, and anything worth keeping. */
  audit?: { target: string; reason?: string; processInstanceKey?: string; details?: Record<string, unknown> };
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** Express syntax relative to /api (`/tasks/:key/claim`). */
  path: string;
  summary: string;
  tag: string;
  /** Roles admitted (admin always is); 'any' = any authenticated principal. */
  roles: readonly Role[] | 'any';
  params?: P;
  query?: Q;
  body?: B;
  /** Also accept these text content types: the text becomes the body via `fromText`. */
  text?: { types: string[]; schema: z.ZodType; fromText(text: string, query: z.output<Q>): unknown };
  responses: Record<number, ResponseSpec>;
  /** Audit action name: every success is recorded under it (mutating routes). */
  action?: string;
  handler(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>, req: Request, res: Response): Promise<RouteResult>;
}

export interface RouteDeps {
  auth: Auth;
  audit: AuditSink;
  bodyLimit: string;
}

/** Routes as registered, in order: the router serves them and the OpenAPI document describes them. */
export class RouteRegistry {
  readonly routes: RouteSpec[] = [];

  constructor(
    readonly router: Router,
    private readonly deps: RouteDeps,
  ) {}

  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): void {
    // Every request is validated: a route without query parameters refuses any.
    if (!spec.query) spec = { ...spec, query: NO_QUERY as unknown as Q };
    this.routes.push(spec as unknown as RouteSpec);
    this.router[spec.method](spec.path, this.gate(spec), ...this.bodyParsers(spec), this.serve(spec));
  }

  /** Role check first: a denied request is answered before its body is read. */
  private gate(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
    return (req, res, next) => {
      const principal = res.locals.principal!;
      const role = spec.roles === 'any' ? principal.roles[0] : grantingRole(principal, spec.roles);
      if (!role) {
        const needed = [...(spec.roles as Role[]), 'admin'].filter((r, i, all) => all.indexOf(r) === i);
        return void this.deps.auth.deny(req, res, 403, `'${principal.name}' (${principal.roles.join(', ')}) may not ${spec.method.toUpperCase()} /api${spec.path}: it needs one of the roles ${needed.join(', ')}`);
      }
      res.locals.role = role;
      next();
    };
  }

  private bodyParsers(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler[] {
    if (!spec.body) return [];
    const parsers = [express.json({ limit: this.deps.bodyLimit, strict: false })];
    if (spec.text) parsers.push(express.text({ type: spec.text.types, limit: this.deps.bodyLimit }));
    return parsers;
  }

  private serve(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
    return async (req, res) => {
      const params = parse(spec.params, req.params, []);
      const query = parse(spec.query, req.query, []);
      const body = parse(spec.body, this.bodyOf(spec, req, query), []);
      const input = { params, query, body, principal: res.locals.principal!, role: res.locals.role!, requestId: res.locals.requestId ?? '' };
      let result: RouteResult;
      try {
        result = await spec.handler(input, req, res);
      } catch (err) {
        // Refusals that depend on more than the role (whose task it is) are denials too: audited.
        if (err instanceof ApiError && err.status === 403) return void (await this.deps.auth.deny(req, res, 403, err.message));
        throw err;
      }
      if (spec.action && result.audit) await this.audit(spec.action, input, result.audit);
      res.status(result.status ?? 200);
      if (result.body === undefined) res.end();
      else if (result.contentType) res.type(result.contentType).send(result.body);
      else res.json(result.body);
    };
  }

  private bodyOf(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>, req: Request, query: unknown): unknown {
    if (!spec.body) return undefined;
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (spec.text && typeof req.body === 'string') return spec.text.fromText(req.body, query);
    if (hasBody && !req.is('application/json')) {
      const accepted = ['application/json', ...(spec.text?.types ?? [])].join(', ');
      throw new ApiError(415, `body: Content-Type '${req.get('content-type') ?? ''}' is not accepted here; send ${accepted}`, 'body');
    }
    // An empty body is an empty object: routes whose fields are all optional need none.
    return req.body === undefined ? {} : req.body;
  }

  private async audit(action: string, input: RouteInput<unknown, unknown, unknown>, entry: NonNullable<RouteResult['audit']>): Promise<void> {
    try {
      await this.deps.audit.record({
        actor: input.principal.name,
        role: input.role,
        action,
        target: entry.target,
        reason: entry.reason ?? null,
        requestId: input.requestId,
        processInstanceKey: entry.processInstanceKey ?? null,
        details: entry.details ?? {},
      });
    } catch (err) {
      // The action itself has happened; failing the request now would invite a retry that repeats it.
      console.error(`audit: could not record ${action} on ${entry.target}:`, err instanceof Error ? err.message : err);
    }
  }
}

const NO_QUERY = z.strictObject({});

function parse(schema: z.ZodType | undefined, value: unknown, prefix: string[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}
