/**
 * Thumb loads and stores (ARM ARM A7, formats 6-11 and 14-15): PC-relative LDR, register and
 * immediate offsets, SP-relative, PUSH/POP and LDMIA/STMIA.
 *
 * Memory model (ARM926EJ-S with SCTLR.A clear, see docs/thumb-behaviour.md):
 *  - LDR of an unaligned address reads the aligned word and rotates it right by 8 * addr[1:0];
 *    STR writes the aligned word (addr[1:0] ignored).
 *  - Halfword accesses use the aligned halfword (addr[0] ignored); LDRSH sign-extends it.
 *  - LDM/STM/PUSH/POP ignore addr[1:0] of every word.
 *
 * Abort model: the MMU returns 0 and sets `mmu.faulted` on a data abort; a handler then returns at
 * once, leaving every register as it was (base restored), and a multi-word transfer stops at the
 * first abort so DFSR/FAR describe it. Multi-register loads go through cpu.ldmTmp so that no
 * register changes until every word has been read.
 */
import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';

/** The word LDR returns for `addr`: the aligned word rotated right by 8 * addr[1:0]. */
function loadWord(cpu: Cpu, addr: number): number {
  const w = cpu.mmu.read32(addr);
  const rot = (addr & 3) << 3;
  return rot === 0 ? w : (w >>> rot) | (w << (32 - rot));
}

// ---- format 6: PC-relative load ----------------------------------------------------------------

/** LDR Rd, [PC, #imm8*4]: the PC (address + 4) is word-aligned first. */
export const ldrPc: Handler = (cpu, insn) => {
  const v = cpu.mmu.read32((cpu.r[15]! & ~3) + ((insn & 0xff) << 2));
  if (cpu.mmu.faulted) return;
  cpu.r[(insn >> 8) & 7] = v;
};

// ---- formats 7 and 8: register offset [Rn, Rm] -------------------------------------------------
//   15    9 8  6 5  3 2  0
//  | 0101 op | Rm | Rn | Rd |

/** STR Rd, [Rn, Rm]. */
export const strReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  cpu.mmu.write32((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0, r[insn & 7]!);
};

/** STRH Rd, [Rn, Rm]. */
export const strhReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  cpu.mmu.write16((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0, r[insn & 7]! & 0xffff);
};

/** STRB Rd, [Rn, Rm]. */
export const strbReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  cpu.mmu.write8((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0, r[insn & 7]! & 0xff);
};

/** LDRSB Rd, [Rn, Rm]. */
export const ldrsbReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = cpu.mmu.read8((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = (v << 24) >> 24;
};

/** LDR Rd, [Rn, Rm] (rotating when unaligned). */
export const ldrReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = loadWord(cpu, (r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = v;
};

/** LDRH Rd, [Rn, Rm]. */
export const ldrhReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = cpu.mmu.read16((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = v & 0xffff;
};

/** LDRB Rd, [Rn, Rm]. */
export const ldrbReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = cpu.mmu.read8((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = v & 0xff;
};

/** LDRSH Rd, [Rn, Rm]. */
export const ldrshReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = cpu.mmu.read16((r[(insn >> 3) & 7]! + r[(insn >> 6) & 7]!) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = (v << 16) >> 16;
};

// ---- formats 9 and 10: immediate offset [Rn, #imm5 * size] -----------------------------------

/** STR Rd, [Rn, #imm5*4]. */
export const strImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  cpu.mmu.write32((r[(insn >> 3) & 7]! + ((insn >> 4) & 0x7c)) | 0, r[insn & 7]!);
};

/** LDR Rd, [Rn, #imm5*4] (rotating when Rn is unaligned). */
export const ldrImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = loadWord(cpu, (r[(insn >> 3) & 7]! + ((insn >> 4) & 0x7c)) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = v;
};

/** STRB Rd, [Rn, #imm5]. */
export const strbImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  cpu.mmu.write8((r[(insn >> 3) & 7]! + ((insn >> 6) & 31)) | 0, r[insn & 7]! & 0xff);
};

/** LDRB Rd, [Rn, #imm5]. */
export const ldrbImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = cpu.mmu.read8((r[(insn >> 3) & 7]! + ((insn >> 6) & 31)) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = v & 0xff;
};

/** STRH Rd, [Rn, #imm5*2]. */
export const strhImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  cpu.mmu.write16((r[(insn >> 3) & 7]! + ((insn >> 5) & 0x3e)) | 0, r[insn & 7]! & 0xffff);
};

/** LDRH Rd, [Rn, #imm5*2]. */
export const ldrhImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  const v = cpu.mmu.read16((r[(insn >> 3) & 7]! + ((insn >> 5) & 0x3e)) | 0);
  if (cpu.mmu.faulted) return;
  r[insn & 7] = v & 0xffff;
};

