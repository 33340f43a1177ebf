import { z } from 'zod';
import { parse } from '../errors.ts';
import type { Body } from '../store.ts';
import { between, pick, stableHash } from './hash.ts';
import type { ComputedResource } from './types.ts';

type CompanySize = 'individual' | 'small' | 'medium' | 'large' | 'enterprise';

interface Firmographics {
  company: string | null;
  companySize: CompanySize;
  employees: number;
  industry: string;
  /** Annual revenue in USD. */
  revenue: number;
  country: string;
}

const FREE_MAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'icloud.com', 'aol.com', 'gmx.de', 'web.de', 'proton.me', 'protonmail.com']);

/** A few well-known names so demos can pick a lead of a known shape. */
const KNOWN: Record<string, Omit<Firmographics, 'country'> & { country?: string }> = {
  'hooli.com': { company: 'Hooli', companySize: 'enterprise', employees: 32_000, industry: 'technology', revenue: 9_800_000_000 },
  'globex.com': { company: 'Globex', companySize: 'enterprise', employees: 12_000, industry: 'energy', revenue: 2_400_000_000 },
  'acme.com': { company: 'Acme', companySize: 'large', employees: 2_500, industry: 'manufacturing', revenue: 480_000_000 },
  'initech.com': { company: 'Initech', companySize: 'medium', employees: 300, industry: 'software', revenue: 45_000_000 },
  'piedpiper.com': { company: 'Pied Piper', companySize: 'small', employees: 25, industry: 'software', revenue: 2_000_000 },
};

const INDUSTRIES = ['software', 'manufacturing', 'finance', 'healthcare', 'retail', 'logistics', 'energy', 'education'] as const;
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'NL', 'CA', 'JP', 'AU'] as const;
/** Revenue per employee by industry (USD), so revenue follows size plausibly. */
const REVENUE_PER_EMPLOYEE: Record<string, number> = { software: 250_000, finance: 400_000, energy: 600_000, retail: 120_000 };

const SIZES: ReadonlyArray<{ size: CompanySize; min: number; max: number }> = [
  { size: 'small', min: 5, max: 49 },
  { size: 'medium', min: 50, max: 999 },
  { size: 'large', min: 1_000, max: 4_999 },
  { size: 'enterprise', min: 5_000, max: 60_000 },
];

function companyName(domain: string): string {
  const label = domain.split('.')[0]!;
  return label.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** Firmographics from the e-mail domain alone: same domain, same answer, every time. */
export function firmographics(domain: string): Firmographics {
  const country = pick(COUNTRIES, stableHash(`country:${domain}`));
  if (FREE_MAIL.has(domain)) return { company: null, companySize: 'individual', employees: 0, industry: 'consumer', revenue: 0, country };
  const known = KNOWN[domain];
  if (known) return { country, ...known };
  const band = pick(SIZES, stableHash(`size:${domain}`));
  const employees = between(domain, 'employees', band.min, band.max);
  const industry = pick(INDUSTRIES, stableHash(`industry:${domain}`));
  const revenue = Math.round((employees * (REVENUE_PER_EMPLOYEE[industry] ?? 180_000)) / 1000) * 1000;
  return { company: companyName(domain), companySize: band.size, employees, industry, revenue, country };
}

const lead = z.looseObject({ email: z.email('must be an e-mail address') });

/** POST /enrichment/leads `{ email }` → the lead with its firmographics. */
export const leads: ComputedResource = {
  create(body: Body): Body {
    const { email } = parse(lead, body);
    const domain = email.split('@')[1]!.toLowerCase();
    return { domain, ...firmographics(domain), personalEmail: FREE_MAIL.has(domain) };
  },
};
