import type { Knex } from 'knex';

/** Every deployed rule set version, so versions deployed at run time survive a restart. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rule_sets', (t) => {
    t.string('id').notNullable();
    t.string('version').notNullable();
    t.string('content_hash', 64).notNullable();
    t.timestamp('deployed_at', { useTz: true }).notNullable();
    t.jsonb('definition').notNullable();
    t.primary(['id', 'version']);
    t.unique(['id', 'content_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rule_sets');
}
