import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';
import { storeValue } from './loadstore.ts';

/**
 * Halfword, signed byte and doubleword transfers, addressing mode 3 (ARM ARM A5.3):
 *
 *   cond 000 P U I W L Rn Rd immedH 1 S H 1 immedL      I=1: offset = immedH:immedL, I=0: Rm
 *
 *   L=1: SH=01 LDRH, 10 LDRSB, 11 LDRSH        L=0: SH=01 STRH, 10 LDRD, 11 STRD
 *
 * Implementation choices (docs/arm-behaviour.md):
 *  - an unaligned halfword access uses the aligned halfword (address bit 0 ignored) unless
 *    SCTLR.A is set, when the MMU raises an alignment fault;
 *  - LDRD/STRD ignore address bits 1:0 (word accesses at addr and addr + 4); an odd Rd or Rd = 14
 *    (UNPREDICTABLE pairs ending past r14) is treated as UNDEFINED;
 *  - P=0 W=1 (UNPREDICTABLE in ARMv5) behaves as post-indexed;
 *  - loads to the PC interwork; writeback to a PC base is skipped; a base that is also a loaded
 *    register keeps the loaded value; on a data abort no register changes.
 */

function offset(cpu: Cpu, insn: number): number {
  return (insn & (1 << 22)) !== 0 ? ((insn >>> 4) & 0xf0) | (insn & 15) : cpu.r[insn & 15]!;
}

/** Writeback of the instruction being executed: set by address(), committed after the access. */
let wbAddr = 0;
let wbDo = false;

/** The access address of `insn`; leaves its writeback in wbAddr/wbDo. */
function address(cpu: Cpu, insn: number): number {
  const n = (insn >>> 16) & 15;
  const base = cpu.r[n]!;
  const off = offset(cpu, insn);
  const offAddr = (insn & (1 << 23)) !== 0 ? (base + off) | 0 : (base - off) | 0;
  const pre = (insn & (1 << 24)) !== 0;
  wbAddr = offAddr;
  wbDo = (!pre || (insn & (1 << 21)) !== 0) && n !== 15;
  return pre ? offAddr : base;
}

function finishLoad(cpu: Cpu, insn: number, v: number): void {
  if (wbDo) cpu.r[(insn >>> 16) & 15] = wbAddr;
  const d = (insn >>> 12) & 15;
  if (d === 15) cpu.branchExchange(v, true);
  else cpu.r[d] = v;
}

/** LDRH: zero-extended halfword. */
export function ldrh(cpu: Cpu, insn: number): void {
  const v = cpu.mmu.read16(address(cpu, insn));
  if (cpu.mmu.faulted) return;
  finishLoad(cpu, insn, v);
}

/** LDRSH: sign-extended halfword. */
export function ldrsh(cpu: Cpu, insn: number): void {
  const v = cpu.mmu.read16(address(cpu, insn));
  if (cpu.mmu.faulted) return;
  finishLoad(cpu, insn, (v << 16) >> 16);
}

/** LDRSB: sign-extended byte. */
export function ldrsb(cpu: Cpu, insn: number): void {
  const v = cpu.mmu.read8(address(cpu, insn));
  if (cpu.mmu.faulted) return;
  finishLoad(cpu, insn, (v << 24) >> 24);
}

/** STRH: the low halfword of Rd. */
export function strh(cpu: Cpu, insn: number): void {
  const v = storeValue(cpu, (insn >>> 12) & 15);
  cpu.mmu.write16(address(cpu, insn), v & 0xffff);
  if (cpu.mmu.faulted) return;
  if (wbDo) cpu.r[(insn >>> 16) & 15] = wbAddr;
}

/** LDRD: Rd from addr, Rd+1 from addr + 4 (Rd even, not r14: checked at decode). */
export function ldrd(cpu: Cpu, insn: number): void {
  const mmu = cpu.mmu;
  const addr = address(cpu, insn);
  const lo = mmu.read32(addr);
  if (mmu.faulted) return;
  const hi = mmu.read32((addr + 4) | 0);
  if (mmu.faulted) return;
  if (wbDo) cpu.r[(insn >>> 16) & 15] = wbAddr;
  const d = (insn >>> 12) & 15;
  cpu.r[d] = lo;
  cpu.r[d + 1] = hi;
}

/** STRD: Rd to addr, Rd+1 to addr + 4. */
export function strd(cpu: Cpu, insn: number): void {
  const mmu = cpu.mmu;
  const d = (insn >>> 12) & 15;
  const lo = cpu.r[d]!;
  const hi = cpu.r[d + 1]!;
  const addr = address(cpu, insn);
  if (mmu.watcher !== undefined && mmu.watchRange(addr, 8, true)) return;
  mmu.write32(addr, lo);
  if (mmu.faulted) return;
  mmu.write32((addr + 4) | 0, hi);
  if (mmu.faulted) return;
  if (wbDo) cpu.r[(insn >>> 16) & 15] = wbAddr;
}

const undefinedInsn: Handler = (cpu) => cpu.undefinedInstruction();

/** LDRD/STRD with an odd Rd or Rd = r14 are UNDEFINED in czemu. */
export function pickDoubleword(insn: number): Handler {
  const d = (insn >>> 12) & 15;
  if ((d & 1) !== 0 || d === 14) return undefinedInsn;
  return (insn & 0x20) !== 0 ? strd : ldrd;
}
