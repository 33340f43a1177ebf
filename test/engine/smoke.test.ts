import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence } from '../support/bpmn.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';

describe('engine smoke', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  it('runs start → service task → end in-process', async () => {
    const dep = await h.engine.deployResources([{ name: 'one.bpmn', content: sequence('one', ['work']) }]);
    expect(dep.processes[0]).toMatchObject({ bpmnProcessId: 'one', version: 1 });
    const created = await h.engine.createProcessInstance({ bpmnProcessId: 'one', variables: { a: 1 } });
    const jobs = await h.engine.activateJobs({ type: 'work', worker: 't', timeout: 1000, maxJobsToActivate: 5, requestTimeout: -1 });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.variables).toEqual({ a: 1 });
    await h.engine.completeJob({ jobKey: jobs[0]!.key, variables: { b: 2 } });
    await h.engine.whenIdle();
    expect(h.engine.view.elements.get(created.processInstanceKey)).toBeUndefined();
    const intents = await h.db.knex('records').where({ process_instance_key: created.processInstanceKey, value_type: 'PROCESS_INSTANCE' }).orderBy('position').select('element_id', 'intent');
    expect(intents.at(-1)).toEqual({ element_id: 'one', intent: 'ELEMENT_COMPLETED' });
  });

  it('runs through the gateway with an @camunda8/sdk worker and returns the result', async () => {
    const zbc = h.client();
    await zbc.deployResource({ name: 'two.bpmn', process: Buffer.from(sequence('two', ['double'])) });
    const worker = zbc.createWorker({
      taskType: 'double',
      taskHandler: (job) => job.complete({ doubled: (job.variables as { n: number }).n * 2 }),
    });
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'two', variables: { n: 21 }, requestTimeout: 10_000 });
    expect(result.variables).toEqual({ n: 21, doubled: 42 });
    await worker.close();
  });
});
