import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SandboxControl, startSandbox, type StandaloneSandbox } from '../server/sandbox/index.ts';
import { backoffMs, baseUrl, callSystem, ExternalError, idempotencyKey, isTransient } from '../workers/lib/external.ts';
import { withExternalErrors, type OutcomeJob } from '../workers/lib/job-outcome.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

/** The workers' client for external systems, against a real sandbox, and the job outcome helper with a fake job. */
describe('workers/lib/external', () => {
  let db: TestDatabase;
  let sandbox: StandaloneSandbox;
  let control: SandboxControl;
  const env = { ...process.env };

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
    process.env.BATON_SANDBOX_URL = sandbox.url;
    delete process.env.BATON_URL_CRM;
    await control.clearFaults();
    await control.clearData();
  });
  afterEach(() => {
    process.env = { ...env };
  });

  it('finds each system at BATON_URL_<SYSTEM>, else under BATON_SANDBOX_URL, else on localhost:8080', async () => {
    delete process.env.BATON_SANDBOX_URL;
    expect(baseUrl('crm')).toBe('http://localhost:8080/sandbox/crm');
    process.env.BATON_SANDBOX_URL = 'http://sandbox.test:9000/sandbox/';
    expect(baseUrl('billing')).toBe('http://sandbox.test:9000/sandbox/billing');
    process.env.BATON_URL_CRM = 'https://crm.customer.example/api/v2/';
    expect(baseUrl('crm')).toBe('https://crm.customer.example/api/v2');
    expect(baseUrl('billing')).toBe('http://sandbox.test:9000/sandbox/billing');

    // A system moved elsewhere is really called there: here, the sandbox's CRM under another name.
    process.env.BATON_SANDBOX_URL = 'http://127.0.0.1:1/nowhere';
    process.env.BATON_URL_CRM = `${sandbox.url}/crm`;
    const created = await callSystem<{ id: string }>('crm', 'POST', '/accounts', { name: 'Acme' });
    expect(await callSystem('crm', 'GET', `accounts/${created.id}`)).toMatchObject({ id: created.id, name: 'Acme' });
  });

  it('calls a system: JSON in and out, idempotency key sent, undefined for 204', async () => {
    const job = { processInstanceKey: '2251799813685249', elementInstanceKey: '2251799813685262' };
    const first = await callSystem<{ id: string; name: string }>('billing', 'POST', 'accounts', { name: 'Acme' }, { idempotencyKey: idempotencyKey(job) });
    const retry = await callSystem<{ id: string }>('billing', 'POST', 'accounts', { name: 'Acme' }, { idempotencyKey: idempotencyKey(job) });
    expect(retry.id).toBe(first.id);
    expect(await callSystem('billing', 'PATCH', `accounts/${first.id}`, { plan: 'pro' })).toMatchObject({ plan: 'pro' });
    expect(await callSystem('billing', 'GET', 'accounts?plan=pro')).toHaveLength(1);
    expect(await callSystem('billing', 'DELETE', `accounts/${first.id}`)).toBeUndefined();
  });

  it('idempotency keys are stable per element instance, distinct otherwise', () => {
    const job = { processInstanceKey: '1', elementInstanceKey: '7' };
    expect(idempotencyKey(job)).toBe('1:7');
    expect(idempotencyKey({ ...job })).toBe(idempotencyKey(job));
    expect(idempotencyKey(job, 'welcome-mail')).toBe('1:7:welcome-mail');
    expect(idempotencyKey({ ...job, elementInstanceKey: '8' })).not.toBe(idempotencyKey(job));
  });

  async function failure(call: Promise<unknown>): Promise<ExternalError> {
    const err = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExternalError);
    return err as ExternalError;
  }

  it('5xx, 408 and 429 are transient; 404 and a 422 rejection are permanent, with the body', async () => {
    await control.fault({ system: 'crm', resource: 'accounts', mode: 'fail', times: 1 });
    const unavailable = await failure(callSystem('crm', 'POST', 'accounts', {}));
    expect(unavailable).toMatchObject({ status: 503, transient: true, system: 'crm', body: { error: 'crm is unavailable (sandbox fault: fail)' } });
    expect(unavailable.message).toBe('crm POST /accounts answered 503: crm is unavailable (sandbox fault: fail)');
    expect(isTransient(unavailable)).toBe(true);

    for (const status of [500, 502, 408, 429]) {
      await control.fault({ system: 'crm', resource: 'accounts', mode: 'status', status, times: 1 });
      expect(isTransient(await failure(callSystem('crm', 'POST', 'accounts', {})))).toBe(true);
    }

    await control.fault({ system: 'crm', resource: 'accounts', mode: 'reject', body: { error: 'VAT id is invalid', field: 'vatId' }, times: 1 });
    const rejected = await failure(callSystem('crm', 'POST', 'accounts', {}));
    expect(rejected).toMatchObject({ status: 422, transient: false, body: { error: 'VAT id is invalid', field: 'vatId' } });
    expect(isTransient(rejected)).toBe(false);

    const missing = await failure(callSystem('crm', 'GET', 'accounts/nope'));
    expect(missing).toMatchObject({ status: 404, transient: false });
  });

  it('a system that does not answer in time is a transient error (status 0)', async () => {
    await control.fault({ system: 'ticketing', mode: 'timeout' });
    const started = Date.now();
    const err = await failure(callSystem('ticketing', 'POST', 'tickets', { title: 'x' }, { timeoutMs: 200 }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(err).toMatchObject({ status: 0, transient: true });
    expect(err.message).toBe('ticketing POST /tickets timed out after 200 ms');
  });

  it('a system nobody listens for is a transient connection error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    process.env.BATON_URL_WEBHOOK = `http://127.0.0.1:${closed}/hooks`;
    const err = await failure(callSystem('webhook', 'POST', 'deliveries', {}));
    expect(err).toMatchObject({ status: 0, transient: true });
    expect(err.message).toBe('webhook POST /deliveries failed: ECONNREFUSED');
  });

  it('classifies errors that did not come from callSystem', () => {
    expect(isTransient(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isTransient(new ExternalError('x', { status: 400 }))).toBe(false);
    expect(isTransient(new ExternalError('x', { status: 503 }))).toBe(true);
    expect(isTransient('a string')).toBe(false);
  });

  it('backs off exponentially by attempt, up to a ceiling', () => {
    expect([3, 2, 1].map((left) => backoffMs(left))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(10, 500, 30_000, 10)).toBe(500);
    expect(backoffMs(1, 500, 30_000, 10)).toBe(30_000);
    expect(backoffMs(5)).toBe(1000);
  });
});

