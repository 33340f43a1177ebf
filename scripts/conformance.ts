/**
 * `npm run test:conformance`: the conformance suite (test/conformance/cases) against one
 * gateway and a report of each case; with `--compare`, against a real Zeebe broker and the
 * embedded Baton engine, failing on any trace difference DEVIATIONS.md does not list.
 *
 *   npm run test:conformance                       embedded Baton (fresh database, virtual clock)
 *   ZEEBE_GRPC_ADDRESS=grpc://host:26500 npm run test:conformance   that gateway, real time
 *   npm run test:conformance -- --compare          Zeebe 8.6 (started here) vs Baton
 *   options: --case id[,id…]  only these cases; --traces  print traces of cases that differ;
 *            --json FILE  write the traces (and the comparison) as JSON
 *
 * Postgres for the embedded engine: DATABASE_URL (a superuser URL), else an embedded server
 * under .data/conformance. Exit codes: 0 passed, 1 failed, 3 skipped (Zeebe cannot run here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { allCases } from '../test/conformance/cases/index.ts';
import { runDifferential } from '../test/conformance/differential.ts';
import { formatComparison, formatRun, formatTraces } from '../test/conformance/report.ts';
import { runSuite } from '../test/conformance/runner.ts';
import type { Target } from '../test/conformance/target.ts';
import { startEmbeddedTarget } from '../test/conformance/targets/embedded.ts';
import { remoteTarget } from '../test/conformance/targets/remote.ts';
import { feedForAddress } from '../test/conformance/targets/zeebe.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../engine/store/embedded-postgres.ts';

const EXIT_SKIPPED = 3;

const { values } = parseArgs({
  options: {
    compare: { type: 'boolean', default: false },
    case: { type: 'string', multiple: true },
    traces: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const wanted = values.case?.flatMap((c) => c.split(',')).filter(Boolean);
const cases = wanted?.length ? allCases.filter((c) => wanted.includes(c.id)) : allCases;
const unknown = wanted?.filter((id) => !allCases.some((c) => c.id === id)) ?? [];
if (unknown.length) {
  console.error(`unknown case ids: ${unknown.join(', ')}`);
  process.exit(1);
}
const log = (line: string) => console.log(line);

let postgres: EmbeddedServer | undefined;
/** A superuser URL to create the run's database on. */
async function adminUrl(): Promise<string> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) return external;
  postgres = await startEmbeddedPostgres(path.resolve('.data/conformance'));
  return postgres.urlFor('postgres');
}

async function compare(): Promise<number> {
  const outcome = await runDifferential({ adminUrl: await adminUrl(), cases, log });
  if ('skipped' in outcome) {
    console.log(`SKIPPED: the differential conformance run needs a Zeebe broker: ${outcome.skipped}`);
    return EXIT_SKIPPED;
  }
  const { comparison, names } = outcome;
  console.log(`\n${formatComparison(comparison, names)}`);
  if (values.traces) {
    for (const c of comparison.cases) if (c.status !== 'same') console.log(`\n${formatTraces(c, names)}`);
  }
  console.log(`differential run took ${(outcome.ms / 1000).toFixed(1)} s`);
  writeJson({ reference: comparison.cases.map((c) => c.reference), candidate: comparison.cases.map((c) => c.candidate) });
  return comparison.failed ? 1 : 0;
}

async function single(): Promise<number> {
  const address = process.env.ZEEBE_GRPC_ADDRESS?.trim();
  const target: Target = address
    ? remoteTarget({
        name: address,
        address,
        feed: await feedForAddress(address),
        feedMissing: 'records are read only from a broker these scripts started with the debug exporter',
      })
    : await startEmbeddedTarget(await adminUrl());
  try {
    if (target.feedMissing) console.warn(`WARNING ${target.name}: ${target.feedMissing}; incident and end entries are "unobservable"`);
    const traces = await runSuite(target, cases);
    console.log(formatRun(target.name, traces));
    if (values.traces) for (const t of traces) console.log(`\n${t.caseId}\n${t.entries.map((e, i) => `  ${i}: ${JSON.stringify(e)}`).join('\n')}`);
    writeJson({ target: target.name, traces });
    return traces.some((t) => t.aborted) ? 1 : 0;
  } finally {
    await target.close();
  }
}

function writeJson(data: unknown): void {
  if (!values.json) return;
  fs.writeFileSync(values.json, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`traces written to ${values.json}`);
}

let code = 1;
try {
  code = values.compare ? await compare() : await single();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await postgres?.stop();
}
// Explicitly: embedded-postgres' exit hooks would otherwise end the process with 0, and gRPC
// channels can hold the event loop open after everything closed.
process.exit(code);
