import { computedFor, type ComputedContext } from './computed/index.ts';
import { SandboxError } from './errors.ts';
import type { Answer } from './fault-effects.ts';
import { overlay } from './fault-effects.ts';
import { present, withoutReserved, type Body, type RecordStore } from './store.ts';
import type { Method, SystemName } from './systems.ts';

/** One parsed call to a sandboxed system. */
export interface Call {
  system: SystemName;
  resource: string;
  id?: string;
  method: Method;
  body?: Body;
  idempotencyKey?: string;
  query: Record<string, string>;
}

export interface DispatchDeps {
  store: RecordStore;
  now(): Date;
}

const notFound = (call: Call) => new SandboxError(404, `${call.system}/${call.resource}/${call.id} was not found`);

/**
 * Serves a call the faults let through: computed behaviour where a resource has it, the
 * generic store otherwise. `respond` (from a fault) overrides what a success would return.
 */
export async function dispatch(call: Call, deps: DispatchDeps, respond?: unknown): Promise<Answer> {
  const { store } = deps;
  const computed = computedFor(call.system, call.resource);
  const ctx: ComputedContext = { store, now: deps.now, query: call.query };
  const { system, resource, id } = call;

  switch (call.method) {
    case 'GET': {
      if (id === undefined) {
        if (computed?.query) return { status: 200, body: overlay(await computed.query(ctx), respond) };
        const records = await store.list(system, resource, call.query);
        return { status: 200, body: overlay(records.map(present), respond) };
      }
      const record = await store.get(system, resource, id);
      if (record) return { status: 200, body: overlay(present(record), respond) };
      if (computed?.fallback) return { status: 200, body: overlay(computed.fallback(id, ctx), respond) };
      throw notFound(call);
    }
    case 'POST': {
      const sent = call.body ?? {};
      // Sent fields win over computed ones; a fault's `respond` wins over both and is stored,
      // so a replay with the same Idempotency-Key and a later GET say the same thing.
      const derived = computed?.create ? { ...computed.create(sent, ctx), ...sent } : sent;
      const body = overlay(derived, respond);
      const storable = typeof body === 'object' && body !== null && !Array.isArray(body);
      const { record, replayed } = await store.create({
        system,
        resource,
        body: storable ? (body as Body) : derived,
        idempotencyKey: call.idempotencyKey,
        at: deps.now(),
        afterInsert: computed?.afterInsert ? (trx, rec) => computed.afterInsert!(trx, rec, ctx) : undefined,
      });
      // A `respond` that is no object (a list, a string) is answered as is, once.
      return { status: replayed ? 200 : 201, body: storable || replayed ? present(record) : body };
    }
    case 'PATCH': {
      const record = await store.patch(system, resource, id!, withoutReserved(call.body ?? {}), deps.now());
      if (!record) throw notFound(call);
      return { status: 200, body: overlay(present(record), respond) };
    }
    case 'DELETE': {
      const afterDelete = computed?.afterDelete;
      const record = await store.remove(system, resource, id!, deps.now(), afterDelete ? (trx, rec) => afterDelete(trx, rec, ctx) : undefined);
      if (!record) throw notFound(call);
      return { status: 204 };
    }
  }
}
