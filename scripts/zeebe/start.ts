import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BrokerStartError, DATA_DIR, DEFAULT_GRPC_PORT, DEFAULT_HEAP, DEFAULT_MONITORING_PORT, DEFAULT_REST_PORT, DEFAULT_START_TIMEOUT_MS, INTERNAL_PORTS, LOG_FILE, PID_FILE, ROOT_DIR, STATE_FILE, ZeebeUnavailableError, type BrokerInfo, type JavaHome, type StartOptions, type StartResult, type ZeebeChoice } from './config.ts';
import { ensureDistribution } from './distribution.ts';
import { chooseZeebe, requestedVersion } from './java.ts';
import { withLock } from './lock.ts';
import { waitForLeader } from './readiness.ts';
import { liveBrokerInfo, stopUnlocked } from './stop.ts';

// ---------------------------------------------------------------------------------------
// Starting
// ---------------------------------------------------------------------------------------

export interface ResolvedOptions {
  version?: string;
  grpcPort: number;
  restPort: number;
  monitoringPort: number;
  heap: string;
  startTimeoutMs: number;
  log: (line: string) => void;
  debugExporter: boolean;
}

export function resolveOptions(opts: StartOptions, env: NodeJS.ProcessEnv): ResolvedOptions {
  return {
    version: opts.version,
    grpcPort: opts.grpcPort ?? portFromEnv(env, 'ZEEBE_GRPC_PORT', DEFAULT_GRPC_PORT),
    restPort: opts.restPort ?? portFromEnv(env, 'ZEEBE_REST_PORT', DEFAULT_REST_PORT),
    monitoringPort: opts.monitoringPort ?? portFromEnv(env, 'ZEEBE_MONITORING_PORT', DEFAULT_MONITORING_PORT),
    heap: opts.heap ?? DEFAULT_HEAP,
    startTimeoutMs: opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    log: opts.log ?? (() => undefined),
    debugExporter: opts.debugExporter ?? true,
  };
}

export function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}="${raw}" is not a port`);
  return port;
}

/**
 * Starts a clean broker and resolves once a partition leader shows in the gRPC topology.
 * A broker that these scripts started earlier and that still serves is reused instead.
 */
export async function startBroker(opts: StartOptions = {}): Promise<StartResult> {
  const options = resolveOptions(opts, process.env);
  return withLock(async () => {
    const reused = await reuseRunningBroker(options);
    if (reused) return reused;
    const env = options.version ? { ...process.env, ZEEBE_VERSION: options.version } : process.env;
    const choice = chooseZeebe(env);
    if (!choice.ok) throw new ZeebeUnavailableError(choice.reason);
    await ensureDistribution(choice.version, choice.distDir, options.log);
    await assertPortsFree([options.grpcPort, options.restPort, options.monitoringPort, ...INTERNAL_PORTS]);
    return launchAndWait(choice, options);
  });
}

/** Our broker is alive: reuse it if it is the one asked for, refuse if it is another. */
export async function reuseRunningBroker(options: ResolvedOptions): Promise<StartResult | undefined> {
  const info = liveBrokerInfo();
  if (!info) return undefined;
  const wanted = options.version ?? requestedVersion();
  if (info.version !== wanted || info.grpcPort !== options.grpcPort) {
    throw new Error(
      `a Zeebe ${info.version} broker (pid ${info.pid}, gRPC ${info.grpcPort}) started by these scripts is ` +
        `running, but ${wanted} on ${options.grpcPort} was asked for: run \`npm run zeebe:stop\` first`,
    );
  }
  options.log(`reusing the running broker (pid ${info.pid})`);
  // It may still be starting (another process launched it a moment ago): wait the same way.
  await waitForLeader(info, options.startTimeoutMs);
  return { ...info, reused: true, startupMs: 0 };
}

export async function launchAndWait(choice: Extract<ZeebeChoice, { ok: true }>, options: ResolvedOptions): Promise<StartResult> {
  options.log(`starting Zeebe ${choice.version} with Java ${choice.java.major} (${choice.java.home})`);
  const startedAt = Date.now();
  const info = launch(choice, options);
  try {
    await waitForLeader(info, options.startTimeoutMs);
  } catch (error) {
    await stopUnlocked();
    throw error;
  }
  return { ...info, reused: false, startupMs: Date.now() - startedAt };
}

