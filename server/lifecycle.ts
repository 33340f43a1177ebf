import type { Server } from 'node:http';
import type { Express } from 'express';

/** What `npm start` has started, stopped in reverse order on shutdown. */
export type Stops = Array<() => Promise<void>>;

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${port} is already in use (set PORT)` : err.message)),
    );
  });
}
