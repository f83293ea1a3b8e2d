import type { Cpu } from '../cpu.ts';
import type { Handler } from '../handler.ts';
import { regImmOperand } from './shifter.ts';

/**
 * Word and unsigned byte loads and stores, addressing mode 2 (ARM ARM A5.2):
 *
 *   cond 01 I P U B W L Rn Rd offset     I=0: offset_12   I=1: shift_imm shift 0 Rm
 *
 * P=1 W=0 offset, P=1 W=1 pre-indexed, P=0 W=0 post-indexed, P=0 W=1 the T forms (LDRT, STRT,
 * LDRBT, STRBT: post-indexed, accessed with user permissions).
 *
 * Implementation choices (docs/arm-behaviour.md):
 *  - an unaligned LDR (and LDRT) rotates the aligned word right by 8 * address[1:0] (ARM926EJ-S
 *    with SCTLR.U clear); with SCTLR.A set the MMU raises an alignment fault instead;
 *  - STR of the PC stores the instruction address + 12 (IMPLEMENTATION DEFINED; ARM9 behaviour);
 *  - a load to the PC interworks on bit 0 (ARMv5), LDRB included;
 *  - a load whose base is also Rd with writeback keeps the loaded value (the writeback is
 *    committed first); writeback to a PC base is UNPREDICTABLE and czemu skips it;
 *  - on a data abort no register changes (base-restored abort model).
 */

/** Rotates the aligned word `w` loaded for byte address `addr` as an unaligned LDR does. */
export function rotateLoad(w: number, addr: number): number {
  const sh = (addr & 3) << 3;
  return sh === 0 ? w : (w >>> sh) | (w << (32 - sh));
}

/** The value a store of register `d` writes: the PC reads as the instruction address + 12. */
export function storeValue(cpu: Cpu, d: number): number {
  return d === 15 ? (cpu.r[15]! + 4) | 0 : cpu.r[d]!;
}

// ---- fast forms: immediate offset, no writeback, Rd != PC ---------------------------------------

function ldrImmUp(cpu: Cpu, i: number): void {
  const addr = (cpu.r[(i >>> 16) & 15]! + (i & 0xfff)) | 0;
  const w = cpu.mmu.read32(addr);
  if (cpu.mmu.faulted) return;
  cpu.r[(i >>> 12) & 15] = (addr & 3) === 0 ? w : rotateLoad(w, addr);
}
function ldrImmDown(cpu: Cpu, i: number): void {
  const addr = (cpu.r[(i >>> 16) & 15]! - (i & 0xfff)) | 0;
  const w = cpu.mmu.read32(addr);
  if (cpu.mmu.faulted) return;
  cpu.r[(i >>> 12) & 15] = (addr & 3) === 0 ? w : rotateLoad(w, addr);
}
function strImmUp(cpu: Cpu, i: number): void {
  cpu.mmu.write32((cpu.r[(i >>> 16) & 15]! + (i & 0xfff)) | 0, cpu.r[(i >>> 12) & 15]!);
}
function strImmDown(cpu: Cpu, i: number): void {
  cpu.mmu.write32((cpu.r[(i >>> 16) & 15]! - (i & 0xfff)) | 0, cpu.r[(i >>> 12) & 15]!);
}
function ldrbImmUp(cpu: Cpu, i: number): void {
  const v = cpu.mmu.read8((cpu.r[(i >>> 16) & 15]! + (i & 0xfff)) | 0);
  if (cpu.mmu.faulted) return;
  cpu.r[(i >>> 12) & 15] = v;
}
function ldrbImmDown(cpu: Cpu, i: number): void {
  const v = cpu.mmu.read8((cpu.r[(i >>> 16) & 15]! - (i & 0xfff)) | 0);
  if (cpu.mmu.faulted) return;
  cpu.r[(i >>> 12) & 15] = v;
}
function strbImmUp(cpu: Cpu, i: number): void {
  cpu.mmu.write8((cpu.r[(i >>> 16) & 15]! + (i & 0xfff)) | 0, cpu.r[(i >>> 12) & 15]! & 0xff);
}
function strbImmDown(cpu: Cpu, i: number): void {
  cpu.mmu.write8((cpu.r[(i >>> 16) & 15]! - (i & 0xfff)) | 0, cpu.r[(i >>> 12) & 15]! & 0xff);
}

/** Indexed by B (bit 22) * 2 + L (bit 20), then U. */
const FAST_UP: readonly Handler[] = [strImmUp, ldrImmUp, strbImmUp, ldrbImmUp];
const FAST_DOWN: readonly Handler[] = [strImmDown, ldrImmDown, strbImmDown, ldrbImmDown];

/** Every addressing-mode-2 form of LDR, STR, LDRB, STRB and their T variants. */
export function loadStore(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const n = (insn >>> 16) & 15;
  const d = (insn >>> 12) & 15;
  const base = r[n]!;
  const off = (insn & (1 << 25)) !== 0 ? regImmOperand(cpu, insn) : insn & 0xfff;
  const offAddr = (insn & (1 << 23)) !== 0 ? (base + off) | 0 : (base - off) | 0;
  const pre = (insn & (1 << 24)) !== 0;
  const addr = pre ? offAddr : base;
  const writeback = (!pre || (insn & (1 << 21)) !== 0) && n !== 15;
  const user = !pre && (insn & (1 << 21)) !== 0;
  const byte = (insn & (1 << 22)) !== 0;
  if (user) mmu.setUser(true);
  if ((insn & (1 << 20)) !== 0) {
    const v = byte ? mmu.read8(addr) : rotateLoad(mmu.read32(addr), addr);
    if (user) mmu.setUser(cpu.user);
    if (mmu.faulted) return;
    if (writeback) r[n] = offAddr;
    if (d === 15) cpu.branchExchange(v, true);
    else r[d] = v;
    return;
  }
  const v = storeValue(cpu, d);
  if (byte) mmu.write8(addr, v & 0xff);
  else mmu.write32(addr, v);
  if (user) mmu.setUser(cpu.user);
  if (mmu.faulted) return;
  if (writeback) r[n] = offAddr;
}

/** Picks the handler for an addressing-mode-2 instruction (register forms have bit 4 clear). */
export function pickLoadStore(insn: number): Handler {
  const fast = (insn & 0x03200000) === 0x01000000 && ((insn >>> 12) & 15) !== 15;
  if (!fast) return loadStore;
  const k = ((insn >>> 21) & 2) | ((insn >>> 20) & 1);
  return ((insn & (1 << 23)) !== 0 ? FAST_UP : FAST_DOWN)[k]!;
}
