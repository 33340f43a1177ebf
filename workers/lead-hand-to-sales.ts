import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  email: string;
  name?: string;
  score: number;
  enrichment: { company?: string | null };
  routing: { salesTeam: string; reason: string };
}

/** Opens a sales opportunity for the lead with the team the rules chose (once per lead). */
const handToSales: WorkerModule = {
  taskType: 'lead.hand-to-sales',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { email, name, score, enrichment, routing } = variablesOf<Input>(job);
        const opportunity = await callSystem(
          'crm',
          'POST',
          'opportunities',
          { email, name, company: enrichment.company ?? null, score, team: routing.salesTeam, reason: routing.reason, stage: 'new' },
          { idempotencyKey: idempotencyKey(job) },
        );
        return { opportunityId: idOf(opportunity, 'opportunity') };
      },
      { maxRetries: 5 },
    ),
};

export default handToSales;
