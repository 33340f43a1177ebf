import { getDefaultRegistry, RulesError, validateRuleSet } from '../rules/index.ts';
import type { ResourceDeployer } from './api/context.ts';
import { ApiError } from './api/errors.ts';

/**
 * Run-time deployment of json-rule-engine rule sets through POST /api/models: every set is
 * validated before any is deployed (never half-loaded); a deployed version is kept, so
 * instances whose task header names it keep using it.
 */
export const ruleSetDeployer: ResourceDeployer = {
  async deploy(resources) {
    const parsed = resources.map((r, index) => {
      const field = `resources[${index}].content`;
      let json: unknown;
      try {
        json = JSON.parse(r.content);
      } catch (err) {
        throw new ApiError(400, `${field}: '${r.name}' is not JSON: ${(err as Error).message}`, field);
      }
      try {
        validateRuleSet(json, r.name);
      } catch (err) {
        if (err instanceof RulesError) throw new ApiError(400, `${field}: ${err.message}`, field);
        throw err;
      }
      return { json, name: r.name, field };
    });
    const registry = await getDefaultRegistry();
    const deployed = [];
    for (const { json, name, field } of parsed) {
      try {
        const set = await registry.deployRuleSet(json, { source: name });
        deployed.push({ ruleSetId: set.id, version: set.version, contentHash: set.contentHash, resourceName: name });
      } catch (err) {
        if (err instanceof RulesError) throw new ApiError(err.code === 'VERSION_CONFLICT' ? 409 : 400, `${field}: ${err.message}`, field);
        throw err;
      }
    }
    return { ruleSets: deployed };
  },
};
