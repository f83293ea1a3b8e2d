import { Arch, CTX_LR, CTX_PC, type KernelEvent } from './arch/machine.ts';
import type { KernelHooks } from './debug/hooks.ts';
import { ENOSYS } from './errno.ts';
import { deliverFault } from './ipc/fault.ts';
import { completeIpc } from './ipc/ipc.ts';
import type { BootImageInfo, HostedService } from './service.ts';
import { KernelPool } from './space/kpool.ts';
import { RAM_SIZE } from './space/layout.ts';
import { AddressSpace, makeSharedTables } from './space/space.ts';
import { BLOCKED, dispatchSyscall } from './syscall/table.ts';
import { IdPool } from './thread/ids.ts';
import { Scheduler } from './thread/scheduler.ts';
import { L4_NILTHREAD, Tcb } from './thread/tcb.ts';

/** Signal-style exit statuses of killed tasks (128 + the POSIX signal number). */
export const STATUS_SIGILL = 128 + 4;
export const STATUS_SIGTRAP = 128 + 5;
export const STATUS_SIGSEGV = 128 + 11;
/** Tids below this are the hosted services; user tasks start here (ABI §6.2). */
export const FIRST_USER_TID = 2;
/** Thread ids are below this (IdPool's 1024, as in Codezero). */
const TID_LIMIT = 1024;

export interface KernelOptions {
  /** Console output: the UART's bytes and the kernel's own lines share it, as on the board. */
  out: (byte: number) => void;
}

/** Why run() returned. */
export type RunOutcome =
  | { kind: 'exit'; status: number }
  | { kind: 'deadlock'; threads: string[] }
  | { kind: 'limit' }
  | { kind: 'stopped' }; // a debugger hook asked to stop (kernel/debug)

/**
 * The L4 kernel: threads, address spaces, IPC and the scheduler over one emulated machine.
 * kernel.run() is the loop: pick a thread, load its context and space, run it for the rest of its
 * timeslice, turn what stopped it into a syscall, a fault IPC or a kill, and go again.
 */
export class Kernel {
  readonly arch: Arch;
  readonly pool: KernelPool;
  readonly shared: Map<number, number>;
  /** Live threads by tid: read it freely, change it only through addService/addThread/destroyThread. */
  readonly threads = new Map<number, Tcb>();
  readonly spaces = new Map<number, AddressSpace>();
  readonly tids = new IdPool(TID_LIMIT);
  readonly spids = new IdPool();
  readonly sched = new Scheduler();
  /** Hosted services by tid (added by addService only). */
  readonly services = new Map<number, HostedService>();
  /** Exit statuses of user threads that are gone (EXIT or kill). */
  readonly exitStatus = new Map<number, number>();
  images: BootImageInfo[] = [];
  /** Boot descriptor and page map bytes served by kread (filled by boot). */
  bootdesc: Uint8Array = new Uint8Array(8);
  pageMap: Uint8Array = new Uint8Array(4104);
  firstFree = 0;
  current: Tcb | undefined;
  /** Set by a syscall that wants the current thread to give up the CPU (yield, rendezvous). */
  yieldCurrent = false;
  /** Set whenever page tables changed; the TLB is flushed before the next instruction. */
  tlbDirty = false;
  /** Instructions executed by user threads. */
  executed = 0;
  /** Debugger and tracer hooks (kernel/debug); undefined costs nothing per instruction. */
  hooks: KernelHooks | undefined;
  /** Set by a hook: run() returns { kind: 'stopped' } once the current event is handled. */
  stopRequested = false;
  private readonly out: (byte: number) => void;
  private readonly ran = new Int32Array(1);
  private loadedTtbr = -1;
  /** Live threads that are not hosted services (run() ends when none is left). */
  private userThreads = 0;
  /** `threads` and `services` indexed by tid (ids are below 1024), for the IPC path's look-ups. */
  private readonly threadAt: (Tcb | undefined)[] = new Array<Tcb | undefined>(TID_LIMIT).fill(undefined);
  private readonly serviceAt: (HostedService | undefined)[] = new Array<HostedService | undefined>(TID_LIMIT)
    .fill(undefined);

  constructor(opts: KernelOptions) {
    this.out = opts.out;
    this.arch = new Arch(RAM_SIZE, opts.out);
    this.pool = new KernelPool(this.arch);
    this.shared = makeSharedTables(this.pool);
  }

  /** Writes one console line (kernel messages go to the serial console, like printk). */
  print(line: string): void {
    for (let i = 0; i < line.length; i++) this.out(line.charCodeAt(i) & 0xff);
    this.out(10);
  }

