/**
 * Any gateway reachable at an address (a real Zeebe broker, a Baton server) as a target:
 * time passes in real time, and records are visible only when the broker's log is given.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordFeed } from '../feeds/record-feed.ts';
import { ClientPool, type Target } from '../target.ts';

export interface RemoteOptions {
  name: string;
  address: string;
  feed?: RecordFeed;
  feedMissing?: string;
  /** Extra work on close (stopping a broker that the run started). */
  onClose?: () => Promise<void>;
}

/**
 * Slack after a wait: a real broker fires due timers from a checker, a little after the due
 * time. Observations after `elapse` poll anyway; this only keeps "nothing yet" checks fair.
 */
const TIMER_SLACK_MS = 250;

export function remoteTarget(options: RemoteOptions): Target {
  const clients = new ClientPool(options.address);
  return {
    name: options.name,
    client: () => clients.open(),
    now: () => Date.now(),
    elapse: (ms) => sleep(ms + TIMER_SLACK_MS),
    sharedClock: false,
    feed: options.feed,
    feedMissing: options.feed ? undefined : (options.feedMissing ?? 'no record stream for this gateway'),
    async close() {
      await clients.closeAll();
      await options.onClose?.();
    },
  };
}
