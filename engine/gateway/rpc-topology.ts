/** Topology: the SDK calls it when a client or worker starts, to probe the connection. */
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';

interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
  partitions: Array<{ partitionId: number; role: string; health: string }>;
  version: string;
}

interface TopologyResponse {
  brokers: BrokerInfo[];
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

export function topologyRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    Topology: unary<Record<string, never>, TopologyResponse>('Topology', log, async () => {
      const topology = engine.topology();
      return {
        brokers: topology.brokers.map((broker) => ({
          nodeId: broker.nodeId,
          host: broker.host,
          port: broker.port,
          partitions: broker.partitions.map((p) => ({ partitionId: p.partitionId, role: p.role, health: p.health })),
          version: broker.version,
        })),
        clusterSize: topology.clusterSize,
        partitionsCount: topology.partitionsCount,
        replicationFactor: topology.replicationFactor,
        gatewayVersion: topology.gatewayVersion,
      };
    }),
  };
}
