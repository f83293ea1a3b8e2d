import type { VmObject } from './object.ts';

/**
 * VM areas (4.4BSD vm_map_entry; Codezero's struct vm_area, §2.2) and the address space that holds
 * them. Unlike the original's unsorted list (bug A1), a space keeps its areas sorted by address and
 * never lets two overlap; lookups are binary searches.
 *
 *   flags share one bit space with objects, as in Codezero: VM_READ 1, VM_WRITE 2, VM_EXEC 4,
 *   VMA_SHARED 8, VMA_ANONYMOUS 16, VMA_PRIVATE 32, VMA_FIXED 64, VMA_GROWSDOWN 128
 *   (bit numbers of §2.2, values 1 << bit).
 *
 * The object chain of an area, front first, e.g. a private data area after two forks:
 *
 *   vma [0x10010000, 0x10012000)  fileOffset 16
 *    chain[0]  shadow#9  (writable: this space's copies)
 *       |orig
 *    chain[1]  shadow#4  (frozen at the first fork; shared with the child)
 *       |orig
 *    chain[2]  bootfile#2 (the image's own frames, never written)
 *
 * A page at address va is page (fileOffset + (va - start) / 4096) of every object in the chain;
 * the first object that holds it supplies it.
 */
export type VAddr = number;

export const VM_READ = 1 << 1;
export const VM_WRITE = 1 << 2;
export const VM_EXEC = 1 << 3;
export const VMA_SHARED = 1 << 4;
export const VMA_ANONYMOUS = 1 << 5;
export const VMA_PRIVATE = 1 << 6;
export const VMA_FIXED = 1 << 7;
export const VMA_GROWSDOWN = 1 << 8;

export class Vma {
  start: VAddr;
  end: VAddr;
  readonly flags: number;
  /** Page offset in the chain's objects of the page at `start`. */
  fileOffset: number;
  /** The object chain, front (newest shadow) first. */
  readonly chain: VmObject[];
  readonly space: VmSpace;

  constructor(space: VmSpace, start: VAddr, end: VAddr, flags: number, fileOffset: number, chain: VmObject[]) {
    this.space = space;
    this.start = start;
    this.end = end;
    this.flags = flags;
    this.fileOffset = fileOffset;
    this.chain = chain;
  }

  /** The object page offset of address `va` (inside the area). */
  offsetOf(va: VAddr): number {
    return this.fileOffset + (va - this.start) / 4096;
  }

  /** The address of object page `off`, or -1 when the area does not cover it. */
  addressOf(off: number): VAddr {
    const va = this.start + (off - this.fileOffset) * 4096;
    return va >= this.start && va < this.end ? va : -1;
  }

  get npages(): number {
    return (this.end - this.start) / 4096;
  }
}

/**
 * An address space as the pager sees it (Codezero's vm_area_head, shared by CLONE_VM threads):
 * the sorted areas and the threads using it (any of them names the kernel space in port calls).
 */
export class VmSpace {
  /** The kernel's space id (THREAD_COPY_SPACE and SAME_SPACE name the space by it). */
  readonly spid: number;
  readonly vmas: Vma[] = [];
  /** Threads that use this space; it is torn down when the last one leaves. */
  readonly tids = new Set<number>();
  /** The private mmap window [mapStart, mapEnd): after the image, below the stack. */
  mapStart = 0;
  mapEnd = 0;

  constructor(spid: number) {
    this.spid = spid;
  }

  /** A live thread of the space (for port calls that name a space by a tid). */
  anyTid(): number {
    for (const t of this.tids) return t;
    return -1;
  }

  /** Index of the first area whose end is above `va`. */
  private lowerBound(va: VAddr): number {
    let lo = 0;
    let hi = this.vmas.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.vmas[mid]!.end <= va) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The area holding `va`, or undefined. */
  find(va: VAddr): Vma | undefined {
    const v = this.vmas[this.lowerBound(va)];
    return v !== undefined && v.start <= va ? v : undefined;
  }

  /** Areas intersecting [start, end), in address order. */
  intersecting(start: VAddr, end: VAddr): Vma[] {
    const out: Vma[] = [];
    for (let i = this.lowerBound(start); i < this.vmas.length && this.vmas[i]!.start < end; i++) {
      out.push(this.vmas[i]!);
    }
    return out;
  }

  /** True when [start, end) is free of areas. */
  isFree(start: VAddr, end: VAddr): boolean {
    return this.intersecting(start, end).length === 0;
  }

  /** Inserts `v` in address order. Precondition: its range is free (throws otherwise). */
  insert(v: Vma): void {
    if (v.start >= v.end || !this.isFree(v.start, v.end)) {
      throw new Error(`pager: vma [0x${v.start.toString(16)}, 0x${v.end.toString(16)}) overlaps`);
    }
    this.vmas.splice(this.lowerBound(v.start), 0, v);
  }

  /** Removes `v` from the list (its links are the caller's business). */
  remove(v: Vma): void {
    const i = this.vmas.indexOf(v);
    if (i >= 0) this.vmas.splice(i, 1);
  }

  /**
   * The lowest free range of `npages` pages inside [lo, hi) that also avoids `avoid` (global
   * reservations such as shm segment addresses); -1 when none (first fit, lowest first).
   */
  findFree(npages: number, lo: VAddr, hi: VAddr, avoid: readonly { start: VAddr; end: VAddr }[] = []): VAddr {
    const size = npages * 4096;
    const busy = [...this.intersecting(lo, hi), ...avoid.filter((r) => r.start < hi && lo < r.end)]
      .sort((a, b) => a.start - b.start);
    let at = lo;
    for (const r of busy) {
      if (r.start >= at + size) break;
      if (r.end > at) at = r.end;
    }
    return at + size <= hi ? at : -1;
  }

  /** The highest free range of `npages` pages inside [lo, hi) (top-down first fit); -1 if none. */
  findFreeTop(npages: number, lo: VAddr, hi: VAddr, avoid: readonly { start: VAddr; end: VAddr }[] = []): VAddr {
    const size = npages * 4096;
    const busy = [...this.intersecting(lo, hi), ...avoid.filter((r) => r.start < hi && lo < r.end)]
      .sort((a, b) => b.end - a.end);
    let top = hi;
    for (const r of busy) {
      if (r.end <= top - size) break;
      if (r.start < top) top = r.start;
    }
    return top - size >= lo ? top - size : -1;
  }
}

/** Adds `v` to the links of every object in its chain. */
export function linkChain(v: Vma): void {
  for (const o of v.chain) o.links.add(v);
}
