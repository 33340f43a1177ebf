import { z } from 'zod';
import { parse } from '../errors.ts';
import { RecordStore, type Body } from '../store.ts';
import type { ComputedContext, ComputedResource } from './types.ts';

/** Where migrated rows land, and where a scenario may seed the rows it migrates from. */
export const SOURCE = 'source';
export const TARGET = 'target';

const batchBody = z.looseObject({
  batch: z.union([z.string().min(1, 'must not be empty'), z.number()], { error: () => 'must be a batch name or number' }),
  records: z.array(z.record(z.string(), z.unknown()), { error: () => 'must be an array of objects' }).max(10_000, 'at most 10000 records per batch'),
});

/**
 * POST /migration/batches `{ batch, records }`: the batch is stored and each record is copied
 * into the target store, all in one transaction. Deleting the batch (a compensation) takes its
 * rows out of the target again, so reconciliation sees the rollback.
 */
export const batches: ComputedResource = {
  create(body: Body): Body {
    const { records } = parse(batchBody, body);
    return { migrated: records.length };
  },
  async afterInsert(trx, record, ctx) {
    const records = record.body.records as Body[];
    const rows = records.map((r) => ({ ...r, batch: record.body.batch, batchId: record.id }));
    await RecordStore.insertMany(trx, 'migration', TARGET, rows, ctx.now());
  },
  async afterDelete(trx, record, ctx) {
    await RecordStore.removeWhere(trx, 'migration', TARGET, 'batchId', record.id, ctx.now());
  },
};

/** GET /migration/counts(?batch=) → live record counts of the source and target stores. */
export const counts: ComputedResource = {
  async query(ctx: ComputedContext) {
    const batch = ctx.query.batch;
    const filter: Record<string, string> = batch === undefined ? {} : { batch };
    const [source, target, batchCount] = await Promise.all([
      ctx.store.count('migration', SOURCE, filter),
      ctx.store.count('migration', TARGET, filter),
      ctx.store.count('migration', 'batches', filter),
    ]);
    return { ...(batch === undefined ? {} : { batch }), source, target, batches: batchCount, difference: source - target, reconciled: source === target };
  },
};
