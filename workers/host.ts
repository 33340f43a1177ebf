import { Camunda8 } from '@camunda8/sdk';
import fs from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerModule, ZeebeClient } from './worker-module.ts';

const WORKERS_DIR = fileURLToPath(new URL('./', import.meta.url));
const NOT_WORKERS = new Set(['host.ts', 'worker-module.ts', 'main.ts']);

/** Every module in workers/ that default-exports a WorkerModule. */
export async function loadWorkerModules(): Promise<WorkerModule[]> {
  const files = (await fs.readdir(WORKERS_DIR)).filter((f) => f.endsWith('.ts') && !NOT_WORKERS.has(f)).sort();
  const modules: WorkerModule[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(WORKERS_DIR + file).href)) as { default?: WorkerModule };
    if (mod.default?.taskType && typeof mod.default.taskHandler === 'function') modules.push(mod.default);
  }
  return modules;
}

export interface WorkerHost {
  taskTypes: string[];
  close(): Promise<void>;
}

/**
 * Starts every worker against ZEEBE_GRPC_ADDRESS (the embedded gateway by default, a Zeebe
 * cluster otherwise): the workers never know which engine they talk to.
 */
export async function startWorkers(address = process.env.ZEEBE_GRPC_ADDRESS ?? 'grpc://localhost:26500'): Promise<WorkerHost> {
  const modules = await loadWorkerModules();
  const client: ZeebeClient = new Camunda8({
    ZEEBE_GRPC_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: (process.env.CAMUNDA_AUTH_STRATEGY as 'NONE' | undefined) ?? 'NONE',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'ERROR' },
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();
  const workers = modules.map((m) => client.createWorker({ ...m.options, taskType: m.taskType, taskHandler: m.taskHandler }));
  return {
    taskTypes: modules.map((m) => m.taskType),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await client.close();
    },
  };
}
