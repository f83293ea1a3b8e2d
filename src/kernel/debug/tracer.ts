import { CTX_CPSR, CTX_LR, CTX_PC, type KernelEvent } from '../arch/machine.ts';
import type { Kernel } from '../kernel.ts';
import type { Tcb } from '../thread/tcb.ts';
import { armAccess, describeCall, describeResult, fsrMeaning, syscallName } from './decode.ts';
import type { FaultEvent, KernelHooks } from './hooks.ts';
import { threadState } from './monitor.ts';
import { debugRead, walkTables } from './pagetable.ts';

/**
 * `--trace insn,syscall,ipc,fault,sched`: one line per event, each starting with the task, the pc
 * and its symbol:
 *
 *   [2 hello] 0x10000128 <main+0x8>: e3a00000  mov r0, #0                      insn
 *   [2 hello] 0x10000324 <l4_getid+0x10>: getid(ids=0x1fffefd0) = 0           syscall
 *   [2 hello] 0x1000041c <l4_sendrecv+0x14>: ipc(to=0, from=0) tag=UTCB(4) mr2=2 = 0 mr0=0xf8002000
 *   [2 hello] 0x10000200 <main+0x20>: fault at 0x1000c004: page translation fault, write -> ...
 *   [3 child] 0x10000100 <main>: switch from task 2 (hello), blocked receiving from 0    sched
 *
 * A syscall that blocks prints `... <unfinished>` and, when the thread next runs,
 * `<... ipc resumed> = 0 ...`. Instruction tracing runs the traced threads one instruction per
 * kernel slice (the CPU's single-step path); the CPU's fast path never checks for tracing.
 */
export type TraceCategory = 'insn' | 'syscall' | 'ipc' | 'fault' | 'sched';
export const TRACE_CATEGORIES: readonly TraceCategory[] = ['insn', 'syscall', 'ipc', 'fault', 'sched'];

/** What the tracer needs from its host: symbols, a disassembler, and where lines go. */
export interface TraceFormatter {
  /** `name+0xoff` for code address `addr` in task `t`, or undefined. */
  symbol(t: Tcb, addr: number): string | undefined;
  /** The instruction text of `insn` at `addr` (Thumb when `thumb`). */
  disassemble(insn: number, addr: number, thumb: boolean): string;
  /** Receives one line (no newline). */
  line(text: string): void;
}

interface OpenCall {
  swiAddr: number;
  pc: number;
  receive: boolean;
  send: boolean;
}

/** The tracer: KernelHooks that print the enabled categories through a TraceFormatter. */
export class KernelTracer implements KernelHooks {
  private readonly on: Set<TraceCategory>;
  private regs = new Int32Array(9);
  private readonly open = new Map<number, OpenCall>();
  private lastRun: Tcb | undefined;
  private faultNote: string | undefined;

  constructor(private readonly k: Kernel, categories: Iterable<TraceCategory>, private readonly out: TraceFormatter) {
    this.on = new Set(categories);
  }

  private head(t: Tcb, pc: number): string {
    const sym = this.out.symbol(t, pc);
    return `[${t.tid} ${t.name}] 0x${(pc >>> 0).toString(16).padStart(8, '0')}${sym === undefined ? '' : ` <${sym}>`}:`;
  }

  /** Prints sched and resumed-syscall lines; one instruction at a time while tracing insn. */
  beforeRun(t: Tcb, budget: number): number {
    const pc = t.ctx[CTX_PC]! >>> 0;
    if (this.on.has('sched') && this.lastRun !== t) {
      const prev = this.lastRun;
      const why = prev === undefined ? 'first run'
        : `switch from ${prev.label()}${prev.state === 'dead' ? ', exited' : `, ${threadState(this.k, prev)}`}`;
      this.out.line(`${this.head(t, pc)} ${why}`);
    }
    this.lastRun = t;
    const call = this.open.get(t.tid);
    if (call !== undefined) {
      this.open.delete(t.tid);
      const name = syscallName(call.swiAddr);
      this.out.line(`${this.head(t, call.pc)} <... ${name} resumed> ${describeResult(call.swiAddr, t.ctx, call.receive, call.send)}`);
    }
    if (!this.on.has('insn')) return budget;
    const thumb = (t.ctx[CTX_CPSR]! & 0x20) !== 0;
    const bytes = t.space === undefined ? Uint8Array.of() : debugRead(this.k.arch, t.space.l1, pc, thumb ? 4 : 4);
    if (bytes.length < (thumb ? 2 : 4)) {
      this.out.line(`${this.head(t, pc)} (not mapped yet)`);
    } else {
      const v = new DataView(bytes.buffer);
      const insn = thumb ? v.getUint16(0, true) : v.getUint32(0, true);
      const next = thumb && bytes.length >= 4 ? v.getUint16(2, true) : undefined;
      const word = insn.toString(16).padStart(thumb ? 4 : 8, '0');
      const text = this.out.disassemble(thumb && next !== undefined ? (insn | (next << 16)) >>> 0 : insn, pc, thumb);
      this.out.line(`${this.head(t, pc)} ${word}  ${text}`);
    }
    return 1;
  }