  /** The live thread with `tid`, or undefined (dead threads are removed). */
  thread(tid: number): Tcb | undefined {
    return tid >= 0 && tid < TID_LIMIT ? this.threadAt[tid] : undefined;
  }

  /** The hosted service at `tid`, or undefined. */
  service(tid: number): HostedService | undefined {
    return tid >= 0 && tid < TID_LIMIT ? this.serviceAt[tid] : undefined;
  }

  /** Registers a hosted service at its fixed tid (a Tcb with no context or space). */
  addService(svc: HostedService): void {
    const t = new Tcb(svc.tid, svc.tid, svc.tid, svc.name);
    this.tids.allocate(svc.tid);
    this.spids.allocate(svc.tid);
    t.pager = svc.tid;
    this.threads.set(t.tid, t);
    this.services.set(t.tid, svc);
    this.threadAt[t.tid] = t;
    this.serviceAt[t.tid] = svc;
  }

  /** Registers a new user thread (thread_control CREATE, boot). */
  addThread(t: Tcb): void {
    this.threads.set(t.tid, t);
    this.threadAt[t.tid] = t;
    this.userThreads++;
  }

  /** Makes a blocked or inactive thread runnable (it runs after those already queued). */
  makeRunnable(t: Tcb, front = false): void {
    if (t.state === 'dead' || this.service(t.tid) !== undefined) return;
    t.state = 'runnable';
    t.started = true;
    if (t === this.current || this.sched.has(t)) return;
    if (front) this.sched.enqueueFront(t);
    else this.sched.enqueue(t);
  }

  /** Marks the current thread's page tables changed. */
  pageTablesChanged(): void {
    this.tlbDirty = true;
  }

  /** True while some user (non-service) thread is alive. */
  userThreadsAlive(): boolean {
    return this.userThreads > 0;
  }

  /**
   * Runs until every user thread is gone (exit status of `firstTid`, 0 if it has none), every
   * remaining thread is blocked for good (deadlock), or `maxInsns` instructions ran (limit).
   */
  run(maxInsns: number, firstTid = FIRST_USER_TID): RunOutcome {
    for (;;) {
      if (!this.userThreadsAlive()) return { kind: 'exit', status: this.exitStatus.get(firstTid) ?? 0 };
      let t = this.current;
      if (t === undefined || t.state !== 'runnable') {
        t = this.sched.next();
        this.current = t;
      }
      if (t === undefined) {
        if (this.discardOrphans()) continue;
        return { kind: 'deadlock', threads: this.describeThreads() };
      }
      const budget = Math.min(t.sliceLeft, maxInsns - this.executed);
      if (budget <= 0 && this.executed >= maxInsns) return { kind: 'limit' };
      const ev = this.runThread(t, Math.max(budget, 1));
      this.handleEvent(t, ev);
      if (this.stopRequested) {
        this.stopRequested = false;
        return { kind: 'stopped' };
      }
    }
  }

  /** Loads `t` and runs it for `budget` instructions; returns what stopped it. */
  private runThread(t: Tcb, budget: number): KernelEvent {
    const ttbr = t.space!.l1;
    if (ttbr !== this.loadedTtbr || this.tlbDirty) {
      this.arch.setTtbr(ttbr);
      this.loadedTtbr = ttbr;
      this.tlbDirty = false;
    }
    this.arch.loadContext(t.ctx);
    const hooks = this.hooks;
    if (hooks !== undefined) budget = hooks.beforeRun(t, budget);
    const ev = this.arch.run(budget, this.ran);
    this.arch.saveContext(t.ctx);
    const n = this.ran[0]!;
    this.executed += n;
    t.sliceLeft -= n;
    if (hooks !== undefined) hooks.afterRun(t, ev, n);
    return ev;
  }

