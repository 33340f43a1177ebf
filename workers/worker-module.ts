import type { Camunda8 } from '@camunda8/sdk';

type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;
type WorkerConfig = Parameters<ZeebeClient['createWorker']>[0];

/** One job worker: a task type and the plain @camunda8/sdk handler that performs it. */
export interface WorkerModule {
  taskType: string;
  taskHandler: WorkerConfig['taskHandler'];
  /** Options passed through to createWorker (timeout, maxJobsToActivate, fetchVariable…). */
  options?: Omit<WorkerConfig, 'taskType' | 'taskHandler'>;
}

export type { ZeebeClient };
