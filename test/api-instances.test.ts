import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedActions, startApi, type ApiHarness, type Who } from './api-harness.ts';
import { MODELS } from './api-fixtures.ts';

/** Process instances, messages and incidents through HTTP. */
describe('REST API: process instances, messages, incidents', () => {
  let a: ApiHarness;
  beforeAll(async () => {
    a = await startApi();
    const resources = ['job', 'payment', 'review', 'purchase'].map((name) => ({ name: `${name}.bpmn`, content: MODELS[name as keyof typeof MODELS] }));
    expect((await a.call('developer', 'POST', '/api/models', { resources })).status).toBe(201);
  });
  afterAll(async () => a?.stop());

  const start = async (bpmnProcessId: string, body: Record<string, unknown> = {}, who: Who = 'developer') => {
    const r = await a.call(who, 'POST', '/api/process-instances', { bpmnProcessId, ...body });
    expect(r.status, r.text).toBe(201);
    return r.body.processInstanceKey as string;
  };
  /** A 4xx naming `field` (when given), with no engine row or audit row written. */
  const rejects = async (status: number, who: Who, method: string, path: string, body?: unknown, field?: string, headers?: Record<string, string>) => {
    const before = await a.footprint();
    const audited = (await auditedActions(a)).length;
    const r = await a.call(who, method, path, body, headers);
    expect(r.status, `${method} ${path}: ${r.text}`).toBe(status);
    if (field) {
      expect(r.body.field, r.text).toBe(field);
      expect(r.body.error).toContain(field);
    }
    expect(await a.footprint()).toEqual(before);
    expect((await auditedActions(a)).length).toBe(audited);
    return r;
  };
  const failIntoIncident = async (pi: string) => {
    const [job] = await a.h.engine.activateJobs({ type: 'api-test.work', worker: 'test', timeout: 60_000, maxJobsToActivate: 10, requestTimeout: -1 });
    expect(job?.processInstanceKey).toBe(pi);
    await a.h.engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'backend down' });
    await a.h.engine.whenIdle();
    return [...a.h.engine.view.incidents.values()].find((i) => i.processInstanceKey === pi)!;
  };

  it('starts an instance with the caller as initiator and the business key as a variable, audited', async () => {
    const r = await a.call('developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', businessKey: 'REQ-1', variables: { reviewers: [], due: null, requester: 'rita' }, reason: 'test' }, { 'x-request-id': 'req-42' });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-request-id')).toBe('req-42');
    expect(r.body).toMatchObject({ bpmnProcessId: 'review', version: 1, businessKey: 'REQ-1' });
    const detail = await a.call('operator', 'GET', `/api/process-instances/${r.body.processInstanceKey}`);
    expect(detail.body).toMatchObject({ state: 'active', businessKey: 'REQ-1', variables: { initiator: 'developer', requester: 'rita', businessKey: 'REQ-1' } });
    expect(detail.body.elementInstances.map((e: { elementId: string; state: string }) => `${e.elementId}:${e.state}`)).toEqual(['start:COMPLETED', 'task:ACTIVATED']);
    const [action] = (await auditedActions(a)).filter((x) => x.action === 'process-instance.start');
    expect(action).toMatchObject({ actor: 'developer', role: 'developer', target: `process-instance:${r.body.processInstanceKey}`, reason: 'test', request_id: 'req-42', process_instance_key: r.body.processInstanceKey });
  });

  it('refuses bad start requests with the field named, writing nothing', async () => {
    await rejects(400, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', variables: { initiator: 'someone' } }, 'variables.initiator');
    await rejects(400, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', businessKey: 'a', variables: { businessKey: 'b' } }, 'variables.businessKey');
    await rejects(400, 'developer', 'POST', '/api/process-instances', { variables: {} }, 'bpmnProcessId');
    await rejects(400, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', version: 'latest' }, 'version');
    await rejects(400, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', colour: 'red' }, 'colour');
    await rejects(400, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', variables: { '': 1 } }, 'variables.');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const tooDeep = await rejects(400, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', variables: { amount: deep } });
    expect(tooDeep.body.field).toMatch(/^variables\.amount\.d\.d/);
    await rejects(400, 'developer', 'POST', '/api/process-instances', '{"bpmnProcessId": ', 'body');
    await rejects(415, 'developer', 'POST', '/api/process-instances', 'bpmnProcessId=review', 'body', { 'content-type': 'text/plain' });
    await rejects(413, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', variables: { blob: 'x'.repeat(1_100_000) } }, 'body');
    await rejects(404, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'nope' });
    await rejects(404, 'developer', 'POST', '/api/process-instances', { bpmnProcessId: 'review', version: 9 });
  });

  it('lists live and finished instances with filters', async () => {
    const t0 = new Date(a.h.clock.now() - 1000).toISOString();
    const paid = await start('payment', { businessKey: 'ORDER-7', variables: { orderId: 'o-7' } });
    const waiting = await start('payment', { businessKey: 'ORDER-8', variables: { orderId: 'o-8' } });
    const cancelled = await start('payment', { variables: { orderId: 'o-9' } });
    expect((await a.call('developer', 'POST', '/api/messages', { name: 'paid', correlationKey: 'o-7', variables: { amount: 10 } })).status).toBe(201);
    expect((await a.call('operator', 'POST', `/api/process-instances/${cancelled}/cancel`, { reason: 'duplicate' })).status).toBe(204);

    const list = async (query: string) => {
      const r = await a.call('operator', 'GET', `/api/process-instances${query}`);
      expect(r.status, r.text).toBe(200);
      return (r.body.instances as Array<{ processInstanceKey: string; state: string }>).map((i) => `${i.processInstanceKey}:${i.state}`);
    };
    expect(await list('?bpmnProcessId=payment')).toEqual([`${cancelled}:terminated`, `${waiting}:active`, `${paid}:completed`]);
    expect(await list('?bpmnProcessId=payment&state=completed')).toEqual([`${paid}:completed`]);
    expect(await list('?bpmnProcessId=payment&state=active')).toEqual([`${waiting}:active`]);
    expect(await list('?state=terminated&version=1')).toContain(`${cancelled}:terminated`);
    expect(await list('?businessKey=ORDER-7')).toEqual([`${paid}:completed`]);
    expect(await list('?businessKey=ORDER-8')).toEqual([`${waiting}:active`]);
    expect(await list(`?bpmnProcessId=payment&startedAfter=${t0}&limit=2`)).toHaveLength(2);
    expect(await list(`?bpmnProcessId=payment&startedBefore=${t0}`)).toEqual([]);
    expect(await list('?bpmnProcessId=payment&offset=2')).toEqual([`${paid}:completed`]);

    const finished = await a.call('developer', 'GET', `/api/process-instances/${paid}`);
    expect(finished.body).toMatchObject({ state: 'completed', businessKey: 'ORDER-7', variables: { orderId: 'o-7', amount: 10, initiator: 'developer' }, incidents: [] });
    expect(finished.body.elementInstances.map((e: { elementId: string; state: string }) => `${e.elementId}:${e.state}`)).toEqual(['start:COMPLETED', 'wait:COMPLETED', 'end:COMPLETED']);

    for (const [query, field] of [
      ['?state=done', 'state'],
      ['?startedAfter=yesterday', 'startedAfter'],
      ['?limit=5000', 'limit'],
      ['?version=x', 'version'],
      ['?sort=asc', 'sort'],
    ]) {
      await rejects(400, 'operator', 'GET', `/api/process-instances${query}`, undefined, field);
    }
    await rejects(400, 'operator', 'GET', '/api/process-instances/12ab', undefined, 'processInstanceKey');
    await rejects(404, 'operator', 'GET', '/api/process-instances/999999');
  });

  it('cancels and sets variables on live instances only', async () => {
    const pi = await start('payment', { variables: { orderId: 'o-10' } });
    const set = await a.call('operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: { priority: 'high' }, reason: 'customer called' });
    expect(set.status, set.text).toBe(200);
    expect(a.h.engine.view.variables.get(pi, 'priority')).toBe('high');
    await rejects(400, 'operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: { requester: 'x' } }, 'variables.requester');
    await rejects(400, 'operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: {} }, 'variables');
    await rejects(400, 'operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: { a: 1 }, local: 'yes' }, 'local');
    await rejects(400, 'operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: { a: 1 }, elementInstanceKey: 'x' }, 'elementInstanceKey');
    await rejects(404, 'operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: { a: 1 }, elementInstanceKey: '123' }, 'elementInstanceKey');
    await rejects(404, 'operator', 'PATCH', '/api/process-instances/123/variables', { variables: { a: 1 } });
    await rejects(400, 'operator', 'POST', `/api/process-instances/${pi}/cancel`, { reason: 5 }, 'reason');

    expect((await a.call('developer', 'POST', `/api/process-instances/${pi}/cancel`)).status).toBe(204);
    await rejects(409, 'operator', 'POST', `/api/process-instances/${pi}/cancel`);
    await rejects(409, 'operator', 'PATCH', `/api/process-instances/${pi}/variables`, { variables: { a: 1 } });
    await rejects(404, 'operator', 'POST', '/api/process-instances/123/cancel');
    const audited = (await auditedActions(a)).filter((x) => x.process_instance_key === pi).map((x) => `${x.action}:${x.actor}:${x.reason ?? ''}`);
    expect(audited).toEqual(['process-instance.start:developer:', 'process-instance.set-variables:operator:customer called', 'process-instance.cancel:developer:']);
  });

  it('publishes messages; refuses bad ones', async () => {
    const ok = await a.call('operator', 'POST', '/api/messages', { name: 'paid', correlationKey: 'later', timeToLive: 60_000, messageId: 'm-1' });
    expect(ok.status).toBe(201);
    expect(ok.body.messageKey).toMatch(/^\d+$/);
    await rejects(409, 'operator', 'POST', '/api/messages', { name: 'paid', correlationKey: 'later', timeToLive: 60_000, messageId: 'm-1' });
    await rejects(400, 'operator', 'POST', '/api/messages', { correlationKey: 'k' }, 'name');
    await rejects(400, 'operator', 'POST', '/api/messages', { name: 'paid' }, 'correlationKey');
    await rejects(400, 'operator', 'POST', '/api/messages', { name: 'paid', correlationKey: 'k', timeToLive: -1 }, 'timeToLive');
    await rejects(400, 'operator', 'POST', '/api/messages', { name: 'paid', correlationKey: 'k', variables: { initiator: 'me' } }, 'variables.initiator');
    // A buffered message correlates to an instance started later.
    const pi = await start('payment', { variables: { orderId: 'later' } });
    expect((await a.call('operator', 'GET', `/api/process-instances/${pi}`)).body.state).toBe('completed');
  });

  it('resolves incidents, with job retries and variables first', async () => {
    const pi = await start('job');
    const incident = await failIntoIncident(pi);
    const listed = await a.call('operator', 'GET', `/api/incidents?processInstanceKey=${pi}`);
    expect(listed.body.incidents).toMatchObject([{ incidentKey: incident.key, errorType: 'JOB_NO_RETRIES', errorMessage: 'backend down', jobRetries: 0 }]);
    expect((await a.call('operator', 'GET', `/api/incidents/${incident.key}`)).body.incidentKey).toBe(incident.key);
    expect((await a.call('operator', 'GET', `/api/process-instances/${pi}`)).body.incidents).toHaveLength(1);

    await rejects(409, 'operator', 'POST', `/api/incidents/${incident.key}/resolve`, {}, 'retries');
    await rejects(400, 'operator', 'POST', `/api/incidents/${incident.key}/resolve`, { retries: 0 }, 'retries');
    await rejects(400, 'operator', 'POST', `/api/incidents/${incident.key}/resolve`, { variables: { requester: 'x' }, retries: 1 }, 'variables.requester');
    await rejects(400, 'operator', 'GET', '/api/incidents?errorType=', undefined, 'errorType');
    await rejects(404, 'operator', 'POST', '/api/incidents/42/resolve', { retries: 1 });
    await rejects(404, 'operator', 'GET', '/api/incidents/42');

    const resolved = await a.call('operator', 'POST', `/api/incidents/${incident.key}/resolve`, { retries: 2, variables: { endpoint: 'backup' }, reason: 'backend is back' });
    expect(resolved.status, resolved.text).toBe(204);
    expect(a.h.engine.view.incidents.size).toBe(0);
    const [job] = await a.h.engine.activateJobs({ type: 'api-test.work', worker: 'test', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 });
    expect(job).toMatchObject({ retries: 2, variables: { endpoint: 'backup' } });
    await a.h.engine.completeJob({ jobKey: job!.key });

    // An incident without a job: a due date that is no date.
    const bad = await start('review', { variables: { reviewers: [], due: 'soon' } });
    const extract = [...a.h.engine.view.incidents.values()].find((i) => i.processInstanceKey === bad)!;
    expect(extract.errorType).toBe('EXTRACT_VALUE_ERROR');
    await rejects(400, 'operator', 'POST', `/api/incidents/${extract.key}/resolve`, { retries: 3 }, 'retries');
    expect((await a.call('operator', 'POST', `/api/incidents/${extract.key}/resolve`, { variables: { due: '2031-01-01T00:00:00Z' } })).status).toBe(204);
    expect([...a.h.engine.view.userTasks.values()].some((t) => t.processInstanceKey === bad)).toBe(true);
  });
});
