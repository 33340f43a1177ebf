/**
 * The real Zeebe broker that the differential conformance suite compares Baton against:
 * scripts/zeebe/broker.ts must fetch and start it, and a plain @camunda8/sdk client must be
 * able to deploy and run a process on it. Skips (with the reason) where Java 21+ or Maven
 * is missing; the first run downloads ~300 MB from Maven Central.
 */
import { Camunda8 } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseZeebe, hasLeader, startBroker, stopBroker, type StartResult } from '../scripts/zeebe/broker.ts';

const choice = chooseZeebe();
const skipReason = choice.ok ? undefined : `no Zeebe broker here: ${choice.reason}`;
if (skipReason) console.warn(skipReason);

const SMOKE_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="smoke-definitions" targetNamespace="http://baton.local/test">
  <bpmn:process id="zeebe-broker-smoke" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>to-end</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to-end" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`;

describe('real Zeebe broker (scripts/zeebe)', () => {
  let broker: StartResult | undefined;

  // Generous: a first run downloads the distribution; startup itself takes ~10 s here.
  beforeAll(async () => {
    if (choice.ok) broker = await startBroker();
  }, 600_000);

  // A broker someone else started (npm run zeebe:start, a conformance run) stays up.
  afterAll(async () => {
    if (broker && !broker.reused) await stopBroker();
  }, 60_000);

  const client = () =>
    new Camunda8({
      ZEEBE_GRPC_ADDRESS: broker?.grpcAddress ?? 'grpc://localhost:26500',
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      // Fail instead of retrying forever, so a broken broker fails the test, not its timeout.
      zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' },
    }).getZeebeGrpcApiClient();

  it('shows a partition leader in the gRPC topology', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const zeebe = client();
    try {
      const topology = await zeebe.topology();
      expect(hasLeader(topology)).toBe(true);
      expect(topology.gatewayVersion).toBe(broker?.version);
    } finally {
      await zeebe.close();
    }
  });

  it('deploys a start → end process and runs an instance to its result', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const zeebe = client();
    try {
      const deployment = await zeebe.deployResource({ name: 'smoke.bpmn', process: Buffer.from(SMOKE_PROCESS) });
      expect(deployment.deployments[0].process.bpmnProcessId).toBe('zeebe-broker-smoke');

      const result = await zeebe.createProcessInstanceWithResult({
        bpmnProcessId: 'zeebe-broker-smoke',
        variables: { answer: 42 },
        requestTimeout: 20_000,
      });
      expect(result.bpmnProcessId).toBe('zeebe-broker-smoke');
      expect(result.variables).toEqual({ answer: 42 });
    } finally {
      await zeebe.close();
    }
  }, 60_000);
});
