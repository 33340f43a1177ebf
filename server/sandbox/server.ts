import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Knex } from 'knex';
import { createSandboxRouter, type SandboxOptions, type SandboxRouter } from './router.ts';

export interface StandaloneSandbox {
  port: number;
  /** Base URL of the systems, e.g. http://127.0.0.1:4100/sandbox (what BATON_SANDBOX_URL takes). */
  url: string;
  router: SandboxRouter;
  close(): Promise<void>;
}

/**
 * The sandbox on a port of its own, under /sandbox as when mounted in Baton, so URLs only
 * differ by host and port. Port 0 picks a free one.
 */
export async function startSandbox(options: SandboxOptions & { knex: Knex; port?: number; host?: string }): Promise<StandaloneSandbox> {
  const { knex, port = 0, host = '127.0.0.1', ...rest } = options;
  const router = createSandboxRouter(knex, rest);
  const app = express();
  app.disable('x-powered-by');
  app.use('/sandbox', router);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host}:${actual}/sandbox`,
    router,
    close: () =>
      new Promise<void>((resolve, reject) => {
        router.releaseHeld();
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open; nothing is in flight any more.
        server.closeIdleConnections();
      }),
  };
}
