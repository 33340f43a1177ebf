import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SandboxError } from './errors.ts';

export type Body = Record<string, unknown>;

/** One stored resource. `body` never holds id, createdAt or updatedAt: those are columns. */
export interface SandboxRecord {
  system: string;
  resource: string;
  id: string;
  body: Body;
  createdAt: string;
  updatedAt?: string;
}

interface RecordRow {
  system: string;
  resource: string;
  id: string;
  body: Body;
  created_at: Date;
  updated_at: Date | null;
}

const RECORDS = 'sandbox_records';
const COLUMNS = ['system', 'resource', 'id', 'body', 'created_at', 'updated_at'];
const RESERVED = ['id', 'createdAt', 'updatedAt'];

/** What the caller sees: `{ id, ...body, createdAt }` (plus updatedAt once patched). */
export function present(record: SandboxRecord): Body {
  return { id: record.id, ...record.body, createdAt: record.createdAt, ...(record.updatedAt ? { updatedAt: record.updatedAt } : {}) };
}

export function withoutReserved(body: Body): Body {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !RESERVED.includes(k)));
}

/** pg would turn a top-level array into a Postgres array: jsonb gets explicit JSON text. */
function json(body: Body): string {
  return JSON.stringify(withoutReserved(body));
}

function fromRow(row: RecordRow): SandboxRecord {
  return {
    system: row.system,
    resource: row.resource,
    id: row.id,
    body: row.body,
    createdAt: row.created_at.toISOString(),
    ...(row.updated_at ? { updatedAt: row.updated_at.toISOString() } : {}),
  };
}

/** Readable in a demo, unique enough for a sandbox: `accounts_3f9a1c2b7d`. */
function newId(resource: string): string {
  return `${resource}_${randomBytes(5).toString('hex')}`;
}

function uniqueViolation(err: unknown): string | undefined {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' ? e.constraint : undefined;
}

export interface CreateInput {
  system: string;
  resource: string;
  body: Body;
  idempotencyKey?: string;
  at: Date;
  /** Runs in the insert's transaction: computed systems write their side records here. */
  afterInsert?: (trx: Knex.Transaction, record: SandboxRecord) => Promise<void>;
}

/** Postgres-backed records of every system: one table, keyed by system, resource and id. */
export class RecordStore {
  constructor(private readonly knex: Knex) {}

  private live(db: Knex | Knex.Transaction, system: string, resource: string) {
    return db(RECORDS).where({ system, resource }).whereNull('deleted_at');
  }

  /** Creates a record; a known idempotency key replays the first record instead (`replayed`). */
  async create(input: CreateInput): Promise<{ record: SandboxRecord; replayed: boolean }> {
    const { system, resource, idempotencyKey } = input;
    if (idempotencyKey) {
      const earlier = await this.byKey(system, resource, idempotencyKey);
      if (earlier) return { record: earlier, replayed: true };
    }
    const given = input.body.id;
    const id = typeof given === 'string' || typeof given === 'number' ? String(given) : newId(resource);
    try {
      return await this.knex.transaction(async (trx) => {
        const [row] = (await trx(RECORDS)
          .insert({ system, resource, id, body: json(input.body), idempotency_key: idempotencyKey ?? null, created_at: input.at })
          .returning(COLUMNS)) as RecordRow[];
        const record = fromRow(row!);
        await input.afterInsert?.(trx, record);
        return { record, replayed: false };
      });
    } catch (err) {
      const constraint = uniqueViolation(err);
      if (constraint === 'sandbox_records_idempotency' && idempotencyKey) {
        // Two calls with one key raced: the other one won, so this one replays it.
        const earlier = await this.byKey(system, resource, idempotencyKey);
        if (earlier) return { record: earlier, replayed: true };
      }
      if (constraint === 'sandbox_records_live_id') throw new SandboxError(409, `${system}/${resource}/${id} already exists`, 'id');
      throw err;
    }
  }

