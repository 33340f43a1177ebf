import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployModelFolder } from '../../server/deploy-models.ts';
import { startWorkers, type WorkerHost } from '../../workers/host.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';

describe('shipped welcome process with its worker', () => {
  let h: Harness;
  let workers: WorkerHost;
  beforeAll(async () => {
    h = await startHarness();
    await deployModelFolder(h.engine, path.resolve('bpmn'), path.resolve('dmn'));
    workers = await startWorkers(`grpc://127.0.0.1:${h.gateway.port}`);
  });
  afterAll(async () => {
    await workers?.close();
    await h?.stop();
  });

  it('greets in the requested language', async () => {
    const result = await h.client().createProcessInstanceWithResult({ bpmnProcessId: 'welcome', variables: { name: 'Ada', language: 'de' }, requestTimeout: 10_000 });
    expect(result.variables.greeting).toBe('Willkommen, Ada!');
  });

  it('falls back to English through the error boundary event for an unknown language', async () => {
    const result = await h.client().createProcessInstanceWithResult({ bpmnProcessId: 'welcome', variables: { name: 'Ada', language: 'xx' }, requestTimeout: 10_000 });
    expect(result.variables.greeting).toBe('Welcome, Ada!');
    const ends = await h.db.knex('records').where({ process_instance_key: result.processInstanceKey, intent: 'ELEMENT_COMPLETED' }).pluck('element_id');
    expect(ends).toContain('welcomed-in-english');
  });

  it('raises an incident when the name is missing (no boundary catches MISSING_NAME)', async () => {
    const created = await h.client().createProcessInstance({ bpmnProcessId: 'welcome', variables: { language: 'en' } });
    for (let i = 0; i < 100 && ![...h.engine.view.incidents.values()].some((x) => x.processInstanceKey === created.processInstanceKey); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const incident = [...h.engine.view.incidents.values()].find((x) => x.processInstanceKey === created.processInstanceKey);
    expect(incident).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'compose-greeting' });
    expect(incident!.errorMessage).toContain("code 'MISSING_NAME'");
  });
});
