/**
 * A real Zeebe broker as a conformance target, started (or reused) through
 * scripts/zeebe/broker.ts, whose bundled DebugLogExporter makes the broker log double as the
 * record stream (incidents, instance ends, variables).
 */
import fs from 'node:fs';
import { LOG_FILE, brokerStatus, chooseZeebe, startBroker, stopBroker, ZeebeUnavailableError } from '../../../scripts/zeebe/broker.ts';
import { RecordFeed } from '../feeds/record-feed.ts';
import { EXPORTER_OPENED, ZeebeLogSource } from '../feeds/zeebe-log.ts';
import type { Target } from '../target.ts';
import { remoteTarget } from './remote.ts';

/** Why a broker cannot run here, or undefined when it can (callers skip on a reason). */
export function zeebeSkipReason(): string | undefined {
  const choice = chooseZeebe();
  return choice.ok ? undefined : choice.reason;
}

export async function startZeebeTarget(log: (line: string) => void = () => {}): Promise<Target> {
  // scripts/zeebe/broker.ts starts every broker with the debug exporter, whose log is the feed.
  const broker = await startBroker({ log });
  const feed = await brokerLogFeed();
  const reused = broker.reused;
  return remoteTarget({
    name: `zeebe ${broker.version}`,
    address: broker.grpcAddress,
    feed,
    feedMissing:
      'the running broker was started without the debug exporter, so incidents and instance ends are not ' +
      'visible: stop it (npm run zeebe:stop) and let the conformance run start its own',
    // A broker someone else started (npm run zeebe:start) stays up for them.
    onClose: reused ? undefined : async () => void (await stopBroker()),
  });
}

/** The record stream of the broker these scripts run, if it exports to its log. */
async function brokerLogFeed(): Promise<RecordFeed | undefined> {
  const exporting = fs.existsSync(LOG_FILE) && fs.readFileSync(LOG_FILE, 'utf8').includes(EXPORTER_OPENED);
  return exporting ? new RecordFeed(await ZeebeLogSource.fromEnd(LOG_FILE)) : undefined;
}

/**
 * For a plain gateway address: when it is the broker these scripts started (npm run
 * zeebe:start), its log can still serve as the record stream.
 */
export async function feedForAddress(address: string): Promise<RecordFeed | undefined> {
  const status = await brokerStatus();
  const port = Number(new URL(address.replace(/^grpcs?:/, 'http:')).port);
  return status.running && status.info?.grpcPort === port ? brokerLogFeed() : undefined;
}

export { ZeebeUnavailableError };
