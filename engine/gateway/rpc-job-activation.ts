/**
 * Handing jobs to workers: ActivateJobs (long poll; the answer ends the call) and
 * StreamActivatedJobs (a call that stays open and receives each job as it is created).
 * A client that goes away aborts the engine's wait or closes the engine's stream.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivateJobsRequest as EngineActivateRequest, ActivatedJob, JobStream, JobStreamRequest } from '../api.ts';
import type { GatewayContext, RpcHandlers } from './context.ts';
import { invalidArgument, toServiceError } from './status.ts';
import { checkTenants, toNumber, toWireJob, type Int64, type WireActivatedJob } from './wire.ts';

interface ActivateJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: Int64;
  tenantIds: string[];
}

interface StreamActivatedJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  fetchVariable: string[];
  tenantIds: string[];
}

interface ActivateJobsResponse {
  jobs: WireActivatedJob[];
}

/**
 * Clients refuse messages above 4 MB by default (grpc-js and Zeebe's own limit), so a large
 * batch goes out as several responses, as Zeebe's gateway does.
 */
const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;

/** Zeebe's broker checks in this order and words the rejection this way. */
function checkActivation(action: string, type: string, timeout: number, maxJobsToActivate?: number): void {
  const reject = (field: string, expected: string, actual: string) =>
    invalidArgument(`Expected to ${action} with ${field} to be ${expected}, but it was ${actual}`);
  if (maxJobsToActivate !== undefined && maxJobsToActivate < 1) {
    throw reject('max jobs to activate', 'greater than zero', `'${maxJobsToActivate}'`);
  }
  if (!(timeout > 0)) throw reject('timeout', 'greater than zero', `'${timeout}'`);
  if (type === '') throw reject('type', 'present', 'blank');
}

function toActivateRequest(request: ActivateJobsRequest): EngineActivateRequest {
  const timeout = toNumber(request.timeout);
  checkActivation('activate job batch', request.type, timeout, request.maxJobsToActivate);
  checkTenants('ActivateJobs', request.tenantIds);
  return {
    type: request.type,
    worker: request.worker,
    timeout,
    maxJobsToActivate: request.maxJobsToActivate,
    fetchVariable: request.fetchVariable.length ? request.fetchVariable : undefined,
    requestTimeout: toNumber(request.requestTimeout),
  };
}

function toStreamRequest(request: StreamActivatedJobsRequest): JobStreamRequest {
  const timeout = toNumber(request.timeout);
  checkActivation('stream activated jobs', request.type, timeout);
  checkTenants('StreamActivatedJobs', request.tenantIds);
  return {
    type: request.type,
    worker: request.worker,
    timeout,
    fetchVariable: request.fetchVariable.length ? request.fetchVariable : undefined,
  };
}

/** Splits jobs into responses that each stay under the message size limit (a lone oversized job still goes). */
function* responses(jobs: ActivatedJob[]): Generator<ActivateJobsResponse> {
  let batch: WireActivatedJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    const wire = toWireJob(job);
    // Rough size: the two JSON documents dominate; the rest is a few hundred bytes.
    const size = Buffer.byteLength(wire.variables) + Buffer.byteLength(wire.customHeaders) + 512;
    if (batch.length > 0 && bytes + size > MAX_RESPONSE_BYTES) {
      yield { jobs: batch };
      batch = [];
      bytes = 0;
    }
    batch.push(wire);
    bytes += size;
  }
  if (batch.length > 0) yield { jobs: batch };
}

export function jobActivationRpcs({ engine, log, closing }: GatewayContext): RpcHandlers {
  const fail = (rpc: string, call: ServerWritableStream<unknown, unknown>, err: unknown) =>
    call.emit('error', toServiceError(rpc, err, log));

  const activateJobs = (call: ServerWritableStream<ActivateJobsRequest, ActivateJobsResponse>): void => {
    let request: EngineActivateRequest;
    try {
      request = toActivateRequest(call.request);
    } catch (err) {
      fail('ActivateJobs', call, err);
      return;
    }
    const controller = new AbortController();
    const abort = () => controller.abort();
    call.on('cancelled', abort);
    closing.addEventListener('abort', abort);
    if (closing.aborted) abort();
    void (async () => {
      try {
        const jobs = await engine.activateJobs(request, controller.signal);
        if (call.cancelled) {
          // The engine activated them as the client left: they become available again at their deadline.
          if (jobs.length > 0) log.warn({ type: request.type, jobKeys: jobs.map((j) => j.key) }, 'gateway: activated jobs not delivered, client cancelled');
          return;
        }
        for (const response of responses(jobs)) call.write(response);
        call.end();
      } catch (err) {
        if (call.cancelled) return;
        // The gateway is closing and the engine gave up waiting: an empty answer, the worker polls again elsewhere.
        if (closing.aborted) call.end();
        else fail('ActivateJobs', call, err);
      } finally {
        closing.removeEventListener('abort', abort);
      }
    })();
  };

  const streamActivatedJobs = (call: ServerWritableStream<StreamActivatedJobsRequest, WireActivatedJob>): void => {
    let request: JobStreamRequest;
    try {
      request = toStreamRequest(call.request);
    } catch (err) {
      fail('StreamActivatedJobs', call, err);
      return;
    }
    let stream: JobStream | undefined;
    const stop = () => {
      closing.removeEventListener('abort', onClosing);
      stream?.close();
      stream = undefined;
    };
    const onClosing = () => {
      stop();
      call.end();
    };
    const push = (job: ActivatedJob) => {
      if (call.cancelled || call.writableEnded) {
        log.warn({ type: request.type, jobKey: job.key }, 'gateway: job pushed to a closed stream, not delivered');
        return;
      }
      call.write(toWireJob(job));
    };
    try {
      stream = engine.streamJobs(request, push);
    } catch (err) {
      fail('StreamActivatedJobs', call, err);
      return;
    }
    call.on('cancelled', stop);
    closing.addEventListener('abort', onClosing);
    if (closing.aborted) onClosing();
  };

  return { ActivateJobs: activateJobs, StreamActivatedJobs: streamActivatedJobs };
}
