import type { Knex } from 'knex';
import type { Body, RecordStore, SandboxRecord } from '../store.ts';

export interface ComputedContext {
  store: RecordStore;
  /** The sandbox clock's now (virtual in engine tests). */
  now(): Date;
  /** Query string values (repeated keys were refused before). */
  query: Record<string, string>;
}

/**
 * Behaviour a resource has beyond "store what was sent". Every hook is optional; what a
 * resource does not compute is stored and served like any other.
 */
export interface ComputedResource {
  /** Fields derived from a created body (deterministic); fields the client sent win. */
  create?(body: Body, ctx: ComputedContext): Body;
  /** Side records written in the create's transaction. */
  afterInsert?(trx: Knex.Transaction, record: SandboxRecord, ctx: ComputedContext): Promise<void>;
  /** Undo of the side records, in the delete's transaction. */
  afterDelete?(trx: Knex.Transaction, record: SandboxRecord, ctx: ComputedContext): Promise<void>;
  /** Answers GET on the collection (a search or a report) instead of listing records. */
  query?(ctx: ComputedContext): Promise<unknown> | unknown;
  /** Answers GET on an id nothing is stored under (canned data), instead of 404. */
  fallback?(id: string, ctx: ComputedContext): Body;
}
