/**
 * The embedded Baton engine as a conformance target: a fresh database on the given Postgres
 * server, the real engine on a virtual clock, the real gRPC gateway on a free port. Same
 * wiring as test/support/engine-harness.ts, which needs vitest's `inject` and so cannot run
 * from the CLI; this one takes the server URL instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { VirtualClock } from '../../../engine/clock/clock.ts';
import { Engine } from '../../../engine/engine.ts';
import { startGateway } from '../../../engine/gateway/grpc-server.ts';
import { openDatabase } from '../../../engine/store/database.ts';
import { BatonRecordSource } from '../feeds/baton-records.ts';
import { RecordFeed } from '../feeds/record-feed.ts';
import { ClientPool, type Target } from '../target.ts';

const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** `adminUrl`: a superuser URL of the server to create the run's database on. */
export async function startEmbeddedTarget(adminUrl: string): Promise<Target> {
  const name = `baton_conformance_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ config: { kind: 'external', url: url.toString() }, poolMax: 20 });
  const clock = new VirtualClock();
  const engine = await Engine.start(db.knex, { clock, log: () => {} });
  const gateway = await startGateway(engine, { port: 0, host: '127.0.0.1', logger: quietLogger, shutdownGraceMs: 500 });
  const clients = new ClientPool(`grpc://127.0.0.1:${gateway.port}`);
  return {
    name: 'baton',
    client: () => clients.open(),
    now: () => clock.now(),
    async elapse(ms) {
      clock.advance(ms);
      await engine.whenIdle();
    },
    sharedClock: true,
    feed: new RecordFeed(new BatonRecordSource(db.knex)),
    async close() {
      await clients.closeAll();
      await gateway.close();
      await engine.close();
      await db.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
