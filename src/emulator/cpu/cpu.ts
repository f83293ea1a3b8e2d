import type { Cp15 } from '../cp15/cp15.ts';
import type { Mmu } from '../mmu/mmu.ts';
import { decodeArm } from './arm/decode.ts';
import {
  EV_BKPT, EV_DATA_ABORT, EV_HALT, EV_NONE, EV_RESYNC, EV_SWI, EV_UNDEFINED, EV_WATCHPOINT, type Exit,
} from './events.ts';
import type { Handler } from './handler.ts';
import { MODE_ABT, MODE_SVC, MODE_UND } from './modes.ts';
import { Registers } from './registers.ts';
import { compileArmBlock, type Block } from './jit/arm-block.ts';
import { compileThumbBlock } from './jit/thumb-block.ts';
import { decodeThumb } from './thumb/decode.ts';

/** How exceptions reach software: the guest's vectors, or an exit to the host (czemu's kernel). */
export type Delivery = 'vector' | 'trap';

/** Host handler for semihosting SWIs; returns false to treat the SWI as an ordinary one. */
export type SemihostHandler = (cpu: Cpu) => boolean;

const PAGE_WORDS = 1024;
const PAGE_HALVES = 2048;

/** Decoded ARM code of one physical page: per-slot handlers and translated blocks. */
export interface ArmPage {
  readonly h: Handler[];
  /** Block starting at a slot: undefined = not tried yet, null = not translatable. */
  readonly blocks: (Block | null | undefined)[];
  readonly hits: Uint8Array;
}

/** Decoded Thumb code of one physical page: the same shape, with a slot per halfword. */
export type ThumbPage = ArmPage;

/**
 * The ARMv5TE core: register state plus the fetch/decode/execute loop over a predecoded cache.
 *
 * Invariants:
 *  1. `armPages[ppn]` / `thumbPages[ppn]` hold one handler per instruction slot of physical page ppn,
 *     initially the decode stub; a slot is replaced by its decoded handler on first execution.
 *     While either exists, `mmu.codePages[ppn]` is 1, so stores to the page invalidate it.
 *  2. While a handler runs, r[15] = its address + 8 (ARM) or + 4 (Thumb) and `pc` = the next
 *     sequential address; handlers branch by writing `pc`.
 *  3. A handler that must leave the loop (exception, exit, T-bit or mode change, TLB flush) sets
 *     `stop` and an `event`; it commits no architectural state after recording an abort.
 *  4. `icount` counts every instruction that was dispatched (including ones that aborted), except
 *     one stopped by a watchpoint: it has not executed, and counts when it is resumed.
 */
export class Cpu extends Registers {
  readonly mmu: Mmu;
  readonly cp15: Cp15;
  delivery: Delivery = 'vector';
  semihost: SemihostHandler | undefined = undefined;

  stop = false;
  event = EV_NONE;
  /** SWI comment field / BKPT immediate of the last event. */
  eventImm = 0;
  /** Status for EV_HALT. */
  haltStatus = 0;
  /** Translate hot ARM and Thumb basic blocks to JavaScript (off: interpret every instruction). */
  jit = true;
  /** Address of the instruction that stopped a translated block. */
  stopAddr = 0;
  /** Entries into a block start address before it is translated (cold code stays interpreted). */
  jitThreshold = 2;
  icount = 0;

  readonly armPages: (ArmPage | undefined)[];
  readonly thumbPages: (ThumbPage | undefined)[];
  /** The decoded page the inner loop is running (the decode stub patches it). */
  curPage: Handler[] = [];
  private curPpn = -1;
  /** Shift carry-out computed by the shifter operand helpers. */
  shc = 0;
  /** Scratch for LDM so a faulting transfer changes no register. */
  readonly ldmTmp = new Int32Array(16);

  /** Host breakpoints by virtual address; checked only while `breakpoints.size` > 0. */
  readonly breakpoints = new Set<number>();
  /** Skip the breakpoint at this address once (to resume from it). */
  private skipBreakpoint = -1;
  /** Run the instruction at this address once with watchpoints muted (to resume past a hit). */
  private skipWatch = -1;

  private readonly exitRec: Exit = {
    kind: 'budget', pc: 0, swiAddr: 0, imm: 0, insn: 0, fsr: 0, far: 0, status: 0, executed: 0,
  };

  constructor(mmu: Mmu, cp15: Cp15) {
    super();
    this.mmu = mmu;
    this.cp15 = cp15;
    mmu.sink = this;
    const pages = mmu.codePages.length;
    this.armPages = new Array<ArmPage | undefined>(pages).fill(undefined);
    this.thumbPages = new Array<ThumbPage | undefined>(pages).fill(undefined);
    mmu.onCodeWrite = (ppn) => this.invalidateCode(ppn);
  }

