/**
 * An engine + gateway in a process of its own, for tests that kill it (crash recovery).
 * Usage: DATABASE_URL=… GATEWAY_PORT=… node --import tsx test/support/engine-child.ts
 */
import { Engine } from '../../engine/engine.ts';
import { startGateway } from '../../engine/gateway/grpc-server.ts';
import { openDatabase } from '../../engine/store/database.ts';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const db = await openDatabase();
const engine = await Engine.start(db.knex, { log: () => {} });
const gateway = await startGateway(engine, { port: Number(process.env.GATEWAY_PORT), host: '127.0.0.1', logger: quiet });
process.stdout.write(`ready ${gateway.port}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    await gateway.close();
    await engine.close();
    await db.close();
    process.exit(0);
  })();
});
