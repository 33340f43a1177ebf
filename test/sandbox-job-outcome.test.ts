import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../engine/clock/clock.ts';
import { SandboxControl, startSandbox, type StandaloneSandbox } from '../server/sandbox/index.ts';
import { callSystem, idempotencyKey } from '../workers/lib/external.ts';
import { withExternalErrors } from '../workers/lib/job-outcome.ts';
import { records, trail } from './engine/helpers.ts';
import { bpmnProcess, flow, serviceTask } from './support/bpmn.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

/**
 * withExternalErrors on a real engine through the gateway, a real @camunda8/sdk worker and the
 * sandbox: a flaky CRM is retried with back-off (on the virtual clock) until it answers; a CRM
 * rejection becomes a BPMN error that a boundary event catches.
 */
describe('withExternalErrors against the engine and the sandbox', () => {
  let h: Harness;
  let sandbox: StandaloneSandbox;
  let control: SandboxControl;
  let closeWorker: () => Promise<void>;
  const savedUrl = process.env.BATON_SANDBOX_URL;

  const model = bpmnProcess(
    'create-account',
    `<bpmn:startEvent id="start" />
    ${serviceTask('create', 'sandbox.create-account', '<zeebe:ioMapping><zeebe:output source="=accountId" target="accountId" /></zeebe:ioMapping>')}
    <bpmn:boundaryEvent id="rejected" attachedToRef="create"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:errorEventDefinition errorRef="crm-rejected" /></bpmn:boundaryEvent>
    <bpmn:endEvent id="created" />
    <bpmn:endEvent id="not-created" />
    ${flow('f1', 'start', 'create')}
    ${flow('f2', 'create', 'created')}
    ${flow('f3', 'rejected', 'not-created')}`,
    '<bpmn:error id="crm-rejected" errorCode="CRM_REJECTED" />',
  );

  beforeAll(async () => {
    h = await startHarness();
    sandbox = await startSandbox({ knex: h.db.knex });
    control = new SandboxControl(sandbox.url);
    process.env.BATON_SANDBOX_URL = sandbox.url;
    const zbc = h.client();
    await zbc.deployResource({ name: 'create-account.bpmn', process: Buffer.from(model) });
    const worker = zbc.createWorker({
      taskType: 'sandbox.create-account',
      pollInterval: 50,
      taskHandler: (job) =>
        withExternalErrors(
          job,
          async () => {
            const account = await callSystem<{ id: string }>('crm', 'POST', 'accounts', { name: job.variables.name }, { idempotencyKey: idempotencyKey(job) });
            return { accountId: account.id };
          },
          { businessErrorCode: 'CRM_REJECTED' },
        ),
    });
    closeWorker = async () => {
      await worker.close();
    };
  });
  afterAll(async () => {
    process.env.BATON_SANDBOX_URL = savedUrl;
    await closeWorker?.();
    await sandbox?.close();
    await h?.stop();
  });
  afterEach(async () => {
    await control.clearFaults();
    await control.clearData();
  });

  const jobFailures = async (pi: string) => (await records(h, pi, 'JOB')).filter((r) => r.intent === 'FAILED').map((r) => [r.value.retries, r.value.retryBackoff]);
  const ended = async (pi: string) => (await trail(h, pi)).includes('create-account:ELEMENT_COMPLETED');

  it('a CRM failing twice is retried with exponential back-off, then the account is created once', async () => {
    await control.fault({ system: 'crm', resource: 'accounts', method: 'POST', mode: 'fail', times: 2 });
    const { processInstanceKey: pi } = await h.client().createProcessInstance({ bpmnProcessId: 'create-account', variables: { name: 'Acme' } });

    await expect.poll(() => jobFailures(pi), { timeout: 10_000 }).toEqual([[2, 1000]]);
    // Nothing happens before the back-off has passed on the engine's clock…
    (h.clock as VirtualClock).advance(999);
    await h.engine.whenIdle();
    expect((await control.requests({ system: 'crm' })).length).toBe(1);
    // …and the job is retried once it has.
    (h.clock as VirtualClock).advance(1);
    await expect.poll(() => jobFailures(pi), { timeout: 10_000 }).toEqual([
      [2, 1000],
      [1, 2000],
    ]);
    (h.clock as VirtualClock).advance(2000);
    await expect.poll(() => ended(pi), { timeout: 10_000 }).toBe(true);

    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'create:ELEMENT_COMPLETED', 'created:ELEMENT_COMPLETED', 'create-account:ELEMENT_COMPLETED']);
    expect((await control.requests({ system: 'crm' })).map((r) => [r.status, r.fault])).toEqual([
      [503, 'fail'],
      [503, 'fail'],
      [201, null],
    ]);
    const accounts = await callSystem<Array<{ id: string; name: string }>>('crm', 'GET', 'accounts');
    expect(accounts).toEqual([expect.objectContaining({ name: 'Acme' })]);
    const [row] = await h.db.knex('sandbox_records').where({ system: 'crm', resource: 'accounts' });
    const job = (await records(h, pi, 'JOB')).find((r) => r.intent === 'CREATED')!;
    expect(row.idempotency_key).toBe(`${pi}:${job.value.elementInstanceKey}`);
    const completed = (await records(h, pi, 'JOB')).find((r) => r.intent === 'COMPLETED')!;
    expect(completed.value.variables).toEqual({ accountId: accounts[0]!.id });
  });

  it('a CRM rejection (422) is a BPMN error caught by the boundary; nothing is retried', async () => {
    await control.fault({ system: 'crm', resource: 'accounts', mode: 'reject', body: { error: 'company name is on the sanctions list' } });
    const { processInstanceKey: pi } = await h.client().createProcessInstance({ bpmnProcessId: 'create-account', variables: { name: 'Evil Corp' } });
    await expect.poll(() => ended(pi), { timeout: 10_000 }).toBe(true);

    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'create:ELEMENT_TERMINATED', 'rejected:ELEMENT_COMPLETED', 'not-created:ELEMENT_COMPLETED', 'create-account:ELEMENT_COMPLETED']);
    expect(await jobFailures(pi)).toEqual([]);
    const thrown = (await records(h, pi, 'JOB')).find((r) => r.intent === 'ERROR_THROWN')!;
    expect(thrown.value).toMatchObject({ errorCode: 'CRM_REJECTED', errorMessage: 'crm POST /accounts answered 422: company name is on the sanctions list' });
    expect((await control.requests({ system: 'crm' })).map((r) => r.status)).toEqual([422]);
  });

  it('a CRM that stays down exhausts the retries into an incident', async () => {
    await control.fault({ system: 'crm', resource: 'accounts', mode: 'status', status: 500 });
    const { processInstanceKey: pi } = await h.client().createProcessInstance({ bpmnProcessId: 'create-account', variables: { name: 'Initech' } });
    await expect.poll(() => jobFailures(pi), { timeout: 10_000 }).toEqual([[2, 1000]]);
    (h.clock as VirtualClock).advance(1000);
    await expect.poll(() => jobFailures(pi), { timeout: 10_000 }).toHaveLength(2);
    (h.clock as VirtualClock).advance(2000);
    await expect.poll(() => jobFailures(pi), { timeout: 10_000 }).toHaveLength(3);
    await h.engine.whenIdle();
    const incident = [...h.engine.view.incidents.values()].find((i) => i.processInstanceKey === pi);
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'create' });
    expect(incident!.errorMessage).toBe('crm POST /accounts answered 500: crm answered 500 (sandbox fault: status)');
  });
});
