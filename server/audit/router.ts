import { Router } from 'express';
import type { Knex } from 'knex';
import { streamExport } from './export.ts';
import { auditExportSchema, auditQuerySchema, decodeCursor, encodeCursor } from './filters.ts';
import { queryAudit } from './query.ts';
import { badRequestHandler, BadRequest, parseQuery } from './validation.ts';
import { verifyAuditTrail } from './verify.ts';

/**
 * The read side of the audit trail, to mount at `/api/audit`. No authorisation here: the
 * mounting app decides who may read it (compliance, administrators).
 *
 * - GET /verify   recompute every hash chain: `{ intact, entries, partitions, firstBroken? }`
 * - GET /entries  filtered entries in position order, `limit` per page, opaque `cursor`
 * - GET /export   the same filters, streamed as `format=csv` or `format=jsonl`
 */
export function createAuditRouter(options: { knex: Knex }): Router {
  const { knex } = options;
  const router = Router();

  router.get('/verify', async (_req, res) => {
    res.json(await verifyAuditTrail(knex));
  });

  router.get('/entries', async (req, res) => {
    const { limit, cursor, ...filters } = parseQuery(auditQuerySchema, req.query);
    const afterPosition = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && afterPosition === undefined) throw new BadRequest('cursor: is not a cursor this endpoint issued', [{ field: 'cursor', message: 'is not a cursor this endpoint issued' }]);
    if (filters.processInstanceKey) res.locals.processInstanceKey = filters.processInstanceKey;
    const entries = await queryAudit(knex, filters, { afterPosition, limit });
    const last = entries.at(-1);
    res.json({ entries, nextCursor: entries.length === limit && last ? encodeCursor(last.position) : null });
  });

  router.get('/export', async (req, res) => {
    const { format, ...filters } = parseQuery(auditExportSchema, req.query);
    if (filters.processInstanceKey) res.locals.processInstanceKey = filters.processInstanceKey;
    await streamExport(knex, filters, format, res);
  });

  router.use(badRequestHandler);
  return router;
}
