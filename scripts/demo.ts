/**
 * `npm run demo`: Baton in this process on a fresh demo database, one instance of every
 * scenario of SCENARIOS.md (failure paths included) on a virtual clock, then a summary of
 * what each did and why. Exits non-zero if any scenario ended otherwise than it expects.
 */
import { openDemoDatabase } from './demo/database.ts';
import { runDemo } from './demo/run.ts';
import { formatDuration, formatReport } from './demo/summary.ts';

async function main(): Promise<number> {
  const started = performance.now();
  const db = await openDemoDatabase();
  const databaseMs = performance.now() - started;
  console.log(`database   ${db.embedded ? 'embedded Postgres under .data/demo' : 'Postgres from DATABASE_URL'}, fresh database (${db.where}) in ${formatDuration(databaseMs)}`);
  try {
    const report = await runDemo({ knex: db.knex, log: (line) => console.log(line) });
    console.log(`\n${formatReport(report, { databaseMs })}`);
    const failed = report.outcomes.filter((o) => o.problems.length);
    console.log(`Done        in ${formatDuration(performance.now() - started)} wall, database included`);
    if (failed.length) console.error(`\n${failed.length} scenario(s) did not end as expected: ${failed.map((o) => o.scenario.name).join(', ')}`);
    return failed.length ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