  /** Switches mode with banking (Registers.setMode) and selects the MMU privilege to match. */
  override setMode(mode: number): void {
    super.setMode(mode);
    this.mmu.setUser(this.user);
  }

  /** Drops the decoded instructions of physical page `ppn` (its RAM changed). */
  invalidateCode(ppn: number): void {
    this.armPages[ppn] = undefined;
    this.thumbPages[ppn] = undefined;
    this.mmu.codePages[ppn] = 0;
    if (ppn === this.curPpn) {
      this.curPpn = -1;
      this.stop = true;
      if (this.event === EV_NONE) this.event = EV_RESYNC;
    }
  }

  /** Drops all decoded instructions (after the host rewrote RAM wholesale). */
  invalidateAllCode(): void {
    const cp = this.mmu.codePages;
    for (let i = 0; i < cp.length; i++) if (cp[i] === 1) this.invalidateCode(i);
  }

  /** ARM condition check for condition field `cond` (ARM ARM A3.2); 15 passes (unconditional). */
  condPassed(cond: number): boolean {
    switch (cond) {
      case 0: return this.z === 1;
      case 1: return this.z === 0;
      case 2: return this.c === 1;
      case 3: return this.c === 0;
      case 4: return this.n === 1;
      case 5: return this.n === 0;
      case 6: return this.v === 1;
      case 7: return this.v === 0;
      case 8: return this.c === 1 && this.z === 0;
      case 9: return this.c === 0 || this.z === 1;
      case 10: return this.n === this.v;
      case 11: return this.n !== this.v;
      case 12: return this.z === 0 && this.n === this.v;
      case 13: return this.z === 1 || this.n !== this.v;
      default: return true;
    }
  }

  // ---- services for instruction handlers ---------------------------------------------------

  /** Branch target written by an instruction in ARM state (bits 1:0 ignored). */
  branchArm(addr: number): void {
    this.pc = addr & ~3;
  }

  /**
   * Interworking write of the PC (BX, BLX, and from ARMv5 LDR/LDM/POP to the PC): bit 0 selects
   * Thumb. With SCTLR.L4 set, loads do not interwork (ARMv4 behaviour); callers pass `load`.
   */
  branchExchange(addr: number, load = false): void {
    if (load && (this.cp15.sctlr & (1 << 15)) !== 0) {
      if (this.t === 1) this.pc = addr & ~1;
      else this.pc = addr & ~3;
      return;
    }
    if ((addr & 1) !== 0) {
      this.pc = addr & ~1;
      if (this.t === 0) {
        this.t = 1;
        this.resync();
      }
    } else {
      this.pc = addr & ~3;
      if (this.t === 1) {
        this.t = 0;
        this.resync();
      }
    }
  }

  /** Leave the inner loop after this instruction (state the loop cached has changed). */
  resync(): void {
    this.stop = true;
    if (this.event === EV_NONE) this.event = EV_RESYNC;
  }

  /** Writes the CPSR from an exception return (SPSR -> CPSR) or MSR; leaves the loop. */
  writeCpsr(value: number): void {
    this.setCpsr(value);
    this.resync();
  }

  /** Raises the undefined-instruction exception for the executing instruction. */
  undefinedInstruction(): void {
    this.stop = true;
    this.event = EV_UNDEFINED;
  }

  /** Raises SWI with comment field `imm`. */
  softwareInterrupt(imm: number): void {
    this.stop = true;
    this.event = EV_SWI;
    this.eventImm = imm;
  }

  /** Raises the BKPT prefetch abort with immediate `imm`. */
  breakpoint(imm: number): void {
    this.stop = true;
    this.event = EV_BKPT;
    this.eventImm = imm;
  }

  /** Stops the machine with `status` (semihosting SYS_EXIT, host request). */
  halt(status: number): void {
    this.stop = true;
    this.event = EV_HALT;
    this.haltStatus = status;
  }

  /** MCR to CP15 from the executing instruction; undefined in user mode or for unknown registers. */
  mcr15(crn: number, op1: number, crm: number, op2: number, value: number): void {
    if (this.user) return this.undefinedInstruction();
    const action = this.cp15.write(crn, op1, crm, op2, value);
    if (action < 0) return this.undefinedInstruction();
    if (action !== 0 || crn === 1) {
      this.mmu.afterCp15Write(action);
      this.resync();
    }
  }

