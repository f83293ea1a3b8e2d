import type { Cpu } from '../cpu.ts';
import { CPSR_T } from '../modes.ts';
import { immOperand } from './shifter.ts';

/**
 * Status register transfers (ARM ARM A4.1.38-39):
 *
 *   MRS        cond 0001 0R00 SBO Rd SBZ                      Rd = CPSR or SPSR
 *   MSR imm    cond 0011 0R10 field_mask SBO rotate_imm imm_8
 *   MSR reg    cond 0001 0R10 field_mask SBO SBZ 0000 Rm
 *
 * field_mask bits 19:16 select the c (7:0), x (15:8), s (23:16) and f (31:24) bytes. In USR mode
 * only the f byte of the CPSR can change. MSR never changes the T bit (ARM ARM: writing it is
 * UNPREDICTABLE; czemu keeps it). In USR and SYS, which have no SPSR, MRS SPSR reads the CPSR and
 * MSR SPSR is ignored (both UNPREDICTABLE). Writes to the PC are discarded.
 */

const FLAGS_BYTE = 0xff000000 | 0;

/** MRS: reads the CPSR (R=0) or the current mode's SPSR (R=1). */
export function mrs(cpu: Cpu, insn: number): void {
  const d = (insn >>> 12) & 15;
  if (d === 15) return;
  cpu.r[d] = (insn & (1 << 22)) !== 0 ? cpu.getSpsr() : cpu.getCpsr();
}

/** MSR, immediate (bit 25) or register operand. */
export function msr(cpu: Cpu, insn: number): void {
  const value = (insn & (1 << 25)) !== 0 ? immOperand(insn) : cpu.r[insn & 15]!;
  let mask = 0;
  if ((insn & (1 << 16)) !== 0) mask |= 0x000000ff;
  if ((insn & (1 << 17)) !== 0) mask |= 0x0000ff00;
  if ((insn & (1 << 18)) !== 0) mask |= 0x00ff0000;
  if ((insn & (1 << 19)) !== 0) mask |= FLAGS_BYTE;
  if ((insn & (1 << 22)) !== 0) {
    if (cpu.bank !== 0) cpu.setSpsr((cpu.getSpsr() & ~mask) | (value & mask));
    return;
  }
  if (cpu.user) mask &= FLAGS_BYTE;
  if ((mask & 0xff) === 0) {
    // Flags only: no mode, mask or state change, so the run loop need not resync.
    if ((mask & FLAGS_BYTE) !== 0) {
      cpu.n = (value >>> 31) & 1;
      cpu.z = (value >>> 30) & 1;
      cpu.c = (value >>> 29) & 1;
      cpu.v = (value >>> 28) & 1;
      cpu.q = (value >>> 27) & 1;
    }
    return;
  }
  const old = cpu.getCpsr();
  const next = (old & ~mask) | (value & mask);
  cpu.writeCpsr((next & ~CPSR_T) | (old & CPSR_T));
}
