/**
 * The real Zeebe broker that the differential conformance suite compares Baton against:
 * scripts/zeebe/broker.ts must fetch and start it, and a plain @camunda8/sdk client must be
 * able to deploy and run a process on it. Skips (with the reason) where Java 21+ or Maven
 * is missing; the first run downloads ~300 MB from Maven Central.
 */
import { Camunda8 } from '@camunda8/sdk';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../engine/store/embedded-postgres.ts';
import { chooseZeebe, hasLeader, startBroker, stopBroker, type StartResult } from '../scripts/zeebe/broker.ts';
import { createTestDatabase } from './support/test-database.ts';

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

  it.skipIf(!!skipReason)('npm start with BATON_ENGINE=zeebe deploys bpmn/ and dmn/ and runs the workers on the broker', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const baton = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, BATON_ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: broker!.grpcAddress, DATABASE_URL: db.url, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    baton.stdout.on('data', (d: Buffer) => (output += d.toString()));
    baton.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => baton.on('exit', resolve));
    try {
      await waitUntil(() => output.includes('Baton is running') || baton.exitCode !== null, 60_000);
      expect(output).toContain('Baton is running');
      expect(output).toMatch(/models\s+.*welcome v\d+/);
      const zbc = client();
      const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'welcome', variables: { name: 'Grace', language: 'fr' }, requestTimeout: 20_000 });
      expect(result.variables.greeting).toBe('Bienvenue, Grace!');
      await zbc.close();
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { engine: { engine: string } };
      expect(health.engine.engine).toBe('zeebe');
    } finally {
      baton.kill('SIGINT');
      await exited;
      await db.drop();
    }
  }, 120_000);
});

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for Baton to start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
