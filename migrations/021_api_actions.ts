import type { Knex } from 'knex';

/**
 * Who did what through the REST API: every successful mutating action and every denied
 * request. The default audit sink writes here; the audit trail module may take it over.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_actions', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('actor').notNullable();
    t.string('role');
    t.string('action').notNullable();
    t.string('target');
    t.text('reason');
    t.string('request_id');
    t.bigInteger('process_instance_key');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['at']);
    t.index(['process_instance_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_actions');
}