  /** MRC from CP15; returns undefined (after raising UNDEFINED) when not permitted. */
  mrc15(crn: number, op1: number, crm: number, op2: number): number | undefined {
    if (this.user) {
      this.undefinedInstruction();
      return undefined;
    }
    const v = this.cp15.read(crn, op1, crm, op2);
    if (v === undefined) this.undefinedInstruction();
    return v;
  }

  // ---- exceptions ------------------------------------------------------------------------------

  /** Enters exception `mode` at vector `offset` with the given return link, as hardware does. */
  enterException(mode: number, offset: number, lr: number, maskFiq: boolean): void {
    const saved = this.getCpsr();
    this.setMode(mode);
    this.setSpsr(saved);
    this.r[14] = lr;
    this.t = 0;
    this.irqMasked = 1;
    if (maskFiq) this.fiqMasked = 1;
    const base = (this.cp15.sctlr & (1 << 13)) !== 0 ? 0xffff0000 : 0;
    this.pc = (base + offset) | 0;
  }

  /**
   * Acts on `event` raised by the instruction at `pc`. Returns true when run() must return to the
   * host (trap delivery, halt); the exit record is then filled in.
   */
  private handleEvent(pc: number): boolean {
    const ev = this.event;
    this.event = EV_NONE;
    const x = this.exitRec;
    const step = this.t === 1 ? 2 : 4;
    switch (ev) {
      case EV_SWI:
        if (this.semihost !== undefined) {
          const imm = this.eventImm;
          if ((this.t === 0 && imm === 0x123456) || (this.t === 1 && imm === 0xab)) {
            if (this.semihost(this)) {
              if (this.event === EV_HALT) return this.handleEvent(pc);
              return false;
            }
          }
        }
        if (this.delivery === 'trap') {
          this.setExit('swi', this.pc);
          x.swiAddr = pc;
          x.imm = this.eventImm;
          return true;
        }
        this.enterException(MODE_SVC, 0x08, this.pc, false);
        return false;
      case EV_UNDEFINED:
        this.pc = pc;
        if (this.delivery === 'trap') {
          this.setExit('undefined', pc);
          // Read the word without the data path, so DFSR/FAR stay as the guest left them.
          const ipa = this.mmu.probe(pc, false, this.user);
          x.insn = ipa < 0 ? 0 : this.mmu.bus.read(this.t === 1 ? ipa & ~1 : ipa & ~3, this.t === 1 ? 2 : 4);
          return true;
        }
        this.enterException(MODE_UND, 0x04, pc + step, false);
        return false;
      case EV_BKPT:
        this.pc = pc;
        if (this.delivery === 'trap') {
          this.setExit('bkpt', pc);
          x.imm = this.eventImm;
          return true;
        }
        this.enterException(MODE_ABT, 0x0c, pc + 4, false);
        return false;
      case EV_DATA_ABORT:
        this.mmu.faulted = false;
        this.pc = pc;
        if (this.delivery === 'trap') {
          this.setExit('data-abort', pc);
          x.fsr = this.cp15.dfsr;
          x.far = this.cp15.far;
          return true;
        }
        this.enterException(MODE_ABT, 0x10, pc + 8, false);
        return false;
      case EV_WATCHPOINT:
        // A debugger stop, not an exception: the guest never sees it, whatever the delivery.
        this.mmu.faulted = false;
        this.pc = pc;
        this.setExit('watchpoint', pc);
        return true;
      case EV_HALT:
        this.setExit('halt', this.pc);
        x.status = this.haltStatus;
        return true;
      default:
        return false;
    }
  }

  /** Handles a stopped instruction at `cur`: true when run() must return to the host. */
  private afterStop(cur: number): boolean {
    this.stop = false;
    return this.handleEvent(cur);
  }

  private prefetchAbort(va: number): boolean {
    if (this.delivery === 'trap') {
      this.setExit('prefetch-abort', va);
      this.exitRec.fsr = this.cp15.ifsr;
      this.exitRec.far = va >>> 0;
      return true;
    }
    this.enterException(MODE_ABT, 0x0c, va + 4, false);
    return false;
  }

  private setExit(kind: Exit['kind'], pc: number): void {
    const x = this.exitRec;
    x.kind = kind;
    x.pc = pc >>> 0;
    x.swiAddr = x.imm = x.insn = x.fsr = x.far = x.status = 0;
  }

  // ---- the run loop ----------------------------------------------------------------------------

