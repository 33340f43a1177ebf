import express, { type Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiKeyStore } from '../auth/keys.ts';
import { createAuth, requestId, type Auth } from '../auth/middleware.ts';
import type { Role } from '../auth/roles.ts';
import { buildOpenApi } from '../openapi.ts';
import { tableAuditSink, type AuditSink } from './audit-sink.ts';
import type { ApiContext, ApiEngine, Deployers } from './context.ts';
import { decisionRoutes } from './decisions.ts';
import { ApiError, errorHandler } from './errors.ts';
import { incidentRoutes } from './incidents.ts';
import { instanceRoutes } from './instances.ts';
import { messageRoutes } from './messages.ts';
import { deployRoutes } from './model-deploy.ts';
import { modelRoutes } from './models.ts';
import { RouteRegistry } from './route.ts';
import { taskRoutes } from './tasks.ts';

export interface ApiOptions {
  engine: ApiEngine;
  knex: Knex;
  keys: ApiKeyStore;
  /** Default: rows in api_actions. */
  audit?: AuditSink;
  /** Largest request body (express/bytes syntax); default 1mb. Larger bodies get 413. */
  bodyLimit?: string;
  deployers?: Deployers;
  /**
   * Routers of other modules, mounted under /api behind authentication and a role gate, e.g.
   * `{ path: '/audit', roles: ['compliance'], router: auditRouter }` (admin always passes).
   */
  mounts?: Array<{ path: string; roles: Role[]; router: Router }>;
  version?: string;
}

export interface Api {
  router: Router;
  auth: Auth;
  /** The OpenAPI document (also served at /api/openapi.json). */
  openApi: Record<string, unknown>;
}

/** `/api`: request ids, the OpenAPI document, authentication, then one router per resource. */
export function createApi(options: ApiOptions): Api {
  const audit = options.audit ?? tableAuditSink(options.knex);
  const auth = createAuth(options.keys, audit);
  const router = express.Router();
  router.use(requestId());

  const resources = express.Router();
  const registry = new RouteRegistry(resources, { auth, audit, bodyLimit: options.bodyLimit ?? '1mb' });
  const ctx: ApiContext = { engine: options.engine, knex: options.knex, deployers: options.deployers ?? {} };
  registry.add({
    method: 'get',
    path: '/me',
    summary: 'Who the presented key belongs to',
    tag: 'meta',
    roles: 'any',
    responses: { 200: { description: 'the principal', schema: z.object({ principal: z.string(), roles: z.array(z.string()), groups: z.array(z.string()) }) } },
    async handler({ principal }) {
      return { body: { principal: principal.name, roles: principal.roles, groups: principal.groups } };
    },
  });
  modelRoutes(registry, ctx);
  deployRoutes(registry, ctx);
  decisionRoutes(registry, ctx);
  instanceRoutes(registry, ctx);
  incidentRoutes(registry, ctx);
  messageRoutes(registry, ctx);
  taskRoutes(registry, ctx);

  const openApi = buildOpenApi(registry.routes, { version: options.version ?? '0.1.0' });
  router.get('/openapi.json', (_req, res) => void res.json(openApi));
  router.use(auth.authenticate);
  for (const mount of options.mounts ?? []) router.use(mount.path, auth.requireRole(...mount.roles), mount.router);
  router.use(resources);
  router.use((req) => {
    throw new ApiError(404, `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]} (see /api/openapi.json)`);
  });
  router.use(errorHandler());
  return { router, auth, openApi };
}
