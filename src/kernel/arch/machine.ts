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

/** Why a thread stopped running, in kernel terms. */
export type KernelEvent =
  | { kind: 'preempt' } // its budget was spent
  | { kind: 'syscall'; swiAddr: number } // context pc = the address after the SWI
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

  /** Loads `ctx` into the CPU, which stays in user mode. */
  loadContext(ctx: Context): void {
    const cpu = this.m.cpu;
    cpu.setCpsr((ctx[CTX_CPSR]! & ~0x1f) | MODE_USR);
    for (let i = 0; i < 15; i++) cpu.r[i] = ctx[i]!;
    cpu.pc = ctx[CTX_PC]!;
  }

  /** Saves the CPU's user state into `ctx`. */
  saveContext(ctx: Context): void {
    const cpu = this.m.cpu;
    for (let i = 0; i < 15; i++) ctx[i] = cpu.r[i]!;
    ctx[CTX_PC] = cpu.pc;
    ctx[CTX_CPSR] = cpu.getCpsr();
  }

  /**
   * Runs the loaded context for at most `budget` instructions. Returns the event and, in
   * `executedOut[0]`, how many instructions ran. After a fault the context pc is the faulting
   * instruction, so resuming retries it.
   */
  run(budget: number, executedOut: Int32Array): KernelEvent {
    const x = this.m.run(budget);
    executedOut[0] = x.executed;
    switch (x.kind) {
      case 'swi': return { kind: 'syscall', swiAddr: x.swiAddr >>> 0 };
      case 'data-abort': return { kind: 'fault', pc: x.pc >>> 0, fsr: x.fsr, far: x.far >>> 0, prefetch: false };
      case 'prefetch-abort':
        return { kind: 'fault', pc: x.pc >>> 0, fsr: x.fsr, far: x.far >>> 0, prefetch: true };
      case 'undefined': return { kind: 'undefined', pc: x.pc >>> 0, insn: x.insn >>> 0 };
      case 'bkpt': return { kind: 'bkpt', pc: x.pc >>> 0 };
      case 'halt': return { kind: 'halt' };
      case 'breakpoint': return { kind: 'debug', pc: x.pc >>> 0, watch: false };
      case 'watchpoint': return { kind: 'debug', pc: x.pc >>> 0, watch: true };
      default: return { kind: 'preempt' };
    }
  }
}
