import type { ActivatedJob, ActivateJobsRequest, JobStreamRequest } from './api.ts';

/** A long-polling ActivateJobs request waiting for jobs of its type. */
export interface JobWaiter {
  request: ActivateJobsRequest;
  resolve(jobs: ActivatedJob[]): void;
  done: boolean;
}

/** A StreamActivatedJobs consumer: gets jobs pushed one at a time while it is open. */
export interface JobStreamConsumer {
  request: JobStreamRequest;
  push(job: ActivatedJob): void;
  open: boolean;
}

/** Who is waiting for jobs of which type. Streams are served before long polls, round-robin. */
export class JobWaiters {
  private readonly polls = new Map<string, JobWaiter[]>();
  private readonly streams = new Map<string, JobStreamConsumer[]>();
  private readonly nextStream = new Map<string, number>();

  addPoll(waiter: JobWaiter): void {
    const list = this.polls.get(waiter.request.type) ?? [];
    list.push(waiter);
    this.polls.set(waiter.request.type, list);
  }

  removePoll(waiter: JobWaiter): void {
    waiter.done = true;
    const list = this.polls.get(waiter.request.type);
    if (!list) return;
    const rest = list.filter((w) => w !== waiter);
    if (rest.length) this.polls.set(waiter.request.type, rest);
    else this.polls.delete(waiter.request.type);
  }

  pollsFor(type: string): JobWaiter[] {
    return this.polls.get(type) ?? [];
  }

  addStream(stream: JobStreamConsumer): void {
    const list = this.streams.get(stream.request.type) ?? [];
    list.push(stream);
    this.streams.set(stream.request.type, list);
  }

  removeStream(stream: JobStreamConsumer): void {
    stream.open = false;
    const rest = (this.streams.get(stream.request.type) ?? []).filter((s) => s !== stream);
    if (rest.length) this.streams.set(stream.request.type, rest);
    else this.streams.delete(stream.request.type);
  }

  /** The open streams of a type, starting after the one served last. */
  streamsFor(type: string): JobStreamConsumer[] {
    const list = this.streams.get(type);
    if (!list?.length) return [];
    const start = (this.nextStream.get(type) ?? 0) % list.length;
    this.nextStream.set(type, start + 1);
    return [...list.slice(start), ...list.slice(0, start)];
  }

  hasWaiters(type: string): boolean {
    return (this.polls.get(type)?.length ?? 0) > 0 || (this.streams.get(type)?.length ?? 0) > 0;
  }

  types(): string[] {
    return [...new Set([...this.polls.keys(), ...this.streams.keys()])];
  }
}
