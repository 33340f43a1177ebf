import type { Router } from 'express';
import type { Knex } from 'knex';
import { KpiRefresher } from './refresher.ts';
import { createKpiRouter } from './router.ts';
import type { KpiConfig } from './summaries.ts';

export type { KpiConfig } from './summaries.ts';
export { KpiRefresher } from './refresher.ts';
export { createKpiRouter } from './router.ts';

export interface Kpi {
  /** Mount at `/api/kpi`. */
  router: Router;
  /** Start it with the server, stop it before closing the database. */
  refresher: KpiRefresher;
}

/** The KPI endpoints and the background refresher that keeps their rollups fresh (every second by default). */
export function createKpi(options: { knex: Knex; config?: KpiConfig; refreshIntervalMs?: number; onError?: (err: unknown) => void }): Kpi {
  return {
    router: createKpiRouter({ knex: options.knex }),
    refresher: new KpiRefresher(options.knex, options.config, { intervalMs: options.refreshIntervalMs, onError: options.onError }),
  };
}
