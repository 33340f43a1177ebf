import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxControl, startSandbox, type StandaloneSandbox } from '../server/sandbox/index.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

/** Fault injection: every mode, how `times` counts, which fault applies, and the control endpoints. */
describe('sandbox faults', () => {
  let db: TestDatabase;
  let sandbox: StandaloneSandbox;
  let control: SandboxControl;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ knex: db.knex });
    control = new SandboxControl(sandbox.url);
  });
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await control.clearFaults();
    await control.clearData();
  });

  async function http(method: string, path: string, body?: unknown, init: RequestInit = {}) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON answers
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  }

  it('fail with times: N fails the next N calls with 503, then succeeds (retry then success)', async () => {
    const fault = await control.fault({ system: 'billing', resource: 'accounts', method: 'post', mode: 'fail', times: 2 });
    expect(fault).toMatchObject({ id: expect.stringMatching(/^fault_/), system: 'billing', resource: 'accounts', method: 'POST', mode: 'fail', times: 2, remaining: 2, hits: 0 });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await http('POST', '/billing/accounts', { plan: 'pro' }));
    expect(answers.map((a) => a.status)).toEqual([503, 503, 201]);
    expect(answers[0]!.body).toEqual({ error: 'billing is unavailable (sandbox fault: fail)' });
    // The failed calls stored nothing; the log shows all three and which fault shaped them.
    expect(await db.knex('sandbox_records').where({ system: 'billing' }).count({ n: '*' })).toEqual([{ n: '1' }]);
    expect((await control.requests({ system: 'billing' })).map((r) => [r.status, r.fault])).toEqual([
      [503, 'fail'],
      [503, 'fail'],
      [201, null],
    ]);
    expect(await control.faults()).toEqual([expect.objectContaining({ id: fault.id, remaining: 0, hits: 2 })]);
  });

  it('a fault only hits its system, resource and method; without times it lasts until cleared', async () => {
    await control.fault({ system: 'crm', resource: 'accounts', method: 'POST', mode: 'fail' });
    expect((await http('POST', '/crm/accounts', {})).status).toBe(503);
    expect((await http('POST', '/crm/accounts', {})).status).toBe(503);
    expect((await http('GET', '/crm/accounts')).status).toBe(200);
    expect((await http('POST', '/crm/contacts', {})).status).toBe(201);
    expect((await http('POST', '/billing/accounts', {})).status).toBe(201);
    await control.clearFaults();
    expect(await control.faults()).toEqual([]);
    expect((await http('POST', '/crm/accounts', {})).status).toBe(201);
  });

  it('the most specific fault wins over a system-wide one, the newest among equals', async () => {
    await control.fault({ system: 'portal', mode: 'status', status: 500 });
    await control.fault({ system: 'portal', resource: 'users', mode: 'reject', body: { error: 'no seats left' } });
    await control.fault({ system: 'portal', resource: 'users', mode: 'status', status: 429 });
    expect((await http('POST', '/portal/users', {})).status).toBe(429);
    expect((await http('POST', '/portal/groups', {})).status).toBe(500);
  });

  it('status answers that status; a 2xx status only changes the status code', async () => {
    await control.fault({ system: 'chat', resource: 'messages', mode: 'status', status: 500, times: 1 });
    expect(await http('POST', '/chat/messages', { text: 'hi' })).toEqual({ status: 500, body: { error: 'chat answered 500 (sandbox fault: status)' } });
    await control.fault({ system: 'chat', resource: 'messages', mode: 'status', status: 202, times: 1 });
    expect(await http('POST', '/chat/messages', { text: 'hi' })).toMatchObject({ status: 202, body: { text: 'hi' } });
  });

  it('reject answers 422 with the given body: a business rejection, nothing stored', async () => {
    await control.fault({ system: 'crm', resource: 'accounts', mode: 'reject', body: { error: 'invalid VAT number', field: 'vatId' } });
    expect(await http('POST', '/crm/accounts', { vatId: 'XX' })).toEqual({ status: 422, body: { error: 'invalid VAT number', field: 'vatId' } });
    await control.clearFaults();
    await control.fault({ system: 'crm', mode: 'reject' });
    expect(await http('POST', '/crm/accounts', {})).toEqual({ status: 422, body: { error: 'crm rejected the request (sandbox fault: reject)' } });
    expect(await db.knex('sandbox_records').where({ system: 'crm' }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('latency delays the answer, then serves it normally', async () => {
    await control.fault({ system: 'warehouse', mode: 'latency', latencyMs: 300 });
    const started = Date.now();
    const res = await http('POST', '/warehouse/loads', { rows: 10 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res).toMatchObject({ status: 201, body: { rows: 10 } });
    expect((await control.requests({ system: 'warehouse' }))[0]).toMatchObject({ status: 201, fault: 'latency', durationMs: expect.any(Number) });
    expect((await control.requests({ system: 'warehouse' }))[0]!.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('timeout holds the request: a client with a short timeout gives up, and it is logged as 499', async () => {
    await control.fault({ system: 'ticketing', mode: 'timeout' });
    const started = Date.now();
    const err = await fetch(`${sandbox.url}/ticketing/tickets`, { method: 'POST', signal: AbortSignal.timeout(200) }).catch((e: Error) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(async () => (await control.requests({ system: 'ticketing' })).map((r) => [r.status, r.fault])).toEqual([[499, 'timeout']]);
    expect(await db.knex('sandbox_records').where({ system: 'ticketing' }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('timeout answers 504 once its hold (latencyMs) is over, or when the sandbox releases held calls', async () => {
    await control.fault({ system: 'oncall', mode: 'timeout', latencyMs: 100, times: 1 });
    expect(await http('POST', '/oncall/pages', {})).toEqual({ status: 504, body: { error: 'oncall did not answer in time (sandbox fault: timeout)' } });
    await control.fault({ system: 'oncall', mode: 'timeout', times: 1 });
    const pending = http('POST', '/oncall/pages', {});
    await expect.poll(() => sandbox.router.faults.list().find((f) => f.remaining === 0 && f.latencyMs === undefined)).toBeTruthy();
    sandbox.router.releaseHeld();
    expect((await pending).status).toBe(504);
  });

  it('respond overrides the answer of a success (and is what gets stored)', async () => {
    await control.fault({ system: 'accounting', resource: 'postings', method: 'POST', mode: 'respond', respond: { status: 'posted', ledger: 'L-9' }, times: 1 });
    const posted = await http('POST', '/accounting/postings', { amount: 120, status: 'draft' });
    expect(posted).toMatchObject({ status: 201, body: { id: expect.any(String), amount: 120, status: 'posted', ledger: 'L-9' } });
    expect((await http('GET', `/accounting/postings/${posted.body.id}`)).body).toEqual(posted.body);
    await control.fault({ system: 'datasource', resource: 'orders', method: 'GET', mode: 'latency', latencyMs: 0, respond: [{ id: 'o-1' }, { id: 'o-2' }] });
    expect(await http('GET', '/datasource/orders')).toEqual({ status: 200, body: [{ id: 'o-1' }, { id: 'o-2' }] });
  });

  it('validates fault specs with precise messages', async () => {
    const post = (body: unknown) => http('POST', '/_control/faults', body);
    expect(await post({ system: 'erp', mode: 'fail' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^system: must be one of crm, billing/), field: 'system' } });
    expect(await post({ system: 'crm', mode: 'explode' })).toMatchObject({ status: 400, body: { error: 'mode: must be one of latency, fail, status, timeout, reject, respond', field: 'mode' } });
    expect(await post({ system: 'crm' })).toMatchObject({ status: 400, body: { error: 'mode: is required' } });
    expect(await post({ system: 'crm', mode: 'fail', times: 0 })).toMatchObject({ status: 400, body: { error: 'times: must be at least 1' } });
    expect(await post({ system: 'crm', mode: 'fail', time: 2 })).toMatchObject({ status: 400, body: { error: 'time: unknown field', field: 'time' } });
    expect(await post({ system: 'crm', mode: 'status' })).toMatchObject({ status: 400, body: { error: "status: is required with mode 'status'" } });
    expect(await post({ system: 'crm', mode: 'status', status: 42 })).toMatchObject({ status: 400, body: { error: 'status: must be an HTTP status (200-599)' } });
    expect(await post({ system: 'crm', mode: 'fail', method: 'PUT' })).toMatchObject({ status: 400, body: { error: 'method: must be one of GET, POST, PATCH, DELETE' } });
    expect(await http('POST', '/_control/faults', undefined, { body: '{', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400, body: { field: 'body' } });
    expect(await control.faults()).toEqual([]);
  });

  it('control endpoints: delete one fault, clear data of one system, filter the request log', async () => {
    const fault = await control.fault({ system: 'email', mode: 'fail' });
    expect((await http('DELETE', `/_control/faults/${fault.id}`)).status).toBe(204);
    expect((await http('DELETE', `/_control/faults/${fault.id}`)).status).toBe(404);
    await http('POST', '/email/messages', {});
    await http('POST', '/chat/messages', {});
    await http('GET', '/chat/messages');
    expect((await control.requests()).map((r) => r.system)).toEqual(['email', 'chat', 'chat']);
    expect((await control.requests({ system: 'chat', method: 'GET' })).map((r) => r.method)).toEqual(['GET']);
    expect((await control.requests({ limit: 1 })).map((r) => r.method)).toEqual(['GET']);
    expect(await http('GET', '/_control/requests?system=nope')).toMatchObject({ status: 400, body: { field: 'system' } });
    expect((await http('DELETE', '/_control/data?system=chat')).status).toBe(204);
    expect((await control.requests()).map((r) => r.system)).toEqual(['email']);
    expect((await http('GET', '/chat/messages')).body).toEqual([]);
    expect((await http('GET', '/email/messages')).body).toHaveLength(1);
    expect((await http('GET', '/_control/systems')).body).toContain('migration');
  });
});
