import type { Arch, PAddr, VAddr } from '../arch/machine.ts';
import { coarseEntry, smallPage, userAccess } from './descriptors.ts';
import type { KernelPool } from './kpool.ts';
import { SHARED_SECTIONS } from './layout.ts';

/**
 * An address space: a first-level table in kernel-pool RAM that the MMU walks, plus the
 * second-level tables it owns. The shared regions (UART, KIP, vectors and syscall page) point at
 * second-level tables owned by the kernel and shared by every space (ABI §7.3); they are never
 * copied or freed with a space.
 *
 * Invariants:
 *  1. `l2[i]` is the physical address of the owned second-level table for section i, or 0; the
 *     first-level entry i is then coarseEntry(l2[i]) (or a shared table, or 0).
 *  2. Only small-page descriptors are ever written in owned tables.
 *  3. The caller flushes the TLB after any change while the space may be live (Kernel does it).
 */
export class AddressSpace {
  readonly spid: number;
  readonly l1: PAddr;
  private readonly arch: Arch;
  private readonly pool: KernelPool;
  private readonly l2 = new Map<number, PAddr>();
  /** Threads using this space (SAME_SPACE shares it); freed when the last one goes. */
  refs = 0;

  /** Allocates an empty space with the shared sections linked in (`shared`: section → L2 pa). */
  constructor(spid: number, arch: Arch, pool: KernelPool, shared: ReadonlyMap<number, PAddr>) {
    this.spid = spid;
    this.arch = arch;
    this.pool = pool;
    this.l1 = pool.allocL1();
    for (const [sec, l2] of shared) arch.write32(this.l1 + sec * 4, coarseEntry(l2));
  }

  /** The small-page descriptor for `va`, or 0 when there is no table or no mapping. */
  pte(va: VAddr): number {
    const l1e = this.arch.read32(this.l1 + (va >>> 20) * 4);
    if ((l1e & 3) !== 1) return 0;
    const pte = this.arch.read32((l1e & 0xfffffc00) + ((va >>> 12) & 0xff) * 4);
    return (pte & 3) === 2 ? pte : 0;
  }

  /** True when there is a second-level table for `va` (FSR 0x7 rather than 0x5 on a miss). */
  hasTable(va: VAddr): boolean {
    return (this.arch.read32(this.l1 + (va >>> 20) * 4) & 3) === 1;
  }

  /**
   * Maps the frame at `pa` at `va` with generic `flags` (validated by the caller), overwriting
   * any mapping, allocating the second-level table if needed. The caller keeps va out of the
   * shared sections. Throws KernelPoolExhausted.
   */
  map(va: VAddr, pa: PAddr, flags: number): void {
    const sec = va >>> 20;
    let l2 = this.l2.get(sec);
    if (l2 === undefined) {
      l2 = this.pool.allocL2();
      this.l2.set(sec, l2);
      this.arch.write32(this.l1 + sec * 4, coarseEntry(l2));
    }
    this.arch.write32(l2 + ((va >>> 12) & 0xff) * 4, smallPage(pa, flags));
  }

  /** Clears the mapping at `va`; returns false when there was none. */
  unmap(va: VAddr): boolean {
    const l2 = this.l2.get(va >>> 20);
    if (l2 === undefined) return false;
    const at = l2 + ((va >>> 12) & 0xff) * 4;
    if ((this.arch.read32(at) & 3) === 0) return false;
    this.arch.write32(at, 0);
    return true;
  }

  /** The physical address `va` maps to for a user access (`write`), or -1. */
  translate(va: VAddr, write: boolean): PAddr {
    const pte = this.pte(va);
    const access = userAccess(pte);
    if (access === 0 || (write && access !== 2)) return -1;
    return ((pte & 0xfffff000) | (va & 0xfff)) >>> 0;
  }

  /** True when some page of this space maps the frame holding `pa`. */
  mapsFrame(pa: PAddr): boolean {
    const frame = pa & 0xfffff000;
    for (const l2 of this.l2.values()) {
      for (let i = 0; i < 256; i++) {
        const pte = this.arch.read32(l2 + i * 4);
        if ((pte & 3) === 2 && ((pte & 0xfffff000) >>> 0) === frame >>> 0) return true;
      }
    }
    return false;
  }

  /**
   * Copies every owned second-level table of `src` into this (empty) space (THREAD_COPY_SPACE):
   * frames are shared and permissions kept; the pager arranged copy-on-write beforehand.
   */
  copyFrom(src: AddressSpace): void {
    for (const [sec, from] of src.l2) {
      const l2 = this.pool.allocL2();
      this.arch.copy(l2, from, 1024);
      this.l2.set(sec, l2);
      this.arch.write32(this.l1 + sec * 4, coarseEntry(l2));
    }
  }

  /** Frees the owned tables and the first-level table; the space must not be used again. */
  destroy(): void {
    for (const l2 of this.l2.values()) this.pool.freeL2Table(l2);
    this.l2.clear();
    this.pool.freeL1Table(this.l1);
  }
}

/** Builds the kernel-owned shared second-level tables, one per shared section. */
export function makeSharedTables(pool: KernelPool): Map<number, PAddr> {
  const m = new Map<number, PAddr>();
  for (const sec of SHARED_SECTIONS) m.set(sec, pool.allocL2());
  return m;
}
