import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, advance, deployModel, grpcError, isLive, records, startInstance, type Zbc } from './helpers.ts';

/**
 * Failing, retrying, timing out and repairing jobs (Zeebe's job lifecycle):
 * FailJob with retries > 0 makes the job activatable again (after retryBackOff, if given);
 * retries 0 raises a JOB_NO_RETRIES incident carrying the worker's error message, which can
 * only be resolved once the job has retries again (UpdateJobRetries, then ResolveIncident); a job whose deadline passes
 * times out and is activatable again (at-least-once), while the old activation may still
 * complete it (Zeebe accepts CompleteJob for ACTIVATABLE and ACTIVATED jobs).
 */
describe('job lifecycle', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'job-retries');
  });
  afterAll(async () => h?.stop());

  const jobIntents = async (pi: string) => (await records(h, pi, 'JOB')).map((r) => `${r.intent}:${String(r.value.retries)}`);

  it('fail with retries left: the job comes back at once with the new retries', async () => {
    const pi = await startInstance(h, zbc, 'job-retries');
    const job = await activateOne(zbc, 'jr-work');
    expect(job.retries).toBe(3);
    await zbc.failJob({ jobKey: job.key, retries: 2, errorMessage: 'flaky', retryBackOff: 0 });
    await h.engine.whenIdle();

    const again = await activateOne(zbc, 'jr-work');
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
    expect(await jobIntents(pi)).toEqual(['CREATED:3', 'FAILED:2']);
    const failed = (await records(h, pi, 'JOB')).find((r) => r.intent === 'FAILED')!;
    expect(failed.value.errorMessage).toBe('flaky');
    await zbc.completeJob({ jobKey: again.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('retryBackOff: not activatable before the back-off has passed, activatable after', async () => {
    const pi = await startInstance(h, zbc, 'job-retries');
    const job = await activateOne(zbc, 'jr-work');
    await zbc.failJob({ jobKey: job.key, retries: 1, errorMessage: 'later', retryBackOff: 60_000 });
    await h.engine.whenIdle();

    expect(await activate(zbc, 'jr-work')).toEqual([]);
    await advance(h, 59_999);
    expect(await activate(zbc, 'jr-work')).toEqual([]);
    await advance(h, 1);
    const again = await activateOne(zbc, 'jr-work');
    expect(again).toMatchObject({ key: job.key, retries: 1 });
    expect(await jobIntents(pi)).toEqual(['CREATED:3', 'FAILED:1', 'RECURRED_AFTER_BACKOFF:1']);
    await zbc.completeJob({ jobKey: again.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('retries 0 raises JOB_NO_RETRIES; UpdateJobRetries + ResolveIncident re-activates the job', async () => {
    const pi = await startInstance(h, zbc, 'job-retries');
    const job = await activateOne(zbc, 'jr-work');
    await zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'database is down', retryBackOff: 0 });
    await h.engine.whenIdle();

    const incidents = [...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === pi);
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'database is down',
      elementId: 'work',
      elementInstanceKey: job.elementInstanceKey,
      jobKey: job.key,
      bpmnProcessId: 'job-retries',
    });
    const created = (await records(h, pi, 'INCIDENT')).find((r) => r.intent === 'CREATED')!;
    const unknown = await grpcError(zbc.resolveIncident({ incidentKey: '2251799813999998' }));
    expect(unknown).toEqual({ code: 5, details: "Expected to resolve incident with key '2251799813999998', but no such incident was found" });
    expect(created.key).toBe(incident.key);
    expect(created.value).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'database is down', jobKey: job.key, elementId: 'work' });
    // A job without retries is not handed out.
    expect(await activate(zbc, 'jr-work')).toEqual([]);

    // Resolving while the job has no retries is refused and changes nothing
    // (a real Zeebe 8.6 broker answers NOT_FOUND here: seen in the differential suite).
    const refused = await grpcError(zbc.resolveIncident({ incidentKey: incident.key }));
    expect(refused).toEqual({
      code: 5,
      details: `Expected to resolve incident with key '${incident.key}', but job with key '${job.key}' has no retries left. Please update the job retries and retry resolving the incident`,
    });
    expect([...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === pi)).toEqual([incident]);
    expect(await activate(zbc, 'jr-work')).toEqual([]);

    await zbc.updateJobRetries({ jobKey: job.key, retries: 2 });
    await zbc.resolveIncident({ incidentKey: incident.key });
    await h.engine.whenIdle();
    expect([...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === pi)).toEqual([]);
    const again = await activateOne(zbc, 'jr-work');
    expect(again).toMatchObject({ key: job.key, retries: 2 });
    await zbc.completeJob({ jobKey: again.key, variables: { fixed: true } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'INCIDENT')).map((r) => r.intent)).toEqual(['CREATED', 'RESOLVED']);
    expect(await jobIntents(pi)).toEqual(['CREATED:3', 'FAILED:0', 'RETRIES_UPDATED:2', 'COMPLETED:2']);
  });

  it('UpdateJobRetries below 1 and unknown job keys are refused', async () => {
    const pi = await startInstance(h, zbc, 'job-retries');
    const job = await activateOne(zbc, 'jr-work');
    const zero = await grpcError(zbc.updateJobRetries({ jobKey: job.key, retries: 0 }));
    expect(zero.code).toBe(3);
    expect(zero.details).toBe(`Expected to update retries for job with key '${job.key}' with a positive amount of retries, but the amount given was '0'`);
    const unknown = await grpcError(zbc.completeJob({ jobKey: '2251799813999999', variables: {} }));
    expect(unknown.code).toBe(5);
    // The SDK appends a hint of its own to this rejection; the engine's text comes first.
    expect(unknown.details.startsWith("Expected to complete job with key '2251799813999999', but no such job was found")).toBe(true);
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('an activation that outlives its timeout makes the job activatable again; the stale worker may still complete it once', async () => {
    const pi = await startInstance(h, zbc, 'job-retries');
    const stale = await activateOne(zbc, 'jr-work', { timeout: 1_000, worker: 'slow' });
    expect(await activate(zbc, 'jr-work')).toEqual([]);

    await advance(h, 1_000);
    const second = await activateOne(zbc, 'jr-work', { timeout: 60_000, worker: 'fast' });
    expect(second).toMatchObject({ key: stale.key, worker: 'fast', retries: 3 });
    expect(await jobIntents(pi)).toEqual(['CREATED:3', 'TIMED_OUT:3']);

    await zbc.completeJob({ jobKey: stale.key, variables: { by: 'slow' } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    const late = await grpcError(zbc.completeJob({ jobKey: second.key, variables: { by: 'fast' } }));
    expect(late.code).toBe(5);
    expect((await records(h, pi, 'JOB')).filter((r) => r.intent === 'COMPLETED')).toHaveLength(1);
  });
});
