import { parentPort } from 'node:worker_threads';
import { executeRun, type RunJob, type RunRecord } from './execute.ts';

/**
 * The worker-thread entry of `czemu test` (bundled as dist/worker.js): receives one RunJob at a
 * time as { id, job }, answers { id, record }. Jobs run one after another, so the emulator has
 * the thread to itself.
 */

export interface WorkerRequest {
  readonly id: number;
  readonly job: RunJob;
}

export interface WorkerReply {
  readonly id: number;
  readonly record: RunRecord;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (msg: WorkerRequest) => {
    void executeRun(msg.job).then((record) => {
      const reply: WorkerReply = { id: msg.id, record };
      port.postMessage(reply, [record.transcript.buffer as ArrayBuffer]);
    });
  });
}
