import path from 'node:path';
import { Engine } from '../engine/engine.ts';
import { startGateway } from '../engine/gateway/grpc-server.ts';
import { resolveDatabaseConfig } from '../engine/store/database-config.ts';
import type { Database } from '../engine/store/database.ts';
import { startWorkers } from '../workers/host.ts';
import { PostgresRuleSetStore, RULES_DIR, RuleRegistry, setDefaultRegistry } from '../rules/index.ts';
import { setDefaultRuleAuditSink } from '../workers/rules.ts';
import { createApi } from './api/index.ts';
import { createAuditRouter, recordApiAction } from './audit/index.ts';
import { createKpi, type KpiConfig } from './kpi/index.ts';
import { logger, requestLogging } from './logging.ts';
import { createMetrics } from './metrics.ts';
import { auditTrailSink } from './rule-audit-sink.ts';
import { ruleSetDeployer } from './rule-set-deployer.ts';
import { createSandboxRouter } from './sandbox/index.ts';
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

    // Workers reach the customer's systems at BATON_URL_<SYSTEM>, else this server's sandbox.
    process.env.BATON_SANDBOX_URL ??= `http://localhost:${port}/sandbox`;
    const sandbox = createSandboxRouter(db.knex);
    // Rule set versions (from rules/ and deployed at run time) are kept in Postgres.
    const rules = new RuleRegistry({ store: new PostgresRuleSetStore(db.knex) });
    await rules.loadRuleSets(RULES_DIR);
    setDefaultRegistry(rules);
    // Rule evaluations join the engine's tamper-evident audit trail.
    setDefaultRuleAuditSink(auditTrailSink(db.knex));
    const workers = await startWorkers(`grpc://localhost:${gateway.port}`);
    stops.push(() => workers.close());
    console.log(`workers    ${workers.taskTypes.join(', ')}`);

    const metrics = createMetrics(engine, { knex: db.knex });
    metrics.start();
    stops.push(async () => metrics.stop());
    const kpi = createKpi({ knex: db.knex, config: kpiConfig(), onError: (err) => logger.error({ err }, 'kpi refresh failed') });
    kpi.refresher.start();
    stops.push(async () => kpi.refresher.stop());

    const keys = await prepareApiKeys(db.knex, { dataDir: dataDirectory() });
    console.log(`api keys   ${keys.source === 'config' ? 'from BATON_API_KEYS' : `local keys, one per role: ${keys.devCredentialsFile}`}`);
    const api = createApi({
      engine,
      knex: db.knex,
      keys: keys.store,
      bodyLimit: process.env.BATON_API_BODY_LIMIT?.trim() || undefined,
      mounts: [
        { path: '/audit', roles: ['compliance'], router: createAuditRouter({ knex: db.knex }) },
        { path: '/kpi', roles: ['compliance'], router: kpi.router },
      ],
      audit: { record: async (action) => void (await recordApiAction(db.knex, action)) },
      deployers: { rules: ruleSetDeployer },
    });
    const app = createApp(
      { db, engineStatus: () => engine.status() },
      { api: api.router, metrics, requestLogging: requestLogging(logger), sandbox },
    );
    const server = await listen(app, port);
    stops.push(() => {
      // A request held by a sandbox `timeout` fault would keep the server from closing.
      sandbox.releaseHeld();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    console.log(`http       http://localhost:${port}  (health: http://localhost:${port}/health, API: http://localhost:${port}/api/openapi.json)`);
}

/** Where local files go (dev credentials): BATON_DATA_DIR, as for the embedded Postgres. */
function dataDirectory(): string {
  const config = resolveDatabaseConfig({ ...process.env, DATABASE_URL: '' });
  return config.kind === 'embedded' ? config.dataDir : path.resolve('.data');
}

/** SLA targets per process (minutes), e.g. BATON_SLA_TARGETS='{"approval":60}'. */
function kpiConfig(): KpiConfig {
  const raw = process.env.BATON_SLA_TARGETS?.trim();
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('BATON_SLA_TARGETS must be a JSON object of process id → minutes');
  return { processTargets: parsed as Record<string, number> };
}
