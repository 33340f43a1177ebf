import { Camunda8 } from '@camunda8/sdk';
import { VirtualClock, type Clock } from '../../engine/clock/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { startGateway, type Gateway } from '../../engine/gateway/grpc-server.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface Harness {
  db: TestDatabase;
  engine: Engine;
  clock: Clock;
  gateway: Gateway;
  /** A fresh @camunda8/sdk Zeebe client talking to the gateway (closed by `stop`). */
  client(): ReturnType<Camunda8['getZeebeGrpcApiClient']>;
  stop(): Promise<void>;
}

const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * A real engine on its own database behind the real gRPC gateway, with a virtual clock
 * unless told otherwise. Everything a test does goes through @camunda8/sdk.
 */
export async function startHarness(options: { clock?: Clock; virtualClock?: boolean } = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const clock = options.clock ?? (options.virtualClock === false ? undefined : new VirtualClock());
  const engine = await Engine.start(db.knex, { clock, log: () => {} });
  const gateway = await startGateway(engine, { port: 0, host: '127.0.0.1', logger: quietLogger });
  const clients: Array<ReturnType<Camunda8['getZeebeGrpcApiClient']>> = [];
  return {
    db,
    engine,
    clock: engine.clock,
    gateway,
    client() {
      const c = sdkClient(gateway.port);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) await c.close().catch(() => {});
      await gateway.close();
      await engine.close();
      await db.drop();
    },
  };
}

export function sdkClient(port: number): ReturnType<Camunda8['getZeebeGrpcApiClient']> {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${port}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();
}
