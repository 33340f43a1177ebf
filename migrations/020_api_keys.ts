import type { Knex } from 'knex';

/**
 * REST API keys. Only a salted SHA-256 of each key is kept: keys are long random secrets (or
 * operator-chosen ones of at least 24 characters), so a fast hash with a per-key salt is
 * enough and keeps checking every request cheap. `source` says where a key came from: `dev`
 * keys are made on a first local start, `config` keys mirror BATON_API_KEYS.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.bigIncrements('id').primary();
    t.string('principal').notNullable();
    t.specificType('roles', 'text[]').notNullable();
    t.specificType('groups', 'text[]').notNullable().defaultTo('{}');
    t.string('salt', 32).notNullable();
    t.string('hash', 64).notNullable();
    t.string('source', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_keys');
}
