import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../engine/clock/clock.ts';
import { createAuditRouter, recordApiAction, type AuditRow } from '../server/audit/index.ts';
import { bpmnProcess, flow } from './support/bpmn.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

const MODEL = bpmnProcess(
  'approval',
  `<bpmn:startEvent id="start" />
   <bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="approvers" /></bpmn:extensionElements></bpmn:userTask>
   <bpmn:endEvent id="end" />
   ${flow('f1', 'start', 'approve')}${flow('f2', 'approve', 'end')}`,
);
const HOUR = 3_600_000;
const REASON = 'Checked, "as agreed"\nwith finance';

/** Queries and exports of the audit trail over HTTP, on records a real engine wrote. */
describe('audit trail: queries and exports', () => {
  let h: Harness;
  let server: Server;
  let base: string;
  const instances: Array<{ key: string; businessKey: string }> = [];
  let t0: number;

  beforeAll(async () => {
    h = await startHarness();
    const app = express();
    app.use('/api/audit', createAuditRouter({ knex: h.db.knex }));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/audit`;
    await h.engine.deployResources([{ name: 'approval.bpmn', content: MODEL }]);
    t0 = h.clock.now();
    // Three instances an hour apart; each approval completed by a person, with the API action audited.
    for (const [i, businessKey] of ['CLM-1', 'CLM-2', 'CLM-3'].entries()) {
      const { processInstanceKey } = await h.engine.createProcessInstance({ bpmnProcessId: 'approval', variables: { businessKey } });
      instances.push({ key: processInstanceKey, businessKey });
      const task = [...h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === processInstanceKey)!;
      await h.engine.completeUserTask({ userTaskKey: task.key, variables: { decision: 'approve' } });
      await recordApiAction(h.db.knex, {
        actor: i === 1 ? 'bob' : 'alice', role: 'approver', action: 'user-task.complete', target: `user-task:${task.key}`,
        reason: REASON, requestId: `req-${i}`, processInstanceKey, elementId: 'approve', occurredAt: new Date(h.clock.now()),
      });
      (h.clock as VirtualClock).advance(HOUR);
    }
    await h.engine.whenIdle();
  });
  afterAll(async () => {
    server?.close();
    await h?.stop();
  });

  const get = async (query: string) => {
    const res = await fetch(`${base}/entries?${query}`);
    return { status: res.status, body: (await res.json()) as { entries: AuditRow[]; nextCursor: string | null; error?: string } };
  };

  it('returns one instance\'s records and API actions merged in position order', async () => {
    const { status, body } = await get(`processInstanceKey=${instances[1]!.key}&limit=1000`);
    expect(status).toBe(200);
    const positions = body.entries.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(body.entries.every((e) => e.processInstanceKey === instances[1]!.key)).toBe(true);
    const action = body.entries.at(-1)!;
    expect(action).toMatchObject({ source: 'api', valueType: 'API_ACTION', actor: 'bob', role: 'approver', action: 'user-task.complete', reason: REASON, requestId: 'req-1', elementId: 'approve' });
    const completion = body.entries.find((e) => e.valueType === 'USER_TASK' && e.intent === 'COMPLETED')!;
    expect(completion).toMatchObject({ source: 'engine', elementId: 'approve', data: { variables: { decision: 'approve' } } });
    expect(body.nextCursor).toBeNull();
  });

  it('filters by business key, actor, action, element id, value type and time range', async () => {
    const byBusinessKey = (await get('businessKey=CLM-3&limit=1000')).body.entries;
    expect(new Set(byBusinessKey.map((e) => e.processInstanceKey))).toEqual(new Set([instances[2]!.key]));
    expect(byBusinessKey.some((e) => e.source === 'api')).toBe(true);

    expect((await get('actor=alice')).body.entries.map((e) => e.requestId)).toEqual(['req-0', 'req-2']);
    expect((await get('action=user-task.complete&actor=bob')).body.entries.map((e) => e.processInstanceKey)).toEqual([instances[1]!.key]);

    const approve = (await get('elementId=approve&limit=1000')).body.entries;
    expect(approve.filter((e) => e.source === 'engine' && e.intent === 'ELEMENT_COMPLETED')).toHaveLength(3);
    expect(approve.filter((e) => e.source === 'api')).toHaveLength(3);

    const userTasks = (await get('valueType=USER_TASK&limit=1000')).body.entries;
    expect(userTasks.map((e) => e.intent)).toEqual(['CREATED', 'COMPLETED', 'CREATED', 'COMPLETED', 'CREATED', 'COMPLETED']);

    // The second hour holds exactly the second instance and its action.
    const from = new Date(t0 + HOUR).toISOString();
    const to = new Date(t0 + 2 * HOUR - 1).toISOString();
    const window = (await get(`from=${from}&to=${to}&limit=1000`)).body.entries;
    expect(new Set(window.map((e) => e.processInstanceKey))).toEqual(new Set([instances[1]!.key]));
  });

  it('pages with an opaque cursor in a stable order', async () => {
    const all = (await get('limit=1000')).body.entries;
    expect(all.length).toBeGreaterThan(20);
    const paged: AuditRow[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body }: { body: { entries: AuditRow[]; nextCursor: string | null } } = await get(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...body.entries);
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(pages).toBe(Math.floor(all.length / 7) + 1);
  });

  it('answers 400 naming the field for bad parameters', async () => {
    const cases: Array<[string, RegExp]> = [
      ['processInstanceKey=abc', /^processInstanceKey: expected a decimal key/],
      ['limit=0', /^limit: must be at least 1/],
      ['limit=5000', /^limit: must be at most 1000/],
      ['from=yesterday', /^from: expected an ISO 8601 date-time/],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', /^from: must not be after `to`/],
      ['source=kafka', /^source: expected engine, api or rules/],
      ['cursor=bm9wZQ', /^cursor: is not a cursor this endpoint issued/],
      ['colour=red', /^colour: unknown query parameter/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await get(query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error).toMatch(message);
    }
  });

  it('exports CSV with RFC 4180 quoting, streamed', async () => {
    const res = await fetch(`${base}/export?format=csv&actor=alice`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['position', 'source', 'occurredAt', 'processInstanceKey', 'bpmnProcessId', 'elementId', 'valueType', 'intent', 'key', 'actor', 'role', 'action', 'target', 'reason', 'requestId', 'data']);
    expect(rows.slice(1).map((r) => [r[3], r[9], r[13], r[14]])).toEqual([
      [instances[0]!.key, 'alice', REASON, 'req-0'],
      [instances[2]!.key, 'alice', REASON, 'req-2'],
    ]);
    expect(JSON.parse(rows[1]![15]!)).toEqual({});
  });

  it('exports JSON Lines equal to the query results', async () => {
    const res = await fetch(`${base}/export?format=jsonl&processInstanceKey=${instances[0]!.key}`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as AuditRow);
    expect(lines).toEqual((await get(`processInstanceKey=${instances[0]!.key}&limit=1000`)).body.entries);
  });
});

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i = end < 0 ? text.length : i + end;
    }
    row.push(field);
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (text[i] === ',') i++;
  }
  if (row.length) rows.push(row);
  return rows;
}
