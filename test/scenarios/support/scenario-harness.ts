/**
 * The harness every scenario test shares: Baton in-process (server/in-process.ts: engine,
 * gateway, every model and worker, the sandbox, rule explanations in the audit trail) on a
 * test database of its own, with a virtual clock. `h` keeps the shape of the engine harness
 * (test/support/engine-harness.ts) for tests that reach the engine or the database directly.
 */
import { VirtualClock } from '../../../engine/clock/clock.ts';
import { startInProcess, type InProcessBaton } from '../../../server/in-process.ts';
import type { Harness } from '../../support/engine-harness.ts';
import { createTestDatabase } from '../../support/test-database.ts';

export type { RecordRow, Variables } from '../../../server/in-process.ts';

export interface ScenarioHarness extends InProcessBaton {
  h: Harness;
  clock: VirtualClock;
}

export async function startScenarioHarness(): Promise<ScenarioHarness> {
  const db = await createTestDatabase();
  const clock = new VirtualClock();
  let baton: InProcessBaton;
  try {
    baton = await startInProcess({ knex: db.knex, clock });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const stop = async () => {
    await baton.stop();
    await db.drop();
  };
  return {
    ...baton,
    clock,
    stop,
    h: { db, engine: baton.engine, clock, gateway: baton.gateway, client: baton.client, stop },
  };
}
