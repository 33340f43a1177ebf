import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, deployModel, grpcError, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';

/**
 * BPMN errors (Zeebe's CatchEventAnalyzer): a worker's ThrowError is caught by the error boundary
 * naming its code, else by a catch-all boundary (the specific one wins whatever the document
 * order); uncaught it is an UNHANDLED_ERROR_EVENT incident whose text names the code, the message
 * (only if given) and the error events that were available. An error end event with no catcher is
 * an incident on the end event that resolving only recreates (ErrorEventIncidentTest).
 * A terminate end event ends its scope, terminating what still waits there.
 */
describe('errors and terminate', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['error-boundary', 'error-boundary-specific', 'error-uncaught', 'error-end-event', 'terminate-end-event']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  const incidentsOf = (pi: string) => [...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === pi);

  it('the boundary naming the code catches it, before a catch-all; error variables stay local to the catch event', async () => {
    const pi = await startInstance(h, zbc, 'error-boundary', { id: 7 });
    const job = await activateOne(zbc, 'eb-work');
    await zbc.throwError({ jobKey: job.key, errorCode: 'NOT_FOUND', errorMessage: 'no such customer', variables: { reason: 'gone' } });
    await h.engine.whenIdle();

    const handler = await activateOne(zbc, 'eb-handle-not-found');
    expect(handler.processInstanceKey).toBe(pi);
    // Zeebe: ThrowError variables are local to the catching boundary event; without output
    // mappings on it they reach neither later jobs nor the process (differential suite, 8.6).
    expect(handler.variables).toEqual({ id: 7 });
    await zbc.completeJob({ jobKey: handler.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'work:ELEMENT_TERMINATED',
      'catchNotFound:ELEMENT_COMPLETED',
      'handleNotFound:ELEMENT_COMPLETED',
      'endNotFound:ELEMENT_COMPLETED',
      'error-boundary:ELEMENT_COMPLETED',
    ]);
    const thrown = (await records(h, pi, 'JOB')).find((r) => r.intent === 'ERROR_THROWN')!;
    expect(thrown.value).toMatchObject({ errorCode: 'NOT_FOUND', errorMessage: 'no such customer' });
    expect(incidentsOf(pi)).toEqual([]);
  });

  it('any other code goes to the catch-all boundary', async () => {
    const pi = await startInstance(h, zbc, 'error-boundary');
    const job = await activateOne(zbc, 'eb-work');
    await zbc.throwError({ jobKey: job.key, errorCode: 'SOMETHING_ELSE' });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'work:ELEMENT_TERMINATED', 'catchAny:ELEMENT_COMPLETED', 'endAny:ELEMENT_COMPLETED', 'error-boundary:ELEMENT_COMPLETED']);
    // The job went with its element: nothing left to complete.
    expect((await grpcError(zbc.completeJob({ jobKey: job.key, variables: {} }))).code).toBe(5);
  });

  it('an error no boundary catches is an UNHANDLED_ERROR_EVENT incident listing the available codes', async () => {
    const pi = await startInstance(h, zbc, 'error-specific');
    const job = await activateOne(zbc, 'es-work');
    await zbc.throwError({ jobKey: job.key, errorCode: 'UNKNOWN', errorMessage: 'boom' });
    await h.engine.whenIdle();

    const [incident, ...more] = incidentsOf(pi);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({
      errorType: 'UNHANDLED_ERROR_EVENT',
      errorMessage: "Expected to throw an error event with the code 'UNKNOWN' with message 'boom', but it was not caught. Available error events are [INVALID, EXPIRED]",
      elementId: 'work',
      elementInstanceKey: job.elementInstanceKey,
      jobKey: job.key,
    });
    expect(await activate(zbc, 'es-work')).toEqual([]);

    // Resolving makes the job activatable again; a worker can then complete it.
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    const again = await activateOne(zbc, 'es-work');
    expect(again.key).toBe(job.key);
    await zbc.completeJob({ jobKey: again.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toContain('done:ELEMENT_COMPLETED');
  });

  it('a matching specific boundary among several catches', async () => {
    const pi = await startInstance(h, zbc, 'error-specific');
    const job = await activateOne(zbc, 'es-work');
    await zbc.throwError({ jobKey: job.key, errorCode: 'EXPIRED' });
    await h.engine.whenIdle();
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'work:ELEMENT_TERMINATED', 'catchExpired:ELEMENT_COMPLETED', 'endExpired:ELEMENT_COMPLETED', 'error-specific:ELEMENT_COMPLETED']);
  });

  it('without any error boundary the incident says so (no message part when none was given)', async () => {
    const pi = await startInstance(h, zbc, 'error-uncaught');
    const job = await activateOne(zbc, 'eu-work');
    await zbc.throwError({ jobKey: job.key, errorCode: 'X' });
    await h.engine.whenIdle();
    expect(incidentsOf(pi)).toMatchObject([
      {
        errorType: 'UNHANDLED_ERROR_EVENT',
        errorMessage: "Expected to throw an error event with the code 'X', but it was not caught. No error events are available in the scope.",
        jobKey: job.key,
      },
    ]);
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
    expect(incidentsOf(pi)).toEqual([]);
    expect((await records(h, pi, 'INCIDENT')).map((r) => r.intent)).toEqual(['CREATED', 'RESOLVED']);
  });

  it('an error end event without a catcher is an incident on the end event; resolving recreates it', async () => {
    const pi = await startInstance(h, zbc, 'error-end');
    const [incident] = incidentsOf(pi);
    expect(incident).toMatchObject({
      errorType: 'UNHANDLED_ERROR_EVENT',
      errorMessage: "Expected to throw an error event with the code 'END_FAILED', but it was not caught. No error events are available in the scope.",
      elementId: 'fail',
      jobKey: undefined,
    });
    const created = (await records(h, pi, 'INCIDENT'))[0]!;
    expect(created.value).toMatchObject({ jobKey: '-1', elementId: 'fail' });

    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    expect((await records(h, pi, 'INCIDENT')).map((r) => r.intent)).toEqual(['CREATED', 'RESOLVED', 'CREATED']);
    expect(incidentsOf(pi)).toMatchObject([{ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'fail' }]);
    expect(isLive(h, pi)).toBe(true);
    await zbc.cancelProcessInstance(pi);
  });

  it('a terminate end event ends the instance while a parallel branch still waits', async () => {
    const pi = await startInstance(h, zbc, 'terminate-end');
    const waiting = await activateOne(zbc, 'te-waiting');
    const go = await activateOne(zbc, 'te-go');
    await zbc.completeJob({ jobKey: go.key, variables: {} });
    await h.engine.whenIdle();

    expect(isLive(h, pi)).toBe(false);
    expect(h.engine.view.jobs.has(waiting.key)).toBe(false);
    expect((await records(h, pi, 'JOB')).filter((r) => r.key === waiting.key).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'fork:ELEMENT_COMPLETED',
      'go:ELEMENT_COMPLETED',
      'waiting:ELEMENT_TERMINATED',
      'terminate:ELEMENT_COMPLETED',
      'terminate-end:ELEMENT_COMPLETED',
    ]);
    expect((await grpcError(zbc.completeJob({ jobKey: waiting.key, variables: {} }))).code).toBe(5);
  });
});
