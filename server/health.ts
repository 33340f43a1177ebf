import type { Request, Response } from 'express';
import type { Database } from '../engine/store/database.ts';

export interface HealthSource {
  db: Database;
  /** Filled once the engine runs in this process. */
  engineStatus?: () => Record<string, unknown>;
}

/** 200 when every part answers, 503 otherwise; the body says which part failed. */
export function healthHandler(source: HealthSource) {
  return async (_req: Request, res: Response) => {
    const database = await probeDatabase(source.db);
    const engine = source.engineStatus?.() ?? { status: 'not started' };
    const ok = database.status === 'up' && engine.status !== 'down';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, engine });
  };
}

async function probeDatabase(db: Database): Promise<Record<string, unknown>> {
  const started = performance.now();
  try {
    await db.knex.raw('select 1');
    return { status: 'up', kind: db.kind, where: db.where, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', kind: db.kind, where: db.where, error: err instanceof Error ? err.message : String(err) };
  }
}
