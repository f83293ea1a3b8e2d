import {
  DebugPoints, Z_ACCESS_WATCH, Z_HW_BREAK, Z_READ_WATCH, Z_SW_BREAK, Z_WRITE_WATCH,
  type DebugTarget, type StopReason, type Watchpoint,
} from '../arch/debug.ts';
import { CTX_CPSR, CTX_PC, USER_CPSR, type KernelEvent } from '../arch/machine.ts';
import { FIRST_USER_TID, type Kernel } from '../kernel.ts';
import type { AddressSpace } from '../space/space.ts';
import type { Tcb } from '../thread/tcb.ts';
import type { KernelHooks } from './hooks.ts';
import { runMonitor, threadExtraInfo, userThreads } from './monitor.ts';
import { debugRead, debugWrite } from './pagetable.ts';

/** gdb's signal numbers (target-independent, as the remote protocol uses them). */
export const SIGINT = 2;
export const SIGTRAP = 5;
export const SIGKILL = 9;
export const SIGSTOP = 17;
/** Most instructions one step may run other threads for before giving up on `tid`. */
const STEP_CAP = 50_000_000;

/**
 * czemu's kernel as a gdb target: every emulated L4 thread (tid ≥ 2) is a gdb thread with the
 * same id. Install it as (part of) Kernel.hooks before running.
 *
 * Invariants:
 *  1. Registers and memory are read from saved state: between run() calls every thread's context
 *     is in its Tcb, and memory is read by walking its page tables (nothing is faulted in).
 *  2. Breakpoints and watchpoints are keyed by address space; beforeRun() loads the set of the
 *     space about to run into the CPU, so the CPU holds only the current thread's points and guest
 *     memory is never patched.
 *  3. A thread stopped at a breakpoint or watchpoint resumes past it once (`skip`), even if others
 *     ran between: a watchpoint stops before the access, so the instruction then runs with
 *     watchpoints muted, again after each fault it takes, until it completes.
 *  4. While stepping thread S, S runs one instruction at a time and the kernel stops after S
 *     executed one that did not fault (a faulting one is retried once the pager resolved it).
 */
export class KernelTarget implements DebugTarget, KernelHooks {
  private readonly points: DebugPoints;
  private readonly breaks = new Map<AddressSpace, Set<number>>();
  private readonly watches = new Map<AddressSpace, Watchpoint[]>();
  private last: StopReason;
  private pending: StopReason | undefined;
  private stepTid = -1;
  private skip: { tid: number; pc: number; watch: boolean } | undefined;
  /** Set once every task is gone (or the user killed the target). */
  exitStatus: number | undefined;

  constructor(private readonly k: Kernel, private readonly firstTid = FIRST_USER_TID) {
    this.points = new DebugPoints(k.arch);
    this.last = { signal: SIGTRAP, thread: userThreads(k)[0]?.tid ?? firstTid };
  }

  /** Live user threads, by tid. */
  threadIds(): number[] {
    return this.exitStatus === undefined ? userThreads(this.k).map((t) => t.tid) : [];
  }

  /** "task 3 (forktest) blocked receiving from 0". */
  threadExtraInfo(tid: number): string {
    return threadExtraInfo(this.k, tid);
  }

  private user(tid: number): Tcb | undefined {
    const t = this.k.thread(tid);
    return t === undefined || this.k.services.has(tid) || t.space === undefined ? undefined : t;
  }

  /** r0-r15 and CPSR from the thread's saved context. */
  registers(tid: number): number[] | undefined {
    const t = this.user(tid);
    return t === undefined ? undefined : Array.from(t.ctx, (v) => v >>> 0);
  }

  /** Sets a register in the saved context; the CPSR stays in user mode. */
  setRegister(tid: number, n: number, value: number): boolean {
    const t = this.user(tid);
    if (t === undefined || n < 0 || n > 16) return false;
    t.ctx[n] = n === CTX_CPSR ? (value & ~0x1f) | USER_CPSR : value | 0;
    return true;
  }