  /** Acts on the event that stopped the current thread `t`. */
  private handleEvent(t: Tcb, ev: KernelEvent): void {
    switch (ev.kind) {
      case 'preempt':
      case 'debug':
        break;
      case 'syscall': {
        // The kernel resumes at the saved lr_usr, never after the SWI (ABI §1.2 step 6).
        this.hooks?.syscallEnter?.(t, ev.swiAddr);
        t.ctx[CTX_PC] = t.ctx[CTX_LR]!;
        const r = ev.call >= 0 ? dispatchSyscall(this, t, ev.call) : -ENOSYS;
        if (r !== BLOCKED && t.state !== 'dead') t.ctx[0] = r;
        this.hooks?.syscallExit?.(t, ev.swiAddr, r === BLOCKED ? undefined : r);
        break;
      }
      case 'fault':
        this.hooks?.faultEnter?.(t, ev);
        deliverFault(this, t, ev.pc, ev.fsr, ev.far, ev.prefetch);
        this.hooks?.faultExit?.(t, ev);
        break;
      case 'undefined':
        this.kill(t, `undefined instruction 0x${hex(ev.insn)} at pc 0x${hex(ev.pc)}`, STATUS_SIGILL);
        break;
      case 'bkpt':
        // Codezero had no debug path: BKPT is an undefined-instruction kill (ABI §5.5).
        this.kill(t, `breakpoint at pc 0x${hex(ev.pc)}`, STATUS_SIGTRAP);
        break;
      case 'halt':
        this.kill(t, `halted the machine at pc 0x${hex(t.ctx[CTX_PC]! >>> 0)}`, STATUS_SIGILL);
        break;
    }
    if (t.state === 'runnable' && (t.sliceLeft <= 0 || this.yieldCurrent)) {
      this.current = undefined;
      this.sched.enqueue(t);
    } else if (t.state !== 'runnable') {
      this.current = undefined;
    }
    this.yieldCurrent = false;
  }

  /**
   * Kills thread `t` (it never runs again) with one console line naming it, and tells its hosted
   * pager so it can free the task's memory; the rest of the system goes on.
   */
  kill(t: Tcb, reason: string, status: number): void {
    if (t.state === 'dead') return;
    this.print(`czemu: ${t.label()} killed: ${reason}`);
    const pager = this.services.get(t.pager);
    if (pager?.threadKilled !== undefined) pager.threadKilled(t.tid, status);
    if ((t.state as string) !== 'dead') this.destroyThread(t, status);
  }

  /**
   * Removes `t` for good: off the run queue and IPC queues; threads blocked in IPC with it get
   * -ESRCH; its space is freed with its last thread. Records `status` as its exit status.
   */
  destroyThread(t: Tcb, status: number): void {
    this.sched.remove(t);
    this.detachIpc(t);
    for (const other of this.threads.values()) {
      if (other === t) continue;
      const waiting = (other.state === 'send' && other.ipcTo === t.tid)
        || (other.state === 'recv' && other.ipcFrom === t.tid);
      if (waiting) completeIpc(this, other, -3 /* -ESRCH */);
    }
    t.state = 'dead';
    if (this.threads.delete(t.tid) && !this.services.has(t.tid)) this.userThreads--;
    if (this.threadAt[t.tid] === t) this.threadAt[t.tid] = undefined;
    if (!this.exitStatus.has(t.tid)) this.exitStatus.set(t.tid, status);
    const sp = t.space;
    if (sp !== undefined && --sp.refs === 0) {
      sp.destroy();
      this.spaces.delete(sp.spid);
      if (this.loadedTtbr === sp.l1) this.loadedTtbr = -1;
    }
    t.space = undefined;
    if (this.current === t) this.current = undefined;
  }

  /** Takes `t` off any send queue it sits on and clears its IPC state. */
  detachIpc(t: Tcb): void {
    if (t.state === 'send') {
      const peer = this.threads.get(t.ipcTo);
      if (peer !== undefined) {
        const i = peer.sendQueue.indexOf(t);
        if (i >= 0) peer.sendQueue.splice(i, 1);
      }
    }
    t.ipcTo = L4_NILTHREAD;
    t.ipcFrom = L4_NILTHREAD;
  }

  /**
   * When nothing can run and every remaining user thread was created but never started, nobody is
   * left who could start them: they are destroyed with a console line, so the run ends with the
   * first image's status instead of a false deadlock. Returns true when it discarded any.
   */
  private discardOrphans(): boolean {
    const live = [...this.threads.values()].filter((t) => this.service(t.tid) === undefined && t.state !== 'dead');
    if (live.length === 0 || live.some((t) => t.started || t.state !== 'inactive')) return false;
    live.sort((a, b) => a.tid - b.tid);
    this.print(`czemu: discarded ${live.length} thread(s) created but never started: tid ${live.map((t) => t.tid).join(', ')}`);
    for (const t of live) this.destroyThread(t, 0);
    return true;
  }

  /** One line per live user thread saying what it waits for (deadlock reports). */
  describeThreads(): string[] {
    const out: string[] = [];
    for (const t of [...this.threads.values()].sort((a, b) => a.tid - b.tid)) {
      if (this.services.has(t.tid)) continue;
      out.push(`${t.label()}: ${t.describeState()}`);
    }
    return out;
  }
}

/** Eight hex digits. */
export function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
