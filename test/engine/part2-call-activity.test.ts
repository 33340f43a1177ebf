import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activateOne, deployModel, grpcError, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { completeOne, incidentsOf, instancesOf, liveElements, liveInstancesOf } from './part2-support.ts';

/**
 * Call activities (Zeebe's CallActivityProcessor, docs "Call activities"): the latest version of the
 * called process starts as a child instance. In: all variables visible at the call activity
 * (propagateAllParentVariables, default true) including its input mappings, or only the input
 * mappings' results. Out: the child's variables are delivered when the call activity has output
 * mappings or propagateAllChildVariables (default true); with output mappings only the mapped
 * ones leave (ProcessProcessor.propagateVariables + applyOutputMappings). Cancelling the parent
 * terminates the child; the child cannot be cancelled on its own (INVALID_STATE →
 * FAILED_PRECONDITION). A called process that is not deployed is a CALLED_ELEMENT_ERROR incident.
 */
describe('call activity', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    for (const m of ['p2-call-child', 'p2-call-all', 'p2-call-mapped', 'p2-call-feel']) await deployModel(zbc, m);
  });
  afterAll(async () => h?.stop());

  const latestChild = async (processId = 'p2-call-child') => (await instancesOf(h, processId)).at(-1)!;

  it('propagates all variables both ways by default, input mappings included', async () => {
    const pi = await startInstance(h, zbc, 'p2-call-all', { amount: 3, unrelated: 'u' });
    const child = await latestChild();
    const childInstance = h.engine.view.elements.get(child)!;
    const [call] = liveInstancesOf(h, pi, 'call');
    expect(childInstance).toMatchObject({ parentElementInstanceKey: call!.key, parentProcessInstanceKey: pi, flowScopeKey: null });
    // The child gets its own copies, in its root scope.
    expect(await variableWrites(h, child, child)).toEqual([
      ['amount', 3],
      ['unrelated', 'u'],
      ['doubled', 6],
    ]);

    const work = await completeOne(h, zbc, 'p2cc-work', { childResult: 'ok', extra: 1 });
    expect(work.variables).toEqual({ amount: 3, unrelated: 'u', doubled: 6 });
    expect(isLive(h, child)).toBe(false);
    const after = await completeOne(h, zbc, 'p2ca-after');
    // The child's variables propagate from the call activity's flow scope (Zeebe 8.6, measured by
    // the differential suite): `doubled`, which only the call activity held, reaches the process.
    expect(after.variables).toEqual({ amount: 3, unrelated: 'u', doubled: 6, childResult: 'ok', extra: 1 });
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'call:ELEMENT_COMPLETED', 'after:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-call-all:ELEMENT_COMPLETED']);
    expect(await trail(h, child)).toEqual(['childStart:ELEMENT_COMPLETED', 'childWork:ELEMENT_COMPLETED', 'childEnd:ELEMENT_COMPLETED', 'p2-call-child:ELEMENT_COMPLETED']);
  });

  it('propagateAllParentVariables=false / propagateAllChildVariables=false: only the mappings cross', async () => {
    const pi = await startInstance(h, zbc, 'p2-call-mapped', { amount: 4, secret: 's' });
    const work = await completeOne(h, zbc, 'p2cc-work', { childResult: 'done', extra: 2 });
    expect(work.variables).toEqual({ inAmount: 4 });
    const after = await completeOne(h, zbc, 'p2cm-after');
    expect(after.variables).toEqual({ amount: 4, secret: 's', result: 'done' });
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['amount', 4],
      ['secret', 's'],
      ['result', 'done'],
    ]);
    expect(isLive(h, pi)).toBe(false);
  });

  it('a FEEL processId picks the process; with output mappings only the mapped variables come back', async () => {
    const pi = await startInstance(h, zbc, 'p2-call-feel', { childId: 'p2-call-child' });
    const work = await completeOne(h, zbc, 'p2cc-work', { childResult: 'feel', extra: 3 });
    expect(work.processInstanceKey).toBe(await latestChild());
    const after = await completeOne(h, zbc, 'p2cf-after');
    expect(after.variables).toEqual({ childId: 'p2-call-child', fromChild: 'feel' });
    expect(isLive(h, pi)).toBe(false);
  });

  it('cancelling the parent terminates the child; cancelling the child alone is rejected', async () => {
    const pi = await startInstance(h, zbc, 'p2-call-all', { amount: 1 });
    const child = await latestChild();
    const refused = await grpcError(zbc.cancelProcessInstance(child));
    expect(refused.code).toBe(9);
    expect(refused.details).toContain(
      `Expected to cancel a process instance with key '${child}', but it is created by a parent process instance. Cancel the root process instance '${pi}' instead.`,
    );
    expect(isLive(h, child)).toBe(true);

    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(isLive(h, child)).toBe(false);
    expect(await trail(h, child)).toEqual(['childStart:ELEMENT_COMPLETED', 'childWork:ELEMENT_TERMINATED', 'p2-call-child:ELEMENT_TERMINATED']);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'call:ELEMENT_TERMINATED', 'p2-call-all:ELEMENT_TERMINATED']);
    expect((await records(h, child, 'JOB')).map((r) => r.intent)).toEqual(['CREATED', 'CANCELED']);
  });

  it('a called process that is not deployed: CALLED_ELEMENT_ERROR; deploying it and resolving continues', async () => {
    const pi = await startInstance(h, zbc, 'p2-call-feel', { childId: 'p2-call-late' });
    const [incident, ...more] = incidentsOf(h, pi);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({
      errorType: 'CALLED_ELEMENT_ERROR',
      errorMessage: "Expected process with BPMN process id 'p2-call-late' to be deployed, but not found.",
      elementId: 'call',
    });
    expect(liveElements(h, pi)).toEqual(['call:ACTIVATING']);

    await deployModel(zbc, 'p2-call-late');
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    const after = await completeOne(h, zbc, 'p2cf-after');
    expect(after.variables).toEqual({ childId: 'p2-call-late', fromChild: 'late:p2-call-late' });
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'INCIDENT')).map((r) => r.intent)).toEqual(['CREATED', 'RESOLVED']);
  });

  it('an error thrown in the child is caught by the error boundary on the call activity', async () => {
    const pi = await startInstance(h, zbc, 'p2-call-all', { amount: 2 });
    const child = await latestChild();
    const job = await activateOne(zbc, 'p2cc-work');
    await zbc.throwError({ jobKey: job.key, errorCode: 'CHILD_ERR', errorMessage: 'no stock' });
    await h.engine.whenIdle();
    expect(incidentsOf(h, child)).toEqual([]);
    expect(isLive(h, child)).toBe(false);
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, child)).toEqual(['childStart:ELEMENT_COMPLETED', 'childWork:ELEMENT_TERMINATED', 'p2-call-child:ELEMENT_TERMINATED']);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'call:ELEMENT_TERMINATED',
      'childFailed:ELEMENT_COMPLETED',
      'failedEnd:ELEMENT_COMPLETED',
      'p2-call-all:ELEMENT_COMPLETED',
    ]);
  });
});
