/**
 * What a case runs against: a gateway, a way to let time pass, and (when available) the
 * engine's record stream. The embedded Baton engine moves a virtual clock; a real broker
 * (or any gateway address) just waits in real time. Cases never know which one they have.
 */
import { Camunda8 } from '@camunda8/sdk';
import type { RecordFeed } from './feeds/record-feed.ts';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface Target {
  /** Short name for reports: "baton", "zeebe 8.6.0". */
  readonly name: string;
  /** A fresh client; the target closes it on `close`. */
  client(): ZeebeClient;
  /** The target's current time (epoch ms): the virtual clock on Baton, the wall clock elsewhere. */
  now(): number;
  /** Lets `ms` of the target's time pass and returns once what became due has run (as far as the target can tell). */
  elapse(ms: number): Promise<void>;
  /**
   * True when time is shared state that a case moves (a virtual clock): cases that let time
   * pass then run one at a time, so one case's timers never fire inside another's steps.
   */
  readonly sharedClock: boolean;
  /** The engine's exported records; undefined when the target cannot show them. */
  readonly feed?: RecordFeed;
  /** Why there is no feed (printed once, so a missing observation is never silent). */
  readonly feedMissing?: string;
  close(): Promise<void>;
}

/** A client that fails fast and stays quiet: the SDK otherwise retries forever and logs a lot. */
export function quietClient(address: string): ZeebeClient {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
    // The SDK's option type has no CAMUNDA_LOG_LEVEL at this level, though it reads it.
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();
}

/** Collects clients so a target can close them all. */
export class ClientPool {
  private readonly clients: ZeebeClient[] = [];
  constructor(private readonly address: string) {}

  open(): ZeebeClient {
    const client = quietClient(this.address);
    this.clients.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close().catch(() => undefined)));
    this.clients.length = 0;
  }
}
