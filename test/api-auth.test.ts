import express from 'express';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareApiKeys } from '../server/auth/bootstrap.ts';
import { apiKeysFromEnv } from '../server/auth/config.ts';
import { ROLES, type Role } from '../server/auth/roles.ts';
import { auditedActions, startApi, type ApiHarness } from './api-harness.ts';
import { createTestDatabase } from './support/test-database.ts';

/**
 * Who may call what. The matrix below is the documented one (README, server/auth/roles.ts);
 * every route must appear in it, and every role is tried on every route.
 */
const MATRIX: Record<string, Role[] | 'any'> = {
  'GET /me': 'any',
  'GET /models': ['analyst', 'developer', 'operator'],
  'GET /models/:bpmnProcessId': ['analyst', 'developer', 'operator'],
  'GET /models/:bpmnProcessId/xml': ['analyst', 'developer', 'operator'],
  'POST /models/lint': ['analyst', 'developer'],
  'GET /decisions': ['analyst', 'developer', 'operator'],
  'GET /decisions/:decisionRequirementsId/xml': ['analyst', 'developer', 'operator'],
  'POST /models': ['analyst', 'developer'],
  'POST /process-instances': ['developer', 'operator'],
  'GET /process-instances': ['developer', 'operator'],
  'GET /process-instances/:processInstanceKey': ['developer', 'operator'],
  'POST /process-instances/:processInstanceKey/cancel': ['developer', 'operator'],
  'PATCH /process-instances/:processInstanceKey/variables': ['developer', 'operator'],
  'GET /incidents': ['operator'],
  'GET /incidents/:incidentKey': ['operator'],
  'POST /incidents/:incidentKey/resolve': ['operator'],
  'POST /messages': ['developer', 'operator'],
  'GET /tasks': ['approver', 'operator'],
  'GET /tasks/:userTaskKey': ['approver', 'operator'],
  'POST /tasks/:userTaskKey/claim': ['approver'],
  'POST /tasks/:userTaskKey/unclaim': ['approver', 'operator'],
  'POST /tasks/:userTaskKey/assign': ['approver', 'operator'],
  'POST /tasks/:userTaskKey/complete': ['approver'],
  'POST /tasks/:userTaskKey/approve': ['approver'],
  'POST /tasks/:userTaskKey/reject': ['approver'],
};

interface Operation {
  operationId: string;
  parameters: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}