  /**
   * Executes until `budget` instructions have run or an exit occurs. The returned record is reused
   * by the next call; copy what must be kept.
   */
  run(budget: number): Exit {
    let done = 0;
    this.stop = false;
    for (;;) {
      const left = budget - done;
      if (left <= 0) {
        this.setExit('budget', this.pc);
        break;
      }
      if (this.breakpoints.size > 0 || this.skipWatch !== -1) {
        const pc = this.pc >>> 0;
        if (this.breakpoints.has(pc) && this.skipBreakpoint !== pc) {
          this.setExit('breakpoint', pc);
          break;
        }
        this.skipBreakpoint = -1;
        const mute = this.skipWatch === pc;
        this.skipWatch = -1;
        this.mmu.watchMuted = mute;
        const n = this.t === 1 ? this.runThumb(1) : this.runArm(1);
        this.mmu.watchMuted = false;
        if (n < 0) {
          done += -n - 1;
          break;
        }
        done += n;
        continue;
      }
      const n = this.t === 1 ? this.runThumb(left) : this.runArm(left);
      if (n < 0) {
        done += -n - 1;
        break;
      }
      done += n;
    }
    const kind = this.exitRec.kind;
    if (kind === 'watchpoint') done--; // dispatched, aborted, and not executed (invariant 4)
    this.icount += done;
    this.exitRec.executed = done;
    if (kind === 'breakpoint' || kind === 'watchpoint') this.skipBreakpoint = this.pc >>> 0;
    this.skipWatch = -1;
    return this.exitRec;
  }

  /** Lets the next run() start at a host breakpoint address without stopping on it. */
  resumeFromBreakpoint(): void {
    this.skipBreakpoint = this.pc >>> 0;
  }

  /**
   * Lets the next run() execute the instruction at the current pc with watchpoints muted, once:
   * resuming past the access a watchpoint stopped (gdb removes its watchpoints for that step
   * instead; this is for debuggers that keep them, such as `czemu debug`).
   */
  resumeFromWatchpoint(): void {
    this.skipWatch = this.pc >>> 0;
  }

  private decodeArmStub = (cpu: Cpu, insn: number): void => {
    const h = decodeArm(insn);
    cpu.curPage[((cpu.r[15]! - 8) >>> 2) & (PAGE_WORDS - 1)] = h;
    h(cpu, insn);
  };

  private decodeThumbStub = (cpu: Cpu, insn: number): void => {
    const h = decodeThumb(insn);
    cpu.curPage[((cpu.r[15]! - 4) >>> 1) & (PAGE_HALVES - 1)] = h;
    h(cpu, insn);
  };

  /**
   * Executes the one instruction at `cur` fetched from device memory at physical `pa` (no decoded
   * cache there), in the current state. Returns 0 to go on, 1 when the caller must return to run()
   * (the state changed), -1 when run() must return to the host.
   */
  private stepFromDevice(cur: number, pa: number): number {
    const thumb = this.t === 1;
    const insn = thumb ? this.mmu.bus.read(pa & ~1, 2) : this.mmu.bus.read(pa & ~3, 4);
    this.r[15] = cur + (thumb ? 4 : 8);
    this.pc = cur + (thumb ? 2 : 4);
    if (thumb) decodeThumb(insn)(this, insn);
    else if (this.condPassed(insn >>> 28)) decodeArm(insn)(this, insn);
    if (!this.stop) return 0;
    if (this.afterStop(cur)) return -1;
    return (this.t === 1) !== thumb ? 1 : 0;
  }

  /** Creates the decoded page for physical page `ppn` (every slot the decode stub) and marks it code. */
  private newPage(ppn: number, pages: (ArmPage | undefined)[], slots: number, stub: Handler): ArmPage {
    const page: ArmPage = {
      h: new Array<Handler>(slots).fill(stub),
      blocks: new Array<Block | null | undefined>(slots).fill(undefined),
      hits: new Uint8Array(slots),
    };
    pages[ppn] = page;
    this.mmu.markCode(ppn);
    return page;
  }

