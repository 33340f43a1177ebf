import type { NextFunction, Request, Response } from 'express';
import { z, type ZodType } from 'zod';

/** Engine keys are 64-bit and travel as decimal strings. */
export const key = z.string().regex(/^\d{1,19}$/, 'expected a decimal key of up to 19 digits');
export const label = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
export const instant = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time such as 2026-11-21T10:00:00Z')
  .transform((s) => new Date(s));

export class BadRequest extends Error {
  override name = 'BadRequest';
  constructor(
    message: string,
    readonly issues: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** Parses `req.query` or throws BadRequest whose message names every offending field. */
export function parseQuery<T extends ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { field: issue.keys.join(', '), message: 'unknown query parameter' };
    const field = issue.path.join('.') || '(query)';
    return { field, message: issue.message };
  });
  throw new BadRequest(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}

/** The last handler of a router of this folder: BadRequest becomes 400, the rest goes on. */
export function badRequestHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (err instanceof BadRequest) {
    res.status(400).json({ error: err.message, issues: err.issues });
    return;
  }
  next(err);
}
