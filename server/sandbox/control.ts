import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { asSandboxError, parse, SandboxError } from './errors.ts';
import { faultSpec, type FaultRegistry } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import type { RecordStore } from './store.ts';
import { methodName, resourceName, systemName, SYSTEMS } from './systems.ts';

export interface ControlDeps {
  store: RecordStore;
  log: RequestLog;
  faults: FaultRegistry;
  bodyLimit: string;
}

const requestQuery = z.strictObject({
  system: systemName.optional(),
  resource: resourceName.optional(),
  method: methodName.optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000, 'must be at most 10000').optional(),
});

const dataQuery = z.strictObject({ system: systemName.optional() });

type Handler = (req: Request, res: Response) => Promise<void> | void;

/** Control handlers answer errors as `{ error, field? }` like the systems do. */
function handled(fn: Handler): Handler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (err) {
      const e = asSandboxError(err);
      res.status(e.status).json(e.toBody());
    }
  };
}

/**
 * /_control: how tests and the demo steer the sandbox (faults) and look at what happened
 * (the request log). Its own calls are neither faulted nor logged.
 */
export function controlRouter(deps: ControlDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: deps.bodyLimit }));

  router.get('/systems', (_req, res) => {
    res.json(SYSTEMS);
  });

  router.post(
    '/faults',
    handled((req, res) => {
      if (!req.is('application/json')) throw new SandboxError(415, 'body: send JSON with content-type application/json', 'body');
      const spec = parse(faultSpec, req.body);
      res.status(201).json(deps.faults.add(spec));
    }),
  );
  router.get('/faults', (_req, res) => {
    res.json(deps.faults.list());
  });
  router.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.status(204).end();
  });
  router.delete(
    '/faults/:id',
    handled((req, res) => {
      if (!deps.faults.remove(String(req.params.id))) throw new SandboxError(404, `fault ${req.params.id} was not found`);
      res.status(204).end();
    }),
  );

  router.delete(
    '/data',
    handled(async (req, res) => {
      const { system } = parse(dataQuery, req.query);
      await deps.store.clear(system);
      await deps.log.clear(system);
      res.status(204).end();
    }),
  );

  router.get(
    '/requests',
    handled(async (req, res) => {
      res.json(await deps.log.list(parse(requestQuery, req.query)));
    }),
  );

  // Body-parser failures (malformed JSON) and unknown control paths.
  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'unknown control endpoint; see /_control/faults, /_control/requests, /_control/data' });
  });
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const e = asSandboxError(err);
    res.status(e.status).json(e.toBody());
  });
  return router;
}
