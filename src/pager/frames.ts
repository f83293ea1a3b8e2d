/**
 * Physical frames the pager hands out, with reference counts (xv6 kalloc plus counts, as 4.4BSD's
 * vm_page wire/ref counts): a frame is free again when its last reference goes. Frames are handed
 * out lowest address first, and freed ones are reused lowest first, so runs are deterministic.
 */
export class FrameAllocator {
  private readonly start: number;
  private readonly end: number;
  private readonly refs: Uint16Array;
  private next: number;
  /** Frames below `next` that are free again, and the lowest index that may be one. */
  private freedCount = 0;
  private lowestFreed = 0;
  /** Frames currently referenced (leak checks). */
  inUse = 0;

  /** Manages the frames of physical [start, end) (page-aligned). */
  constructor(start: number, end: number) {
    this.start = Math.ceil(start / 4096) * 4096;
    this.end = end & ~0xfff;
    this.next = this.start;
    this.refs = new Uint16Array(Math.max(0, (this.end - this.start) / 4096));
  }

  /** A free frame with one reference, or -1 when memory is exhausted. The caller zeroes it. */
  alloc(): number {
    let pa: number;
    if (this.freedCount > 0) {
      let i = this.lowestFreed;
      while (this.refs[i] !== 0) i++;
      this.lowestFreed = i + 1;
      this.freedCount--;
      pa = this.start + i * 4096;
    } else {
      if (this.next >= this.end) return -1;
      pa = this.next;
      this.next += 4096;
    }
    this.refs[(pa - this.start) / 4096] = 1;
    this.inUse++;
    return pa;
  }

  /** True when `pa` is a frame of this allocator. */
  owns(pa: number): boolean {
    return pa >= this.start && pa < this.end;
  }

  /** Adds a reference to allocated frame `pa` (a page now shared). */
  ref(pa: number): void {
    this.refs[(pa - this.start) / 4096]!++;
  }

  /** Drops a reference; the frame is free again when none is left. */
  unref(pa: number): void {
    const i = (pa - this.start) / 4096;
    if (this.refs[i] === 0) throw new Error(`pager: frame 0x${pa.toString(16)} freed twice`);
    if (--this.refs[i]! === 0) {
      this.inUse--;
      // Reuse stays lowest-first: alloc scans up from the lowest freed index.
      this.freedCount++;
      if (i < this.lowestFreed) this.lowestFreed = i;
    }
  }

  /** References held on `pa`. */
  refCount(pa: number): number {
    return this.refs[(pa - this.start) / 4096] ?? 0;
  }
}
