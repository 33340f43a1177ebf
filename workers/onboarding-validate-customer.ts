import { z } from 'zod';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  company?: unknown;
  contactName?: unknown;
  email?: unknown;
  tier?: unknown;
  annualValue?: unknown;
  country?: unknown;
  /** From DMN customer-eligibility (COLLECT): the tier rules broken, null when none. */
  eligibilityViolations?: string[] | null;
}

const customer = z.object({
  company: z.string({ error: 'company is required' }).trim().min(1, 'company is required'),
  contactName: z.string({ error: 'contactName is required' }).trim().min(1, 'contactName is required'),
  email: z.email({ error: 'email must be an e-mail address' }),
  tier: z.enum(['starter', 'business', 'enterprise'], { error: 'tier must be starter, business or enterprise' }),
  annualValue: z.number({ error: 'annualValue must be a number' }).finite().nonnegative('annualValue must not be negative'),
  country: z.string().trim().length(2, 'country must be an ISO 3166 code such as DE').optional(),
});

/**
 * Checks the onboarding request. Bad data cannot get better by retrying, so every problem
 * (with the tier rules the decision table found) goes into one INVALID_CUSTOMER error whose
 * `rejectionReason` the process ends with.
 */
const validateCustomer: WorkerModule = {
  taskType: 'onboarding.validate-customer',
  taskHandler: (job) => {
    const input = variablesOf<Input>(job);
    const parsed = customer.safeParse(input);
    const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => i.message)), ...(input.eligibilityViolations ?? [])];
    if (!parsed.success || problems.length) {
      const rejectionReason = problems.join('; ');
      return job.error({ errorCode: 'INVALID_CUSTOMER', errorMessage: `invalid onboarding request: ${rejectionReason}`, variables: { rejectionReason } });
    }
    const { company, contactName, email, tier, annualValue, country } = parsed.data;
    // Normalised values replace what was sent; partialFailures collects non-critical failures later.
    return job.complete({ company, contactName, email: email.toLowerCase(), tier, annualValue, ...(country ? { country: country.toUpperCase() } : {}), partialFailures: [] });
  },
};

export default validateCustomer;
