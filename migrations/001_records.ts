import type { Knex } from 'knex';

/**
 * The record log: one row per engine state transition, shaped like Zeebe's exporter
 * records. The audit trail and KPIs are built on it, so it is append-only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('records', (t) => {
    t.bigIncrements('position').primary();
    t.bigInteger('key').notNullable();
    t.string('record_type', 24).notNullable();
    t.string('value_type', 40).notNullable();
    t.string('intent', 40).notNullable();
    t.bigInteger('process_instance_key');
    t.string('bpmn_process_id');
    t.string('element_id');
    t.timestamp('timestamp', { useTz: true }).notNullable();
    t.jsonb('value').notNullable();
    t.index(['process_instance_key', 'position']);
    t.index(['value_type', 'intent']);
  });
  await knex.raw(`
    create function records_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'records are append-only: % is not allowed', tg_op;
    end $$;
    create trigger records_no_update before update or delete on records
      for each row execute function records_append_only();
    create trigger records_no_truncate before truncate on records
      for each statement execute function records_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('records');
  await knex.raw('drop function if exists records_append_only()');
}
