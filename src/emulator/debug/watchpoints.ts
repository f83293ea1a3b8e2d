import type { Cpu } from '../cpu/cpu.ts';
import type { AccessWatcher } from '../mmu/mmu.ts';

/** One data watchpoint: [addr, addr+len) for writes, reads or both. */
export interface Watchpoint {
  kind: 'watch' | 'rwatch' | 'awatch';
  addr: number;
  len: number;
}

/**
 * Data watchpoints on virtual addresses, checked by the MMU's slow path: pages holding one are
 * never cached in the soft TLB, so every access to them is seen. A hit aborts the accessing
 * instruction before it takes effect (as a data abort would, but the CPU exits with kind
 * 'watchpoint' instead of entering the guest's handler): pc stays at that instruction, memory and
 * registers are as before it, and gdb shows the old value until it steps the instruction.
 */
export class Watchpoints implements AccessWatcher {
  readonly list: Watchpoint[] = [];
  /** The last hit, for the stop reply. */
  hit: Watchpoint | undefined;
  hitAddr = 0;

  constructor(private readonly cpu: Cpu) {}

  /** Adds a watchpoint and drops cached translations so its page takes the slow path. */
  add(w: Watchpoint): void {
    this.list.push(w);
    this.cpu.mmu.watcher = this;
    this.cpu.mmu.flushTlb();
  }

  /** Removes a matching watchpoint; false when none matched. */
  remove(kind: Watchpoint['kind'], addr: number, len: number): boolean {
    const i = this.list.findIndex((w) => w.kind === kind && w.addr === addr && w.len === len);
    if (i < 0) return false;
    this.list.splice(i, 1);
    if (this.list.length === 0) this.cpu.mmu.watcher = undefined;
    return true;
  }

  /** True when the 4 KB page of `va` holds a watched byte. */
  watches(va: number): boolean {
    const page = va >>> 12;
    return this.list.some((w) => page >= w.addr >>> 12 && page <= (w.addr + w.len - 1) >>> 12);
  }

  /** Called by the MMU for accesses to watched pages; records a hit and asks to abort it. */
  onAccess(va: number, size: number, write: boolean): boolean {
    for (const w of this.list) {
      if (va < w.addr + w.len && w.addr < va + size) {
        const match = w.kind === 'awatch' || (w.kind === 'watch') === write;
        if (match) {
          this.hit = w;
          this.hitAddr = Math.max(va, w.addr);
          return true;
        }
      }
    }
    return false;
  }
}
