import type { Knex } from 'knex';

/** Deployed DMN resources; each row keeps the XML, and the keys and versions of its decisions. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('decision_requirements', (t) => {
    t.bigInteger('key').primary();
    t.string('decision_requirements_id').notNullable();
    t.integer('version').notNullable();
    t.string('resource_name').notNullable();
    t.string('checksum', 64).notNullable();
    t.bigInteger('deployment_key').notNullable();
    t.text('xml').notNullable();
    t.jsonb('decisions').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['decision_requirements_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('decision_requirements');
}
