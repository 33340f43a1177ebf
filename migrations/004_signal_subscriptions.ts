import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signal_subscriptions', (t) => {
    t.bigInteger('key').primary();
    t.bigInteger('process_instance_key').notNullable().index();
    t.jsonb('doc').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signal_subscriptions');
}
