import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { executeRun, type RunJob, type RunRecord } from './execute.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/**
 * Where runs execute: a pool of worker threads running dist/worker.js, or the calling thread.
 *
 * Worker threads need JavaScript they can load. The bundle has it (scripts/build.mjs writes
 * dist/worker.js beside dist/czemu.js); running from the TypeScript sources (vitest, tsx) there
 * is no loadable worker file under Node 20, so runs happen in-process, one at a time, with the
 * same results: a run is a pure function of its job.
 */

export interface Executor {
  /** Worker threads in use; 0 when runs happen in the calling thread. */
  readonly threads: number;
  /** Runs `job` once; never rejects (a crashed worker comes back as a record with `error`). */
  run(job: RunJob): Promise<RunRecord>;
  /** Stops the workers; the executor cannot be used afterwards. */
  close(): Promise<void>;
}

/**
 * The worker script next to this module when it is bundled JavaScript (dist/czemu.js ->
 * dist/worker.js), or undefined when running from the sources or the file is missing.
 */
export function workerEntry(): URL | undefined {
  const here = import.meta.url;
  if (!here.endsWith('.js')) return undefined;
  const url = new URL('./worker.js', here);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * An executor for up to `threads` parallel runs: a worker pool when a worker script is
 * available (see workerEntry), else in-process. `threads` must be at least 1.
 */
export function createExecutor(threads: number, entry: URL | undefined = workerEntry()): Executor {
  return entry === undefined ? inProcessExecutor() : new WorkerPool(entry, threads);
}

/** Runs jobs in the calling thread, one at a time, yielding to the event loop between them. */
export function inProcessExecutor(): Executor {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    threads: 0,
    run(job) {
      // setImmediate lets progress output and other callbacks through between runs.
      const next = chain.then(() => new Promise<void>((r) => setImmediate(r))).then(() => executeRun(job));
      chain = next;
      return next;
    },
    close: () => Promise.resolve(),
  };
}

interface Pending {
  readonly id: number;
  readonly job: RunJob;
  readonly resolve: (r: RunRecord) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
}

/** Worker threads started on demand, each running one job at a time from a shared queue. */
class WorkerPool implements Executor {
  readonly threads: number;
  private readonly entry: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(entry: URL, threads: number) {
    this.entry = entry;
    this.threads = threads;
  }

  run(job: RunJob): Promise<RunRecord> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Hands queued jobs to idle workers, starting workers up to the limit. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.busy === undefined);
      if (slot === undefined && this.slots.length < this.threads) slot = this.spawn();
      if (slot === undefined) return;
      const p = this.queue.shift()!;
      slot.busy = p;
      const req: WorkerRequest = { id: p.id, job: p.job };
      slot.worker.postMessage(req);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.entry), busy: undefined };
    this.slots.push(slot);
    slot.worker.on('message', (msg: WorkerReply) => {
      const p = slot.busy;
      if (p === undefined || p.id !== msg.id) return;
      slot.busy = undefined;
      p.resolve(msg.record);
      this.pump();
    });
    // A worker that dies (out of memory, a host bug outside executeRun) fails its job, not the suite.
    const died = (why: string): void => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const p = slot.busy;
      slot.busy = undefined;
      if (p !== undefined) {
        const error = `worker thread died: ${why}`;
        p.resolve({ transcript: new Uint8Array(0), status: -1, outcome: error, clean: false, executed: 0, error, ms: 0 });
      }
      this.pump();
    };
    slot.worker.on('error', (e) => died(e.message.split('\n')[0]!));
    slot.worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }
}