// ---- format 11: SP-relative ---------------------------------------------------------------------

/** STR Rd, [SP, #imm8*4]. */
export const strSp: Handler = (cpu, insn) => {
  cpu.mmu.write32((cpu.r[13]! + ((insn & 0xff) << 2)) | 0, cpu.r[(insn >> 8) & 7]!);
};

/** LDR Rd, [SP, #imm8*4] (rotating when SP is unaligned). */
export const ldrSp: Handler = (cpu, insn) => {
  const v = loadWord(cpu, (cpu.r[13]! + ((insn & 0xff) << 2)) | 0);
  if (cpu.mmu.faulted) return;
  cpu.r[(insn >> 8) & 7] = v;
};

// ---- format 14: PUSH/POP -------------------------------------------------------------------------
// Full descending stack on SP. The lowest register goes to the lowest address; LR (PUSH) and PC
// (POP) come last. The decoder maps an empty list with R = 0 to UNDEFINED.

/** Number of set bits in the low byte of `x`. */
function bits8(x: number): number {
  x = (x & 0x55) + ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x & 0x0f) + (x >> 4);
}

/** PUSH {rlist} and PUSH {rlist, LR}: stores, then SP -= 4 * count. */
export const push: Handler = (cpu, insn) => {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const withLr = (insn >> 8) & 1;
  const start = (r[13]! - ((bits8(insn) + withLr) << 2)) | 0;
  if (mmu.watcher !== undefined && mmu.watchRange(start, (bits8(insn) + withLr) << 2, true)) return;
  let addr = start;
  for (let i = 0; i < 8; i++) {
    if ((insn & (1 << i)) === 0) continue;
    mmu.write32(addr, r[i]!);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  if (withLr !== 0) {
    mmu.write32(addr, r[14]!);
    if (mmu.faulted) return;
  }
  r[13] = start;
};

/** POP {rlist} and POP {rlist, PC}: loads, SP += 4 * count; a loaded PC interworks (ARMv5). */
export const pop: Handler = (cpu, insn) => {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const tmp = cpu.ldmTmp;
  let addr = r[13]!;
  for (let i = 0; i < 8; i++) {
    if ((insn & (1 << i)) === 0) continue;
    tmp[i] = mmu.read32(addr);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  let pc = 0;
  if ((insn & 0x100) !== 0) {
    pc = mmu.read32(addr);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  for (let i = 0; i < 8; i++) if ((insn & (1 << i)) !== 0) r[i] = tmp[i]!;
  r[13] = addr;
  if ((insn & 0x100) !== 0) cpu.branchExchange(pc, true);
};

// ---- format 15: LDMIA/STMIA -----------------------------------------------------------------------
// The decoder maps an empty register list to UNDEFINED.

/** STMIA Rn!, {rlist}: a base in the list is stored with its original value; Rn += 4 * count. */
export const stmia: Handler = (cpu, insn) => {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const n = (insn >> 8) & 7;
  let addr = r[n]!;
  if (mmu.watcher !== undefined && mmu.watchRange(addr, bits8(insn) << 2, true)) return;
  for (let i = 0; i < 8; i++) {
    if ((insn & (1 << i)) === 0) continue;
    mmu.write32(addr, r[i]!);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  r[n] = addr;
};

/** LDMIA Rn!, {rlist}: Rn += 4 * count unless Rn is in the list (it then holds the loaded word). */
export const ldmia: Handler = (cpu, insn) => {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const tmp = cpu.ldmTmp;
  const n = (insn >> 8) & 7;
  let addr = r[n]!;
  for (let i = 0; i < 8; i++) {
    if ((insn & (1 << i)) === 0) continue;
    tmp[i] = mmu.read32(addr);
    if (mmu.faulted) return;
    addr = (addr + 4) | 0;
  }
  r[n] = addr;
  for (let i = 0; i < 8; i++) if ((insn & (1 << i)) !== 0) r[i] = tmp[i]!;
};
