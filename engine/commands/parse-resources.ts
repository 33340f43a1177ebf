import { EngineRejection, type DeployResource } from '../api.ts';
import { parseBpmn } from '../model/parse-bpmn.ts';
import { DeploymentRejected } from '../model/types.ts';
import { checksumOf } from '../store/state-loader.ts';
import type { ParsedResource } from './deploy.ts';

const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;

/**
 * Parses and validates every resource before anything is written: one bad resource rejects
 * the whole deployment, naming the resource and the elements at fault.
 */
export async function parseResources(resources: DeployResource[]): Promise<ParsedResource[]> {
  if (!resources.length) throw new EngineRejection('INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
  const parsed: ParsedResource[] = [];
  for (const resource of resources) {
    const xml = typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8');
    if (Buffer.byteLength(xml) > MAX_RESOURCE_BYTES) {
      throw new EngineRejection('INVALID_ARGUMENT', `Expected resource '${resource.name}' to be at most ${MAX_RESOURCE_BYTES} bytes, but it is larger`);
    }
    if (!/\.(bpmn|xml)$/i.test(resource.name)) {
      throw new EngineRejection(
        'INVALID_ARGUMENT',
        `Expected to deploy new resources, but encountered the following errors:\n'${resource.name}': Baton deploys BPMN resources (.bpmn, .xml) only so far`,
      );
    }
    try {
      const processes = await parseBpmn(xml, resource.name);
      parsed.push({ name: resource.name, xml, checksum: checksumOf(xml), processes });
    } catch (err) {
      if (err instanceof DeploymentRejected) throw new EngineRejection('INVALID_ARGUMENT', err.message);
      throw err;
    }
  }
  return parsed;
}
