import express, { type Router } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../engine/clock/clock.ts';
import { handleCall } from './calls.ts';
import { controlRouter } from './control.ts';
import { HeldRequests } from './fault-effects.ts';
import { FaultRegistry } from './faults.ts';
import { RequestLog } from './request-log.ts';
import { RecordStore } from './store.ts';

export interface SandboxOptions {
  /** Timestamps (createdAt, the request log) follow this clock, e.g. an engine's virtual one. Delays stay real. */
  clock?: Pick<Clock, 'now'>;
  /** Largest JSON body, default 5mb (migration batches carry records). */
  bodyLimit?: string;
}

export type SandboxRouter = Router & {
  /** The faults this sandbox plays (also steerable over /_control/faults). */
  readonly faults: FaultRegistry;
  /** Answers every request held by a `timeout` fault now (504): call it before closing the server. */
  releaseHeld(): void;
};

/**
 * The sandbox that plays the customer's external systems, as an Express router: mount it at
 * /sandbox. `/:system/:resource[/:id]` is the generic resource API of every system,
 * `/_control` steers faults and shows the request log.
 */
export function createSandboxRouter(knex: Knex, options: SandboxOptions = {}): SandboxRouter {
  const store = new RecordStore(knex);
  const log = new RequestLog(knex);
  const faults = new FaultRegistry();
  const held = new HeldRequests();
  const bodyLimit = options.bodyLimit ?? '5mb';
  const clock = options.clock;
  const now = () => new Date(clock ? clock.now() : Date.now());

  const router = express.Router();
  router.use('/_control', controlRouter({ store, log, faults, bodyLimit }));
  router.all('/:system/:resource{/:id}', (req, res) => handleCall(req, res, { store, log, faults, held, now, bodyLimit }));
  router.use((req, res) => {
    res.status(404).json({ error: `no sandbox endpoint at ${req.method} ${req.originalUrl}; use /:system/:resource[/:id] or /_control/…` });
  });
  return Object.assign(router, { faults, releaseHeld: () => held.releaseAll() });
}
