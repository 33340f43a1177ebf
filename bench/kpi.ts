/**
 * `npx tsx bench/kpi.ts`: KPI and audit endpoint latency over ~1 M audit records.
 *
 * Generates a realistic history into a fresh database with INSERT ... SELECT generate_series
 * (a claims process: assess job → approval user task, 10 % rework, 3 % incidents, the newest
 * 5 % still running, a rule evaluation and an API action per approval, spread over 30 days),
 * lets the KPI refresher catch up (timed), then times every endpoint over HTTP and prints a table.
 *
 * Env: DATABASE_URL (else an embedded Postgres under .data/bench-kpi), BENCH_RECORDS (1000000).
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../engine/store/embedded-postgres.ts';
import { openDatabase } from '../engine/store/database.ts';
import { createAuditRouter } from '../server/audit/index.ts';
import { createKpi } from '../server/kpi/index.ts';

const TARGET_RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RECORDS_PER_INSTANCE = 35; // measured average of the template below
const INSTANCES = Math.round(TARGET_RECORDS / RECORDS_PER_INSTANCE);
const CHUNK = 300; // instances per INSERT: one audit block each, like an engine batch
const DB = 'baton_kpi_bench';

interface Step {
  vt: string;
  intent: string;
  off: number;
  eid: string | null;
  ts: string;
  value: string;
  when?: string;
}

/** One element's four lifecycle records (+ the flow taken after it). */
function element(eid: string, type: string, off: number, from: string, to: string, when: string, flowOut = true): Step[] {
  const v = `jsonb_build_object('bpmnElementType', '${type}', 'flowScopeKey', ${type === 'PROCESS' ? `'-1'` : 'k::text'}, 'version', version, 'processDefinitionKey', '2251799813685100')`;
  const steps: Step[] = [
    { vt: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING', off, eid, ts: from, value: v, when },
    { vt: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED', off, eid, ts: from, value: v, when },
    { vt: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETING', off, eid, ts: to, value: v, when: `${when} and not active` },
    { vt: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', off, eid, ts: to, value: v, when: `${when} and not active` },
  ];
  if (flowOut) steps.push({ vt: 'PROCESS_INSTANCE', intent: 'SEQUENCE_FLOW_TAKEN', off: off + 30, eid: `${eid}-out`, ts: to, value: v, when: `${when} and not active` });
  return steps;
}

function pass(n: 1 | 2, from: string, when: string): Step[] {
  const o = n === 1 ? 0 : 6;
  const assessed = `${from} + d_assess * interval '1 ms'`;
  const approved = `${assessed} + d_approve * interval '1 ms'`;
  const job = `jsonb_build_object('type', 'assess', 'retries', 3, 'worker', 'scorer', 'variables', '{}'::jsonb)`;
  const task = (intent: string) =>
    `jsonb_build_object('userTaskKey', (k + ${6 + o})::text, 'candidateGroupsList', '["clerks"]'::jsonb, 'processDefinitionVersion', version, 'dueDate', to_char((${from} + interval '45 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')${intent === 'COMPLETED' ? `, 'variables', jsonb_build_object('decision', case when i % 7 = 0 then 'reject' else 'approve' end)` : ''})`;
  return [
    ...element('assess', 'SERVICE_TASK', 3 + o, from, assessed, when),
    { vt: 'JOB', intent: 'CREATED', off: 4 + o, eid: 'assess', ts: from, value: job, when },
    { vt: 'INCIDENT', intent: 'CREATED', off: 14, eid: 'assess', ts: from, value: `'{"errorType":"JOB_NO_RETRIES"}'::jsonb`, when: `${when} and incident and ${n} = 1` },
    { vt: 'INCIDENT', intent: 'RESOLVED', off: 14, eid: 'assess', ts: assessed, value: `'{"errorType":"JOB_NO_RETRIES"}'::jsonb`, when: `${when} and incident and ${n} = 1 and not active` },
    { vt: 'JOB', intent: 'COMPLETED', off: 4 + o, eid: 'assess', ts: assessed, value: job, when: `${when} and not active` },
    ...element('approve', 'USER_TASK', 5 + o, assessed, approved, `${when} and not active`),
    { vt: 'USER_TASK', intent: 'CREATED', off: 6 + o, eid: 'approve', ts: assessed, value: task('CREATED'), when: `${when} and not active` },
    { vt: 'USER_TASK', intent: 'COMPLETED', off: 6 + o, eid: 'approve', ts: approved, value: task('COMPLETED'), when: `${when} and not active` },
    ...element('gw', 'EXCLUSIVE_GATEWAY', 7 + o, approved, approved, `${when} and not active`),
  ];
}

const END1 = `t_start + (d_assess + d_approve) * interval '1 ms'`;
const END = `case when rework then t_start + 2 * (d_assess + d_approve) * interval '1 ms' else ${END1} end`;
const PROCESS = element('claim', 'PROCESS', 0, 't_start', END, 'true', false);
const STEPS: Step[] = [
  { vt: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED', off: 0, eid: null, ts: 't_start', value: `jsonb_build_object('version', version)` },
  ...PROCESS.slice(0, 2),
  ...element('start', 'START_EVENT', 1, 't_start', 't_start', 'true'),
  { vt: 'VARIABLE', intent: 'CREATED', off: 2, eid: null, ts: 't_start', value: `jsonb_build_object('name', 'businessKey', 'value', 'CLM-' || i, 'scopeKey', k::text)` },
  ...pass(1, 't_start', 'true'),
  ...pass(2, END1, 'rework'),
  ...element('end', 'END_EVENT', 8, END, END, 'not active', false),
  ...PROCESS.slice(2),
];

const INSERT_RECORDS = `
  with inst as (
    select i, 2251799813685248 + i::bigint * 64 as k, case when i % 5 = 0 then 2 else 1 end as version,
      $3::timestamptz + (i * $4::double precision) * interval '1 ms' as t_start,
      500 + abs(hashint4(i)) % 1024 * 20 as d_assess, 60000 + abs(hashint4(i * 7)) % 4096 * 1000 as d_approve,
      i % 10 = 3 as rework, i % 33 = 5 as incident, i > $5 as active
    from generate_series($1::int, $2::int) i)
  insert into records (key, record_type, value_type, intent, process_instance_key, bpmn_process_id, element_id, timestamp, value)
  select key, 'EVENT', vt, intent, k, 'claim', eid, ts, value from (
    ${STEPS.map((s, n) => `select i, k, ${n} as n, '${s.vt}' as vt, '${s.intent}' as intent, k + ${s.off} as key, ${s.eid ? `'${s.eid}'` : 'null'} as eid, ${s.ts} as ts, ${s.value} as value from inst where ${s.when ?? 'true'}`).join('\n    union all ')}
  ) s order by ts, i, n`;

async function freshDatabase(): Promise<{ url: string; embedded?: EmbeddedServer }> {
  let admin = process.env.DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  if (!admin) {
    embedded = await startEmbeddedPostgres(path.resolve('.data/bench-kpi'));
    admin = embedded.urlFor('postgres');
  }
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${DB} with (force)`);
  await client.query(`create database ${DB}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${DB}`;
  return { url: url.toString(), embedded };
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
};

const { url, embedded } = await freshDatabase();
const db = await openDatabase({ config: { kind: 'external', url } });
const knex = db.knex;
const t0 = new Date(Date.now() - 30 * 86_400_000);
const spacing = (30 * 86_400_000) / INSTANCES;
/** Instances lo..hi starting `spacing` ms apart from `start`; those above `runningFrom` are still running. */
async function insertInstances(lo: number, hi: number, start: Date, spacingMs: number, runningFrom: number): Promise<void> {
  // Straight to pg: knex.raw only knows `?` placeholders.
  const client = (await knex.client.acquireConnection()) as pg.PoolClient;
  try {
    await client.query(INSERT_RECORDS, [lo, hi, start, spacingMs, runningFrom]);
  } finally {
    await knex.client.releaseConnection(client);
  }
}
const [, genMs] = await timed(async () => {
  for (let lo = 1; lo <= INSTANCES; lo += CHUNK) await insertInstances(lo, Math.min(lo + CHUNK - 1, INSTANCES), t0, spacing, Math.floor(INSTANCES * 0.95));
  // One rule evaluation before each approval and one API action after it (chained row by row).
  await knex.raw(`insert into audit_entries (partition, kind, occurred_at, actor, action, target, process_instance_key, element_id, payload)
    select 'rules', 'RULE_EVALUATION', r.timestamp, 'rules-engine', 'rules.evaluate', 'claim-routing@1', r.process_instance_key, 'approve',
           jsonb_build_object('ruleSetId', 'claim-routing', 'outcome', jsonb_build_object('route', 'approve'), 'facts', jsonb_build_object('amount', r.key % 20000))
    from records r where r.value_type = 'USER_TASK' and r.intent = 'CREATED' order by r.position`);
  await knex.raw(`insert into audit_entries (partition, kind, occurred_at, actor, role, action, target, reason, request_id, process_instance_key, element_id, payload)
    select 'api', 'API_ACTION', r.timestamp, 'user-' || (r.key % 40), 'approver', 'user-task.complete', 'user-task:' || r.key, 'checked', md5(r.key::text),
           r.process_instance_key, 'approve', jsonb_build_object('decision', r.value->'variables'->'decision')
    from records r where r.value_type = 'USER_TASK' and r.intent = 'COMPLETED' order by r.position`);
  // Live backlog for /queues: the running instances' approvals and some waiting jobs.
  await knex.raw(`insert into user_tasks (key, process_instance_key, doc)
    select key, process_instance_key, jsonb_build_object('key', key::text, 'candidateGroups', jsonb_build_array(case when key % 3 = 0 then 'seniors' else 'clerks' end),
      'assignee', case when key % 2 = 0 then 'alice' else '' end, 'dueDate', value->>'dueDate', 'createdAt', (extract(epoch from timestamp) * 1000)::bigint)
    from records r where value_type = 'USER_TASK' and intent = 'CREATED' and not exists (select 1 from records c where c.key = r.key and c.intent = 'COMPLETED' and c.value_type = 'USER_TASK')`);
  await knex.raw(`insert into jobs (key, process_instance_key, doc)
    select g, g, jsonb_build_object('type', 'type-' || (g % 12), 'state', (array['ACTIVATABLE', 'ACTIVATED', 'FAILED'])[1 + g % 3], 'retries', g % 2)
    from generate_series(1, 3000) g`);
  await knex.raw('analyze');
});
const counts = (await knex.raw<{ rows: Array<{ records: string; entries: string; instances: string }> }>(
  `select (select count(*) from records) as records, (select count(*) from audit_entries) as entries, (select count(distinct process_instance_key) from records) as instances`,
)).rows[0]!;
console.log(`generated ${counts.records} records + ${counts.entries} audit entries (${counts.instances} instances) in ${(genMs / 1000).toFixed(1)} s`);

const kpi = createKpi({ knex, config: { processTargets: { claim: 90 } } });
const [caught, catchUpMs] = await timed(async () => {
  const total = { records: 0, rules: 0 };
  for (;;) {
    const pass = await kpi.refresher.refreshNow();
    if (!pass.records && !pass.rules) return total;
    total.records += pass.records;
    total.rules += pass.rules;
  }
});
console.log(`KPI refresher caught up with ${caught.records} records + ${caught.rules} rule evaluations in ${(catchUpMs / 1000).toFixed(1)} s`);
// Steady state: what one refresh costs after a batch of new records arrives.
await insertInstances(INSTANCES + 1, INSTANCES + CHUNK, new Date(), 1000, INSTANCES + CHUNK / 2);
const [, stepMs] = await timed(() => kpi.refresher.refreshNow());
console.log(`one refresh after ~10k new records: ${stepMs.toFixed(0)} ms (folding + summaries of the touched process)`);

const app = express();
app.use('/api/kpi', kpi.router);
app.use('/api/audit', createAuditRouter({ knex }));
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const somePi = (await knex('records').where({ value_type: 'VARIABLE' }).offset(Math.floor(INSTANCES / 2)).first('process_instance_key')).process_instance_key as string;
const endpoints = [
  '/api/kpi/processes',
  '/api/kpi/processes/claim',
  '/api/kpi/elements',
  '/api/kpi/elements?bpmnProcessId=claim&version=1',
  '/api/kpi/throughput?granularity=hour',
  '/api/kpi/throughput?granularity=day&bpmnProcessId=claim',
  '/api/kpi/queues',
  `/api/audit/entries?processInstanceKey=${somePi}`,
  '/api/audit/entries?businessKey=CLM-4242',
  '/api/audit/entries?actor=user-7&limit=100',
  '/api/audit/entries?valueType=RULE_EVALUATION&limit=100',
];
console.log(`\n| ${'endpoint (HTTP, 30 requests after 3 warm-ups)'.padEnd(56)} | p50 ms | p95 ms | max ms |`);
console.log(`|${'-'.repeat(58)}|--------|--------|--------|`);
for (const endpoint of endpoints) {
  const times: number[] = [];
  for (let i = 0; i < 33; i++) {
    const [res, ms] = await timed(() => fetch(base + endpoint).then(async (r) => [r.status, await r.text()] as const));
    if (res[0] !== 200) throw new Error(`${endpoint}: ${res[0]} ${res[1]}`);
    if (i >= 3) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1).padStart(6);
  console.log(`| ${endpoint.padEnd(56)} | ${at(0.5)} | ${at(0.95)} | ${times.at(-1)!.toFixed(1).padStart(6)} |`);
}
const [report, verifyMs] = await timed(() => fetch(`${base}/api/audit/verify`).then((r) => r.json() as Promise<{ intact: boolean; entries: number }>));
console.log(`\nGET /api/audit/verify: intact=${report.intact}, ${report.entries} entries in ${(verifyMs / 1000).toFixed(1)} s`);
server.close();
await db.close();
await embedded?.stop();
process.exit(0);
