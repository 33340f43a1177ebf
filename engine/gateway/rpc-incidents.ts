/** ResolveIncident: the engine retries whatever raised the incident. */
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';
import type { Int64 } from './wire.ts';

interface ResolveIncidentRequest {
  incidentKey: Int64;
}

export function incidentRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    ResolveIncident: unary<ResolveIncidentRequest, Record<string, never>>('ResolveIncident', log, async (request) => {
      await engine.resolveIncident(String(request.incidentKey));
      return {};
    }),
  };
}
