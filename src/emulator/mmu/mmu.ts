import type { Bus } from '../bus/bus.ts';
import { CP15_FLUSH_ENTRY, CP15_FLUSH_TLB, SCTLR_A, type Cp15 } from '../cp15/cp15.ts';
import { EV_DATA_ABORT, EV_WATCHPOINT } from '../cpu/events.ts';
import { fcseMva, FSR_ALIGNMENT, newWalkOut, walk, type WalkOut } from './walk.ts';

/** What the MMU signals into: the CPU's stop flag and event code. */
export interface AbortSink {
  stop: boolean;
  event: number;
}

/** Host hooks on memory traffic (debugger watchpoints); absent in normal runs. */
export interface AccessWatcher {
  /**
   * Called for data accesses to watched pages (after translation succeeded) and for whole
   * multi-word stores (watchRange); returns true to abort the access: the instruction then stops
   * before it takes effect.
   */
  onAccess(va: number, size: number, write: boolean): boolean;
  /** True when the 4 KB page holding `va` has a watchpoint (it is then never cached in the TLB). */
  watches(va: number): boolean;
}

const TLB_BITS = 12;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;

/**
 * Guest memory access through the MMU with a direct-mapped software TLB.
 *
 * Invariants:
 *  1. A TLB entry (tag = VA >>> 12, off = PA - VA of the page) exists only for a 4 KB page that maps
 *     RAM contiguously and allows the access kind (read or write) at that privilege on every byte.
 *     Device pages, tiny pages and mixed-AP small pages always take the slow path.
 *  2. Four TLBs: user read, user write, privileged read, privileged write. `rTag/rOff/wTag/wOff`
 *     point at the pair for the current privilege. Instruction fetch uses the read TLB (ARMv5 has
 *     no execute permission).
 *  3. No write entry exists for a physical page that holds decoded instructions (`codePages`), so
 *     every store to such a page reaches writeSlow(), which invalidates the decoded copy first.
 *  4. Entries are dropped whenever SCTLR, TTBR, DACR or the FCSE PID change, on c8 TLB operations,
 *     and when the host calls flushTlb() after editing page tables in RAM.
 *  5. On a fault the access returns 0 (or does nothing), `faulted` becomes true, DFSR/FAR are set and
 *     the sink is stopped with EV_DATA_ABORT; the instruction must not commit any state after that.
 *     A watched access (watcher.onAccess true, `watchMuted` clear) aborts the same way with
 *     EV_WATCHPOINT and leaves DFSR/FAR alone: the CPU stops before the instruction, never in the
 *     guest's abort handler. Multi-word stores ask watchRange() first, so no word of them lands.
 *  6. Entries are tagged by VA (before FCSE relocation), so a PID change must flush them all, and a
 *     by-MVA invalidation drops both the VA equal to the MVA and the VA the PID relocates onto it.
 *  7. A hardware TLB holds a section or large page as one entry, which one by-MVA invalidation
 *     removes whole; czemu caches such mappings as 4 KB slices, so while any slice of a mapping
 *     larger than 4 KB is cached (`blockCached`), flushTlbEntry() drops every entry of the 1 MB
 *     region around the MVA. Dropping more than asked is always allowed; keeping a stale slice is not.
 *
 * Fault registers: DFSR as walk() reports it; FAR holds the MVA (the TRM's "MVA of the access
 * causing the abort"), which differs from the VA only under a non-zero FCSE PID. Prefetch aborts
 * set IFSR and leave FAR alone (ARM926EJ-S has no IFAR).
 */
export class Mmu {
  readonly bus: Bus;
  readonly cp15: Cp15;
  readonly ram32: Int32Array;
  readonly ram16: Uint16Array;
  readonly ram8: Uint8Array;
  private readonly ramSize: number;

  private readonly tagUR = new Int32Array(TLB_SIZE).fill(-1);
  private readonly offUR = new Int32Array(TLB_SIZE);
  private readonly tagUW = new Int32Array(TLB_SIZE).fill(-1);
  private readonly offUW = new Int32Array(TLB_SIZE);
  private readonly tagPR = new Int32Array(TLB_SIZE).fill(-1);
  private readonly offPR = new Int32Array(TLB_SIZE);
  private readonly tagPW = new Int32Array(TLB_SIZE).fill(-1);
  private readonly offPW = new Int32Array(TLB_SIZE);
  rTag: Int32Array;
  rOff: Int32Array;
  wTag: Int32Array;
  wOff: Int32Array;
  /** True while accesses use user permissions (USR mode, LDRT/STRT). */
  user = false;
  alignCheck = false;

  /** One flag per 4 KB RAM page: 1 while the CPU holds decoded instructions from it. */
  readonly codePages: Uint8Array;
  /** Called before a store changes a page in `codePages`; the flag is cleared by the callee. */
  onCodeWrite: (ppn: number) => void = () => {};

