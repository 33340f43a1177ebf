import { z } from 'zod';
import { instant, key, label } from './validation.ts';

/** Query parameters shared by the audit query and export endpoints. Unknown parameters are errors. */
const filterShape = {
  processInstanceKey: key.optional(),
  businessKey: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  actor: label.optional(),
  role: label.optional(),
  action: label.optional(),
  requestId: label.optional(),
  elementId: label.optional(),
  bpmnProcessId: label.optional(),
  valueType: z.string().regex(/^[A-Z_]{1,40}$/, 'expected an upper-case value type such as JOB or API_ACTION').optional(),
  intent: z.string().regex(/^[A-Z_]{1,40}$/, 'expected an upper-case intent such as COMPLETED').optional(),
  source: z.enum(['engine', 'api', 'rules'], { error: 'expected engine, api or rules' }).optional(),
  from: instant.optional(),
  to: instant.optional(),
};

const fromBeforeTo = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from <= q.to;
const fromBeforeToIssue = { message: 'must not be after `to`', path: ['from'] };

export const auditQuerySchema = z
  .strictObject({
    ...filterShape,
    limit: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
    cursor: z.string().max(200, 'is not a cursor this endpoint issued').optional(),
  })
  .refine(fromBeforeTo, fromBeforeToIssue);

export const auditExportSchema = z
  .strictObject({ ...filterShape, format: z.enum(['csv', 'jsonl'], { error: 'expected csv or jsonl' }).default('jsonl') })
  .refine(fromBeforeTo, fromBeforeToIssue);

export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditFilters = Omit<AuditQuery, 'limit' | 'cursor'>;

/** Cursors are opaque to clients: base64url of the last position served. */
export function encodeCursor(position: string): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'string' && /^\d{1,19}$/.test(parsed.after) ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}
