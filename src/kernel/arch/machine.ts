import { Machine } from '../../emulator/machine.ts';
import { SCTLR_M, SCTLR_V } from '../../emulator/cp15/cp15.ts';
import { MODE_USR } from '../../emulator/cpu/modes.ts';

/**
 * The kernel's only window onto the emulator (DESIGN.md import rule). It turns CPU exits into
 * kernel events, saves and restores user contexts, switches translation tables, flushes the TLB
 * and gives the rest of the kernel physical-memory access that keeps the decoded-code cache coherent.
 */
export type PAddr = number;
export type VAddr = number;

/** A saved user context: r0-r12, sp, lr, pc (next instruction), cpsr. */
export type Context = Int32Array;
export const CTX_SP = 13;
export const CTX_LR = 14;
export const CTX_PC = 15;
export const CTX_CPSR = 16;
export const CTX_WORDS = 17;
/** User mode, ARM state, IRQ and FIQ enabled: what a new thread's SPSR holds (ABI §2.3). */
export const USER_CPSR = MODE_USR;

/** The syscall page at 0xFFFFF000 as a signed word (ABI §2.1). */
const SYSCALL_PAGE = 0xfffff000 | 0;

/** Why a thread stopped running, in kernel terms. */
export type KernelEvent =
  | { kind: 'preempt' } // its budget was spent
  // context pc = the address after the SWI; `call` = its offset in the syscall page
  // (0xFFFFF000 + 4k is syscall k), or -1 for a SWI outside that page
  | { kind: 'syscall'; swiAddr: number; call: number }
  | { kind: 'fault'; pc: number; fsr: number; far: number; prefetch: boolean }
  | { kind: 'undefined'; pc: number; insn: number }
  | { kind: 'bkpt'; pc: number }
  | { kind: 'halt' }
  | { kind: 'debug'; pc: number; watch: boolean }; // a debugger breakpoint (before pc) or watchpoint

/** Returns a zeroed context in user mode. */
export function newContext(): Context {
  const c = new Int32Array(CTX_WORDS);
  c[CTX_CPSR] = USER_CPSR;
  return c;
}

/** The emulated machine as the kernel sees it. */
export class Arch {
  private readonly m: Machine;
  readonly ram: Uint8Array;
  readonly ramSize: number;
  private readonly ram32: Int32Array;

  /**
   * Builds a machine with `ramSize` bytes of RAM in trap delivery, the MMU on with high vectors
   * and DACR = 1 (domain 0 client), as Codezero's start_vm leaves it (ABI §7.4).
   */
  constructor(ramSize: number, uart: (byte: number) => void) {
    this.m = new Machine({ ramSize, delivery: 'trap', uart });
    this.ram = this.m.ram.u8;
    this.ram32 = this.m.ram.i32;
    this.ramSize = ramSize;
    this.m.cp15.sctlr |= SCTLR_M | SCTLR_V;
    this.m.cp15.dacr = 1;
    this.m.cpu.setCpsr(USER_CPSR);
    this.m.mmu.flushTlb();
  }

  /** The debugger's view of the CPU (breakpoint and watchpoint sets); see arch/debug.ts. */
  get debugCpu(): Machine['cpu'] {
    return this.m.cpu;
  }

  /** Instructions executed since boot: the base of virtual time and of the scheduler. */
  get icount(): number {
    return this.m.cpu.icount;
  }

  /** Reads the word at physical `pa` (4-aligned, inside RAM). */
  read32(pa: PAddr): number {
    return this.ram32[pa >>> 2]! >>> 0;
  }

  /** Writes the word at physical `pa` (4-aligned, inside RAM), keeping decoded code coherent. */
  write32(pa: PAddr, value: number): void {
    this.ram32[pa >>> 2] = value;
    this.m.touchPhys(pa, 4);
  }

  /** Copies `data` to physical `pa`. */
  writeBytes(pa: PAddr, data: Uint8Array): void {
    this.m.writePhys(pa, data);
  }

  /** A copy of the bytes [pa, pa+len) of physical memory (inside RAM). */
  readBytes(pa: PAddr, len: number): Uint8Array {
    return this.ram.slice(pa, pa + len);
  }

  /** Fills [pa, pa+len) with zeros. */
  zero(pa: PAddr, len: number): void {
    this.ram.fill(0, pa, pa + len);
    this.m.touchPhys(pa, len);
  }

  /** Copies `len` bytes from physical `src` to physical `dst`. */
  copy(dst: PAddr, src: PAddr, len: number): void {
    this.ram.copyWithin(dst, src, src + len);
    this.m.touchPhys(dst, len);
  }

  /** Makes `ttbr` the live first-level table and drops every cached translation. */
  setTtbr(ttbr: PAddr): void {
    if (this.m.cp15.ttbr !== ttbr) this.m.cp15.ttbr = ttbr;
    this.m.mmu.flushTlb();
  }

  /** Drops every cached translation, after the kernel edited page tables (c8 invalidate-all). */
  flushTlb(): void {
    this.m.mmu.flushTlb();
  }

