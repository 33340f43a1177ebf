import type { Knex } from 'knex';

/** One API action for the audit trail: who, under which role, did what to what, and why. */
export interface ApiAction {
  actor: string;
  /** The role that admitted the action; for denials the principal's roles ('' when unauthenticated). */
  role: string;
  action: string;
  /** What was acted on: `process-instance:<key>`, `user-task:<key>`, or for denials `METHOD /path`. */
  target: string;
  reason: string | null;
  requestId: string;
  /** Set when the action concerns one process instance, so its audit trail finds it. */
  processInstanceKey?: string | null;
  details: Record<string, unknown>;
}

/**
 * Where API actions go. The audit module's `recordApiAction(knex, action)` plugs in as
 * `{ record: (a) => recordApiAction(knex, a) }`; until then they land in `api_actions`.
 */
export interface AuditSink {
  record(action: ApiAction): Promise<void>;
}

export function tableAuditSink(knex: Knex): AuditSink {
  return {
    async record(a) {
      await knex('api_actions').insert({
        actor: a.actor,
        role: a.role,
        action: a.action,
        target: a.target,
        reason: a.reason,
        request_id: a.requestId,
        process_instance_key: a.processInstanceKey ?? null,
        details: JSON.stringify(a.details),
      });
    },
  };
}
