import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Newest `io.camunda:camunda-zeebe` distribution on Maven Central (checked 2026-11). */
export const DEFAULT_ZEEBE_VERSION = '8.6.0';
export const DEFAULT_GRPC_PORT = 26500;
/** Not 8080: that is Baton's own HTTP port, and both may run side by side. */
export const DEFAULT_REST_PORT = 8088;
export const DEFAULT_MONITORING_PORT = 9600;
/** The broker's internal command and cluster ports; fixed, they only need to be free. */
export const INTERNAL_PORTS = [26501, 26502];
export const DEFAULT_HEAP = '768m';
export const DEFAULT_START_TIMEOUT_MS = 120_000;
export const STOP_GRACE_MS = 30_000;
/** Pinned because Maven 3.8's default dependency plugin (2.8) cannot copy without a project. */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ZEEBE_DIR = path.join(ROOT_DIR, '.zeebe');
export const DATA_DIR = path.join(ZEEBE_DIR, 'data');
export const LOG_FILE = path.join(ZEEBE_DIR, 'broker.log');
export const PID_FILE = path.join(ZEEBE_DIR, 'broker.pid');
export const STATE_FILE = path.join(ZEEBE_DIR, 'broker.json');
export const LOCK_DIR = path.join(ZEEBE_DIR, 'lock');

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
