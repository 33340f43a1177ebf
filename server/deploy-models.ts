import fs from 'node:fs/promises';
import path from 'node:path';
import type { DeploymentResult, EngineOperations } from '../engine/api.ts';

/** Deploys every model in bpmn/ in one deployment; unchanged files keep their version. */
export async function deployModelFolder(engine: Pick<EngineOperations, 'deployResources'>, dir: string): Promise<DeploymentResult | undefined> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
  if (!files.length) return undefined;
  const resources = await Promise.all(files.map(async (name) => ({ name, content: await fs.readFile(path.join(dir, name)) })));
  return engine.deployResources(resources);
}
