import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';

/**
 * Coprocessor register transfers (ARM ARM A4.1.32, A4.1.48):
 *
 *   MCR/MRC  cond 1110 opcode_1 L CRn Rd cp_num opcode_2 1 CRm
 *
 * The ARM926EJ-S has only CP15 (and CP14 debug, not modelled): MCR/MRC to any other coprocessor,
 * and CDP, LDC, STC, MCRR, MRRC to any coprocessor, are UNDEFINED; decode maps them there.
 * Privilege and unknown CP15 registers are checked by Cpu.mcr15/mrc15 (UNDEFINED in USR mode).
 */

/** MCR p15: writes Rd (the PC reads as address + 8) to the CP15 register. */
export function mcr(cpu: Cpu, insn: number): void {
  const value = cpu.r[(insn >>> 12) & 15]!;
  cpu.mcr15((insn >>> 16) & 15, (insn >>> 21) & 7, insn & 15, (insn >>> 5) & 7, value);
}

/** MRC p15: reads a CP15 register into Rd; with Rd = PC, bits 31:28 set N, Z, C, V instead. */
export function mrc(cpu: Cpu, insn: number): void {
  const v = cpu.mrc15((insn >>> 16) & 15, (insn >>> 21) & 7, insn & 15, (insn >>> 5) & 7);
  if (v === undefined) return;
  const d = (insn >>> 12) & 15;
  if (d !== 15) {
    cpu.r[d] = v;
    return;
  }
  cpu.n = (v >>> 31) & 1;
  cpu.z = (v >>> 30) & 1;
  cpu.c = (v >>> 29) & 1;
  cpu.v = (v >>> 28) & 1;
}

/** Undefined-instruction handler shared by every encoding czemu does not implement. */
export const undefinedArm: Handler = (cpu) => cpu.undefinedInstruction();

/** MCR/MRC: the CP15 handler, or UNDEFINED for any other coprocessor number. */
export function pickCoprocessorTransfer(insn: number): Handler {
  if (((insn >>> 8) & 15) !== 15) return undefinedArm;
  return (insn & (1 << 20)) !== 0 ? mrc : mcr;
}
