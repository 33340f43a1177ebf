import { isTransient } from './external.ts';
import { BusinessError, runJob, type Variables } from './run-job.ts';
import type { OutcomeJob } from './job-outcome.ts';

export const EVIDENCE_UNAVAILABLE = 'EVIDENCE_UNAVAILABLE';

/**
 * Runs one evidence-gathering job of the incident manager. Evidence is worth a few tries, not a
 * stuck incident: a transient failure retries with back-off, but on the last try (and for any
 * permanent failure) the job throws EVIDENCE_UNAVAILABLE, which the model catches to go on
 * with partial evidence.
 */
export function gatherEvidence(job: OutcomeJob, source: string, fn: () => Promise<Variables>) {
  return runJob(
    job,
    async () => {
      try {
        return await fn();
      } catch (err) {
        if (isTransient(err) && job.retries > 1) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new BusinessError(EVIDENCE_UNAVAILABLE, `${source} unavailable: ${message}`);
      }
    },
    { businessErrorCode: EVIDENCE_UNAVAILABLE },
  );
}
