import path from 'node:path';
import { Engine } from '../engine/engine.ts';
import { startGateway } from '../engine/gateway/grpc-server.ts';
import { resolveDatabaseConfig } from '../engine/store/database-config.ts';
import type { Database } from '../engine/store/database.ts';
import { startWorkers } from '../workers/host.ts';
import { createApi } from './api/index.ts';
import { createApp } from './app.ts';
import { prepareApiKeys } from './auth/bootstrap.ts';
import { deployModelFolder } from './deploy-models.ts';
import { listen, type Stops } from './lifecycle.ts';

/**
 * The default mode: Baton's own engine in this process, its Zeebe gateway, the models in
 * bpmn/ and dmn/, the workers in workers/, and the HTTP server with the REST API.
 */
export async function startEmbedded(db: Database, stops: Stops, root: string): Promise<void> {
  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  const gatewayPort = Number.parseInt(process.env.GATEWAY_PORT ?? '26500', 10);
    const engine = await Engine.start(db.knex);
    stops.push(() => engine.close());
    const gateway = await startGateway(engine, { port: gatewayPort, host: '0.0.0.0' });
    stops.push(() => gateway.close());
    console.log(`gateway    grpc://localhost:${gateway.port}  (Zeebe gateway API; ZEEBE_GRPC_ADDRESS for @camunda8/sdk)`);

    const deployed = await deployModelFolder(engine, path.join(root, 'bpmn'), path.join(root, 'dmn'));
    if (deployed) {
      console.log(`models     ${deployed.processes.map((p) => `${p.bpmnProcessId} v${p.version}`).join(', ')}`);
      if (deployed.decisions.length) console.log(`decisions  ${deployed.decisions.map((d) => `${d.dmnDecisionId} v${d.version}`).join(', ')}`);
    }

    const workers = await startWorkers(`grpc://localhost:${gateway.port}`);
    stops.push(() => workers.close());
    console.log(`workers    ${workers.taskTypes.join(', ')}`);

    const keys = await prepareApiKeys(db.knex, { dataDir: dataDirectory() });
    console.log(`api keys   ${keys.source === 'config' ? 'from BATON_API_KEYS' : `local keys, one per role: ${keys.devCredentialsFile}`}`);
    const api = createApi({
      engine,
      knex: db.knex,
      keys: keys.store,
      bodyLimit: process.env.BATON_API_BODY_LIMIT?.trim() || undefined,
      // Mount points for other modules' routers, behind API keys and a role gate:
      // mounts: [{ path: '/audit', roles: ['compliance'], router: auditRouter }, { path: '/kpi', roles: ['compliance'], router: kpiRouter }],
      // audit: { record: (action) => recordApiAction(db.knex, action) },
    });
    const app = createApp({ db, engineStatus: () => engine.status() }, { api: api.router });
    const server = await listen(app, port);
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    console.log(`http       http://localhost:${port}  (health: http://localhost:${port}/health, API: http://localhost:${port}/api/openapi.json)`);
}

/** Where local files go (dev credentials): BATON_DATA_DIR, as for the embedded Postgres. */
function dataDirectory(): string {
  const config = resolveDatabaseConfig({ ...process.env, DATABASE_URL: '' });
  return config.kind === 'embedded' ? config.dataDir : path.resolve('.data');
}
