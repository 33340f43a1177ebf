import { z } from 'zod';

/** The customer's systems the sandbox plays. Each keeps any resources it is sent. */
export const SYSTEMS = [
  'crm',
  'billing',
  'portal',
  'email',
  'chat',
  'webhook',
  'ticketing',
  'monitoring',
  'logs',
  'metrics',
  'datasource',
  'warehouse',
  'accounting',
  'enrichment',
  'oncall',
  'testing',
  'security',
  'migration',
] as const;

export type SystemName = (typeof SYSTEMS)[number];

export const METHODS = ['GET', 'POST', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export function isSystem(name: string): name is SystemName {
  return (SYSTEMS as readonly string[]).includes(name);
}

/** Resource names become part of URLs and log lines: keep them plain. */
export const resourceName = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,63}$/, 'must start with a letter and hold at most 64 letters, digits, _ or -');

/** Record ids may be chosen by the client (e.g. an alert id), so anything printable goes. */
export const recordId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\s/?#]+$/, 'must not contain spaces, /, ? or #');

/** zod's enum message, phrased for a person: what is missing, or what is allowed. */
export function oneOf(values: readonly string[]) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be one of ${values.join(', ')}`);
}

export const systemName = z.enum(SYSTEMS, { error: oneOf(SYSTEMS) });

/** `post`, `Post` and `POST` all mean POST. */
export const methodName = z.preprocess(
  (v) => (typeof v === 'string' ? v.toUpperCase() : v),
  z.enum(METHODS, { error: oneOf(METHODS) }),
);
