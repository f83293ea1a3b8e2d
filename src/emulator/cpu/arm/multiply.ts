import type { Cpu } from '../cpu.ts';

/**
 * Multiplies (ARM ARM A4.1): MUL, MLA, UMULL, UMLAL, SMULL, SMLAL.
 *
 *   MUL/MLA:  cond 0000 00A S Rd Rn Rs 1001 Rm        Rd = Rm * Rs (+ Rn)
 *   long:     cond 0000 1UA S RdHi RdLo Rs 1001 Rm    RdHi:RdLo = Rm * Rs (+ RdHi:RdLo)
 *
 * The S forms set N and Z only; ARMv5 leaves C and V unchanged. A PC operand or destination is
 * UNPREDICTABLE: czemu reads r[15] (address + 8) and discards writes to the PC. A long form with
 * RdHi = RdLo (also UNPREDICTABLE) leaves the high word, which is written last.
 */

/** 64-bit product scratch: mul64 leaves the halves here (int32 each) to avoid allocation. */
let prodLo = 0;
let prodHi = 0;

/** Unsigned 32x32 -> 64 multiply of a and b (int32 readings as unsigned) into prodHi:prodLo. */
function mulU64(a: number, b: number): void {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  prodLo = (mid << 16) | (p00 & 0xffff);
  prodHi = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** Signed 32x32 -> 64 multiply: the unsigned product corrected for negative operands. */
function mulS64(a: number, b: number): void {
  mulU64(a, b);
  let hi = prodHi;
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  prodHi = hi;
}

/** Adds hi:lo to the product in prodHi:prodLo (modulo 2^64). */
function accumulate(hi: number, lo: number): void {
  const sum = (prodLo >>> 0) + (lo >>> 0);
  prodLo = sum | 0;
  prodHi = (prodHi + hi + (sum > 0xffffffff ? 1 : 0)) | 0;
}

function writeLong(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const lo = (insn >>> 12) & 15;
  const hi = (insn >>> 16) & 15;
  if (lo !== 15) r[lo] = prodLo;
  if (hi !== 15) r[hi] = prodHi;
  if ((insn & (1 << 20)) !== 0) {
    cpu.n = prodHi >>> 31;
    cpu.z = (prodHi | prodLo) === 0 ? 1 : 0;
  }
}

/** MUL and MLA (bit 21 = accumulate), with or without S. */
export function mul(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  let res = Math.imul(r[insn & 15]!, r[(insn >>> 8) & 15]!);
  if ((insn & (1 << 21)) !== 0) res = (res + r[(insn >>> 12) & 15]!) | 0;
  const d = (insn >>> 16) & 15;
  if (d !== 15) r[d] = res;
  if ((insn & (1 << 20)) !== 0) {
    cpu.n = res >>> 31;
    cpu.z = res === 0 ? 1 : 0;
  }
}

/** UMULL, UMLAL, SMULL, SMLAL: bit 22 = signed, bit 21 = accumulate. */
export function mulLong(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const a = r[insn & 15]!;
  const b = r[(insn >>> 8) & 15]!;
  if ((insn & (1 << 22)) !== 0) mulS64(a, b);
  else mulU64(a, b);
  if ((insn & (1 << 21)) !== 0) accumulate(r[(insn >>> 16) & 15]!, r[(insn >>> 12) & 15]!);
  writeLong(cpu, insn);
}

/**
 * SMLALxy (ARMv5TE): RdHi:RdLo += Rm.x * Rs.y, the 16x16 product sign-extended to 64 bits.
 * x = bit 5, y = bit 6 (1 = top halfword). No flags, no Q.
 */
export function smlalxy(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const rm = r[insn & 15]!;
  const rs = r[(insn >>> 8) & 15]!;
  const a = (insn & 0x20) !== 0 ? rm >> 16 : (rm << 16) >> 16;
  const b = (insn & 0x40) !== 0 ? rs >> 16 : (rs << 16) >> 16;
  prodLo = a * b;
  prodHi = prodLo < 0 ? -1 : 0;
  accumulate(r[(insn >>> 16) & 15]!, r[(insn >>> 12) & 15]!);
  const lo = (insn >>> 12) & 15;
  const hi = (insn >>> 16) & 15;
  if (lo !== 15) r[lo] = prodLo;
  if (hi !== 15) r[hi] = prodHi;
}
