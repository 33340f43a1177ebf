/**
 * Fetches, starts and stops a real Zeebe broker (standalone, embedded gateway) for the
 * differential conformance suite. Everything lives under `.zeebe/` at the repo root
 * (git-ignored):
 *
 *   .zeebe/<version>/   the unpacked distribution, fetched once with Maven and reused
 *   .zeebe/data/        broker data, wiped on every start so each run sees a clean broker
 *   .zeebe/broker.log   the broker's stdout and stderr
 *   .zeebe/broker.pid   pid of the java process
 *   .zeebe/broker.json  what runs there (version, java, ports), so stop/status/reuse never guess
 *
 * Why 8.6.0 and not 8.8.x or 8.3.x: Camunda publishes the `camunda-zeebe` tar.gz to Maven
 * Central only for 8.5.8 and 8.6.0 (the other releases live on Camunda's own repository,
 * which this network does not reach). Both need Java 21+.
 */

export { DEFAULT_ZEEBE_VERSION, DEFAULT_GRPC_PORT, DEFAULT_REST_PORT, DEFAULT_MONITORING_PORT, ZEEBE_DIR, LOG_FILE, ZeebeUnavailableError, BrokerStartError, type JavaHome, type ZeebeChoice, type StartOptions, type BrokerInfo, type StartResult, type BrokerStatus } from './config.ts';
export { minJavaFor, chooseZeebe, requestedVersion, findJavas } from './java.ts';
export { startBroker, brokerEnv } from './start.ts';
export { hasLeader, logTail } from './readiness.ts';
export { brokerStatus, stopBroker, type StopResult } from './stop.ts';
