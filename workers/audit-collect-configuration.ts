import { callSystem, ExternalError } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/**
 * Evidence 3 of 3: the scope's security configuration. A scope nobody documented is evidence
 * too (`found: false`), which the policies turn into a finding rather than a failed audit.
 */
const collectConfiguration: WorkerModule = {
  taskType: 'audit.collect-configuration',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { scope } = variablesOf<{ scope: string }>(job);
        try {
          const { id: _id, createdAt: _created, updatedAt: _updated, ...settings } = await callSystem<Record<string, unknown>>('security', 'GET', `configurations/${encodeURIComponent(scope)}`);
          return { configuration: { ...settings, found: true } };
        } catch (err) {
          if (err instanceof ExternalError && err.status === 404) return { configuration: { found: false } };
          throw err;
        }
      },
      { maxRetries: 4 },
    ),
};

export default collectConfiguration;