  sink: AbortSink = { stop: false, event: 0 };
  faulted = false;
  watcher: AccessWatcher | undefined = undefined;
  /** Set while the CPU re-executes the instruction a watchpoint stopped (resuming past it). */
  watchMuted = false;
  private readonly out: WalkOut = newWalkOut();
  /** True while a slice of a section or large page may be cached (invariant 7). */
  private blockCached = false;

  constructor(bus: Bus, cp15: Cp15) {
    this.bus = bus;
    this.cp15 = cp15;
    this.ram32 = bus.ram.i32;
    this.ram16 = bus.ram.u16;
    this.ram8 = bus.ram.u8;
    this.ramSize = bus.ram.size;
    this.codePages = new Uint8Array(bus.ram.size >>> 12);
    this.rTag = this.tagPR;
    this.rOff = this.offPR;
    this.wTag = this.tagPW;
    this.wOff = this.offPW;
  }

  /** Selects user or privileged permissions for subsequent accesses. */
  setUser(user: boolean): void {
    this.user = user;
    if (user) {
      this.rTag = this.tagUR;
      this.rOff = this.offUR;
      this.wTag = this.tagUW;
      this.wOff = this.offUW;
    } else {
      this.rTag = this.tagPR;
      this.rOff = this.offPR;
      this.wTag = this.tagPW;
      this.wOff = this.offPW;
    }
  }

  /** Drops every cached translation; the host calls this after editing page tables. */
  flushTlb(): void {
    this.tagUR.fill(-1);
    this.tagUW.fill(-1);
    this.tagPR.fill(-1);
    this.tagPW.fill(-1);
    this.blockCached = false;
    this.alignCheck = (this.cp15.sctlr & SCTLR_A) !== 0;
  }

  /**
   * Drops every cached translation of modified virtual address `mva` (c8 by-MVA operations), as a
   * hardware TLB would: the whole section or large page holding it, under any FCSE relocation.
   */
  flushTlbEntry(mva: number): void {
    mva >>>= 0;
    this.dropVa(mva);
    const pid = this.cp15.fcsePid;
    if (pid !== 0 && ((mva & 0xfe000000) >>> 0) === pid) this.dropVa(mva & 0x01ffffff);
  }

  /** Drops the entries for the 4 KB page of `va`, or of its 1 MB region (invariant 7). */
  private dropVa(va: number): void {
    if (!this.blockCached) {
      this.dropVpn(va >>> 12);
      return;
    }
    const first = (va >>> 20) << 8;
    for (let vpn = first; vpn < first + 256; vpn++) this.dropVpn(vpn);
  }

  private dropVpn(vpn: number): void {
    const i = vpn & TLB_MASK;
    if (this.tagUR[i] === vpn) this.tagUR[i] = -1;
    if (this.tagUW[i] === vpn) this.tagUW[i] = -1;
    if (this.tagPR[i] === vpn) this.tagPR[i] = -1;
    if (this.tagPW[i] === vpn) this.tagPW[i] = -1;
  }

  /** Applies what a CP15 write asked for (CP15_FLUSH_*). */
  afterCp15Write(action: number): void {
    if (action === CP15_FLUSH_TLB) this.flushTlb();
    else if (action === CP15_FLUSH_ENTRY) this.flushTlbEntry(this.cp15.lastMva);
  }

  /**
   * Marks physical page `ppn` as holding decoded code and removes write entries that point at it,
   * so that stores to it are seen (invariant 3).
   */
  markCode(ppn: number): void {
    if (this.codePages[ppn] === 1) return;
    this.codePages[ppn] = 1;
    for (const [tag, off] of [[this.tagUW, this.offUW], [this.tagPW, this.offPW]] as const) {
      for (let i = 0; i < TLB_SIZE; i++) {
        const t = tag[i]!;
        if (t !== -1 && ((((t << 12) + off[i]!) | 0) >>> 12) === ppn) tag[i] = -1;
      }
    }
  }

  // ---- data accesses at the current privilege ------------------------------------------------

