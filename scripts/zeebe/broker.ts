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
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';

/** Newest `io.camunda:camunda-zeebe` distribution on Maven Central (checked 2026-11). */
export const DEFAULT_ZEEBE_VERSION = '8.6.0';
export const DEFAULT_GRPC_PORT = 26500;
/** Not 8080: that is Baton's own HTTP port, and both may run side by side. */
export const DEFAULT_REST_PORT = 8088;
export const DEFAULT_MONITORING_PORT = 9600;
/** The broker's internal command and cluster ports; fixed, they only need to be free. */
const INTERNAL_PORTS = [26501, 26502];
const DEFAULT_HEAP = '768m';
const DEFAULT_START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 30_000;
/** Pinned because Maven 3.8's default dependency plugin (2.8) cannot copy without a project. */
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ZEEBE_DIR = path.join(ROOT_DIR, '.zeebe');
const DATA_DIR = path.join(ZEEBE_DIR, 'data');
export const LOG_FILE = path.join(ZEEBE_DIR, 'broker.log');
const PID_FILE = path.join(ZEEBE_DIR, 'broker.pid');
const STATE_FILE = path.join(ZEEBE_DIR, 'broker.json');
const LOCK_DIR = path.join(ZEEBE_DIR, 'lock');

export interface JavaHome {
  home: string;
  major: number;
}

export type ZeebeChoice =
  | { ok: true; version: string; java: JavaHome; distDir: string; unpacked: boolean }
  | { ok: false; reason: string };

export interface StartOptions {
  version?: string;
  grpcPort?: number;
  restPort?: number;
  monitoringPort?: number;
  /** JVM max heap, as for -Xmx. */
  heap?: string;
  startTimeoutMs?: number;
  /** Progress lines (download, start); silent by default so tests stay quiet. */
  log?: (line: string) => void;
  /** Zeebe's debug exporter (every record to the log, for the differential suite); off for benchmarks. Default true. */
  debugExporter?: boolean;
}

export interface BrokerInfo {
  pid: number;
  version: string;
  javaHome: string;
  javaMajor: number;
  grpcPort: number;
  restPort: number;
  monitoringPort: number;
  /** What a client passes as ZEEBE_GRPC_ADDRESS. */
  grpcAddress: string;
  startedAt: string;
}

export interface StartResult extends BrokerInfo {
  /** True when a broker started earlier by these scripts was already serving. */
  reused: boolean;
  /** From spawn to a partition leader in the topology (0 when reused). */
  startupMs: number;
}

export interface BrokerStatus {
  running: boolean;
  /** A partition leader shows in the gRPC topology. */
  ready: boolean;
  info?: BrokerInfo;
}

/** Java or Maven is missing: the broker cannot run on this machine (callers may skip). */
export class ZeebeUnavailableError extends Error {}

/** The broker was launched but did not become ready; carries the end of its log. */
export class BrokerStartError extends Error {}

// ---------------------------------------------------------------------------------------
// Choosing a version and a JDK
// ---------------------------------------------------------------------------------------

/** Zeebe 8.4 moved to Java 21; earlier 8.x releases run on Java 17. */
export function minJavaFor(version: string): number {
  const [major, minor] = version.split('.').map(Number);
  return major < 8 || (major === 8 && minor < 4) ? 17 : 21;
}

/**
 * Picks the Zeebe version (`ZEEBE_VERSION`, else the pinned default) and the JDK to run it:
 * `ZEEBE_JAVA_HOME` if set, else the oldest installed JDK that is new enough, because the
 * oldest suitable one is closest to what that Zeebe release was tested on.
 */
export function chooseZeebe(env: NodeJS.ProcessEnv = process.env): ZeebeChoice {
  const version = requestedVersion(env);
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
    return { ok: false, reason: `ZEEBE_VERSION "${version}" is not a version like 8.6.0` };
  }
  const javas = findJavas(env);
  const needed = minJavaFor(version);
  const java = javas.filter((j) => j.major >= needed).sort((a, b) => a.major - b.major)[0];
  if (!java) {
    const found = javas.map((j) => `${j.major} (${j.home})`).join(', ') || 'none';
    return {
      ok: false,
      reason:
        `Zeebe ${version} needs Java ${needed}+, found: ${found}. Install a JDK ${needed}+ under ` +
        `/usr/lib/jvm or set ZEEBE_JAVA_HOME. (Zeebe 8.3.x, the last release for Java 17, is not ` +
        `on Maven Central.)`,
    };
  }
  const distDir = path.join(ZEEBE_DIR, version);
  const unpacked = isUnpacked(distDir);
  if (!unpacked && !findOnPath('mvn', env)) {
    return { ok: false, reason: `Maven (mvn) is not installed, and ${distDir} is not unpacked yet` };
  }
  return { ok: true, version, java, distDir, unpacked };
}

export function requestedVersion(env: NodeJS.ProcessEnv = process.env): string {
  return env.ZEEBE_VERSION?.trim() || DEFAULT_ZEEBE_VERSION;
}

