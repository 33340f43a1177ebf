import type { Knex } from 'knex';
import { genesis, type BrokenLink, type Head, type PartitionReport } from './chain.ts';

/** Blocks are read in pages of about this many records. */
const RECORDS_PER_PAGE = 20_000;

interface BlockCheck {
  seq: string;
  first_position: string;
  last_position: string;
  record_count: number;
  prev_hash: string;
  hash: string;
  computed: string;
  digests_sized: boolean;
  records_match: boolean | null;
  n: number;
  first: string | null;
  last: string | null;
}

/**
 * The engine partition: blocks of records, one per INSERT into `records`. For each block the
 * database recomputes the digests of the records in its range (everything after the previous
 * block, up to its last position) and compares them with the stored ones; only a mismatching
 * block is looked at record by record, to name the first record that differs.
 */
export async function verifyEngineChain(trx: Knex, head: Head): Promise<PartitionReport> {
  let prevHash = await genesis(trx, 'engine');
  let prevSeq = 0n;
  let prevLast = '0';
  let entries = 0;
  let blocks = 0;
  const report = (firstBroken?: BrokenLink): PartitionReport => ({
    intact: !firstBroken,
    entries,
    blocks,
    head: { seq: head.seq, hash: head.hash },
    ...(firstBroken ? { firstBroken } : {}),
  });
  for (;;) {
    const upTo = await pageEnd(trx, prevSeq);
    if (upTo === undefined) break;
    const { rows } = await trx.raw<{ rows: BlockCheck[] }>(
      `select b.seq, b.first_position, b.last_position, b.record_count, encode(b.prev_hash, 'hex') as prev_hash, encode(b.hash, 'hex') as hash,
              encode(audit_block_hash(b.prev_hash, b.seq, b.first_position, b.last_position, b.record_count, b.digests), 'hex') as computed,
              length(b.digests) = 32 * b.record_count as digests_sized, a.d = b.digests as records_match, a.n, a.first, a.last
       from audit_record_blocks b
       cross join lateral (
         select count(*)::int as n, min(r.position) as first, max(r.position) as last,
                string_agg(audit_record_digest(r), ''::bytea order by r.position) as d
         from records r
         where r.position > coalesce((select p.last_position from audit_record_blocks p where p.seq = b.seq - 1), 0) and r.position <= b.last_position
       ) a
       where b.seq > ? and b.seq <= ? order by b.seq`,
      [prevSeq.toString(), upTo],
    );
    for (const b of rows) {
      const broken = (reason: string, expectedHash: string | null, actualHash: string | null, position: string | null = b.first_position) =>
        report({ partition: 'engine', seq: b.seq, position, expectedHash, actualHash, reason });
      if (BigInt(b.seq) !== prevSeq + 1n) return broken(`blocks ${prevSeq + 1n} to ${BigInt(b.seq) - 1n} are missing`, null, null);
      if (b.prev_hash !== prevHash) return broken('prev_hash is not the hash of the block before', prevHash, b.prev_hash);
      if (b.computed !== b.hash || !b.digests_sized) return broken('the block was altered', b.hash, b.computed);
      const rangeIntact = b.records_match && b.n === b.record_count && b.first === b.first_position && b.last === b.last_position;
      if (!rangeIntact) return report(await firstDifferingRecord(trx, b, prevLast));
      prevHash = b.hash;
      prevSeq = BigInt(b.seq);
      prevLast = b.last_position;
      entries += b.record_count;
      blocks++;
    }
  }
  const stray = (await trx.raw<{ rows: Array<{ position: string; d: string }> }>(
    `select position, encode(audit_record_digest(r), 'hex') as d from records r where position > ? order by position limit 1`,
    [prevLast],
  )).rows[0];
  if (stray) return report({ partition: 'engine', seq: (prevSeq + 1n).toString(), position: stray.position, expectedHash: null, actualHash: stray.d, reason: 'a record is outside every block' });
  if (BigInt(head.seq) !== prevSeq || head.hash !== prevHash) {
    return report({ partition: 'engine', seq: head.seq, position: null, expectedHash: head.hash, actualHash: prevHash, reason: `the chain ends at block ${prevSeq} but its head says ${head.seq}` });
  }
  return report();
}

/** The last block seq of the next page: blocks after `afterSeq` holding about RECORDS_PER_PAGE records. */
async function pageEnd(trx: Knex, afterSeq: bigint): Promise<string | undefined> {
  const { rows } = await trx.raw<{ rows: Array<{ seq: string; record_count: number }> }>(
    'select seq, record_count from audit_record_blocks where seq > ? order by seq limit 1000',
    [afterSeq.toString()],
  );
  let total = 0;
  let end: string | undefined;
  for (const row of rows) {
    if (end !== undefined && total + row.record_count > RECORDS_PER_PAGE) break;
    total += row.record_count;
    end = row.seq;
  }
  return end;
}

async function firstDifferingRecord(trx: Knex, block: BlockCheck, prevLast: string): Promise<BrokenLink> {
  const stored = (await trx.raw<{ rows: Array<{ d: string }> }>(`select encode(digests, 'hex') as d from audit_record_blocks where seq = ?`, [block.seq])).rows[0]!.d;
  const expected = stored.match(/.{64}/g) ?? [];
  const { rows: actual } = await trx.raw<{ rows: Array<{ position: string; d: string }> }>(
    `select position, encode(audit_record_digest(r), 'hex') as d from records r where position > ? and position <= ? order by position`,
    [prevLast, block.last_position],
  );
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]!.d) i++;
  const reason =
    actual.length === expected.length ? 'the record was altered' : actual.length < expected.length ? 'a record of this block is missing' : 'a record was added to this block';
  return { partition: 'engine', seq: block.seq, position: actual[i]?.position ?? null, expectedHash: expected[i] ?? null, actualHash: actual[i]?.d ?? null, reason };
}
