/**
 * Thumb control flow (ARM ARM A7, formats 5, 16-19 and the exception-generating encodings):
 * conditional branch, unconditional B, the BL/BLX prefix and suffix, BX/BLX register, SWI, BKPT
 * and UNDEFINED.
 *
 * While a handler runs r[15] = address + 4 and cpu.pc = address + 2 (the next instruction), so
 * `cpu.pc | 1` is the return link that BL and BLX store in LR.
 *
 *   15   12 11  8 7      0
 *  | 1101  | cond | imm8  |   B<cond> (cond 14 UNDEFINED, 15 SWI)
 *  | 11100 | imm11        |   B
 *  | 111 H | imm11        |   H = 01 BLX suffix, 10 BL/BLX prefix, 11 BL suffix
 */
import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';

/** Taken conditional branch: PC + SignExtend(imm8) << 1. */
function bcondTaken(cpu: Cpu, insn: number): void {
  cpu.pc = (cpu.r[15]! + ((insn << 24) >> 23)) & ~1;
}

/**
 * One handler per condition 0-13 (indexed by cond), so the condition test is a field compare
 * rather than a switch per execution.
 */
export const bcond: readonly Handler[] = [
  (cpu, insn) => { if (cpu.z === 1) bcondTaken(cpu, insn); }, // EQ
  (cpu, insn) => { if (cpu.z === 0) bcondTaken(cpu, insn); }, // NE
  (cpu, insn) => { if (cpu.c === 1) bcondTaken(cpu, insn); }, // CS
  (cpu, insn) => { if (cpu.c === 0) bcondTaken(cpu, insn); }, // CC
  (cpu, insn) => { if (cpu.n === 1) bcondTaken(cpu, insn); }, // MI
  (cpu, insn) => { if (cpu.n === 0) bcondTaken(cpu, insn); }, // PL
  (cpu, insn) => { if (cpu.v === 1) bcondTaken(cpu, insn); }, // VS
  (cpu, insn) => { if (cpu.v === 0) bcondTaken(cpu, insn); }, // VC
  (cpu, insn) => { if (cpu.c === 1 && cpu.z === 0) bcondTaken(cpu, insn); }, // HI
  (cpu, insn) => { if (cpu.c === 0 || cpu.z === 1) bcondTaken(cpu, insn); }, // LS
  (cpu, insn) => { if (cpu.n === cpu.v) bcondTaken(cpu, insn); }, // GE
  (cpu, insn) => { if (cpu.n !== cpu.v) bcondTaken(cpu, insn); }, // LT
  (cpu, insn) => { if (cpu.z === 0 && cpu.n === cpu.v) bcondTaken(cpu, insn); }, // GT
  (cpu, insn) => { if (cpu.z === 1 || cpu.n !== cpu.v) bcondTaken(cpu, insn); }, // LE
];

/** B: PC + SignExtend(imm11) << 1. */
export const bUncond: Handler = (cpu, insn) => {
  cpu.pc = (cpu.r[15]! + ((insn << 21) >> 20)) & ~1;
};

/** BL/BLX prefix (H = 10): LR = PC + SignExtend(imm11) << 12. */
export const blPrefix: Handler = (cpu, insn) => {
  cpu.r[14] = (cpu.r[15]! + ((insn << 21) >> 9)) | 0;
};

/** BL suffix (H = 11): branch to LR + imm11 << 1, LR = next instruction | 1. */
export const blSuffix: Handler = (cpu, insn) => {
  const target = (cpu.r[14]! + ((insn & 0x7ff) << 1)) & ~1;
  cpu.r[14] = cpu.pc | 1;
  cpu.pc = target;
};

/**
 * BLX suffix (H = 01): branch to (LR + imm11 << 1) & ~3 in ARM state, LR = next | 1. The decoder
 * maps the encoding with bit 0 set to UNDEFINED, so imm11 is even here.
 */
export const blxSuffix: Handler = (cpu, insn) => {
  const target = (cpu.r[14]! + ((insn & 0x7ff) << 1)) & ~3;
  cpu.r[14] = cpu.pc | 1;
  cpu.branchExchange(target);
};

/** BX Rm: interworking branch (Rm = H2:insn[5:3]; BX PC enters ARM at (address + 4) & ~3). */
export const bx: Handler = (cpu, insn) => {
  cpu.branchExchange(cpu.r[(insn >> 3) & 15]!);
};

/** BLX Rm: interworking call; Rm is read before LR is written (BLX LR works). */
export const blxReg: Handler = (cpu, insn) => {
  const target = cpu.r[(insn >> 3) & 15]!;
  cpu.r[14] = cpu.pc | 1;
  cpu.branchExchange(target);
};

/** SWI imm8 (the cond = 15 slot of the conditional-branch space). */
export const swi: Handler = (cpu, insn) => {
  cpu.softwareInterrupt(insn & 0xff);
};

/** BKPT imm8 (ARMv5T): prefetch abort with the immediate for the debugger. */
export const bkpt: Handler = (cpu, insn) => {
  cpu.breakpoint(insn & 0xff);
};

/** Every unallocated ARMv5T Thumb encoding. */
export const undefinedThumb: Handler = (cpu) => {
  cpu.undefinedInstruction();
};
