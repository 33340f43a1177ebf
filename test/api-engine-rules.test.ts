import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineRejection } from '../engine/api.ts';
import { Engine } from '../engine/engine.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';
import { MODELS } from './api-fixtures.ts';

/**
 * The segregation-of-duties rules live in the engine, so every door (REST, gRPC, in-process)
 * gets them. These tests call the engine's operations directly; api-tasks tests the same rules
 * through HTTP.
 */
describe('engine: human task rules', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.engine.deployResources(
      Object.entries(MODELS)
        .filter(([name]) => name !== 'lintError')
        .map(([name, content]) => ({ name: `${name}.bpmn`, content })),
    );
  });
  afterAll(async () => h?.stop());

  const start = async (bpmnProcessId: string, variables: Record<string, unknown>) => {
    const { processInstanceKey } = await h.engine.createProcessInstance({ bpmnProcessId, variables });
    await h.engine.whenIdle();
    return processInstanceKey;
  };
  const taskOf = (pi: string) => [...h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === pi)!;
  const recordCount = async () => Number((await h.db.knex('records').count<Array<{ n: string }>>({ n: '*' }))[0]!.n);
  /** Refused with `code` and a message matching `message`, and not one record written. */
  const refused = async (op: () => Promise<unknown>, code: string, message: RegExp) => {
    const before = await recordCount();
    const err = await op().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineRejection);
    expect((err as EngineRejection).code).toBe(code);
    expect((err as EngineRejection).message).toMatch(message);
    await h.engine.whenIdle();
    expect(await recordCount()).toBe(before);
  };

  it('the initiator or requester is never assigned an approval task, by claim or by assignment', async () => {
    const task = taskOf(await start('purchase', { initiator: 'ivan', requester: 'rita' }));
    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'ivan', allowOverride: false, actor: 'ivan', actorGroups: ['approvers'] }), 'FAILED_PRECONDITION', /'ivan' requested it, and a requester may not approve their own request \(four-eyes principle\)/);
    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'rita' }), 'FAILED_PRECONDITION', /to assign approval task .* to 'rita', but 'rita' requested it/);
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: false, actor: 'bob', actorGroups: ['approvers'] });
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, actor: 'ivan', action: 'approve' }), 'FAILED_PRECONDITION', /assigned to 'bob': only the assignee completes a task/);
    await h.engine.completeUserTask({ userTaskKey: task.key, actor: 'bob', action: 'approve' });
    await h.engine.whenIdle();
    expect(h.engine.view.userTasks.has(task.key)).toBe(false);
  });

  it('nor can they decide a task the model assigned to them, with or without an actor', async () => {
    const task = taskOf(await start('self-assigned', { initiator: 'ivan' }));
    expect(task.assignee).toBe('ivan');
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, action: 'approve' }), 'FAILED_PRECONDITION', /'ivan' to approve .* but 'ivan' requested it/);
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, actor: 'ivan', action: 'reject', reason: 'x' }), 'FAILED_PRECONDITION', /'ivan' requested it/);
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, variables: { initiator: 'someone-else' }, action: 'approve' }), 'INVALID_ARGUMENT', /variables set 'initiator'/);
  });

  it('a called process knows the requester of its caller, even without the caller’s variables', async () => {
    const caller = await start('caller', { initiator: 'ivan' });
    const task = [...h.engine.view.userTasks.values()].find((t) => t.bpmnProcessId === 'purchase' && h.engine.view.elements.get(t.processInstanceKey)?.parentProcessInstanceKey === caller)!;
    expect(h.engine.view.variables.get(task.processInstanceKey, 'initiator')).toBeUndefined();
    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'ivan' }), 'FAILED_PRECONDITION', /'ivan' requested it/);
    await h.engine.cancelProcessInstance(caller);
  });

  it('two approvals need two different approvers; the first approval survives a restart', async () => {
    const pi = await start('big-purchase', { initiator: 'ivan' });
    const task = taskOf(pi);
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob' });
    await h.engine.completeUserTask({ userTaskKey: task.key, action: 'approve', reason: 'fine', variables: { limit: 1 } });
    expect(taskOf(pi)).toMatchObject({ assignee: '', approvals: [{ by: 'bob', reason: 'fine', variables: { limit: 1 } }] });

    // A new engine on the same database resumes with the approval recorded.
    const restarted = await Engine.start(h.db.knex, { clock: h.clock, log: () => {} });
    try {
      expect(restarted.view.userTasks.get(task.key)).toMatchObject({ approvals: [{ by: 'bob' }] });
    } finally {
      await restarted.close();
    }

    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: false, actor: 'bob', actorGroups: ['approvers'] }), 'FAILED_PRECONDITION', /'bob' already approved it, and it needs a different approver/);
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'carol', allowOverride: false, actor: 'carol', actorGroups: ['approvers'] });
    await h.engine.completeUserTask({ userTaskKey: task.key, actor: 'carol', action: 'approve', variables: { limit: 2 } });
    await h.engine.whenIdle();
    const completed = await h.db.knex('records').where({ key: task.key, value_type: 'USER_TASK', intent: 'COMPLETED' }).first();
    expect(completed.value).toMatchObject({ actor: 'carol', action: 'approve', variables: { limit: 2, decision: 'approved', decidedBy: 'carol', decisionReason: '', approvers: ['bob', 'carol'] } });
  });

  it('one rejection decides a multi-approval task at once, and needs a reason', async () => {
    const task = taskOf(await start('big-purchase', { initiator: 'ivan' }));
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob' });
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, action: 'reject' }), 'INVALID_ARGUMENT', /Expected a reason to reject/);
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key }), 'INVALID_ARGUMENT', /with action 'approve' or 'reject', but the action was 'complete'/);
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, action: 'approve', variables: { decidedBy: 'x' } }), 'INVALID_ARGUMENT', /variables set 'decidedBy'/);
    await h.engine.completeUserTask({ userTaskKey: task.key, action: 'reject', reason: 'too expensive' });
    await h.engine.whenIdle();
    expect(h.engine.view.userTasks.has(task.key)).toBe(false);
  });

  it('an actor claims only for themselves, as a candidate, and completes only what is theirs', async () => {
    const task = taskOf(await start('review', { reviewers: ['bob'], due: '2030-01-01T00:00:00Z' }));
    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: false, actor: 'carol' }), 'FAILED_PRECONDITION', /'carol' to claim .* for themselves, but the assignee given is 'bob'/);
    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'carol', allowOverride: false, actor: 'carol', actorGroups: ['approvers'] }), 'FAILED_PRECONDITION', /'carol' is not among the candidate users \[bob\] nor in the candidate groups \[\]/);
    await refused(() => h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', actor: ' ' }), 'INVALID_ARGUMENT', /the actor is empty/);
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, actor: 'bob' }), 'FAILED_PRECONDITION', /not assigned: claim it first/);
    await h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: false, actor: 'bob' });
    await refused(() => h.engine.completeUserTask({ userTaskKey: task.key, actor: 'carol' }), 'FAILED_PRECONDITION', /assigned to 'bob'/);
    await h.engine.completeUserTask({ userTaskKey: task.key, actor: 'bob', variables: { ok: true } });
    await h.engine.whenIdle();
    expect(h.engine.view.userTasks.has(task.key)).toBe(false);
  });

  it('without an actor a plain task keeps Zeebe’s semantics: anyone trusted may complete it unassigned', async () => {
    const task = taskOf(await start('review', { reviewers: [], due: null }));
    await h.engine.completeUserTask({ userTaskKey: task.key });
    await h.engine.whenIdle();
    expect(h.engine.view.userTasks.has(task.key)).toBe(false);
  });
});
