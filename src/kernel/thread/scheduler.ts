import type { Tcb } from './tcb.ts';

/** Instructions per unit of priority: a priority-4 thread runs 40,000 instructions per slice. */
export const SLICE_UNIT = 10_000;

/**
 * Preemptive round robin by instruction count (DESIGN.md "Determinism"): a FIFO of runnable
 * threads; each runs for priority × SLICE_UNIT instructions, then goes to the back. The slice is
 * proportional to priority as in Codezero's 100 × prio / Σprio ticks, without host time.
 */
export class Scheduler {
  private readonly queue: Tcb[] = [];

  /** Appends `t` (RUNNABLE, not queued) to the back of the run queue. */
  enqueue(t: Tcb): void {
    if (t.sliceLeft <= 0) t.sliceLeft = t.priority * SLICE_UNIT;
    this.queue.push(t);
  }

  /** Puts `t` first: the thread a rendezvous woke runs next (sched_resume_sync). */
  enqueueFront(t: Tcb): void {
    if (t.sliceLeft <= 0) t.sliceLeft = t.priority * SLICE_UNIT;
    this.queue.unshift(t);
  }

  /** Removes `t` wherever it is queued. */
  remove(t: Tcb): void {
    const i = this.queue.indexOf(t);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** The next thread to run, removed from the queue, or undefined. */
  next(): Tcb | undefined {
    return this.queue.shift();
  }

  /** True when `t` is queued. */
  has(t: Tcb): boolean {
    return this.queue.includes(t);
  }

  get length(): number {
    return this.queue.length;
  }
}
