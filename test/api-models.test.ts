import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineRejection } from '../engine/api.ts';
import type { ApiEngine } from '../server/api/context.ts';
import { createApi } from '../server/api/index.ts';
import { ApiKeyStore } from '../server/auth/keys.ts';
import { auditedActions, startApi, type ApiHarness, type Who } from './api-harness.ts';
import { DMN, MODELS, RULES, resources, taskProcess } from './api-fixtures.ts';

/** Models through HTTP: lint, deploy (JSON or raw XML), list, versions, XML; DMN and rules pluggable. */
describe('REST API: models', () => {
  let a: ApiHarness;
  const ruleSets: Array<{ name: string; content: string }> = [];
  beforeAll(async () => {
    a = await startApi({
      deployers: {
        rules: {
          async deploy(list) {
            ruleSets.push(...list);
            return { ruleSets: list.map((r) => r.name) };
          },
        },
      },
    });
  });
  afterAll(async () => a?.stop());

  const rejects = async (status: number, who: Who, path: string, body: unknown, field?: string, headers?: Record<string, string>) => {
    const before = await a.footprint();
    const audited = (await auditedActions(a)).length;
    const r = await a.call(who, 'POST', path, body, headers);
    expect(r.status, r.text).toBe(status);
    if (field) expect(r.body, r.text).toMatchObject({ field });
    expect(await a.footprint()).toEqual(before);
    expect((await auditedActions(a)).length).toBe(audited);
    return r;
  };

  it('deploys linted BPMN, returns lint warnings, and audits the deployment', async () => {
    const r = await a.call('developer', 'POST', '/api/models', { ...resources('purchase.bpmn', MODELS.purchase), reason: 'first version' });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ processes: [{ bpmnProcessId: 'purchase', version: 1 }], lintConfig: 'plugin:camunda-compat/camunda-cloud-8-8' });
    expect(r.body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'purchase.bpmn', elementId: 'task', category: 'warn' })]));
    const [action] = (await auditedActions(a)).filter((x) => x.action === 'model.deploy');
    expect(action).toMatchObject({ actor: 'developer', role: 'developer', target: `deployment:${r.body.deploymentKey}`, reason: 'first version', details: { processes: ['purchase v1'] } });
  });

  it('takes one raw XML document with ?name=, and versions changed models', async () => {
    const xml = taskProcess('purchase', { name: 'Approve purchase (v2)', candidateGroups: 'approvers', headers: { approval: 'true' } });
    const r = await a.call('analyst', 'POST', '/api/models?name=purchase.bpmn', xml, { 'content-type': 'application/xml' });
    expect(r.status, r.text).toBe(201);
    expect(r.body.processes).toMatchObject([{ bpmnProcessId: 'purchase', version: 2 }]);
    // The same file again is no new version (Zeebe's duplicate check).
    const again = await a.call('analyst', 'POST', '/api/models?name=purchase.bpmn', xml, { 'content-type': 'text/xml' });
    expect(again.body.processes).toMatchObject([{ version: 2 }]);
    await rejects(400, 'analyst', '/api/models', xml, 'name', { 'content-type': 'application/xml' });
  });

  it('lists models, versions and each version’s XML', async () => {
    const list = await a.call('operator', 'GET', '/api/models');
    expect(list.body.models).toMatchObject([{ bpmnProcessId: 'purchase', latestVersion: 2, versions: [{ version: 1 }, { version: 2 }] }]);
    expect((await a.call('analyst', 'GET', '/api/models/purchase')).body).toMatchObject({ bpmnProcessId: 'purchase', name: null, latestVersion: 2 });
    const latest = await a.call('analyst', 'GET', '/api/models/purchase/xml');
    expect(latest.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(latest.text).toContain('Approve purchase (v2)');
    expect((await a.call('analyst', 'GET', '/api/models/purchase/xml?version=1')).text).not.toContain('(v2)');
    expect((await a.call('analyst', 'GET', '/api/models/purchase/xml?version=3')).status).toBe(404);
    expect((await a.call('analyst', 'GET', '/api/models/nope')).status).toBe(404);
    expect((await a.call('analyst', 'GET', '/api/models/nope/xml')).status).toBe(404);
    expect(await a.call('analyst', 'GET', '/api/models?sort=name')).toMatchObject({ status: 400, body: { field: 'sort', error: 'sort: unknown field (allowed fields are listed in /api/openapi.json)' } });
    const badVersion = await a.call('analyst', 'GET', '/api/models/purchase/xml?version=0');
    expect(badVersion).toMatchObject({ status: 400, body: { field: 'version' } });
  });

  it('rejects models with lint errors or engine errors, naming the resource, writing nothing', async () => {
    const lint = await rejects(400, 'developer', '/api/models', { resources: [{ name: 'ok.bpmn', content: MODELS.review }, { name: 'broken.bpmn', content: MODELS.lintError }] }, 'resources[1].content');
    expect(lint.body.error).toMatch(/1 lint error\(s\) against plugin:camunda-compat\/camunda-cloud-8-8; first: t: .*zeebe:TaskDefinition/);
    expect(lint.body.lint.errors).toMatchObject([{ resource: 'broken.bpmn', rule: 'camunda-compat/implementation', elementId: 't' }]);
    await rejects(400, 'developer', '/api/models', resources('junk.bpmn', '<definitions'), 'resources[0].content');
    // Lint passes, the engine refuses (a duplicate id): still 400 on the resource.
    const duplicate = MODELS.review.replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end" /><bpmn:task id="end" />');
    const engine = await rejects(400, 'developer', '/api/models', resources('dup.bpmn', duplicate), 'resources[0].content');
    expect(engine.body.code).toBe('INVALID_ARGUMENT');
  });

  it('deploys DMN through the engine; rule sets go to their deployer', async () => {
    const dmn = await a.call('developer', 'POST', '/api/models?name=route.dmn', DMN, { 'content-type': 'application/dmn+xml' });
    expect(dmn.status, dmn.text).toBe(201);
    expect(dmn.body).toMatchObject({ processes: [], decisions: [{ dmnDecisionId: 'route', version: 1 }] });
    const listed = await a.call('operator', 'GET', '/api/decisions');
    expect(listed.body.decisionRequirements).toMatchObject([{ decisionRequirementsId: 'd', latestVersion: 1, versions: [{ resourceName: 'route.dmn', decisions: { route: expect.any(String) } }] }]);
    expect((await a.call('analyst', 'GET', '/api/decisions/d/xml')).text).toContain('<decision id="route"');
    expect((await a.call('analyst', 'GET', '/api/decisions/d/xml?version=2')).status).toBe(404);
    expect((await a.call('analyst', 'GET', '/api/decisions/nope/xml')).status).toBe(404);
    const rules = await a.call('analyst', 'POST', '/api/models', { resources: [{ name: 'routing.json', content: RULES }] });
    expect(rules.status, rules.text).toBe(201);
    expect(ruleSets).toEqual([{ name: 'routing.json', content: JSON.stringify(RULES) }]);
    await rejects(400, 'analyst', '/api/models', { resources: [{ name: 'routing.json', content: RULES }, { name: 'p.bpmn', content: MODELS.review }] }, 'resources[1]');
    await rejects(400, 'analyst', '/api/models', { resources: [{ name: 'routing.json', content: '{ nope' }] }, 'resources[0].content');
  });

  it('answers 501 for DMN and rule sets while nothing takes them', async () => {
    // An engine that takes BPMN only (as before the decisions module), and no rules deployer.
    const bpmnOnly = {
      view: a.h.engine.view,
      clock: a.h.engine.clock,
      async deployResources() {
        throw new EngineRejection('INVALID_ARGUMENT', "'route.dmn': Baton deploys BPMN resources (.bpmn, .xml) only so far");
      },
    } as unknown as ApiEngine;
    const keys = new ApiKeyStore(a.h.db.knex);
    await keys.load();
    const api = createApi({ engine: bpmnOnly, knex: a.h.db.knex, keys });
    const app = express().use('/api', api.router);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/models`;
      const post = (body: unknown) =>
        fetch(url, { method: 'POST', headers: { authorization: `Bearer ${a.keyOf('developer')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const dmn = await post(resources('route.dmn', DMN));
      expect(dmn.status).toBe(501);
      expect(((await dmn.json()) as { error: string }).error).toBe('DMN deployment is not available until the decisions module lands');
      const rules = await post({ resources: [{ name: 'routing.json', content: RULES }] });
      expect(rules.status).toBe(501);
      expect(((await rules.json()) as { error: string }).error).toBe('rule set deployment is not available until the rules module lands');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lints without deploying', async () => {
    const before = await a.footprint();
    const r = await a.call('analyst', 'POST', '/api/models/lint', resources('broken.bpmn', MODELS.lintError));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ valid: false, errors: [{ resource: 'broken.bpmn', elementId: 't' }] });
    const ok = await a.call('developer', 'POST', '/api/models/lint?name=r.bpmn', MODELS.review, { 'content-type': 'application/bpmn+xml' });
    expect(ok.body.valid).toBe(true);
    expect(await a.footprint()).toEqual(before);
  });

  it('bad deploy requests are 400s naming the field; oversized ones 413', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'resources'],
      [{ resources: [] }, 'resources'],
      [{ resources: [{ name: 'a/b.bpmn', content: MODELS.review }] }, 'resources[0].name'],
      [{ resources: [{ name: 'a.bpmn' }] }, 'resources[0].content'],
      [{ resources: [{ name: 'a.bpmn', content: 42 }] }, 'resources[0].content'],
      [{ resources: [{ name: 'a.bpmn', content: { x: 1 } }] }, 'resources[0].content'],
      [{ resources: [{ name: 'a.txt', content: 'x' }] }, 'resources[0].name'],
      [{ resources: [{ name: 'a.bpmn', content: 'x', kind: 'cmmn' }] }, 'resources[0].kind'],
      [{ resources: [{ name: 'a.bpmn', content: 'x', size: 1 }] }, 'resources[0].size'],
      [{ resources: resources('a.bpmn', MODELS.review).resources, reason: '' }, 'reason'],
    ];
    for (const [body, field] of cases) {
      const r = await rejects(400, 'developer', '/api/models', body, field);
      expect(r.body.error.startsWith(field), r.body.error).toBe(true);
    }
    await rejects(413, 'developer', '/api/models?name=big.bpmn', `<x>${'y'.repeat(1_100_000)}</x>`, 'body', { 'content-type': 'application/xml' });
    await rejects(415, 'developer', '/api/models', 'x', 'body', { 'content-type': 'application/octet-stream' });
  });
});
