import { Watchpoints, type Watchpoint } from '../../emulator/debug/watchpoints.ts';
import type { Arch } from './machine.ts';

/**
 * The debugger's window onto the emulator, beside machine.ts (DESIGN.md import rule: only
 * kernel/arch touches emulator internals). It re-exports the gdb stub's target interface for
 * kernel/debug and loads one address space's breakpoints and watchpoints into the CPU and MMU.
 * Breakpoints are CPU-side address checks and never patch guest memory, so copy-on-write frames
 * stay shared while a debugger is attached.
 */
export type { DebugTarget, StopReason } from '../../emulator/debug/gdb/target.ts';
export {
  Z_ACCESS_WATCH, Z_HW_BREAK, Z_READ_WATCH, Z_SW_BREAK, Z_WRITE_WATCH,
} from '../../emulator/debug/gdb/target.ts';
export type { Watchpoint } from '../../emulator/debug/watchpoints.ts';

/** The CPU's host breakpoint set and the MMU's watchpoint list, switched per address space. */
export class DebugPoints {
  private readonly watch: Watchpoints;
  private loadedBreaks: ReadonlySet<number> | undefined;
  private loadedWatches: readonly Watchpoint[] | undefined;

  constructor(private readonly arch: Arch) {
    this.watch = new Watchpoints(arch.debugCpu);
  }

  /**
   * Makes `breaks` and `watches` the live sets (those of the space about to run). Cheap when they
   * are the ones already loaded; the TLB is flushed only when a watchpoint list changes, since
   * watched pages must take the MMU's slow path.
   */
  load(breaks: ReadonlySet<number> | undefined, watches: readonly Watchpoint[] | undefined): void {
    const cpu = this.arch.debugCpu;
    if (breaks !== this.loadedBreaks || (breaks !== undefined && breaks.size !== cpu.breakpoints.size)) {
      cpu.breakpoints.clear();
      if (breaks !== undefined) for (const a of breaks) cpu.breakpoints.add(a >>> 0);
      this.loadedBreaks = breaks;
    }
    const wl = watches !== undefined && watches.length > 0 ? watches : undefined;
    const cur = this.watch.list;
    const same = wl === undefined ? cur.length === 0
      : wl === this.loadedWatches && cur.length === wl.length && wl.every((w, i) => cur[i] === w);
    if (same) return;
    cur.length = 0;
    if (wl === undefined) {
      this.arch.debugCpu.mmu.watcher = undefined;
      this.arch.flushTlb();
    } else {
      for (const w of wl) this.watch.add(w);
    }
    this.loadedWatches = wl;
  }

  /** Forces the next load() to reload the CPU's sets (after the caller edited them in place). */
  invalidate(): void {
    this.loadedBreaks = undefined;
    this.loadedWatches = undefined;
    this.arch.debugCpu.breakpoints.clear();
    this.watch.list.length = 0;
    this.arch.debugCpu.mmu.watcher = undefined;
  }

  /** The watchpoint the last 'debug' event with watch = true hit, and the address touched. */
  lastWatchHit(): { w: Watchpoint; addr: number } | undefined {
    const w = this.watch.hit;
    return w === undefined ? undefined : { w, addr: this.watch.hitAddr >>> 0 };
  }

  /** Lets the next run start at the loaded context's pc without stopping at a breakpoint there. */
  skipBreakpointOnce(): void {
    this.arch.debugCpu.resumeFromBreakpoint();
  }

  /**
   * Lets the next run execute the instruction at the loaded context's pc with watchpoints muted
   * (a watchpoint stops before the access; resuming must let that access happen once).
   */
  skipWatchpointOnce(): void {
    this.arch.debugCpu.resumeFromWatchpoint();
  }
}
