import type { Extract, Row } from './etl-extract-source.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Rejected {
  source: string;
  id: unknown;
  reason: string;
}

/** Why a row cannot be loaded, or undefined when it can. */
export function invalidReason(row: Row): string | undefined {
  if (row.id === undefined || row.id === null || row.id === '') return 'no id';
  if (row.amount !== undefined && (typeof row.amount !== 'number' || !Number.isFinite(row.amount) || row.amount < 0)) return `amount ${JSON.stringify(row.amount)} is not a non-negative number`;
  if (row.email !== undefined && (typeof row.email !== 'string' || !row.email.includes('@'))) return `email ${JSON.stringify(row.email)} is not an e-mail address`;
  return undefined;
}

/** Trims text, lower-cases e-mail addresses and tags each row with where it came from. */
function transform(row: Row, source: string, runId: string): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'string' ? value.trim() : value;
  if (typeof out.email === 'string') out.email = out.email.toLowerCase();
  return { ...out, source, runId };
}

/**
 * Turns the sources' extracts into one batch for the warehouse: valid rows transformed,
 * invalid rows set aside with the reason (`rejectedRows`), failed sources reported
 * (`failedSources`) — the partial result is kept, not thrown away.
 */
const transformValidate: WorkerModule = {
  taskType: 'etl.transform-validate',
  taskHandler: (job) => {
    const { extracts, runId = job.processInstanceKey } = variablesOf<{ extracts: Extract[]; runId?: string }>(job);
    const rows: Row[] = [];
    const rejectedRows: Rejected[] = [];
    for (const extract of extracts.filter((e) => e.status === 'ok')) {
      for (const row of extract.rows) {
        const reason = invalidReason(row);
        if (reason) rejectedRows.push({ source: extract.source, id: row.id ?? null, reason });
        else rows.push(transform(row, extract.source, runId));
      }
    }
    const failedSources = extracts.filter((e) => e.status === 'failed').map(({ source, reason }) => ({ source, reason: reason ?? 'unknown' }));
    const extractedSources = extracts.filter((e) => e.status === 'ok').map((e) => e.source);
    const output = { runId, batch: { rows }, rowCount: rows.length, rejectedRows, failedSources, extractedSources };
    // Rows are JSON read from the sources: the SDK's JSON type just cannot say so for unknown shapes.
    return job.complete(output as Parameters<typeof job.complete>[0]);
  },
};

export default transformValidate;
