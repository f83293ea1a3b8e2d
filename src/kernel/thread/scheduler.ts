import type { Tcb } from './tcb.ts';

/** Instructions per unit of priority: a priority-4 thread runs 40,000 instructions per slice. */
export const SLICE_UNIT = 10_000;

/**
 * Preemptive round robin by instruction count (DESIGN.md "Determinism"): a FIFO of runnable
 * threads; each runs for priority × SLICE_UNIT instructions, then goes to the back. The slice is
 * proportional to priority as in Codezero's 100 × prio / Σprio ticks, without host time.
 *
 * Invariants:
 *  1. The run order is `head` (when set), then `ring` oldest first; a thread appears at most once.
 *  2. `head` holds the thread a rendezvous woke (enqueueFront), so the IPC hand-off, which puts a
 *     receiver first and takes it next, touches no array; `ring` makes the rest O(1) at both ends.
 */
export class Scheduler {
  private head: Tcb | undefined = undefined;
  /** The rest of the queue: a ring of `count` threads from `start` (capacity a power of two). */
  private ring: (Tcb | undefined)[] = new Array<Tcb | undefined>(16).fill(undefined);
  private start = 0;
  private count = 0;

  /** Appends `t` (RUNNABLE, not queued) to the back of the run queue. */
  enqueue(t: Tcb): void {
    if (t.sliceLeft <= 0) t.sliceLeft = t.priority * SLICE_UNIT;
    if (this.count === this.ring.length) this.grow();
    this.ring[(this.start + this.count) & (this.ring.length - 1)] = t;
    this.count++;
  }

  /** Puts `t` first: the thread a rendezvous woke runs next (sched_resume_sync). */
  enqueueFront(t: Tcb): void {
    if (t.sliceLeft <= 0) t.sliceLeft = t.priority * SLICE_UNIT;
    const h = this.head;
    if (h !== undefined) {
      if (this.count === this.ring.length) this.grow();
      this.start = (this.start - 1) & (this.ring.length - 1);
      this.ring[this.start] = h;
      this.count++;
    }
    this.head = t;
  }

  /** Removes `t` wherever it is queued. */
  remove(t: Tcb): void {
    if (this.head === t) {
      this.head = undefined;
      return;
    }
    const ring = this.ring;
    const mask = ring.length - 1;
    let j = 0;
    while (j < this.count && ring[(this.start + j) & mask] !== t) j++;
    if (j === this.count) return;
    for (; j < this.count - 1; j++) ring[(this.start + j) & mask] = ring[(this.start + j + 1) & mask];
    ring[(this.start + j) & mask] = undefined;
    this.count--;
  }

  /** The next thread to run, removed from the queue, or undefined. */
  next(): Tcb | undefined {
    const h = this.head;
    if (h !== undefined) {
      this.head = undefined;
      return h;
    }
    if (this.count === 0) return undefined;
    const t = this.ring[this.start];
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) & (this.ring.length - 1);
    this.count--;
    return t;
  }

  /** True when `t` is queued. */
  has(t: Tcb): boolean {
    if (this.head === t) return true;
    const ring = this.ring;
    const mask = ring.length - 1;
    for (let j = 0; j < this.count; j++) if (ring[(this.start + j) & mask] === t) return true;
    return false;
  }

  get length(): number {
    return (this.head !== undefined ? 1 : 0) + this.count;
  }

  /** Doubles the ring, unrolling it to start at 0. */
  private grow(): void {
    const old = this.ring;
    const ring = new Array<Tcb | undefined>(old.length * 2).fill(undefined);
    for (let j = 0; j < this.count; j++) ring[j] = old[(this.start + j) & (old.length - 1)];
    this.ring = ring;
    this.start = 0;
  }
}
