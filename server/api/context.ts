import type { Knex } from 'knex';
import type { EngineOperations } from '../../engine/api.ts';
import type { Engine } from '../../engine/engine.ts';

/** The engine as the API uses it: its operations (the same the gateway calls) and its live view. */
export type ApiEngine = EngineOperations & Pick<Engine, 'view' | 'clock'>;

/** Deploys one kind of resource the engine itself does not take (DMN, rule sets). */
export interface ResourceDeployer {
  deploy(resources: Array<{ name: string; content: string }>): Promise<Record<string, unknown>>;
}

export interface Deployers {
  /** DMN decisions; unset = the engine's deployResources, or 501 while it takes BPMN only. */
  dmn?: ResourceDeployer;
  /** json-rules-engine rule sets; unset = 501. */
  rules?: ResourceDeployer;
}

/** What every resource router needs. */
export interface ApiContext {
  engine: ApiEngine;
  knex: Knex;
  deployers: Deployers;
}
