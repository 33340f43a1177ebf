import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineRejection } from '../../engine/api.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';

/**
 * User tasks. `zeebe:userTask` tasks are held by the engine and worked through its operations
 * (Zeebe 8.8 exposes those over REST only, so the tests call the same operations in-process);
 * claiming (allowOverride false) an assigned task is refused with Zeebe's UserTaskClaimProcessor
 * wording. Job-based user tasks are jobs of type `io.camunda.zeebe:userTask` with one retry whose
 * headers carry the evaluated assignment (BpmnJobBehavior.encodeHeaders) and the form key.
 */
describe('user tasks', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'user-task-zeebe');
    await deployModel(zbc, 'user-task-job-based');
  });
  afterAll(async () => h?.stop());

  const taskOf = (pi: string) => [...h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === pi);
  const rejection = async (op: Promise<unknown>) => {
    const err = await op.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineRejection);
    return err as EngineRejection;
  };

  it('evaluates assignee, candidate groups, due date and priority from FEEL', async () => {
    const pi = await startInstance(h, zbc, 'ut-zeebe', { owner: 'alice', groups: ['sales', 'ops'], due: '2026-03-01T12:00:30+02:00', prio: 80 });
    const task = taskOf(pi)!;
    expect(task).toMatchObject({
      elementId: 'review',
      bpmnProcessId: 'ut-zeebe',
      assignee: 'alice',
      candidateGroups: ['sales', 'ops'],
      candidateUsers: [],
      dueDate: '2026-03-01T12:00:30+02:00',
      priority: 80,
    });
    const userTaskRecords = await records(h, pi, 'USER_TASK');
    expect(userTaskRecords.map((r) => r.intent)).toEqual(['CREATED', 'ASSIGNED']);
    expect(userTaskRecords[0]!.value).toMatchObject({ userTaskKey: task.key, assignee: 'alice', candidateGroupsList: ['sales', 'ops'], priority: 80 });
    // No job: the engine holds the task.
    expect(await records(h, pi, 'JOB')).toEqual([]);
    await h.engine.completeUserTask({ userTaskKey: task.key });
    await h.engine.whenIdle();
  });

  it('claim conflicts with another assignee; assign overrides; completion variables propagate', async () => {
    const pi = await startInstance(h, zbc, 'ut-zeebe', { owner: 'alice', groups: [], due: null, prio: 50 });
    const task = taskOf(pi)!;
    expect(task.dueDate).toBe('');

    const conflict = await rejection(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: false }));
    expect(conflict.code).toBe('FAILED_PRECONDITION');
    expect(conflict.message).toBe(`Expected to claim user task with key '${task.key}', but it has already been assigned`);
    // Claiming for the current assignee is fine (Zeebe: canClaim when the assignee is the same).
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'alice', allowOverride: false });

    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: true });
    expect(taskOf(pi)!.assignee).toBe('bob');
    await h.engine.unassignUserTask(task.key);
    expect(taskOf(pi)!.assignee).toBe('');
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'carol', allowOverride: false });
    expect(taskOf(pi)!.assignee).toBe('carol');

    await h.engine.completeUserTask({ userTaskKey: task.key, variables: { approved: true, comment: 'ok' } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(taskOf(pi)).toBeUndefined();
    expect((await records(h, pi, 'USER_TASK')).map((r) => `${r.intent}:${String(r.value.assignee)}`)).toEqual([
      'CREATED:alice',
      'ASSIGNED:alice',
      'ASSIGNED:alice',
      'ASSIGNED:bob',
      'ASSIGNED:',
      'ASSIGNED:carol',
      'COMPLETED:carol',
    ]);
    expect((await variableWrites(h, pi, pi)).filter(([name]) => name === 'approved' || name === 'comment')).toEqual([
      ['approved', true],
      ['comment', 'ok'],
    ]);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'review:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'ut-zeebe:ELEMENT_COMPLETED']);
  });

  it('operations on unknown or completed tasks are NOT_FOUND', async () => {
    const pi = await startInstance(h, zbc, 'ut-zeebe', { owner: 'dave', groups: [], due: null, prio: 1 });
    const task = taskOf(pi)!;
    await h.engine.completeUserTask({ userTaskKey: task.key });
    await h.engine.whenIdle();
    const again = await rejection(h.engine.completeUserTask({ userTaskKey: task.key }));
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toBe(`Expected to complete user task with key '${task.key}', but no such user task was found`);
  });

  it('a priority outside 0..100 is an incident', async () => {
    const pi = await startInstance(h, zbc, 'ut-zeebe', { owner: 'x', groups: [], due: null, prio: 101 });
    const incident = [...h.engine.view.incidents.values()].find((i) => i.processInstanceKey === pi);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'review' });
    expect(taskOf(pi)).toBeUndefined();
    await zbc.cancelProcessInstance(pi);
  });

  it('a job-based user task is a job a worker completes (headers carry the assignment)', async () => {
    const seen: Array<{ type: string; retries: number; headers: unknown }> = [];
    const worker = zbc.createWorker({
      taskType: 'io.camunda.zeebe:userTask',
      pollInterval: 50,
      taskHandler: (job) => {
        seen.push({ type: job.type, retries: job.retries, headers: job.customHeaders });
        return job.complete({ approvedBy: (job.variables as { owner: string }).owner });
      },
    });
    try {
      const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'ut-job-based', variables: { owner: 'erin' }, requestTimeout: 10_000 });
      expect(result.variables).toEqual({ owner: 'erin', approvedBy: 'erin' });
      expect(seen).toEqual([
        {
          type: 'io.camunda.zeebe:userTask',
          retries: 1,
          headers: {
            sla: 'P2D',
            'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:approveForm',
            'io.camunda.zeebe:assignee': 'erin',
            'io.camunda.zeebe:candidateGroups': '["clerks","managers"]',
          },
        },
      ]);
      expect(await trail(h, result.processInstanceKey)).toEqual(['start:ELEMENT_COMPLETED', 'approve:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'ut-job-based:ELEMENT_COMPLETED']);
      expect(await records(h, result.processInstanceKey, 'USER_TASK')).toEqual([]);
    } finally {
      await worker.close();
    }
  });
});
