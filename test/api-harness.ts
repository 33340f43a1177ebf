/**
 * The REST API over HTTP against a real engine on a database of its own (startHarness), with a
 * key per test principal. Tests speak HTTP only, and look at the database to prove what was
 * (not) written.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi, type Api, type ApiOptions } from '../server/api/index.ts';
import { createApp } from '../server/app.ts';
import { ApiKeyStore } from '../server/auth/keys.ts';
import type { Role } from '../server/auth/roles.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

export const PRINCIPALS: Record<string, { roles: Role[]; groups?: string[] }> = {
  analyst: { roles: ['analyst'] },
  developer: { roles: ['developer'] },
  operator: { roles: ['operator'] },
  approver: { roles: ['approver'], groups: ['approvers'] },
  compliance: { roles: ['compliance'] },
  admin: { roles: ['admin'] },
  // alice requests (developer) and approves others' requests (approver).
  alice: { roles: ['developer', 'approver'], groups: ['approvers'] },
  bob: { roles: ['approver'], groups: ['approvers'] },
  carol: { roles: ['approver'], groups: ['approvers'] },
  // dave is a task user outside the approvers group.
  dave: { roles: ['approver'], groups: ['clerks'] },
};
export type Who = keyof typeof PRINCIPALS;

export interface Reply {
  status: number;
  // Test code reads whatever JSON came back; the assertions check its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

export interface ApiHarness {
  h: Harness;
  api: Api;
  url: string;
  keyOf(who: Who): string;
  call(who: Who | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Rows per table the engine or the API writes: equal before and after = nothing written. */
  footprint(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const keyFor = (who: string) => `test-key-for-${who}-0123456789abcdef`;

export async function startApi(options: Partial<ApiOptions> = {}): Promise<ApiHarness> {
  const h = await startHarness();
  const keys = new ApiKeyStore(h.db.knex);
  await keys.add(Object.entries(PRINCIPALS).map(([name, p]) => ({ key: keyFor(name), principal: name, roles: p.roles, groups: p.groups })), 'config');
  const api = createApi({ engine: h.engine, knex: h.db.knex, keys, ...options });
  const app = createApp({ db: h.db, engineStatus: () => h.engine.status() }, { api: api.router });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    h,
    api,
    url,
    keyOf: (who) => keyFor(who),
    async call(who, method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...(who ? { authorization: `Bearer ${keyFor(who)}` } : {}), ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json', ...init.headers };
      }
      const res = await fetch(`${url}${path}`, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (model XML): keep the text
      }
      await h.engine.whenIdle();
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
    async footprint() {
      const tables = ['records', 'element_instances', 'jobs', 'incidents', 'user_tasks', 'variables', 'messages', 'process_definitions', 'deployments'];
      const counts: Record<string, number> = {};
      for (const t of tables) counts[t] = Number((await h.db.knex(t).count<Array<{ n: string }>>({ n: '*' }))[0]!.n);
      const meta = await h.db.knex('engine_meta').first<{ last_key: string }>('last_key');
      counts.last_key = Number(meta?.last_key ?? 0);
      return counts;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.stop();
    },
  };
}

/** Counts of api_actions rows by action. */
export async function auditedActions(a: ApiHarness): Promise<Array<{ actor: string; role: string; action: string; target: string; reason: string | null; request_id: string; process_instance_key: string | null; details: Record<string, unknown> }>> {
  return a.h.db.knex('api_actions').select('actor', 'role', 'action', 'target', 'reason', 'request_id', 'process_instance_key', 'details').orderBy('id');
}