  /**
   * Loads `ctx` into the CPU, which stays in user mode. When the CPU is already in user mode (it
   * always is between runs: trap delivery never enters a privileged mode) only the CPSR fields
   * are written, so no bank switch or MMU privilege change happens.
   */
  loadContext(ctx: Context): void {
    const cpu = this.m.cpu;
    const cpsr = ctx[CTX_CPSR]!;
    if (cpu.mode === MODE_USR) {
      cpu.n = (cpsr >>> 31) & 1;
      cpu.z = (cpsr >>> 30) & 1;
      cpu.c = (cpsr >>> 29) & 1;
      cpu.v = (cpsr >>> 28) & 1;
      cpu.q = (cpsr >>> 27) & 1;
      cpu.irqMasked = (cpsr >>> 7) & 1;
      cpu.fiqMasked = (cpsr >>> 6) & 1;
      cpu.t = (cpsr >>> 5) & 1;
    } else {
      cpu.setCpsr((cpsr & ~0x1f) | MODE_USR);
    }
    const r = cpu.r;
    r[0] = ctx[0]!; r[1] = ctx[1]!; r[2] = ctx[2]!; r[3] = ctx[3]!; r[4] = ctx[4]!;
    r[5] = ctx[5]!; r[6] = ctx[6]!; r[7] = ctx[7]!; r[8] = ctx[8]!; r[9] = ctx[9]!;
    r[10] = ctx[10]!; r[11] = ctx[11]!; r[12] = ctx[12]!; r[13] = ctx[13]!; r[14] = ctx[14]!;
    cpu.pc = ctx[CTX_PC]!;
  }

  /** Saves the CPU's user state into `ctx`. */
  saveContext(ctx: Context): void {
    const cpu = this.m.cpu;
    const r = cpu.r;
    ctx[0] = r[0]!; ctx[1] = r[1]!; ctx[2] = r[2]!; ctx[3] = r[3]!; ctx[4] = r[4]!;
    ctx[5] = r[5]!; ctx[6] = r[6]!; ctx[7] = r[7]!; ctx[8] = r[8]!; ctx[9] = r[9]!;
    ctx[10] = r[10]!; ctx[11] = r[11]!; ctx[12] = r[12]!; ctx[13] = r[13]!; ctx[14] = r[14]!;
    ctx[CTX_PC] = cpu.pc;
    ctx[CTX_CPSR] = cpu.getCpsr();
  }

  // One preallocated record per event kind: run() fills and returns one, so a syscall or fault
  // costs no allocation. Each is overwritten by the next run(); copy what must be kept.
  private readonly evPreempt: { kind: 'preempt' } = { kind: 'preempt' };
  private readonly evSyscall: { kind: 'syscall'; swiAddr: number; call: number } = {
    kind: 'syscall', swiAddr: 0, call: -1,
  };
  private readonly evFault: { kind: 'fault'; pc: number; fsr: number; far: number; prefetch: boolean } = {
    kind: 'fault', pc: 0, fsr: 0, far: 0, prefetch: false,
  };
  private readonly evUndefined: { kind: 'undefined'; pc: number; insn: number } = { kind: 'undefined', pc: 0, insn: 0 };
  private readonly evBkpt: { kind: 'bkpt'; pc: number } = { kind: 'bkpt', pc: 0 };
  private readonly evHalt: { kind: 'halt' } = { kind: 'halt' };
  private readonly evDebug: { kind: 'debug'; pc: number; watch: boolean } = { kind: 'debug', pc: 0, watch: false };

  /**
   * Runs the loaded context for at most `budget` instructions. Returns the event and, in
   * `executedOut[0]`, how many instructions ran. After a fault the context pc is the faulting
   * instruction, so resuming retries it. The returned record is reused by the next run().
   */
  run(budget: number, executedOut: Int32Array): KernelEvent {
    const x = this.m.run(budget);
    executedOut[0] = x.executed;
    switch (x.kind) {
      case 'swi': {
        const e = this.evSyscall;
        const a = x.swiAddr | 0;
        e.swiAddr = a >>> 0;
        // Kept a small integer (no unsigned arithmetic on the dispatch path).
        e.call = (a & ~0xfff) === SYSCALL_PAGE ? a & 0xfff : -1;
        return e;
      }
      case 'data-abort':
      case 'prefetch-abort': {
        const e = this.evFault;
        e.pc = x.pc >>> 0;
        e.fsr = x.fsr;
        e.far = x.far >>> 0;
        e.prefetch = x.kind === 'prefetch-abort';
        return e;
      }
      case 'undefined': {
        const e = this.evUndefined;
        e.pc = x.pc >>> 0;
        e.insn = x.insn >>> 0;
        return e;
      }
      case 'bkpt': {
        const e = this.evBkpt;
        e.pc = x.pc >>> 0;
        return e;
      }
      case 'halt': return this.evHalt;
      case 'breakpoint':
      case 'watchpoint': {
        const e = this.evDebug;
        e.pc = x.pc >>> 0;
        e.watch = x.kind === 'watchpoint';
        return e;
      }
      default: return this.evPreempt;
    }
  }
}
