/**
 * `npm run zeebe:start`: fetches (first run) and starts a real Zeebe broker for the
 * differential conformance suite, then exits leaving it running; `npm run zeebe:stop` ends it.
 * Exit codes: 0 ready, 1 failed to start, 3 cannot run here (no suitable Java or Maven),
 * so CI can tell "skip" from "broken".
 */
import { LOG_FILE, ZeebeUnavailableError, startBroker } from './zeebe/broker.ts';

const EXIT_UNAVAILABLE = 3;

try {
  const broker = await startBroker({ log: (line) => console.log(`zeebe: ${line}`) });
  const how = broker.reused ? 'already running, reused' : `started in ${(broker.startupMs / 1000).toFixed(1)} s`;
  console.log(
    [
      `Zeebe ${broker.version} ready (${how})`,
      `  gRPC gateway   ${broker.grpcAddress}`,
      `  REST           http://localhost:${broker.restPort}`,
      `  monitoring     http://localhost:${broker.monitoringPort}`,
      `  Java           ${broker.javaMajor} (${broker.javaHome})`,
      `  pid            ${broker.pid}, log ${LOG_FILE}`,
    ].join('\n'),
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`zeebe: ${message}`);
  process.exitCode = error instanceof ZeebeUnavailableError ? EXIT_UNAVAILABLE : 1;
}
