import type { Cpu } from '../cpu.ts';

/**
 * Addressing mode 1 (ARM ARM A5.1): the shifter operand of data-processing instructions, and the
 * scaled register offset of addressing mode 2 (which uses the same immediate shifts, carry unused).
 *
 *   immediate:            31..28 cond | 001 opcode S Rn Rd | rotate_imm(11:8) | immed_8(7:0)
 *   shift by immediate:   ... 000 ... | shift_imm(11:7) | shift(6:5) | 0 | Rm
 *   shift by register:    ... 000 ... | Rs(11:8) | 0 | shift(6:5) | 1 | Rm
 *
 * The `...C` variants also leave the shifter carry-out in cpu.shc (0 or 1) for the S forms of the
 * logical instructions; the plain variants skip that work for the common flag-less forms.
 */

/** Immediate operand: immed_8 rotated right by 2*rotate_imm. */
export function immOperand(insn: number): number {
  const rot = (insn >>> 7) & 30;
  const imm = insn & 0xff;
  return rot === 0 ? imm : (imm >>> rot) | (imm << (32 - rot));
}

/** Immediate operand and its carry-out: C unchanged when rotate_imm is 0, else bit 31 of the result. */
export function immOperandC(cpu: Cpu, insn: number): number {
  const rot = (insn >>> 7) & 30;
  const imm = insn & 0xff;
  if (rot === 0) {
    cpu.shc = cpu.c;
    return imm;
  }
  const v = (imm >>> rot) | (imm << (32 - rot));
  cpu.shc = v >>> 31;
  return v;
}

/**
 * Register shifted by an immediate, without the carry-out. LSR #0 and ASR #0 encode shifts by 32
 * and ROR #0 encodes RRX (rotate right by one through C).
 */
export function regImmOperand(cpu: Cpu, insn: number): number {
  const rm = cpu.r[insn & 15]!;
  const amt = (insn >>> 7) & 31;
  switch ((insn >>> 5) & 3) {
    case 0:
      return rm << amt;
    case 1:
      return amt === 0 ? 0 : rm >>> amt;
    case 2:
      return rm >> (amt === 0 ? 31 : amt);
    default:
      return amt === 0 ? (cpu.c << 31) | (rm >>> 1) : (rm >>> amt) | (rm << (32 - amt));
  }
}

/** Register shifted by an immediate, leaving the shifter carry-out in cpu.shc. */
export function regImmOperandC(cpu: Cpu, insn: number): number {
  const rm = cpu.r[insn & 15]!;
  const amt = (insn >>> 7) & 31;
  switch ((insn >>> 5) & 3) {
    case 0:
      if (amt === 0) {
        cpu.shc = cpu.c;
        return rm;
      }
      cpu.shc = (rm >>> (32 - amt)) & 1;
      return rm << amt;
    case 1:
      if (amt === 0) {
        cpu.shc = rm >>> 31;
        return 0;
      }
      cpu.shc = (rm >>> (amt - 1)) & 1;
      return rm >>> amt;
    case 2:
      if (amt === 0) {
        cpu.shc = rm >>> 31;
        return rm >> 31;
      }
      cpu.shc = (rm >>> (amt - 1)) & 1;
      return rm >> amt;
    default:
      if (amt === 0) {
        const v = (cpu.c << 31) | (rm >>> 1);
        cpu.shc = rm & 1;
        return v;
      }
      cpu.shc = (rm >>> (amt - 1)) & 1;
      return (rm >>> amt) | (rm << (32 - amt));
  }
}

/**
 * Register shifted by the bottom byte of Rs, leaving the carry-out in cpu.shc. An amount of 0
 * passes Rm and C through; LSL/LSR by 32 give 0 with C = bit 0 / bit 31, by more than 32 give 0 with
 * C = 0; ASR by 32 or more fills with bit 31; ROR uses the amount mod 32 (C = bit 31 when that is 0).
 * The PC as Rm or Rs reads as the instruction address + 12 here, because the register read
 * happens a cycle later.
 */
export function regRegOperandC(cpu: Cpu, insn: number): number {
  const r = cpu.r;
  const m = insn & 15;
  const s = (insn >>> 8) & 15;
  const rm = m === 15 ? (r[15]! + 4) | 0 : r[m]!;
  const amt = (s === 15 ? r[15]! + 4 : r[s]!) & 0xff;
  return shiftByRegisterC(cpu, (insn >>> 5) & 3, rm, amt);
}

/**
 * `rm` shifted by `amt` (0-255, the bottom byte of a register) with shift type `type` (0 LSL,
 * 1 LSR, 2 ASR, 3 ROR), leaving the carry-out in cpu.shc: the register-shift rules ARM data
 * processing and the Thumb register shifts share. Returns an int32.
 */
export function shiftByRegisterC(cpu: Cpu, type: number, rm: number, amt: number): number {
  if (amt === 0) {
    cpu.shc = cpu.c;
    return rm;
  }
  switch (type) {
    case 0:
      if (amt < 32) {
        cpu.shc = (rm >>> (32 - amt)) & 1;
        return rm << amt;
      }
      cpu.shc = amt === 32 ? rm & 1 : 0;
      return 0;
    case 1:
      if (amt < 32) {
        cpu.shc = (rm >>> (amt - 1)) & 1;
        return (rm >>> amt) | 0;
      }
      cpu.shc = amt === 32 ? rm >>> 31 : 0;
      return 0;
    case 2:
      if (amt < 32) {
        cpu.shc = (rm >>> (amt - 1)) & 1;
        return rm >> amt;
      }
      cpu.shc = rm >>> 31;
      return rm >> 31;
    default: {
      const k = amt & 31;
      if (k === 0) {
        cpu.shc = rm >>> 31;
        return rm;
      }
      cpu.shc = (rm >>> (k - 1)) & 1;
      return (rm >>> k) | (rm << (32 - k));
    }
  }
}

/** Any addressing-mode-1 operand with its carry-out (the general path). */
export function shifterOperandC(cpu: Cpu, insn: number): number {
  if ((insn & (1 << 25)) !== 0) return immOperandC(cpu, insn);
  if ((insn & 0x10) === 0) return regImmOperandC(cpu, insn);
  return regRegOperandC(cpu, insn);
}
