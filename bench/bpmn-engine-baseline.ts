/**
 * The same model in `bpmn-engine` (npm), in memory, no persistence, no network: a baseline
 * for what the BPMN interpretation alone costs. Service tasks complete at once.
 */
import { Engine } from 'bpmn-engine';

interface ServiceActivity {
  type: string;
  behaviour: { Service?: unknown };
}

const immediateService = function Service() {
  return { execute: (_message: unknown, callback: (err: Error | null, output?: unknown) => void) => callback(null, {}) };
};

export async function runBpmnEngineBaseline(xml: string, durationMs: number, concurrency: number): Promise<{ completed: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  // An extension is called per activity; it gives service tasks their implementation.
  const immediate = (activity: ServiceActivity) => {
    if (activity.type === 'bpmn:ServiceTask') activity.behaviour.Service = immediateService;
    return { activate() {}, deactivate() {} };
  };
  const extensions = { immediate } as unknown as NonNullable<ConstructorParameters<typeof Engine>[0]>['extensions'];
  async function loop(): Promise<void> {
    while (performance.now() < end) {
      const t0 = performance.now();
      const engine = new Engine({ source: xml, extensions });
      await new Promise<void>((resolve, reject) => {
        engine.once('end', () => resolve());
        engine.once('error', reject);
        void engine.execute();
      });
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { completed: latencies.length, p50: pct(50), p99: pct(99) };
}
