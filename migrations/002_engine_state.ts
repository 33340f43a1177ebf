import type { Knex } from 'knex';

/** Live rows keyed like Zeebe's keys; each row's document is the engine's own state object. */
const DOCUMENT_TABLES = ['element_instances', 'jobs', 'incidents', 'timers', 'message_subscriptions', 'user_tasks'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('engine_meta', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_key').notNullable();
  });
  await knex('engine_meta').insert({ id: 1, last_key: 0 });

  await knex.schema.createTable('deployments', (t) => {
    t.bigInteger('key').primary();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.jsonb('resources').notNullable();
  });

  await knex.schema.createTable('process_definitions', (t) => {
    t.bigInteger('key').primary();
    t.string('bpmn_process_id').notNullable();
    t.integer('version').notNullable();
    t.string('resource_name').notNullable();
    t.string('checksum', 64).notNullable();
    t.bigInteger('deployment_key').notNullable();
    t.text('xml').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['bpmn_process_id', 'version']);
  });

  for (const name of DOCUMENT_TABLES) {
    await knex.schema.createTable(name, (t) => {
      t.bigInteger('key').primary();
      t.bigInteger('process_instance_key').notNullable().index();
      t.jsonb('doc').notNullable();
    });
  }

  await knex.schema.createTable('messages', (t) => {
    t.bigInteger('key').primary();
    t.jsonb('doc').notNullable();
  });

  await knex.schema.createTable('variables', (t) => {
    t.bigInteger('scope_key').notNullable();
    t.string('name').notNullable();
    t.bigInteger('process_instance_key').notNullable().index();
    t.jsonb('value');
    t.primary(['scope_key', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of ['variables', 'messages', ...DOCUMENT_TABLES.slice().reverse(), 'process_definitions', 'deployments', 'engine_meta']) {
    await knex.schema.dropTable(name);
  }
}
