import { leads } from './enrichment.ts';
import { batches, counts } from './migration.ts';
import { alerts, logSearch, metricsQuery } from './observability.ts';
import { securityScans, testRuns } from './quality.ts';
import type { ComputedResource } from './types.ts';

export type { ComputedContext, ComputedResource } from './types.ts';

/** Resources that do more than store what they are sent, by `system/resource`. */
const COMPUTED: Record<string, ComputedResource> = {
  'enrichment/leads': leads,
  'testing/runs': testRuns,
  'security/scans': securityScans,
  'monitoring/alerts': alerts,
  'logs/search': logSearch,
  'metrics/query': metricsQuery,
  'migration/batches': batches,
  'migration/counts': counts,
};

export function computedFor(system: string, resource: string): ComputedResource | undefined {
  return COMPUTED[`${system}/${resource}`];
}
