import { callSystem, idempotencyKey } from './lib/external.ts';
import { variablesOf, withGiveUp } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Firmographics {
  domain: string;
  company: string | null;
  companySize: string;
  employees: number;
  industry: string;
  revenue: number;
  country: string;
  personalEmail: boolean;
}

/**
 * Adds firmographics to the lead from the enrichment service. Scoring works without them,
 * so a refused lead or a service that stays down is ENRICHMENT_FAILED: the lead is scored on
 * what it has instead of stopping. What the lead form said (country) wins over the guess.
 */
const enrichLead: WorkerModule = {
  taskType: 'lead.enrich',
  taskHandler: (job) =>
    withGiveUp(
      job,
      async () => {
        const { email, country } = variablesOf<{ email: string; country?: string }>(job);
        const found = await callSystem<Firmographics>('enrichment', 'POST', 'leads', { email }, { idempotencyKey: idempotencyKey(job) });
        const { domain, company, companySize, employees, industry, revenue, personalEmail } = found;
        return {
          enrichment: { status: 'enriched', company, companySize, employees, industry, revenue, personalEmail, country: found.country },
          companyDomain: domain,
          country: country ?? found.country,
        };
      },
      { businessErrorCode: 'ENRICHMENT_FAILED', maxRetries: 4 },
    ),
};

export default enrichLead;
