import {
  bankOf, CPSR_F, CPSR_I, CPSR_T, MODE_FIQ, MODE_SVC, MODE_USR,
} from './modes.ts';

/**
 * Architectural register state of an ARMv5TE core: the visible r0-r15, the banked copies, the SPSRs
 * and the CPSR split into fields the executor can test cheaply.
 *
 * Invariants:
 *  1. `r` always holds the registers of the current mode; other modes' r13/r14 (and FIQ's r8-r12)
 *     live in the banks and are swapped in by setMode().
 *  2. Registers are int32 values; unsigned readers apply `>>> 0`.
 *  3. n, z, c, v, q are 0 or 1.
 *  4. `pc` is the address of the next instruction to execute; r[15] is only meaningful while an
 *     instruction executes (it then reads as the instruction's address + 8 in ARM, + 4 in Thumb).
 *
 * Choices where the ARM ARM leaves the result UNPREDICTABLE (checked by tests/emulator/cpu/
 * registers.test.ts):
 *  - A reserved mode encoding written to CPSR[4:0] is ignored: the mode and banks stay as they
 *    were, the other CPSR fields are written.
 *  - USR and SYS have no SPSR: reading it gives the CPSR, writing it does nothing.
 *  - J reads as zero (czemu runs no Jazelle bytecode, so the core never enters Jazelle state), and
 *    the later GE, E and A bits, which ARMv5TE does not have, read as zero too.
 */
export class Registers {
  readonly r = new Int32Array(16);
  /** r13 and r14 per bank (0 usr/sys, 1 fiq, 2 irq, 3 svc, 4 abt, 5 und). */
  readonly bankSp = new Int32Array(6);
  readonly bankLr = new Int32Array(6);
  readonly spsr = new Int32Array(6);
  /** r8-r12 of FIQ mode, and of every other mode while FIQ's are in `r`. */
  readonly fiqHi = new Int32Array(5);
  readonly usrHi = new Int32Array(5);

  n = 0;
  z = 0;
  c = 0;
  v = 0;
  q = 0;
  /** 1 in Thumb state. */
  t = 0;
  /** CPSR I and F bits (1 = masked). */
  irqMasked = 1;
  fiqMasked = 1;
  mode = MODE_SVC;
  /** Register bank of `mode`. */
  bank = 3;
  pc = 0;
  /** True in USR mode: memory accesses use the user permissions. */
  user = false;

  /** Composes the CPSR from its fields. */
  getCpsr(): number {
    return (
      (this.n << 31) | (this.z << 30) | (this.c << 29) | (this.v << 28) | (this.q << 27) |
      (this.irqMasked << 7) | (this.fiqMasked << 6) | (this.t << 5) | this.mode
    );
  }

  /**
   * Writes the whole CPSR: flags, masks, T and mode (the mode switch banks registers). A reserved
   * mode encoding is UNPREDICTABLE in the architecture; czemu keeps the current mode.
   */
  setCpsr(value: number): void {
    this.n = (value >>> 31) & 1;
    this.z = (value >>> 30) & 1;
    this.c = (value >>> 29) & 1;
    this.v = (value >>> 28) & 1;
    this.q = (value >>> 27) & 1;
    this.irqMasked = (value & CPSR_I) !== 0 ? 1 : 0;
    this.fiqMasked = (value & CPSR_F) !== 0 ? 1 : 0;
    this.t = (value & CPSR_T) !== 0 ? 1 : 0;
    this.setMode(value & 0x1f);
  }

  /** Switches to `mode`, banking r13/r14 (and r8-r12 for FIQ); ignores reserved encodings. */
  setMode(mode: number): void {
    const nb = bankOf(mode);
    if (nb < 0) return;
    const r = this.r;
    const ob = this.bank;
    if (nb !== ob) {
      this.bankSp[ob] = r[13]!;
      this.bankLr[ob] = r[14]!;
      if (ob === 1) {
        for (let i = 0; i < 5; i++) {
          this.fiqHi[i] = r[8 + i]!;
          r[8 + i] = this.usrHi[i]!;
        }
      } else if (nb === 1) {
        for (let i = 0; i < 5; i++) {
          this.usrHi[i] = r[8 + i]!;
          r[8 + i] = this.fiqHi[i]!;
        }
      }
      r[13] = this.bankSp[nb]!;
      r[14] = this.bankLr[nb]!;
      this.bank = nb;
    }
    this.mode = mode;
    this.user = mode === MODE_USR;
  }

  /** SPSR of the current mode; USR and SYS have none, and read as the CPSR (UNPREDICTABLE). */
  getSpsr(): number {
    return this.bank === 0 ? this.getCpsr() : this.spsr[this.bank]!;
  }

  /** Writes the current mode's SPSR; ignored in USR and SYS, which have none. */
  setSpsr(value: number): void {
    if (this.bank !== 0) this.spsr[this.bank] = value;
  }

  /** Reads register `i` (0-15) of the user bank, whatever the current mode (LDM/STM ^, debuggers). */
  getUserReg(i: number): number {
    if (i >= 13 && i <= 14 && this.bank !== 0) return i === 13 ? this.bankSp[0]! : this.bankLr[0]!;
    if (i >= 8 && i <= 12 && this.bank === 1) return this.usrHi[i - 8]!;
    return this.r[i]!;
  }

  /** Writes register `i` of the user bank, whatever the current mode. */
  setUserReg(i: number, value: number): void {
    if (i >= 13 && i <= 14 && this.bank !== 0) {
      if (i === 13) this.bankSp[0] = value;
      else this.bankLr[0] = value;
    } else if (i >= 8 && i <= 12 && this.bank === 1) {
      this.usrHi[i - 8] = value;
    } else {
      this.r[i] = value;
    }
  }

  /** Reads register `i` as seen in `mode` (for debuggers and the kernel's context switch). */
  getModeReg(mode: number, i: number): number {
    const b = bankOf(mode);
    if (b === this.bank || b < 0) return this.r[i]!;
    if (i === 13) return this.bankSp[b]!;
    if (i === 14) return this.bankLr[b]!;
    if (i >= 8 && i <= 12) {
      if (b === 1) return this.fiqHi[i - 8]!;
      if (this.bank === 1) return this.usrHi[i - 8]!;
    }
    return this.r[i]!;
  }

  /** Resets to the ARM reset state: SVC mode, IRQ and FIQ masked, ARM state, all registers zero. */
  resetRegisters(): void {
    this.r.fill(0);
    this.bankSp.fill(0);
    this.bankLr.fill(0);
    this.spsr.fill(0);
    this.fiqHi.fill(0);
    this.usrHi.fill(0);
    this.n = this.z = this.c = this.v = this.q = this.t = 0;
    this.irqMasked = this.fiqMasked = 1;
    this.bank = 3;
    this.mode = MODE_SVC;
    this.user = false;
    this.pc = 0;
  }

  /** Convenience for hosts: enter user mode with a clean CPSR (flags clear, ARM state, IRQs on). */
  enterUser(pc: number, sp: number): void {
    this.setCpsr(MODE_USR);
    this.r[13] = sp;
    this.pc = pc;
  }

  /** Mode bits of the FIQ mode, exported for executors that test it. */
  static readonly FIQ = MODE_FIQ;
}
