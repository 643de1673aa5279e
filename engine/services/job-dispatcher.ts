// Hands activatable jobs to the workers that wait for them: pushed to open job streams
// (StreamActivatedJobs) first, then to parked long-polling ActivateJobs requests. It is woken by
// this process's own commits directly and by other engine processes through LISTEN/NOTIFY, so a new
// job reaches a waiting stream without any polling delay.
import type { EngineCore } from '../core.js';
import { activateJobs, yieldJobs, type ActivatedJob, type ActivationRequest } from '../commands/jobs.js';

/** An open job stream of one worker. */
export interface JobStream {
  type: string;
  worker: string;
  timeout: number;
  fetchVariable: string[];
  /** Writes a job; false when the stream is closed and the job must go back. */
  push(job: ActivatedJob): boolean;
}

interface ParkedPoll {
  request: ActivationRequest;
  /** Hands jobs to the waiting call; false when the call has already ended and the jobs must go back. */
  deliver(jobs: ActivatedJob[]): boolean;
}

const STREAM_BATCH = 16;
const PROBE_MS = 5_000;

export class JobDispatcher {
  private readonly streams = new Map<string, JobStream[]>();
  private readonly polls = new Map<string, ParkedPoll[]>();
  private readonly pumping = new Set<string>();
  private readonly dirty = new Set<string>();

  /** A periodic look, as Zeebe's gateway probes parked requests: a missed notification costs seconds, not forever. */
  private readonly probe: NodeJS.Timeout;

  constructor(private readonly core: EngineCore) {
    core.listeners.push({ jobsAvailable: (types) => this.notify(types) });
    this.probe = setInterval(() => this.probeAll(), PROBE_MS);
    this.probe.unref();
  }

  stop(): void {
    clearInterval(this.probe);
  }

  /** Looks for jobs of every type someone waits for. */
  probeAll(): void {
    this.notify([...new Set([...this.streams.keys(), ...this.polls.keys()])]);
  }

  addStream(stream: JobStream): () => void {
    this.streams.set(stream.type, [...(this.streams.get(stream.type) ?? []), stream]);
    this.notify([stream.type]);
    return () => {
      const rest = (this.streams.get(stream.type) ?? []).filter((s) => s !== stream);
      if (rest.length > 0) this.streams.set(stream.type, rest);
      else this.streams.delete(stream.type);
    };
  }

  /** Parks a long poll until jobs arrive; returns a function that unparks it. */
  park(request: ActivationRequest, deliver: (jobs: ActivatedJob[]) => boolean): () => void {
    const parked: ParkedPoll = { request, deliver };
    this.polls.set(request.type, [...(this.polls.get(request.type) ?? []), parked]);
    this.notify([request.type]);
    return () => this.unpark(parked);
  }

  private unpark(parked: ParkedPoll): void {
    const rest = (this.polls.get(parked.request.type) ?? []).filter((p) => p !== parked);
    if (rest.length > 0) this.polls.set(parked.request.type, rest);
    else this.polls.delete(parked.request.type);
  }

  notify(types: string[]): void {
    for (const type of types) {
      if (!this.streams.has(type) && !this.polls.has(type)) continue;
      if (this.pumping.has(type)) {
        this.dirty.add(type);
        continue;
      }
      this.pumping.add(type);
      void this.pump(type)
        .catch((error: unknown) => this.core.log.error({ err: error, type }, 'job dispatch failed'))
        .finally(() => this.pumping.delete(type));
    }
  }

  /** Keeps handing out jobs of one type while there are takers and jobs. */
  private async pump(type: string): Promise<void> {
    for (;;) {
      this.dirty.delete(type);
      const delivered = await this.deliverOnce(type);
      if (!delivered && !this.dirty.has(type)) return;
    }
  }

  private async deliverOnce(type: string): Promise<boolean> {
    const streams = this.streams.get(type);
    if (streams && streams.length > 0) {
      let any = false;
      for (const stream of [...streams]) {
        const jobs = await activateJobs(this.core, {
          type,
          worker: stream.worker,
          timeout: stream.timeout,
          maxJobs: STREAM_BATCH,
          fetchVariable: stream.fetchVariable,
        });
        const returned = jobs.filter((job) => !stream.push(job)).map((job) => job.key);
        await yieldJobs(this.core, returned);
        any ||= jobs.length > returned.length;
      }
      // rotate so the next batch starts with another stream
      const first = streams.shift();
      if (first) streams.push(first);
      if (any) return true;
    }
    const parked = this.polls.get(type)?.[0];
    if (!parked) return false;
    const jobs = await activateJobs(this.core, parked.request);
    if (jobs.length === 0) return false;
    this.unpark(parked);
    if (!parked.deliver(jobs))
      await yieldJobs(
        this.core,
        jobs.map((j) => j.key),
      );
    return true;
  }
}