  /** Nothing: events are traced where the kernel acts on them. */
  afterRun(_t: Tcb, _ev: KernelEvent, _n: number): void {}

  private tracesCall(swiAddr: number): boolean {
    return this.on.has('syscall') || (this.on.has('ipc') && syscallName(swiAddr) === 'ipc');
  }

  /** Keeps the arguments: dispatch overwrites r0 (and r3-r8 for a receive). */
  syscallEnter(t: Tcb, _swiAddr: number): void {
    this.regs = t.ctx.slice(0, 9);
  }

  /** One line per finished syscall; a blocked one is finished when the thread next runs. */
  syscallExit(t: Tcb, swiAddr: number, result: number | undefined): void {
    if (!this.tracesCall(swiAddr)) return;
    const pc = t.ctx[CTX_LR]! >>> 0;
    const call = describeCall(swiAddr, this.regs);
    const isIpc = syscallName(swiAddr) === 'ipc';
    const send = isIpc && this.regs[0] !== -1;
    const receive = isIpc && this.regs[1] !== -1;
    if (result === undefined) {
      if (t.state === 'dead') {
        this.out.line(`${this.head(t, pc)} ${call} = ? (exited)`);
        return;
      }
      this.open.set(t.tid, { swiAddr, pc, receive, send });
      this.out.line(`${this.head(t, pc)} ${call} <unfinished ...>`);
      return;
    }
    this.out.line(`${this.head(t, pc)} ${call} ${describeResult(swiAddr, t.ctx, receive, send)}`);
  }

  /** Starts a fault record; the line is printed once the kernel and pager acted. */
  faultEnter(_t: Tcb, _ev: FaultEvent): void {
    this.faultNote = undefined;
  }

  /** The pager's word on how it resolved a fault (KernelPort.noteFault). */
  faultResolved(tid: number, va: number, how: string): void {
    if (this.faultNote === undefined) this.faultNote = how;
    else this.faultNote += `, ${how}`;
    const t = this.k.thread(tid);
    if (!this.on.has('fault') || t === undefined || this.k.current === t) return;
    this.out.line(`${this.head(t, t.ctx[CTX_PC]!)} page-in at 0x${(va >>> 0).toString(16)} -> ${how}`);
  }

  /** "fault at 0x...: page translation fault, write -> zero-fill, pa 0x... rw". */
  faultExit(t: Tcb, ev: FaultEvent): void {
    const note = this.faultNote;
    this.faultNote = undefined;
    if (!this.on.has('fault')) return;
    const addr = ev.prefetch ? ev.pc : ev.far;
    let what: string;
    if (ev.prefetch) {
      what = `${fsrMeaning(ev.fsr)}, prefetch`;
    } else {
      const space = t.space ?? this.k.thread(t.tid)?.space;
      const bytes = space === undefined ? Uint8Array.of() : debugRead(this.k.arch, space.l1, ev.pc, 4);
      const thumb = (t.ctx[CTX_CPSR]! & 0x20) !== 0;
      const access = bytes.length === 4 && !thumb ? armAccess(new DataView(bytes.buffer).getUint32(0, true)) : undefined;
      what = `${fsrMeaning(ev.fsr)}, ${access ?? 'data access'}`;
    }
    let result: string;
    if (t.state === 'dead' || this.k.thread(t.tid) !== t) result = 'killed';
    else if (t.state === 'recv' && t.faulting) result = `sent to pager ${t.ipcFrom}`;
    else {
      const w = walkTables(this.k.arch, t.space!.l1, addr);
      const map = w.pa === undefined ? 'still unmapped'
        : `pa 0x${w.pa.toString(16).padStart(8, '0')} ${w.ap === 3 ? 'rw' : w.ap === 2 ? 'ro' : 'kernel-only'}`;
      result = note === undefined ? map : `${note}, ${map}`;
    }
    this.out.line(`${this.head(t, ev.pc)} fault at 0x${(addr >>> 0).toString(16)}: ${what} -> ${result}`);
  }
}