describe('REST API: authentication, roles, OpenAPI', () => {
  let a: ApiHarness;
  beforeAll(async () => {
    const auditRouter = express.Router().get('/entries', (_req, res) => void res.json({ entries: [] }));
    a = await startApi({ mounts: [{ path: '/audit', roles: ['compliance'], router: auditRouter }] });
  });
  afterAll(async () => a?.stop());

  it('answers 401 without a valid key, audits it, and writes nothing else', async () => {
    const before = await a.footprint();
    for (const headers of [{} as Record<string, string>, { authorization: 'Basic abc' }, { authorization: 'Bearer wrong-key-wrong-key-wrong-key' }]) {
      const r = await a.call(null, 'POST', '/api/process-instances', { bpmnProcessId: 'x' }, { ...headers, 'x-request-id': 'r-401' });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(r.body.error).toMatch(/API key|Authorization/);
    }
    expect((await a.call(null, 'GET', '/api/nowhere')).status).toBe(401);
    expect(await a.footprint()).toEqual(before);
    const denied = (await auditedActions(a)).filter((x) => x.request_id === 'r-401');
    expect(denied).toHaveLength(3);
    expect(denied[0]).toMatchObject({ actor: 'anonymous', action: 'auth.unauthenticated', target: 'POST /api/process-instances', details: { status: 401 } });
  });

  it('lets each role through exactly the routes of the matrix; 403s are audited and write nothing', async () => {
    const routes = a.api.openApi.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(routes)
      .filter(([p]) => p !== '/api/openapi.json')
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.slice(4).replace(/\{(\w+)\}/g, ':$1')}`));
    expect(documented.sort()).toEqual(Object.keys(MATRIX).sort());

    const before = await a.footprint();
    let denials = 0;
    for (const [route, allowed] of Object.entries(MATRIX)) {
      const [method, template] = route.split(' ') as [string, string];
      const url = `/api${template.replace(/:(bpmnProcessId|decisionRequirementsId)/, 'nope').replace(/:\w+Key/, '1')}`;
      for (const role of ROLES) {
        const r = await a.call(role, method, url, method === 'GET' ? undefined : {});
        const expected = allowed === 'any' || role === 'admin' || allowed.includes(role);
        if (expected) expect([401, 403], `${role} ${route} → ${r.status} ${r.text}`).not.toContain(r.status);
        else {
          expect(r.status, `${role} ${route}`).toBe(403);
          expect(r.body.error).toContain(`'${role}' (${role}) may not ${method} /api${template}`);
          denials++;
        }
      }
    }
    expect(await a.footprint()).toEqual(before);
    const forbidden = (await auditedActions(a)).filter((x) => x.action === 'auth.forbidden');
    expect(forbidden).toHaveLength(denials);
    expect(forbidden[0]).toMatchObject({ role: expect.any(String), details: { status: 403 } });
  });

  it('gates mounted routers by role, and answers 404 for unknown endpoints', async () => {
    expect((await a.call('compliance', 'GET', '/api/audit/entries')).body).toEqual({ entries: [] });
    expect((await a.call('admin', 'GET', '/api/audit/entries')).status).toBe(200);
    expect((await a.call('developer', 'GET', '/api/audit/entries')).status).toBe(403);
    expect((await a.call(null, 'GET', '/api/audit/entries')).status).toBe(401);
    const unknown = await a.call('admin', 'GET', '/api/nowhere');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'no such endpoint: GET /api/nowhere (see /api/openapi.json)' } });
    expect((await a.call('alice', 'GET', '/api/me')).body).toEqual({ principal: 'alice', roles: ['developer', 'approver'], groups: ['approvers'] });
  });

  it('serves an OpenAPI 3.1 document describing every route, without a key', async () => {
    const r = await a.call(null, 'GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operationIds = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.operationId, `${method} ${p}`).toMatch(/^\w+$/);
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(op.parameters.filter((x) => x.in === 'path').map((x) => x.name)).toEqual(pathParams);
        if (p === '/api/openapi.json') continue;
        expect(op.responses['401']!.content!['application/json']!.schema.$ref).toBe('#/components/schemas/Error');
        if (method !== 'get') expect(op.requestBody?.content['application/json']!.schema.type).toBe('object');
      }
    }
    expect(doc.paths['/api/process-instances'].post.requestBody.content['application/json'].schema.required).toEqual(['bpmnProcessId']);
    expect(doc.paths['/api/models'].post.requestBody.content).toHaveProperty('application/xml');
    expect(doc.paths['/api/tasks'].get.parameters.map((x: { name: string }) => x.name)).toContain('overdue');
  });
});

describe('API keys: local dev keys and configured keys', () => {
  it('creates one key per role on the first start, keeps them, and reuses the file for a new database', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'baton-keys-'));
    const db = await createTestDatabase();
    const db2 = await createTestDatabase();
    try {
      const first = await prepareApiKeys(db.knex, { env: {}, dataDir: dir });
      const file = path.join(dir, 'dev-credentials.json');
      expect(first).toMatchObject({ source: 'dev', devCredentialsFile: file });
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      const { keys } = JSON.parse(await fs.readFile(file, 'utf8')) as { keys: Array<{ key: string; principal: string; roles: Role[] }> };
      expect(keys.map((k) => k.roles)).toEqual(ROLES.map((r) => [r]));
      for (const k of keys) expect(first.store.verify(k.key)).toMatchObject({ name: k.principal, roles: k.roles });
      const stored = await db.knex('api_keys').select('hash', 'salt');
      expect(stored.some((row) => keys.some((k) => row.hash.includes(k.key) || k.key.includes(row.hash)))).toBe(false);

      const again = await prepareApiKeys(db.knex, { env: {}, dataDir: dir });
      expect(Number((await db.knex('api_keys').count<Array<{ n: string }>>({ n: '*' }))[0]!.n)).toBe(ROLES.length);
      expect(again.store.verify(keys[0]!.key)).toBeDefined();

      const fresh = await prepareApiKeys(db2.knex, { env: {}, dataDir: dir });
      expect(fresh.store.verify(keys[5]!.key)).toMatchObject({ roles: ['admin'] });

      // Configured keys replace the dev keys; a key dropped from the configuration stops working.
      const prodKey = 'prod-key-0123456789abcdefghij';
      const configured = await prepareApiKeys(db.knex, { env: { BATON_API_KEYS: JSON.stringify([{ key: prodKey, principal: 'ops-bot', roles: ['operator'] }]) }, dataDir: dir });
      expect(configured.source).toBe('config');
      expect(configured.store.verify(keys[0]!.key)).toBeUndefined();
      expect(configured.store.verify(prodKey)).toEqual({ name: 'ops-bot', roles: ['operator'], groups: [] });
      const configFile = path.join(dir, 'keys.json');
      await fs.writeFile(configFile, JSON.stringify([{ key: `${prodKey}-new`, principal: 'ops-bot', roles: ['operator', 'approver'], groups: ['approvers'] }]));
      const rotated = await prepareApiKeys(db.knex, { env: { BATON_API_KEYS: configFile }, dataDir: dir });
      expect(rotated.store.verify(prodKey)).toBeUndefined();
      expect(rotated.store.verify(`${prodKey}-new`)).toMatchObject({ roles: ['operator', 'approver'] });
    } finally {
      await db.drop();
      await db2.drop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed BATON_API_KEYS, naming the entry', () => {
    expect(() => apiKeysFromEnv('[{"key": "short", "principal": "x", "roles": ["admin"]}]')).toThrow('BATON_API_KEYS[0].key: must be at least 24 characters');
    expect(() => apiKeysFromEnv('[{"key": "0123456789012345678901234", "principal": "x", "roles": ["root"]}]')).toThrow(/BATON_API_KEYS\[0\]\.roles\[0\]/);
    expect(() => apiKeysFromEnv('[{"key": ')).toThrow(/not valid JSON/);
    expect(() => apiKeysFromEnv('/no/such/file.json')).toThrow(/neither a JSON array nor a readable file/);
    expect(apiKeysFromEnv('  ')).toBeUndefined();
  });
});
