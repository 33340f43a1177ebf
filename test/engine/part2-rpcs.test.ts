import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, deployModel, grpcError, isLive, records, sdkDocument, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { completeOne, liveElements, liveInstancesOf, localVariables } from './part2-support.ts';

/**
 * Operator RPCs through the gateway.
 * ModifyProcessInstance (docs "Process instance modification"): activation instructions first,
 * then terminations; variables are set before the element activates (so its input mappings see
 * them) — globally without a scope id, locally in the named flow scope or element otherwise;
 * terminating the last active element of the process instance terminates it; the command is
 * all or nothing.
 * DeleteResource (ResourceDeletionProcessor): refused with INVALID_STATE (FAILED_PRECONDITION)
 * while instances of the definition run; after deleting the latest version the previous one is
 * latest again; versions are never reused.
 */
describe('ModifyProcessInstance', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-modify');
  });
  afterAll(async () => h?.stop());

  const keyOf = (pi: string, elementId: string) => liveInstancesOf(h, pi, elementId)[0]!.key;

  it('activates an element with global and local variables; its input mappings see them', async () => {
    const pi = await startInstance(h, zbc, 'p2-modify');
    await zbc.modifyProcessInstance({
      processInstanceKey: pi,
      activateInstructions: [
        {
          elementId: 'taskC',
          ancestorElementInstanceKey: '-1',
          variableInstructions: [
            { variables: sdkDocument({ fixed: 41 }), scopeId: '' },
            { variables: sdkDocument({ note: 'here' }), scopeId: 'taskC' },
          ],
        },
      ],
    });
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['taskA:ACTIVATED', 'taskB:ACTIVATED', 'taskC:ACTIVATED']);
    expect(localVariables(h, keyOf(pi, 'taskC'))).toEqual({ note: 'here', derived: 42 });
    expect(await variableWrites(h, pi, pi)).toEqual([['fixed', 41]]);
    const c = await completeOne(h, zbc, 'p2mod-c');
    expect(c.variables).toEqual({ fixed: 41, note: 'here', derived: 42 });
    await completeOne(h, zbc, 'p2mod-a');
    await completeOne(h, zbc, 'p2mod-b');
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'PROCESS_INSTANCE_MODIFICATION')).map((r) => r.intent)).toEqual(['MODIFIED']);
    expect((await trail(h, pi)).at(-1)).toBe('p2-modify:ELEMENT_COMPLETED');
  });

  it('terminates one element instance: its job goes, the rest of the instance goes on', async () => {
    const pi = await startInstance(h, zbc, 'p2-modify');
    const b = keyOf(pi, 'taskB');
    await zbc.modifyProcessInstance({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: b }] });
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['taskA:ACTIVATED']);
    expect(await activate(zbc, 'p2mod-b')).toEqual([]);
    await completeOne(h, zbc, 'p2mod-a');
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'fork:ELEMENT_COMPLETED',
      'taskB:ELEMENT_TERMINATED',
      'taskA:ELEMENT_COMPLETED',
      'endA:ELEMENT_COMPLETED',
      'p2-modify:ELEMENT_COMPLETED',
    ]);
  });

  it('terminating the last active elements terminates the process instance', async () => {
    const pi = await startInstance(h, zbc, 'p2-modify');
    await zbc.modifyProcessInstance({
      processInstanceKey: pi,
      terminateInstructions: [{ elementInstanceKey: keyOf(pi, 'taskA') }, { elementInstanceKey: keyOf(pi, 'taskB') }],
    });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'fork:ELEMENT_COMPLETED', 'taskA:ELEMENT_TERMINATED', 'taskB:ELEMENT_TERMINATED', 'p2-modify:ELEMENT_TERMINATED']);
  });

  it('activations apply before terminations: moving every token to another element keeps the instance', async () => {
    const pi = await startInstance(h, zbc, 'p2-modify', { fixed: 0 });
    await zbc.modifyProcessInstance({
      processInstanceKey: pi,
      activateInstructions: [{ elementId: 'taskC', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
      terminateInstructions: [{ elementInstanceKey: keyOf(pi, 'taskA') }, { elementInstanceKey: keyOf(pi, 'taskB') }],
    });
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['taskC:ACTIVATED']);
    await completeOne(h, zbc, 'p2mod-c');
    expect(isLive(h, pi)).toBe(false);
    expect((await trail(h, pi)).at(-1)).toBe('p2-modify:ELEMENT_COMPLETED');
  });

  it('an unknown element rejects the whole command and changes nothing', async () => {
    const pi = await startInstance(h, zbc, 'p2-modify');
    const failure = await grpcError(
      zbc.modifyProcessInstance({
        processInstanceKey: pi,
        activateInstructions: [{ elementId: 'nope', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
        terminateInstructions: [{ elementInstanceKey: keyOf(pi, 'taskA') }],
      }),
    );
    expect(failure.code).toBe(3);
    expect(failure.details).toContain("contains one or more activate instructions with an element that could not be found: 'nope'");
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['taskA:ACTIVATED', 'taskB:ACTIVATED']);
    expect(await records(h, pi, 'PROCESS_INSTANCE_MODIFICATION')).toEqual([]);
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
  });
});

describe('DeleteResource', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
  });
  afterAll(async () => h?.stop());

  it('is refused while instances run; afterwards the previous version is the latest again', async () => {
    const v1 = await deployModel(zbc, 'p2-delete');
    const v2 = await deployModel(zbc, 'p2-delete-v2');
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const pi = await startInstance(h, zbc, 'p2-delete');

    const refused = await grpcError(zbc.deleteResource({ resourceKey: v2.processDefinitionKey }));
    expect(refused.code).toBe(9);
    expect(refused.details).toContain(`Expected to delete resource with key \`${v2.processDefinitionKey}\` but there are still running instances`);

    await completeOne(h, zbc, 'p2del-work-v2');
    expect(isLive(h, pi)).toBe(false);
    await zbc.deleteResource({ resourceKey: v2.processDefinitionKey });
    await h.engine.whenIdle();

    const next = await zbc.createProcessInstance({ bpmnProcessId: 'p2-delete', variables: {} });
    expect(next).toMatchObject({ version: 1, processDefinitionKey: v1.processDefinitionKey });
    await h.engine.whenIdle();
    await completeOne(h, zbc, 'p2del-work');
    const gone = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'p2-delete', version: 2, variables: {} }));
    expect(gone.code).toBe(5);
    expect(gone.details).toContain("Expected to find process definition with process ID 'p2-delete' and version '2', but none found");
    const again = await grpcError(zbc.deleteResource({ resourceKey: v2.processDefinitionKey }));
    expect(again.code).toBe(5);
  });

  // Known difference (reported, not fixed here: it needs the highest version per process id to
  // survive in the store): Zeebe never reuses a version number after a deletion ("Deploying a new
  // process with the same id will increment the version as usual"); Baton hands out 2 again.
  it('a version number is never reused after its definition was deleted', async () => {
    const v2 = await deployModel(zbc, 'p2-delete-v2', 'p2-delete-v2-again.bpmn');
    expect(v2.version).toBe(3);
  });
});