  /** Reads through the thread's page tables without faulting anything in. */
  readMemory(tid: number, addr: number, len: number): Uint8Array {
    const t = this.user(tid);
    return t === undefined ? Uint8Array.of() : debugRead(this.k.arch, t.space!.l1, addr, len);
  }

  /** Writes only to pages already mapped user read/write. */
  writeMemory(tid: number, addr: number, data: Uint8Array): boolean {
    const t = this.user(tid);
    return t !== undefined && debugWrite(this.k.arch, t.space!.l1, addr, data);
  }

  private spaceOf(tid: number | undefined): AddressSpace | undefined {
    const t = (tid !== undefined ? this.user(tid) : undefined) ?? this.user(this.last.thread)
      ?? userThreads(this.k)[0];
    return t?.space;
  }

  /** Drops points of spaces that no longer exist (a spid may be reused by a new space). */
  private prune(): void {
    const live = new Set(this.k.spaces.values());
    for (const sp of this.breaks.keys()) if (!live.has(sp)) this.breaks.delete(sp);
    for (const sp of this.watches.keys()) if (!live.has(sp)) this.watches.delete(sp);
  }

  /** Adds a point in the address space of `tid` (the selected thread). */
  insertPoint(type: number, addr: number, kind: number, tid?: number): boolean {
    const sp = this.spaceOf(tid);
    if (sp === undefined) return false;
    this.prune();
    addr >>>= 0;
    if (type === Z_SW_BREAK || type === Z_HW_BREAK) {
      let set = this.breaks.get(sp);
      if (set === undefined) this.breaks.set(sp, (set = new Set()));
      set.add(addr);
    } else {
      const w = watchOf(type, addr, kind);
      if (w === undefined) return false;
      let list = this.watches.get(sp);
      if (list === undefined) this.watches.set(sp, (list = []));
      list.push(w);
    }
    this.points.invalidate();
    return true;
  }

  /** Removes a point from the address space of `tid`. */
  removePoint(type: number, addr: number, kind: number, tid?: number): boolean {
    const sp = this.spaceOf(tid);
    if (sp === undefined) return false;
    addr >>>= 0;
    let ok = false;
    if (type === Z_SW_BREAK || type === Z_HW_BREAK) {
      ok = this.breaks.get(sp)?.delete(addr) ?? false;
    } else {
      const w = watchOf(type, addr, kind);
      const list = this.watches.get(sp) ?? [];
      const i = w === undefined ? -1 : list.findIndex((x) => x.kind === w.kind && x.addr === w.addr && x.len === w.len);
      if (i >= 0) list.splice(i, 1);
      ok = i >= 0;
    }
    this.points.invalidate();
    return ok;
  }

  /** Every breakpoint address of `tid`'s space (for `czemu debug`'s listing). */
  breakpointsOf(tid: number): number[] {
    const sp = this.spaceOf(tid);
    return sp === undefined ? [] : [...(this.breaks.get(sp) ?? [])];
  }

  // ---- KernelHooks ----------------------------------------------------------------------------

  /** Loads `t`'s space's points; one instruction at a time for the stepped thread. */
  beforeRun(t: Tcb, budget: number): number {
    const sp = t.space;
    this.points.load(sp && this.breaks.get(sp), sp && this.watches.get(sp));
    if (this.skip !== undefined && this.skip.tid === t.tid) {
      if (this.skip.pc === t.ctx[CTX_PC]! >>> 0) {
        this.points.skipBreakpointOnce();
        if (this.skip.watch) this.points.skipWatchpointOnce();
        else this.skip = undefined;
      } else {
        this.skip = undefined;
      }
    }
    if (t.tid === this.stepTid) {
      this.points.skipBreakpointOnce();
      return 1;
    }
    return budget;
  }

