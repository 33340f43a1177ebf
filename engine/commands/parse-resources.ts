import { EngineRejection, type DeployResource } from '../api.ts';
import { parseDmn } from '../dmn/index.ts';
import type { DecisionRequirements } from '../dmn/types.ts';
import { parseBpmn } from '../model/parse-bpmn.ts';
import { DeploymentRejected, type ExecutableProcess } from '../model/types.ts';
import { checksumOf } from '../store/state-loader.ts';

export type ParsedResource =
  | { kind: 'bpmn'; name: string; xml: string; checksum: string; processes: ExecutableProcess[] }
  | { kind: 'dmn'; name: string; xml: string; checksum: string; drg: DecisionRequirements };

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
    try {
      if (/\.(bpmn|xml)$/i.test(resource.name)) {
        parsed.push({ kind: 'bpmn', name: resource.name, xml, checksum: checksumOf(xml), processes: await parseBpmn(xml, resource.name) });
      } else if (/\.dmn$/i.test(resource.name)) {
        parsed.push({ kind: 'dmn', name: resource.name, xml, checksum: checksumOf(xml), drg: await parseDmn(xml, resource.name) });
      } else {
        throw new EngineRejection(
          'INVALID_ARGUMENT',
          `Expected to deploy new resources, but encountered the following errors:\n'${resource.name}': Baton deploys BPMN (.bpmn, .xml) and DMN (.dmn) resources\n`,
        );
      }
    } catch (err) {
      if (err instanceof DeploymentRejected) throw new EngineRejection('INVALID_ARGUMENT', err.message);
      throw err;
    }
  }
  return parsed;
}