/** Installed JDKs; `ZEEBE_JAVA_HOME` alone when given, so an explicit choice is never second-guessed. */
export function findJavas(env: NodeJS.ProcessEnv = process.env): JavaHome[] {
  const explicit = env.ZEEBE_JAVA_HOME?.trim();
  const candidates = explicit
    ? [explicit]
    : [env.JAVA_HOME, javaHomeOnPath(env), ...subdirectories('/usr/lib/jvm')];
  const seen = new Set<string>();
  const javas: JavaHome[] = [];
  for (const candidate of candidates) {
    if (!candidate || !isExecutable(path.join(candidate, 'bin', 'java'))) continue;
    const home = fs.realpathSync(candidate);
    if (seen.has(home)) continue;
    seen.add(home);
    const major = javaMajorOf(home);
    if (major) javas.push({ home, major });
  }
  return javas;
}

function javaHomeOnPath(env: NodeJS.ProcessEnv): string | undefined {
  const java = findOnPath('java', env);
  return java ? path.dirname(path.dirname(fs.realpathSync(java))) : undefined;
}

/** Reads the JDK's `release` file; asks the binary only when there is none. */
function javaMajorOf(home: string): number | undefined {
  const release = readIfExists(path.join(home, 'release'));
  const fromRelease = release?.match(/^JAVA_VERSION="(\d+)(?:\.(\d+))?/m);
  if (fromRelease) return parseJavaMajor(fromRelease[1], fromRelease[2]);
  const out = spawnSync(path.join(home, 'bin', 'java'), ['-version'], { encoding: 'utf8' });
  const fromBinary = `${out.stderr ?? ''}`.match(/version "(\d+)(?:\.(\d+))?/);
  return fromBinary ? parseJavaMajor(fromBinary[1], fromBinary[2]) : undefined;
}

/** "1.8" means Java 8; from 9 on the first number is the major. */
function parseJavaMajor(first: string, second: string | undefined): number {
  return first === '1' && second ? Number(second) : Number(first);
}

// ---------------------------------------------------------------------------------------
// Fetching the distribution
// ---------------------------------------------------------------------------------------

function isUnpacked(distDir: string): boolean {
  return isExecutable(path.join(distDir, 'bin', 'broker'));
}

/** Downloads with Maven (cached in ~/.m2) and unpacks into `.zeebe/<version>/` once. */
async function ensureDistribution(version: string, distDir: string, log: (line: string) => void): Promise<void> {
  if (isUnpacked(distDir)) return;
  const downloadDir = path.join(ZEEBE_DIR, 'download');
  const artifact = `io.camunda:camunda-zeebe:${version}:tar.gz`;
  log(`fetching ${artifact} with Maven (first run only, ~300 MB)`);
  const mvn = await run('mvn', [
    '-B', '-q', '-Dstyle.color=never', `${DEPENDENCY_PLUGIN}:copy`,
    `-Dartifact=${artifact}`, `-DoutputDirectory=${downloadDir}`, '-Dmdep.overWriteReleases=true',
  ]);
  if (mvn.code !== 0) {
    fs.rmSync(downloadDir, { recursive: true, force: true });
    throw new ZeebeUnavailableError(
      `Maven could not fetch ${artifact} (exit ${mvn.code}). Camunda publishes this ` +
        `distribution to Maven Central only for some releases (8.5.8 and 8.6.0 as of 2026-11).\n` +
        lastLines(mvn.output, 15),
    );
  }
  const tarball = path.join(downloadDir, `camunda-zeebe-${version}.tar.gz`);
  await unpack(tarball, distDir);
  // The copy is only a staging file: Maven keeps its own in ~/.m2.
  fs.rmSync(downloadDir, { recursive: true, force: true });
  log(`unpacked into ${path.relative(ROOT_DIR, distDir)}`);
}

/** Unpacks next to the target and renames, so a half-unpacked folder is never taken as done. */
async function unpack(tarball: string, distDir: string): Promise<void> {
  const staging = `${distDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const tar = await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
  if (tar.code !== 0) throw new Error(`could not unpack ${tarball}:\n${lastLines(tar.output, 10)}`);
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.renameSync(staging, distDir);
}

// ---------------------------------------------------------------------------------------
// Starting
// ---------------------------------------------------------------------------------------

interface ResolvedOptions {
  version?: string;
  grpcPort: number;
  restPort: number;
  monitoringPort: number;
  heap: string;
  startTimeoutMs: number;
  log: (line: string) => void;
  debugExporter: boolean;
}

function resolveOptions(opts: StartOptions, env: NodeJS.ProcessEnv): ResolvedOptions {
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

function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
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
async function reuseRunningBroker(options: ResolvedOptions): Promise<StartResult | undefined> {
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

async function launchAndWait(choice: Extract<ZeebeChoice, { ok: true }>, options: ResolvedOptions): Promise<StartResult> {
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
function launch(choice: Extract<ZeebeChoice, { ok: true }>, options: ResolvedOptions): BrokerInfo {
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
function versionSpecificEnv(version: string): Record<string, string> {
  const [major, minor] = version.split('.').map(Number);
  if (major < 8 || (major === 8 && minor < 8)) return {};
  return {
    CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'none',
    CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'true',
    CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED: 'false',
  };
}

async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    if (await isServed(port)) {
      throw new Error(
        `port ${port} is already in use by another process, and no broker started by these scripts ` +
          `is running (no live ${path.relative(ROOT_DIR, PID_FILE)}): stop that process or choose other ports`,
      );
    }
  }
}

function isServed(port: number): Promise<boolean> {
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

// ---------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------

type Topology = Awaited<ReturnType<ReturnType<Camunda8['getZeebeGrpcApiClient']>['topology']>>;

/** A gRPC client that fails fast and quietly: polling handles the retries. */
function quietClient(grpcPort: number) {
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
async function waitForLeader(info: BrokerInfo, timeoutMs: number): Promise<void> {
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

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
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

// ---------------------------------------------------------------------------------------
// Status and stopping
// ---------------------------------------------------------------------------------------

/** The recorded broker if its JVM is still ours and alive; stale records are removed. */
function liveBrokerInfo(): BrokerInfo | undefined {
  const pid = Number(readIfExists(PID_FILE)?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const state = readIfExists(STATE_FILE);
  if (!isAlive(pid) || !isOurBroker(pid) || !state) {
    removeRecords();
    return undefined;
  }
  return JSON.parse(state) as BrokerInfo;
}

export async function brokerStatus(): Promise<BrokerStatus> {
  const info = liveBrokerInfo();
  if (!info) return { running: false, ready: false };
  const client = quietClient(info.grpcPort);
  try {
    const topology = await withTimeout(client.topology(), 5000).catch(() => undefined);
    return { running: true, ready: topology !== undefined && hasLeader(topology), info };
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface StopResult {
  stopped: boolean;
  pid?: number;
  /** SIGTERM was not enough within the grace period. */
  killed: boolean;
}

/** SIGTERM, a grace period for a clean shutdown, then SIGKILL; no JVM is left behind. */
export async function stopBroker(): Promise<StopResult> {
  return withLock(stopUnlocked);
}

async function stopUnlocked(): Promise<StopResult> {
  const info = liveBrokerInfo();
  if (!info) return { stopped: false, killed: false };
  const { pid } = info;
  signal(pid, 'SIGTERM');
  let killed = false;
  if (!(await waitForExit(pid, STOP_GRACE_MS))) {
    killed = true;
    signal(pid, 'SIGKILL');
    if (!(await waitForExit(pid, 10_000))) throw new Error(`Zeebe broker pid ${pid} survived SIGKILL`);
  }
  removeRecords();
  return { stopped: true, pid, killed };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(200);
  }
  return !isAlive(pid);
}

/** The JVM may exit on its own between the check and the signal; that is success. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function removeRecords(): void {
  fs.rmSync(PID_FILE, { force: true });
  fs.rmSync(STATE_FILE, { force: true });
}

/** Alive and not a zombie (a zombie still answers kill 0 until its parent reaps it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readIfExists(`/proc/${pid}/stat`);
  // The state is the field after the parenthesised command name, which may contain spaces.
  const state = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return state !== 'Z';
}

/**
 * Guards against a recycled pid: a JVM whose app.home (set by bin/broker) is under our
 * `.zeebe` is ours. Not the main class: it moved between releases (io.camunda.zeebe.broker
 * in 8.5, io.camunda.application in 8.6).
 */
function isOurBroker(pid: number): boolean {
  const cmdline =
    readIfExists(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ??
    spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).stdout;
  return cmdline.includes(`-Dapp.home=${ZEEBE_DIR}${path.sep}`);
}

// ---------------------------------------------------------------------------------------
// Locking: start and stop from parallel test files or CLIs must not interleave
// ---------------------------------------------------------------------------------------

const LOCK_WAIT_MS = 15 * 60_000;

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(ZEEBE_DIR, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!tryLock()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK_DIR} (remove it if stale)`);
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** mkdir is atomic; the owner's pid inside lets a lock left by a dead process be taken over. */
function tryLock(): boolean {
  try {
    fs.mkdirSync(LOCK_DIR);
    fs.writeFileSync(path.join(LOCK_DIR, 'owner'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readIfExists(path.join(LOCK_DIR, 'owner')));
    // No owner file yet means the holder is between mkdir and write: wait for it.
    if (owner > 0 && !isAlive(owner)) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function subdirectories(dir: string): string[] {
  try {
    return fs.readdirSync(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, command))
    .find(isExecutable);
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Runs a command to completion, collecting stdout and stderr together for error messages. */
function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: -1, output: `${output}${error.message}` }));
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
