import type { Cpu } from '../cpu.ts';
import { rotateLoad } from './loadstore.ts';

/**
 * The remaining ARM instructions (ARM ARM A4.1):
 *
 *   SWP/SWPB  cond 0001 0B00 Rn Rd SBZ 1001 Rm     Rd = [Rn], [Rn] = Rm, atomically
 *   SWI       cond 1111 immed_24
 *   BKPT      1110 0001 0010 immed 0111 immed       prefetch abort (ARMv5)
 *   PLD       1111 01x1 U101 Rn 1111 addr_mode     a hint: czemu has no caches
 *
 * SWP reads and then writes through the MMU; if either access aborts nothing changes (the read
 * has no side effect, and a failing write stores nothing). An unaligned SWP rotates the loaded
 * word like LDR and stores Rm to the aligned word. Rd = PC is UNPREDICTABLE and discarded.
 */

/** SWP: word swap. Rm is read before Rd is written, so Rd = Rm works. */
export function swp(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const addr = r[(insn >>> 16) & 15]!;
  const w = mmu.read32(addr);
  if (mmu.faulted) return;
  mmu.write32(addr, r[insn & 15]!);
  if (mmu.faulted) return;
  const d = (insn >>> 12) & 15;
  if (d !== 15) r[d] = rotateLoad(w, addr);
}

/** SWPB: byte swap, zero-extended. */
export function swpb(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const mmu = cpu.mmu;
  const addr = r[(insn >>> 16) & 15]!;
  const v = mmu.read8(addr);
  if (mmu.faulted) return;
  mmu.write8(addr, r[insn & 15]! & 0xff);
  if (mmu.faulted) return;
  const d = (insn >>> 12) & 15;
  if (d !== 15) r[d] = v;
}

/** SWI: software interrupt with the 24-bit comment field. */
export function swi(cpu: Cpu, insn: number): void {
  cpu.softwareInterrupt(insn & 0xffffff);
}

/** BKPT: breakpoint with the 16-bit immediate split over bits 19:8 and 3:0. */
export function bkpt(cpu: Cpu, insn: number): void {
  cpu.breakpoint(((insn >>> 4) & 0xfff0) | (insn & 15));
}

/** PLD: preload hint, no architectural effect. */
export function pld(): void {}
