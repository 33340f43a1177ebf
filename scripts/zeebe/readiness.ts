import { setTimeout as sleep } from 'node:timers/promises';
import { Camunda8 } from '@camunda8/sdk';
import { BrokerStartError, LOG_FILE, type BrokerInfo } from './config.ts';
import { lastLines, readIfExists } from './files.ts';
import { isAlive } from './stop.ts';

// ---------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------

export type Topology = Awaited<ReturnType<ReturnType<Camunda8['getZeebeGrpcApiClient']>['topology']>>;

/** A gRPC client that fails fast and quietly: polling handles the retries. */
export function quietClient(grpcPort: number) {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://localhost:${grpcPort}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  }).getZeebeGrpcApiClient();
}

export function hasLeader(topology: Topology): boolean {
  return topology.brokers.some((broker) => broker.partitions.some((p) => String(p.role) === 'LEADER'));
}

/** Polls the topology once a second; fails early, with the log's tail, if the JVM exits. */
export async function waitForLeader(info: BrokerInfo, timeoutMs: number): Promise<void> {
  const client = quietClient(info.grpcPort);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (!isAlive(info.pid)) {
        throw new BrokerStartError(`the Zeebe broker exited during startup; end of ${LOG_FILE}:\n${logTail()}`);
      }
      const topology = await withTimeout(client.topology(), 5000).catch(() => undefined);
      if (topology && hasLeader(topology)) return;
      await sleep(1000);
    }
    throw new BrokerStartError(
      `no partition leader on gRPC port ${info.grpcPort} after ${timeoutMs / 1000} s; end of ${LOG_FILE}:\n${logTail()}`,
    );
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function logTail(lines = 40): string {
  return lastLines(readIfExists(LOG_FILE) ?? '(no log)', lines);
}