  /** Turns breakpoint/watchpoint events and a finished step into a kernel stop. */
  afterRun(t: Tcb, ev: KernelEvent, n: number): void {
    // A muted instruction that faulted (n = 1) is retried muted; once it completed, the skip ends.
    if (this.skip?.tid === t.tid && (ev.kind !== 'fault' || n > 1)) this.skip = undefined;
    if (ev.kind === 'debug') {
      const hit = ev.watch ? this.points.lastWatchHit() : undefined;
      if (hit !== undefined) {
        this.pending = { signal: SIGTRAP, thread: t.tid, watch: { kind: hit.w.kind, addr: hit.addr } };
        this.skip = { tid: t.tid, pc: ev.pc, watch: true };
      } else {
        this.pending = { signal: SIGTRAP, thread: t.tid, breakpoint: 'swbreak' };
        this.skip = { tid: t.tid, pc: ev.pc, watch: false };
      }
      this.k.stopRequested = true;
    } else if (t.tid === this.stepTid && n >= 1 && ev.kind !== 'fault') {
      this.pending = { signal: SIGTRAP, thread: t.tid };
      this.k.stopRequested = true;
    }
  }

  // ---- running --------------------------------------------------------------------------------

  /** Steps `tid` (running the scheduler until it executed one instruction) or continues all. */
  run(mode: 'step' | 'continue', tid: number, budget: number): StopReason | undefined {
    if (this.exitStatus !== undefined) return this.exited();
    const k = this.k;
    if (mode === 'step') {
      if (this.user(tid) === undefined) tid = this.currentStop().thread;
      this.stepTid = tid;
      budget = STEP_CAP;
    }
    this.pending = undefined;
    const out = k.run(k.executed + budget, this.firstTid);
    this.stepTid = -1;
    let stop: StopReason | undefined;
    switch (out.kind) {
      case 'exit':
        this.exitStatus = out.status;
        return this.exited();
      case 'stopped':
        stop = this.pending ?? { signal: SIGTRAP, thread: tid };
        if (!k.userThreadsAlive()) {
          this.exitStatus = k.exitStatus.get(this.firstTid) ?? 0;
          return this.exited();
        }
        if (this.user(stop.thread) === undefined) stop = { signal: SIGTRAP, thread: userThreads(k)[0]!.tid };
        break;
      case 'deadlock':
        k.print('czemu: deadlock: every remaining thread is blocked for good');
        for (const line of out.threads) k.print(`czemu:   ${line}`);
        stop = { signal: SIGSTOP, thread: userThreads(k)[0]?.tid ?? this.firstTid };
        break;
      case 'limit':
        if (mode === 'continue') return undefined;
        stop = { signal: SIGTRAP, thread: this.currentStop().thread };
        break;
    }
    this.last = stop;
    return stop;
  }

  private exited(): StopReason {
    return { signal: SIGKILL, thread: this.last.thread, exited: this.exitStatus ?? 0 };
  }

  /** The last stop, naming the thread on the CPU now when it is still alive. */
  currentStop(): StopReason {
    if (this.exitStatus !== undefined) return this.exited();
    const cur = this.k.current;
    if (this.user(this.last.thread) === undefined) {
      const t = cur !== undefined && this.user(cur.tid) !== undefined ? cur : userThreads(this.k)[0];
      if (t !== undefined) this.last = { signal: SIGTRAP, thread: t.tid };
    }
    return this.last;
  }

  /** The last stop recorded (for front ends that print where execution stopped). */
  get lastStop(): StopReason {
    return this.last;
  }

  /** tasks, vm TID, pt TID VA, ipc. */
  monitor(command: string): string {
    return runMonitor(this.k, command);
  }

  /** The user killed the target: it reports exit status 137 (128 + SIGKILL) from now on. */
  kill(): void {
    this.exitStatus ??= 128 + SIGKILL;
  }
}

function watchOf(type: number, addr: number, kind: number): Watchpoint | undefined {
  const len = Math.max(1, kind);
  if (type === Z_WRITE_WATCH) return { kind: 'watch', addr, len };
  if (type === Z_READ_WATCH) return { kind: 'rwatch', addr, len };
  if (type === Z_ACCESS_WATCH) return { kind: 'awatch', addr, len };
  return undefined;
}
