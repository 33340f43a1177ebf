import type { Knex } from 'knex';

/** One call to a sandboxed system, as the demo and tests read it back. */
export interface LoggedRequest {
  id: number;
  system: string;
  resource: string | null;
  method: string;
  path: string;
  /** 499: the client gave up before an answer (e.g. during a `timeout` fault). */
  status: number;
  /** The fault mode that shaped the answer, if any. */
  fault: string | null;
  durationMs: number;
  at: string;
}

interface RequestRow {
  id: string;
  system: string;
  resource: string | null;
  method: string;
  path: string;
  status: number;
  fault: string | null;
  duration_ms: number;
  at: Date;
}

const TABLE = 'sandbox_requests';

export interface RequestFilter {
  system?: string;
  resource?: string;
  method?: string;
  /** Only entries with a larger id: poll for what happened since. */
  after?: number;
  limit?: number;
}

export class RequestLog {
  constructor(private readonly knex: Knex) {}

  async append(entry: Omit<LoggedRequest, 'id' | 'at'> & { at: Date }): Promise<void> {
    await this.knex(TABLE).insert({
      system: entry.system.slice(0, 64),
      resource: entry.resource?.slice(0, 64) ?? null,
      method: entry.method.slice(0, 8),
      path: entry.path.slice(0, 1000),
      status: entry.status,
      fault: entry.fault,
      duration_ms: entry.durationMs,
      at: entry.at,
    });
  }

  async list(filter: RequestFilter = {}): Promise<LoggedRequest[]> {
    // The newest `limit` entries, returned oldest first to read as a story.
    const query = this.knex(TABLE).orderBy('id', 'desc');
    if (filter.system) query.where({ system: filter.system });
    if (filter.resource) query.where({ resource: filter.resource });
    if (filter.method) query.where({ method: filter.method });
    if (filter.after !== undefined) query.where('id', '>', filter.after);
    query.limit(filter.limit ?? 1000);
    const rows = ((await query) as RequestRow[]).reverse();
    return rows.map((r) => ({
      id: Number(r.id),
      system: r.system,
      resource: r.resource,
      method: r.method,
      path: r.path,
      status: r.status,
      fault: r.fault,
      durationMs: r.duration_ms,
      at: r.at.toISOString(),
    }));
  }

  async clear(system?: string): Promise<void> {
    const query = this.knex(TABLE);
    if (system) query.where({ system });
    await query.delete();
  }
}
