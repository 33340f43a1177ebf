import fs from 'node:fs/promises';
import path from 'node:path';
import type { DeploymentResult, EngineOperations } from '../engine/api.ts';

/**
 * Deploys every model (.bpmn, .dmn) in the given folders as one deployment; unchanged files
 * keep their version, so restarting Baton deploys nothing new.
 */
export async function deployModelFolder(engine: Pick<EngineOperations, 'deployResources'>, ...dirs: string[]): Promise<DeploymentResult | undefined> {
  const resources: Array<{ name: string; content: Buffer }> = [];
  for (const dir of dirs) {
    const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => /\.(bpmn|dmn)$/.test(f)).sort();
    for (const name of files) resources.push({ name, content: await fs.readFile(path.join(dir, name)) });
  }
  if (!resources.length) return undefined;
  return engine.deployResources(resources);
}
