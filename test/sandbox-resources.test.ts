import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock/clock.ts';
import { SandboxControl, startSandbox, SYSTEMS, type StandaloneSandbox } from '../server/sandbox/index.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

/** The generic resource API every sandboxed system has, its validation and what lands in Postgres. */
describe('sandbox resources', () => {
  let db: TestDatabase;
  let sandbox: StandaloneSandbox;
  let control: SandboxControl;
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 9, 0, 0));

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ knex: db.knex, clock });
    control = new SandboxControl(sandbox.url);
  });
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });
  beforeEach(() => control.clearData());

  async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON answers
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }

  it.each(SYSTEMS)('%s: create, read, list with filters, patch, delete, delete again', async (system) => {
    const created = await http('POST', `/${system}/things`, { name: 'first', tier: 'gold', nested: { region: 'eu' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^things_[0-9a-f]{10}$/), name: 'first', tier: 'gold', nested: { region: 'eu' }, createdAt: '2026-05-01T09:00:00.000Z' });
    const id = created.body.id as string;
    await http('POST', `/${system}/things`, { name: 'second', tier: 'silver', nested: { region: 'us' } });

    expect((await http('GET', `/${system}/things/${id}`)).body).toEqual(created.body);
    expect((await http('GET', `/${system}/things`)).body.map((t: { name: string }) => t.name)).toEqual(['first', 'second']);
    expect((await http('GET', `/${system}/things?tier=silver`)).body.map((t: { name: string }) => t.name)).toEqual(['second']);
    expect((await http('GET', `/${system}/things?nested.region=eu`)).body.map((t: { name: string }) => t.name)).toEqual(['first']);
    expect((await http('GET', `/${system}/things?tier=none`)).body).toEqual([]);

    const patched = await http('PATCH', `/${system}/things/${id}`, { tier: 'platinum', note: 'upgraded', id: 'ignored' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: 'first', tier: 'platinum', note: 'upgraded', createdAt: created.body.createdAt, updatedAt: '2026-05-01T09:00:00.000Z' });

    const deleted = await http('DELETE', `/${system}/things/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await http('DELETE', `/${system}/things/${id}`)).status).toBe(404);
    expect((await http('GET', `/${system}/things/${id}`)).status).toBe(404);
    expect((await http('PATCH', `/${system}/things/${id}`, { tier: 'x' })).status).toBe(404);
    expect((await http('GET', `/${system}/things`)).body.map((t: { name: string }) => t.name)).toEqual(['second']);
  });

  it('Idempotency-Key: the same key replays the first answer with 200 and stores nothing new', async () => {
    const key = { 'Idempotency-Key': '2251799813685249:2251799813685260' };
    const first = await http('POST', '/crm/accounts', { name: 'Acme' }, key);
    const again = await http('POST', '/crm/accounts', { name: 'Acme' }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Keys are per resource: another resource with the same key is another record.
    const contact = await http('POST', '/crm/contacts', { name: 'Ada' }, key);
    expect(contact.status).toBe(201);
    expect(await db.knex('sandbox_records').where({ system: 'crm', resource: 'accounts' }).count({ n: '*' })).toEqual([{ n: '1' }]);
    // Concurrent calls with one key still make one record.
    const racing = await Promise.all(Array.from({ length: 8 }, () => http('POST', '/billing/accounts', { plan: 'pro' }, { 'Idempotency-Key': 'race-1' })));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    // A deleted record keeps its key: a retry after the undo does not resurrect it.
    expect((await http('DELETE', `/crm/accounts/${first.body.id}`)).status).toBe(204);
    expect(await http('POST', '/crm/accounts', { name: 'Acme' }, key)).toMatchObject({ status: 200, body: first.body });
  });

  it('a client-chosen id is kept; a live duplicate is 409, a deleted one may be created again', async () => {
    const alert = await http('POST', '/ticketing/tickets', { id: 'INC-42', title: 'disk full' });
    expect(alert).toMatchObject({ status: 201, body: { id: 'INC-42', title: 'disk full' } });
    expect(await http('POST', '/ticketing/tickets', { id: 'INC-42', title: 'again' })).toMatchObject({ status: 409, body: { error: 'ticketing/tickets/INC-42 already exists', field: 'id' } });
    await http('DELETE', '/ticketing/tickets/INC-42');
    expect((await http('POST', '/ticketing/tickets', { id: 'INC-42', title: 'reopened' })).status).toBe(201);
  });

  it('stores records and every call in Postgres', async () => {
    const created = await http('POST', '/email/messages', { to: 'ada@example.com', subject: 'Welcome' }, { 'Idempotency-Key': 'k-1' });
    await http('DELETE', `/email/messages/${created.body.id}`);
    const [row] = await db.knex('sandbox_records').where({ system: 'email', resource: 'messages' });
    expect(row).toMatchObject({ id: created.body.id, body: { to: 'ada@example.com', subject: 'Welcome' }, idempotency_key: 'k-1' });
    expect(row.deleted_at).toBeInstanceOf(Date);
    const log = await db.knex('sandbox_requests').where({ system: 'email' }).orderBy('id');
    expect(log.map((r) => [r.method, r.path, r.status, r.resource])).toEqual([
      ['POST', '/sandbox/email/messages', 201, 'messages'],
      ['DELETE', `/sandbox/email/messages/${created.body.id}`, 204, 'messages'],
    ]);
    expect(log[0].at.toISOString()).toBe('2026-05-01T09:00:00.000Z');
  });

  it('rejects bad calls with precise 4xx messages and stores nothing', async () => {
    expect(await http('GET', '/erp/orders')).toMatchObject({ status: 404, body: { error: expect.stringMatching(/^unknown system 'erp'; the sandbox plays crm, billing/) } });
    expect(await http('POST', '/crm/accounts', '{"name": ')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^body: malformed JSON/), field: 'body' } });
    expect(await http('POST', '/crm/accounts', [1, 2])).toMatchObject({ status: 400, body: { error: 'body: must be a JSON object', field: 'body' } });
    expect(await http('POST', '/crm/accounts', 'name=x', { 'content-type': 'text/plain' })).toMatchObject({ status: 415, body: { field: 'body' } });
    expect(await http('POST', '/crm/acc%20ounts', {})).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^resource: must start with a letter/), field: 'resource' } });
    expect(await http('POST', '/crm/accounts', {}, { 'Idempotency-Key': 'x'.repeat(256) })).toMatchObject({ status: 400, body: { error: 'Idempotency-Key: must be at most 255 characters' } });
    expect(await http('POST', '/crm/accounts/abc', {})).toMatchObject({ status: 405, body: { error: expect.stringContaining('POST creates records') } });
    expect(await http('DELETE', '/crm/accounts')).toMatchObject({ status: 405, body: { error: 'DELETE needs a record: /crm/accounts/:id' } });
    expect(await http('PUT', '/crm/accounts/abc', {})).toMatchObject({ status: 405 });
    expect(await http('GET', '/crm/accounts?tier=a&tier=b')).toMatchObject({ status: 400, body: { field: 'tier' } });
    expect(await http('GET', '/crm/accounts/1/notes')).toMatchObject({ status: 404, body: { error: expect.stringContaining('no sandbox endpoint') } });
    expect(await db.knex('sandbox_records').count({ n: '*' })).toEqual([{ n: '0' }]);
    // Refused calls are logged too, with the status they got.
    expect((await control.requests({ system: 'crm' })).map((r) => r.status)).toEqual([400, 400, 415, 400, 400, 405, 405, 405, 400]);
  });

  it('POST without a body creates an empty record', async () => {
    const res = await fetch(`${sandbox.url}/webhook/deliveries`, { method: 'POST' });
    expect(res.status).toBe(201);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['createdAt', 'id']);
  });
});
