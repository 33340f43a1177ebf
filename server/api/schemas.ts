import { z } from 'zod';

/** Schemas several resources share. Keys are 64-bit integers carried as decimal strings. */

export const key = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a key: a positive decimal integer of up to 19 digits');

/** `:key` path parameters, described for OpenAPI. */
export const keyParams = <N extends string>(name: N, what: string) => z.strictObject({ [name]: key.describe(what) } as Record<N, typeof key>);

export const reason = z.string().trim().min(1, 'must not be empty when given').max(2000, 'must be at most 2000 characters');

const MAX_DEPTH = 32;

/**
 * A variables document: a JSON object whose names are non-empty. Values are any JSON, nested
 * at most 32 levels (deeper documents are almost always a client bug, and FEEL walks them).
 */
export const variables = z
  .record(z.string(), z.unknown())
  .superRefine((doc, ctx) => {
    for (const [name, value] of Object.entries(doc)) {
      if (!name.trim()) ctx.addIssue({ code: 'custom', path: [name], message: 'a variable name must not be empty' });
      const tooDeep = depthPath(value, 1);
      if (tooDeep) ctx.addIssue({ code: 'custom', path: [name, ...tooDeep], message: `is nested more than ${MAX_DEPTH} levels deep` });
    }
  })
  .describe('Process variables: a JSON object, name → any JSON value');

/** The path to the first value nested too deep, or undefined. */
function depthPath(value: unknown, depth: number): Array<string | number> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return [];
  for (const [k, v] of Object.entries(value)) {
    const deeper = depthPath(v, depth + 1);
    if (deeper) return [Array.isArray(value) ? Number(k) : k, ...deeper];
  }
  return undefined;
}

/** Names only the engine and the API set: who asked for the work (four-eyes rests on them). */
export const RESERVED_VARIABLES = ['initiator', 'requester'] as const;

/** Refuses variables a caller may not set after the start; the issue names `variables.<name>`. */
export function withoutReserved<T extends z.ZodType<Record<string, unknown>>>(schema: T, names: readonly string[] = RESERVED_VARIABLES) {
  return schema.superRefine((doc, ctx) => {
    for (const name of names) {
      if (Object.hasOwn(doc, name)) ctx.addIssue({ code: 'custom', path: [name], message: `is set by Baton (who requested the work) and may not be changed` });
    }
  });
}

export const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T17:00:00Z' });

export const pagination = {
  limit: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
  offset: z.coerce.number().int('must be an integer').min(0, 'must not be negative').default(0),
};

export const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const errorResponse = z
  .object({
    error: z.string().describe('what was wrong, naming the field'),
    field: z.string().optional().describe('the offending field: variables.amount, resources[0].content, query or path parameter name'),
    code: z.string().optional().describe("the engine's rejection code, when the engine refused"),
  })
  .describe('Error');

export const emptyBody = z.strictObject({ reason: reason.optional() });
