/**
 * A pool of ids (thread, space), 1024 each as in Codezero. allocate(req) gives `req` if it is in
 * range and was never handed out, else the lowest id never handed out; ids are never reused, so
 * tids only grow (ABI §2.3). Returns -1 when the pool is exhausted.
 */
export class IdPool {
  private readonly used: Uint8Array;

  constructor(size = 1024) {
    this.used = new Uint8Array(size);
  }

  /** Allocates an id as described above; -1 when none is left. */
  allocate(requested: number): number {
    if (Number.isInteger(requested) && requested >= 0 && requested < this.used.length
        && this.used[requested] === 0) {
      this.used[requested] = 1;
      return requested;
    }
    const id = this.used.indexOf(0);
    if (id >= 0) this.used[id] = 1;
    return id;
  }

  /** True when `id` was handed out. */
  isUsed(id: number): boolean {
    return id >= 0 && id < this.used.length && this.used[id] === 1;
  }
}
