import { Camunda8 } from '@camunda8/sdk';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../engine/store/database.ts';
import { startWorkers } from '../workers/host.ts';
import { createApp } from './app.ts';
import { listen, type Stops } from './lifecycle.ts';

/**
 * BATON_ENGINE=zeebe: the same bpmn/, dmn/ and workers/ on a real Camunda 8 / Zeebe cluster.
 * No embedded engine starts; the cluster is reached through the SDK's usual settings
 * (ZEEBE_GRPC_ADDRESS, and CAMUNDA_* / ZEEBE_CLIENT_* for SaaS credentials). The REST API
 * needs the embedded engine's state, so only /health is served here.
 */
export async function startOnZeebe(db: Database, stops: Stops, root: string): Promise<void> {
  const address = process.env.ZEEBE_GRPC_ADDRESS?.trim();
  if (!address) throw new Error('BATON_ENGINE=zeebe needs ZEEBE_GRPC_ADDRESS (e.g. grpc://localhost:26500)');
  const zeebe = new Camunda8({
    ZEEBE_GRPC_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: (process.env.CAMUNDA_AUTH_STRATEGY as 'NONE' | undefined) ?? 'NONE',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'ERROR' },
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();
  stops.push(async () => void (await zeebe.close()));
  const topology = await zeebe.topology();
  console.log(`engine     Zeebe cluster at ${address} (gateway ${topology.gatewayVersion}, ${topology.brokers.length} broker(s))`);

  const deployed: string[] = [];
  for (const folder of ['bpmn', 'dmn']) {
    const files = (await fs.readdir(path.join(root, folder)).catch(() => [] as string[])).filter((f) => /\.(bpmn|dmn)$/.test(f)).sort();
    for (const name of files) {
      const content = await fs.readFile(path.join(root, folder, name));
      const result = name.endsWith('.dmn') ? await zeebe.deployResource({ name, decision: content }) : await zeebe.deployResource({ name, process: content });
      for (const d of result.deployments) {
        if ('process' in d && d.process) deployed.push(`${d.process.bpmnProcessId} v${d.process.version}`);
        if ('decision' in d && d.decision) deployed.push(`${d.decision.dmnDecisionId} v${d.decision.version}`);
      }
    }
  }
  console.log(`models     ${deployed.join(', ')}`);

  const workers = await startWorkers(address);
  stops.push(() => workers.close());
  console.log(`workers    ${workers.taskTypes.join(', ')}`);

  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  const app = createApp({ db, engineStatus: () => ({ status: 'up', engine: 'zeebe', address }) });
  const server = await listen(app, port);
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  console.log(`http       http://localhost:${port}  (health: http://localhost:${port}/health)`);
}
