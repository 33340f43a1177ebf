import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../engine/store/embedded-postgres.ts';
import { createTestDatabase } from '../support/test-database.ts';

interface Run { code: number | null; stdout: string; stderr: string }

function startBaton(env: Record<string, string>): { done: Promise<Run>; stop(): void; output(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { done, stop: () => child.kill('SIGINT'), output: () => stdout + stderr };
}

function postmastersFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${dataDir}`]).toString().trim().split('\n');
  } catch {
    return [];
  }
}

async function waitForHealth(port: number, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/health`);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// The gateway's default port may be taken (a real Zeebe broker uses 26500 too): each run gets a free one.
describe('npm start', () => {
  it('serves /health with the database status and stops cleanly on SIGINT', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const baton = startBaton({ DATABASE_URL: db.url, PORT: String(port), GATEWAY_PORT: String(await freePort()) });
    try {
      const res = await waitForHealth(port, 20_000);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; database: { status: string } };
      expect(body.status).toBe('ok');
      expect(body.database.status).toBe('up');
    } finally {
      baton.stop();
      const run = await baton.done;
      expect(run.code).toBe(0);
      await db.drop();
    }
  });

  it('on the embedded default keeps data in BATON_DATA_DIR and leaves no postgres behind', async () => {
    const dataDir = path.join(os.tmpdir(), `baton-start-${process.pid}`);
    const env = { DATABASE_URL: '', BATON_DATA_DIR: dataDir };
    try {
      for (let run = 0; run < 2; run++) {
        const port = await freePort();
        const baton = startBaton({ ...env, PORT: String(port), GATEWAY_PORT: String(await freePort()) });
        const res = await waitForHealth(port, 20_000);
        expect(await res.json()).toMatchObject({ status: 'ok', database: { status: 'up', kind: 'embedded' } });
        baton.stop();
        expect((await baton.done).code).toBe(0);
        expect(postmastersFor(dataDir)).toEqual([]);
      }
      await fs.access(path.join(dataDir, 'pg', 'PG_VERSION'));
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exits non-zero naming the host when DATABASE_URL points nowhere, without serving HTTP', async () => {
    const deadPort = await freePort();
    const httpPort = await freePort();
    const baton = startBaton({ DATABASE_URL: `postgres://root@127.0.0.1:${deadPort}/nothing`, PORT: String(httpPort), GATEWAY_PORT: String(await freePort()) });
    const run = await baton.done;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`cannot connect to Postgres at 127.0.0.1:${deadPort}/nothing`);
    expect(run.stdout).not.toContain('http ');
    await expect(fetch(`http://127.0.0.1:${httpPort}/health`)).rejects.toThrow();
  });
});
