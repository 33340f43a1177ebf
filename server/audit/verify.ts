import type { Knex } from 'knex';
import { genesis, type BrokenLink, type Head, type PartitionReport, type VerifyReport } from './chain.ts';
import { verifyEngineChain } from './verify-engine.ts';

const ENTRY_PAGE = 5000;

/**
 * Recomputes every chain from its genesis, a page at a time (memory stays flat at millions of
 * entries), inside one read-only snapshot so concurrent writers cannot make a consistent trail
 * look broken. Each partition stops at its first broken link; the others are still checked.
 */
export async function verifyAuditTrail(knex: Knex): Promise<VerifyReport> {
  return knex.transaction(
    async (trx) => {
      const heads = (await trx.raw<{ rows: Head[] }>(`select partition, seq, encode(hash, 'hex') as hash from audit_heads order by partition = 'engine' desc, partition`)).rows;
      const partitions: Record<string, PartitionReport> = {};
      for (const head of heads) {
        partitions[head.partition] = head.partition === 'engine' ? await verifyEngineChain(trx, head) : await verifyEntryChain(trx, head);
      }
      const reports = Object.values(partitions);
      const firstBroken = reports.find((r) => r.firstBroken)?.firstBroken;
      return {
        intact: !firstBroken,
        entries: reports.reduce((n, r) => n + r.entries, 0),
        partitions,
        ...(firstBroken ? { firstBroken } : {}),
      };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

interface EntryLink {
  seq: string;
  position: string;
  prev_hash: string;
  hash: string;
  computed: string;
}

async function verifyEntryChain(trx: Knex, head: Head): Promise<PartitionReport> {
  const partition = head.partition;
  let prevHash = await genesis(trx, partition);
  let prevSeq = 0n;
  let entries = 0;
  const report = (firstBroken?: BrokenLink): PartitionReport => ({ intact: !firstBroken, entries, head: { seq: head.seq, hash: head.hash }, ...(firstBroken ? { firstBroken } : {}) });
  for (;;) {
    const { rows } = await trx.raw<{ rows: EntryLink[] }>(
      `select seq, position, encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash, encode(audit_entry_hash(e), 'hex') as computed
       from audit_entries e where partition = ? and seq > ? order by seq limit ?`,
      [partition, prevSeq.toString(), ENTRY_PAGE],
    );
    for (const row of rows) {
      const broken = (reason: string, expectedHash: string | null, actualHash: string | null) =>
        report({ partition, seq: row.seq, position: row.position, expectedHash, actualHash, reason });
      if (BigInt(row.seq) !== prevSeq + 1n) return broken(`entries ${prevSeq + 1n} to ${BigInt(row.seq) - 1n} are missing`, null, null);
      if (row.prev_hash !== prevHash) return broken('prev_hash is not the hash of the entry before', prevHash, row.prev_hash);
      if (row.computed !== row.hash) return broken('the entry was altered', row.hash, row.computed);
      prevHash = row.hash;
      prevSeq = BigInt(row.seq);
      entries++;
    }
    if (rows.length < ENTRY_PAGE) break;
  }
  if (BigInt(head.seq) !== prevSeq || head.hash !== prevHash) {
    return report({ partition, seq: head.seq, position: null, expectedHash: head.hash, actualHash: prevHash, reason: `the chain ends at entry ${prevSeq} but its head says ${head.seq}` });
  }
  return report();
}