  /** Deleted records replay too: the key stands for the first answer, whatever happened since. */
  private async byKey(system: string, resource: string, key: string): Promise<SandboxRecord | undefined> {
    const row = (await this.knex(RECORDS).where({ system, resource, idempotency_key: key }).first()) as RecordRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  async get(system: string, resource: string, id: string): Promise<SandboxRecord | undefined> {
    const row = (await this.live(this.knex, system, resource).andWhere({ id }).first()) as RecordRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Live records in creation order; `filters` compare body fields (dotted paths) as text. */
  async list(system: string, resource: string, filters: Record<string, string> = {}): Promise<SandboxRecord[]> {
    const query = this.live(this.knex, system, resource);
    for (const [field, value] of Object.entries(filters)) {
      if (field === 'id') query.andWhere({ id: value });
      else query.andWhereRaw('body #>> ?::text[] = ?', [field.split('.'), value]);
    }
    const rows = (await query.orderBy('seq')) as RecordRow[];
    return rows.map(fromRow);
  }

  async count(system: string, resource: string, filters: Record<string, string> = {}): Promise<number> {
    const query = this.live(this.knex, system, resource);
    for (const [field, value] of Object.entries(filters)) query.andWhereRaw('body #>> ?::text[] = ?', [field.split('.'), value]);
    const [row] = await query.count<Array<{ count: string }>>({ count: '*' });
    return Number(row?.count ?? 0);
  }

  /** Shallow merge (jsonb ||), as PATCH means "change these fields". */
  async patch(system: string, resource: string, id: string, changes: Body, at: Date): Promise<SandboxRecord | undefined> {
    const [row] = (await this.live(this.knex, system, resource)
      .andWhere({ id })
      .update({ body: this.knex.raw('body || ?::jsonb', [json(changes)]), updated_at: at })
      .returning(COLUMNS)) as RecordRow[];
    return row ? fromRow(row) : undefined;
  }

  /** Soft delete: the record disappears from the API but the demo can still show the undo. */
  async remove(
    system: string,
    resource: string,
    id: string,
    at: Date,
    afterDelete?: (trx: Knex.Transaction, record: SandboxRecord) => Promise<void>,
  ): Promise<SandboxRecord | undefined> {
    return this.knex.transaction(async (trx) => {
      const [row] = (await this.live(trx, system, resource).andWhere({ id }).update({ deleted_at: at }).returning(COLUMNS)) as RecordRow[];
      if (!row) return undefined;
      const record = fromRow(row);
      await afterDelete?.(trx, record);
      return record;
    });
  }

  /** Soft-deletes the live records of a resource whose body field has the value (a batch's rows). */
  static async removeWhere(trx: Knex.Transaction, system: string, resource: string, field: string, value: string, at: Date): Promise<number> {
    return trx(RECORDS)
      .where({ system, resource })
      .whereNull('deleted_at')
      .andWhereRaw('body ->> ? = ?', [field, value])
      .update({ deleted_at: at });
  }

  /** Inserts records inside a transaction (computed systems' side records). */
  static async insertMany(trx: Knex.Transaction, system: string, resource: string, bodies: Body[], at: Date): Promise<void> {
    if (!bodies.length) return;
    const rows = bodies.map((body) => {
      const given = body.id;
      const id = typeof given === 'string' || typeof given === 'number' ? String(given) : newId(resource);
      return { system, resource, id, body: json(body), created_at: at };
    });
    try {
      // Chunks keep each statement under Postgres' 65k bind parameters.
      for (let i = 0; i < rows.length; i += 1000) await trx(RECORDS).insert(rows.slice(i, i + 1000));
    } catch (err) {
      if (uniqueViolation(err) === 'sandbox_records_live_id') throw new SandboxError(409, `a ${system}/${resource} record with one of these ids already exists`, 'records');
      throw err;
    }
  }

  /** Clears the records (of one system, or all): tests and the demo start from nothing. */
  async clear(system?: string): Promise<void> {
    const query = this.knex(RECORDS);
    if (system) query.where({ system });
    await query.delete();
  }
}
