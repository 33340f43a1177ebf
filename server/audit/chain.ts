import type { Knex } from 'knex';

/** Where a chain stops holding: the first link whose stored hash and recomputed hash disagree. */
export interface BrokenLink {
  partition: string;
  /** The chain link: entry seq, or block seq for the engine partition. */
  seq: string;
  /** The entry's or record's position in the trail (null when the broken thing is gone). */
  position: string | null;
  /** What the chain stored (hex sha256). */
  expectedHash: string | null;
  /** What the data hashes to now (hex sha256). */
  actualHash: string | null;
  reason: string;
}

export interface PartitionReport {
  intact: boolean;
  /** Entries verified: records for `engine`, audit entries otherwise. */
  entries: number;
  /** Engine partition only: blocks (one per engine batch). */
  blocks?: number;
  head: { seq: string; hash: string };
  firstBroken?: BrokenLink;
}

export interface VerifyReport {
  intact: boolean;
  entries: number;
  partitions: Record<string, PartitionReport>;
  firstBroken?: BrokenLink;
}

export interface Head {
  partition: string;
  seq: string;
  hash: string;
}

export async function genesis(trx: Knex, partition: string): Promise<string> {
  return (await trx.raw<{ rows: Array<{ h: string }> }>(`select encode(audit_genesis(?), 'hex') as h`, [partition])).rows[0]!.h;
}