/** Spawns `bin/broker` detached (it `exec`s java, so the child pid is the JVM's) and records it. */
export function launch(choice: Extract<ZeebeChoice, { ok: true }>, options: ResolvedOptions): BrokerInfo {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const logFd = fs.openSync(LOG_FILE, 'w');
  try {
    const child = spawn(path.join(choice.distDir, 'bin', 'broker'), [], {
      cwd: choice.distDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: brokerEnv(choice, options),
    });
    // A failed spawn also emits 'error'; the missing pid below already reports it.
    child.once('error', () => undefined);
    if (child.pid === undefined) throw new BrokerStartError(`could not spawn ${choice.distDir}/bin/broker`);
    child.unref();
    const info: BrokerInfo = {
      pid: child.pid,
      version: choice.version,
      javaHome: choice.java.home,
      javaMajor: choice.java.major,
      grpcPort: options.grpcPort,
      restPort: options.restPort,
      monitoringPort: options.monitoringPort,
      grpcAddress: `grpc://localhost:${options.grpcPort}`,
      startedAt: new Date().toISOString(),
    };
    fs.writeFileSync(PID_FILE, `${info.pid}\n`);
    fs.writeFileSync(STATE_FILE, `${JSON.stringify(info, null, 2)}\n`);
    return info;
  } finally {
    fs.closeSync(logFd);
  }
}

/**
 * The broker's environment: the caller's, minus anything Spring would read as broker
 * configuration (a CI job's ZEEBE_* or CAMUNDA_* variables meant for clients must not
 * reconfigure it), plus the settings below.
 */
export function brokerEnv(choice: { version: string; java: JavaHome }, options: {
  grpcPort: number; restPort: number; monitoringPort: number; heap: string; debugExporter?: boolean;
}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(ZEEBE|CAMUNDA|SPRING|SERVER|MANAGEMENT|JAVA)_/.test(name)),
  );
  return {
    ...inherited,
    JAVA_HOME: choice.java.home,
    JAVA_OPTS: `-Xmx${options.heap}`,
    ZEEBE_BROKER_NETWORK_HOST: '127.0.0.1',
    ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(options.grpcPort),
    ZEEBE_BROKER_DATA_DIRECTORY: DATA_DIR,
    // A CI disk that is fuller than the default 2 GB free-space threshold must not stop it.
    ZEEBE_BROKER_DATA_DISK_ENABLEMONITORING: 'false',
    // Zeebe's bundled debug exporter writes every record to the broker log: the differential
    // suite reads incidents and instance ends from it. Spring reads these system properties.
    JDK_JAVA_OPTIONS: [
      process.env.JDK_JAVA_OPTIONS,
      ...(options.debugExporter === false
        ? []
        : ['-Dzeebe.broker.exporters.debug.className=io.camunda.zeebe.broker.exporter.debug.DebugLogExporter', '-Dzeebe.broker.exporters.debug.args.logLevel=info']),
    ]
      .filter(Boolean)
      .join(' '),
    SERVER_ADDRESS: '127.0.0.1',
    SERVER_PORT: String(options.restPort),
    MANAGEMENT_SERVER_ADDRESS: '127.0.0.1',
    MANAGEMENT_SERVER_PORT: String(options.monitoringPort),
    ...versionSpecificEnv(choice.version),
  };
}

/**
 * 8.8 folded the web apps into the broker and wants a secondary store (Elasticsearch or a
 * database) and API authentication by default; without these it would not start alone.
 * Untested here: no 8.8 distribution is on Maven Central.
 */
export function versionSpecificEnv(version: string): Record<string, string> {
  const [major, minor] = version.split('.').map(Number);
  if (major < 8 || (major === 8 && minor < 8)) return {};
  return {
    CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'none',
    CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'true',
    CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED: 'false',
  };
}

export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    if (await isServed(port)) {
      throw new Error(
        `port ${port} is already in use by another process, and no broker started by these scripts ` +
          `is running (no live ${path.relative(ROOT_DIR, PID_FILE)}): stop that process or choose other ports`,
      );
    }
  }
}

export function isServed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (served: boolean) => {
      socket.destroy();
      resolve(served);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
