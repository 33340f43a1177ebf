import type { Knex } from 'knex';

/**
 * The sandbox that plays the customer's external systems (CRM, billing, ticketing…) keeps
 * everything it was sent, so tests and the demo can show what a process really did:
 * `sandbox_records` holds the resources (soft-deleted, so a compensation's undo stays
 * visible), `sandbox_requests` every call with the status it got (faults included).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sandbox_records', (t) => {
    t.bigIncrements('seq').primary();
    t.string('system', 32).notNullable();
    t.string('resource', 64).notNullable();
    t.string('id', 128).notNullable();
    t.jsonb('body').notNullable().defaultTo('{}');
    // NULLs are distinct in a unique constraint: only keyed creates are deduplicated.
    t.string('idempotency_key', 255);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true });
    t.timestamp('deleted_at', { useTz: true });
    t.unique(['system', 'resource', 'idempotency_key'], { indexName: 'sandbox_records_idempotency' });
    t.index(['system', 'resource', 'seq']);
  });
  // A deleted id may be created again; two live records never share one.
  await knex.raw('create unique index sandbox_records_live_id on sandbox_records (system, resource, id) where deleted_at is null');

  await knex.schema.createTable('sandbox_requests', (t) => {
    t.bigIncrements('id').primary();
    t.string('system', 64).notNullable();
    t.string('resource', 64);
    t.string('method', 8).notNullable();
    t.string('path', 1000).notNullable();
    t.integer('status').notNullable();
    t.string('fault', 16);
    t.integer('duration_ms').notNullable().defaultTo(0);
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['system', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_requests');
  await knex.schema.dropTable('sandbox_records');
}
