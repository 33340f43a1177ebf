import { once } from 'node:events';
import type { Response } from 'express';
import type { Knex } from 'knex';
import type { AuditFilters } from './filters.ts';
import { queryAudit, type AuditRow } from './query.ts';

const PAGE = 2000;

export const CSV_COLUMNS: Array<keyof AuditRow> = [
  'position', 'source', 'occurredAt', 'processInstanceKey', 'bpmnProcessId', 'elementId', 'valueType', 'intent', 'key',
  'actor', 'role', 'action', 'target', 'reason', 'requestId', 'data',
];

/** RFC 4180: a field with a comma, quote or line break is quoted, and quotes inside are doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(row: AuditRow): string {
  return `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
}

/**
 * Streams every matching entry, a page at a time by position, so memory stays flat however long
 * the trail is; waits for the socket to drain and stops when the client goes away.
 */
export async function streamExport(knex: Knex, filters: AuditFilters, format: 'csv' | 'jsonl', res: Response): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="audit-trail.${format}"`);
  let closed = false;
  res.on('close', () => (closed = true));
  if (format === 'csv') res.write(`${CSV_COLUMNS.join(',')}\r\n`);
  let after: string | undefined;
  for (;;) {
    const rows = await queryAudit(knex, filters, { afterPosition: after, limit: PAGE });
    if (closed) return;
    if (rows.length) {
      const chunk = rows.map((r) => (format === 'csv' ? csvLine(r) : `${JSON.stringify(r)}\n`)).join('');
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      after = rows[rows.length - 1]!.position;
    }
    if (rows.length < PAGE || closed) break;
  }
  if (!closed) res.end();
}