  /** Reads the aligned word containing `va` (the caller rotates for unaligned LDR). */
  read32(va: number): number {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn && ((va & 3) === 0 || !this.alignCheck)) {
      return this.ram32[((va + this.rOff[i]!) | 0) >>> 2]!;
    }
    return this.readSlow(va, 4);
  }

  /** Reads the halfword containing `va` (bit 0 ignored unless alignment checking is on). */
  read16(va: number): number {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn && ((va & 1) === 0 || !this.alignCheck)) {
      return this.ram16[((va + this.rOff[i]!) | 0) >>> 1]!;
    }
    return this.readSlow(va, 2);
  }

  /** Reads the byte at `va`. */
  read8(va: number): number {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn) return this.ram8[(va + this.rOff[i]!) | 0]!;
    return this.readSlow(va, 1);
  }

  /** Writes the aligned word containing `va`. */
  write32(va: number, value: number): void {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn && ((va & 3) === 0 || !this.alignCheck)) {
      this.ram32[((va + this.wOff[i]!) | 0) >>> 2] = value;
      return;
    }
    this.writeSlow(va, value, 4);
  }

  /** Writes the halfword containing `va`. */
  write16(va: number, value: number): void {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn && ((va & 1) === 0 || !this.alignCheck)) {
      this.ram16[((va + this.wOff[i]!) | 0) >>> 1] = value;
      return;
    }
    this.writeSlow(va, value, 2);
  }

  /** Writes the byte at `va`. */
  write8(va: number, value: number): void {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn) {
      this.ram8[(va + this.wOff[i]!) | 0] = value;
      return;
    }
    this.writeSlow(va, value, 1);
  }

  /**
   * Translates an instruction fetch at `va`: the physical address, or -1 after recording the
   * prefetch abort's status in IFSR (ARMv5 leaves FAR alone on prefetch aborts).
   */
  translateFetch(va: number): number {
    const vpn = va >>> 12;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn) return (va + this.rOff[i]!) | 0;
    const out = this.out;
    if (!walk(this.bus, this.cp15, va, false, this.user, out)) {
      this.cp15.ifsr = out.fsr;
      return -1;
    }
    this.fill(vpn, out, false);
    return out.pa;
  }

  /**
   * Translates `va` without side effects on fault registers, for the host (kernel, debugger):
   * the physical address or -1. `write` and `user` pick the permission checked.
   */
  probe(va: number, write: boolean, user: boolean, out: WalkOut = this.out): number {
    return walk(this.bus, this.cp15, va, write, user, out) ? out.pa : -1;
  }

  /**
   * For stores of several words (STM, PUSH, STRD): true, after aborting the instruction with
   * EV_WATCHPOINT, when a watchpoint covers any byte of [va, va+bytes); call only while `watcher`
   * is set. Checked before the first word is stored, so an aborted store leaves memory untouched.
   */
  watchRange(va: number, bytes: number, write: boolean): boolean {
    if (this.watchMuted || !this.watcher!.onAccess(va >>> 0, bytes, write)) return false;
    this.watchAbort();
    return true;
  }

  // ---- slow paths ------------------------------------------------------------------------------

  private watchAbort(): void {
    this.faulted = true;
    this.sink.stop = true;
    this.sink.event = EV_WATCHPOINT;
  }

  private fault(va: number, fsr: number): void {
    this.cp15.dfsr = fsr;
    this.cp15.far = fcseMva(va, this.cp15.fcsePid);
    this.faulted = true;
    this.sink.stop = true;
    this.sink.event = EV_DATA_ABORT;
  }

  private fill(vpn: number, out: WalkOut, write: boolean): void {
    if (!out.whole4k || out.pa >= this.ramSize) return;
    if (this.watcher !== undefined && this.watcher.watches(vpn << 12)) return;
    const ppn = out.pa >>> 12;
    if (write && this.codePages[ppn] === 1) return;
    if (out.blockShift > 12) this.blockCached = true;
    const i = vpn & TLB_MASK;
    const off = ((ppn << 12) - (vpn << 12)) | 0;
    if (write) {
      this.wTag[i] = vpn;
      this.wOff[i] = off;
    } else {
      this.rTag[i] = vpn;
      this.rOff[i] = off;
    }
  }

  private readSlow(va: number, size: 1 | 2 | 4): number {
    if (this.alignCheck && (va & (size - 1)) !== 0) {
      this.fault(va, FSR_ALIGNMENT);
      return 0;
    }
    const out = this.out;
    if (!walk(this.bus, this.cp15, va, false, this.user, out)) {
      this.fault(va, out.fsr);
      return 0;
    }
    if (this.watcher !== undefined && !this.watchMuted && this.watcher.onAccess(va >>> 0, size, false)) {
      this.watchAbort();
      return 0;
    }
    this.fill(va >>> 12, out, false);
    return this.bus.read(size === 1 ? out.pa : (out.pa & -size) >>> 0, size);
  }

  private writeSlow(va: number, value: number, size: 1 | 2 | 4): void {
    if (this.alignCheck && (va & (size - 1)) !== 0) {
      this.fault(va, FSR_ALIGNMENT);
      return;
    }
    const out = this.out;
    if (!walk(this.bus, this.cp15, va, true, this.user, out)) {
      this.fault(va, out.fsr);
      return;
    }
    if (this.watcher !== undefined && !this.watchMuted && this.watcher.onAccess(va >>> 0, size, true)) {
      this.watchAbort();
      return;
    }
    const pa = size === 1 ? out.pa : (out.pa & -size) >>> 0;
    if (pa < this.ramSize && this.codePages[pa >>> 12] === 1) this.onCodeWrite(pa >>> 12);
    this.fill(va >>> 12, out, true);
    this.bus.write(pa, value, size);
  }
}
