import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCK_DIR, ZEEBE_DIR } from './config.ts';
import { readIfExists } from './files.ts';
import { isAlive } from './stop.ts';

// ---------------------------------------------------------------------------------------
// Locking: start and stop from parallel test files or CLIs must not interleave
// ---------------------------------------------------------------------------------------

export const LOCK_WAIT_MS = 15 * 60_000;

export async function withLock<T>(fn: () => Promise<T>): Promise<T> {
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
export function tryLock(): boolean {
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
