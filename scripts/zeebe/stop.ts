import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PID_FILE, STATE_FILE, STOP_GRACE_MS, ZEEBE_DIR, type BrokerInfo, type BrokerStatus } from './config.ts';
import { readIfExists } from './files.ts';
import { withLock } from './lock.ts';
import { hasLeader, quietClient, withTimeout } from './readiness.ts';

// ---------------------------------------------------------------------------------------
// Status and stopping
// ---------------------------------------------------------------------------------------

/** The recorded broker if its JVM is still ours and alive; stale records are removed. */
export function liveBrokerInfo(): BrokerInfo | undefined {
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

export async function stopUnlocked(): Promise<StopResult> {
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

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(200);
  }
  return !isAlive(pid);
}

/** The JVM may exit on its own between the check and the signal; that is success. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function removeRecords(): void {
  fs.rmSync(PID_FILE, { force: true });
  fs.rmSync(STATE_FILE, { force: true });
}

/** Alive and not a zombie (a zombie still answers kill 0 until its parent reaps it). */
export function isAlive(pid: number): boolean {
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
export function isOurBroker(pid: number): boolean {
  const cmdline =
    readIfExists(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ??
    spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).stdout;
  return cmdline.includes(`-Dapp.home=${ZEEBE_DIR}${path.sep}`);
}