  /**
   * Runs ARM instructions. Returns the number executed (>= 0) when the caller should go on
   * (budget spent or state changed), or -(executed + 1) when run() must return to the host.
   */
  private runArm(budget: number): number {
    const r = this.r;
    const mmu = this.mmu;
    const ram32 = mmu.ram32;
    let n = 0;
    while (n < budget) {
      let cur = this.pc;
      const pa = mmu.translateFetch(cur);
      if (pa < 0) {
        if (this.prefetchAbort(cur)) return -(n + 1);
        n++; // the aborted fetch uses budget, so an unmapped vector page cannot hang run()
        continue;
      }
      if (pa >= ram32.length * 4) {
        n++;
        const leave = this.stepFromDevice(cur, pa);
        if (leave !== 0) return leave < 0 ? -(n + 1) : n;
        continue;
      }
      const ppn = pa >>> 12;
      const page = this.armPages[ppn] ?? this.newPage(ppn, this.armPages, PAGE_WORDS, this.decodeArmStub);
      const handlers = page.h;
      const blocks = page.blocks;
      this.curPage = handlers;
      this.curPpn = ppn;
      const vbase = cur & ~0xfff;
      const wbase = (pa >>> 2) & ~(PAGE_WORDS - 1);
      const jit = this.jit;
      for (;;) {
        const idx = (cur >>> 2) & (PAGE_WORDS - 1);
        if (jit) {
          const blk = blocks[idx];
          if (blk != null) {
            // A physical page may be mapped at several addresses: the block bakes in its own.
            if (n + blk.len <= budget && blk.va === cur) {
              n += blk.fn(this);
              if (this.stop) {
                cur = this.stopAddr;
                break;
              }
              cur = this.pc;
              if ((cur & ~0xfff) !== vbase || n >= budget) break;
              continue;
            }
          } else if (blk === undefined && ++page.hits[idx]! >= this.jitThreshold) {
            blocks[idx] = compileArmBlock(cur, ram32.subarray(wbase, wbase + PAGE_WORDS), idx) ?? null;
            continue;
          }
        }
        const insn = ram32[wbase + idx]!;
        r[15] = cur + 8;
        this.pc = cur + 4;
        const cond = insn >>> 28;
        if (cond === 14 || this.condPassed(cond)) handlers[idx]!(this, insn);
        n++;
        if (this.stop) break;
        cur = this.pc;
        if ((cur & ~0xfff) !== vbase || n >= budget) break;
      }
      this.curPpn = -1;
      if (this.stop) {
        if (this.afterStop(cur)) return -(n + 1);
        if (this.t === 1) return n;
      }
    }
    return n;
  }

  /**
   * Runs Thumb instructions; same contract as runArm(). The inner loop repeats runArm's shape on
   * purpose: it is the hottest code of czemu, and specialising it on the instruction width, the
   * PC offset and the condition check keeps every access monomorphic.
   */
  private runThumb(budget: number): number {
    const r = this.r;
    const mmu = this.mmu;
    const ram16 = mmu.ram16;
    let n = 0;
    while (n < budget) {
      let cur = this.pc;
      const pa = mmu.translateFetch(cur);
      if (pa < 0) {
        if (this.prefetchAbort(cur)) return -(n + 1);
        n++;
        if (this.t === 0) return n;
        continue;
      }
      if (pa >= ram16.length * 2) {
        n++;
        const leave = this.stepFromDevice(cur, pa);
        if (leave !== 0) return leave < 0 ? -(n + 1) : n;
        continue;
      }
      const ppn = pa >>> 12;
      const page = this.thumbPages[ppn] ?? this.newPage(ppn, this.thumbPages, PAGE_HALVES, this.decodeThumbStub);
      const handlers = page.h;
      const blocks = page.blocks;
      this.curPage = handlers;
      this.curPpn = ppn;
      const vbase = cur & ~0xfff;
      const hbase = (pa >>> 1) & ~(PAGE_HALVES - 1);
      const jit = this.jit;
      for (;;) {
        const idx = (cur >>> 1) & (PAGE_HALVES - 1);
        if (jit) {
          const blk = blocks[idx];
          if (blk != null) {
            // As in runArm: the block bakes in the virtual address it was translated for.
            if (n + blk.len <= budget && blk.va === cur) {
              n += blk.fn(this);
              if (this.stop) {
                cur = this.stopAddr;
                break;
              }
              cur = this.pc;
              if ((cur & ~0xfff) !== vbase || n >= budget) break;
              continue;
            }
          } else if (blk === undefined && ++page.hits[idx]! >= this.jitThreshold) {
            blocks[idx] = compileThumbBlock(cur, ram16.subarray(hbase, hbase + PAGE_HALVES), idx) ?? null;
            continue;
          }
        }
        const insn = ram16[hbase + idx]!;
        r[15] = cur + 4;
        this.pc = cur + 2;
        handlers[idx]!(this, insn);
        n++;
        if (this.stop) break;
        cur = this.pc;
        if ((cur & ~0xfff) !== vbase || n >= budget) break;
      }
      this.curPpn = -1;
      if (this.stop) {
        if (this.afterStop(cur)) return -(n + 1);
        if (this.t === 0) return n;
      }
    }
    return n;
  }
}
