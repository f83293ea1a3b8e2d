import type { Cpu } from '../cpu.ts';

/**
 * Branches (ARM ARM A4.1):
 *
 *   B/BL     cond 101 L signed_immed_24               target = PC + 8 + (imm24 << 2)
 *   BLX imm  1111 101 H signed_immed_24               target = PC + 8 + (imm24 << 2) + (H << 1), Thumb
 *   BX       cond 0001 0010 SBO SBO SBO 0001 Rm       interworking on Rm bit 0
 *   BLX reg  cond 0001 0010 SBO SBO SBO 0011 Rm
 *
 * The link register receives the address of the next instruction (cpu.pc while executing).
 */

/** B: PC-relative branch. */
export function b(cpu: Cpu, insn: number): void {
  cpu.pc = (cpu.r[15]! + ((insn << 8) >> 6)) | 0;
}

/** BL: branch and link. */
export function bl(cpu: Cpu, insn: number): void {
  cpu.r[14] = cpu.pc;
  cpu.pc = (cpu.r[15]! + ((insn << 8) >> 6)) | 0;
}

/** BLX (immediate), from the unconditional space: always enters Thumb state. */
export function blxImm(cpu: Cpu, insn: number): void {
  cpu.r[14] = cpu.pc;
  const target = (cpu.r[15]! + ((insn << 8) >> 6) + ((insn >>> 23) & 2)) | 0;
  cpu.branchExchange(target | 1);
}

/** BX: branch to Rm, Thumb if bit 0 is set. */
export function bx(cpu: Cpu, insn: number): void {
  cpu.branchExchange(cpu.r[insn & 15]!);
}

/** BLX (register): Rm is read before LR is written, so `blx lr` works. */
export function blxReg(cpu: Cpu, insn: number): void {
  const target = cpu.r[insn & 15]!;
  cpu.r[14] = cpu.pc;
  cpu.branchExchange(target);
}