describe('workers/lib/job-outcome withExternalErrors (fake job)', () => {
  function fakeJob(retries = 3) {
    const job = {
      retries,
      complete: vi.fn(async () => 'JOB_ACTION_ACKNOWLEDGEMENT' as const),
      fail: vi.fn(async () => 'JOB_ACTION_ACKNOWLEDGEMENT' as const),
      error: vi.fn(async () => 'JOB_ACTION_ACKNOWLEDGEMENT' as const),
    };
    return job as typeof job & OutcomeJob;
  }

  it('completes with the result (or no variables)', async () => {
    const job = fakeJob();
    await withExternalErrors(job, async () => ({ accountId: 'a-1' }));
    expect(job.complete).toHaveBeenCalledWith({ accountId: 'a-1' });
    const other = fakeJob();
    await withExternalErrors(other, async () => {});
    expect(other.complete).toHaveBeenCalledWith({});
  });

  it('transient: fails with one retry fewer and the back-off of this attempt', async () => {
    const job = fakeJob(2);
    await withExternalErrors(job, async () => {
      throw new ExternalError('crm POST /accounts answered 503: down', { status: 503 });
    });
    expect(job.fail).toHaveBeenCalledWith({ errorMessage: 'crm POST /accounts answered 503: down', retries: 1, retryBackOff: 2000 });
    const modelled = fakeJob(5);
    await withExternalErrors(modelled, () => Promise.reject(new ExternalError('t', { status: 0 })), { maxRetries: 5, initialBackoffMs: 100 });
    expect(modelled.fail).toHaveBeenCalledWith({ errorMessage: 't', retries: 4, retryBackOff: 100 });
  });

  it('permanent with a business error code: a BPMN error with errorDetails', async () => {
    const job = fakeJob();
    await withExternalErrors(
      job,
      async () => {
        throw new ExternalError('crm POST /accounts answered 422: invalid', { status: 422, body: { error: 'invalid' }, system: 'crm' });
      },
      { businessErrorCode: 'CRM_REJECTED' },
    );
    expect(job.error).toHaveBeenCalledWith({
      errorCode: 'CRM_REJECTED',
      errorMessage: 'crm POST /accounts answered 422: invalid',
      variables: { errorDetails: { message: 'crm POST /accounts answered 422: invalid', status: 422, system: 'crm', body: { error: 'invalid' } } },
    });
    expect(job.fail).not.toHaveBeenCalled();
  });

  it('permanent without a code, or a bug in the worker: an incident (no retries)', async () => {
    const job = fakeJob();
    await withExternalErrors(job, async () => {
      throw new ExternalError('not found', { status: 404 });
    });
    expect(job.fail).toHaveBeenCalledWith({ errorMessage: 'not found', retries: 0 });
    const buggy = fakeJob();
    await withExternalErrors(
      buggy,
      () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      },
      { businessErrorCode: 'CRM_REJECTED' },
    );
    expect(buggy.error).not.toHaveBeenCalled();
    expect(buggy.fail).toHaveBeenCalledWith({ errorMessage: "Cannot read properties of undefined (reading 'id')", retries: 0 });
  });
});
