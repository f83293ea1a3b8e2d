import type { Cpu } from '../cpu.ts';

/**
 * The ARMv5TE DSP extensions (ARM ARM A4.1) and CLZ:
 *
 *   SMLAxy  cond 0001 0000 Rd Rn Rs 1yx0 Rm   Rd = Rm.x * Rs.y + Rn            (Q on overflow)
 *   SMLAWy  cond 0001 0010 Rd Rn Rs 1y00 Rm   Rd = (Rm * Rs.y)[47:16] + Rn     (Q on overflow)
 *   SMULWy  cond 0001 0010 Rd SBZ Rs 1y10 Rm  Rd = (Rm * Rs.y)[47:16]
 *   SMULxy  cond 0001 0110 Rd SBZ Rs 1yx0 Rm  Rd = Rm.x * Rs.y
 *   QADD/QSUB/QDADD/QDSUB  cond 0001 0op0 Rn Rd SBZ 0101 Rm   (saturating, sticky Q)
 *   CLZ     cond 0001 0110 SBO Rd SBO 0001 Rm
 *
 * x, y = 1 select the top halfword. The Q flag is only ever set here, never cleared (MSR clears
 * it). Writes to the PC are UNPREDICTABLE and discarded.
 */

const MAX = 0x7fffffff;
const MIN = -0x80000000;

function half(v: number, top: boolean): number {
  return top ? v >> 16 : (v << 16) >> 16;
}

function put(cpu: Cpu, d: number, v: number): void {
  if (d !== 15) cpu.r[d] = v;
}

/** Adds two int32 values, setting Q (and wrapping) when the signed sum overflows. */
function addSetQ(cpu: Cpu, a: number, b: number): number {
  const res = (a + b) | 0;
  if ((((a ^ res) & (b ^ res)) >>> 31) !== 0) cpu.q = 1;
  return res;
}

/** Saturates an exact integer to int32, setting Q when it had to clamp. */
function sat(cpu: Cpu, v: number): number {
  if (v > MAX) {
    cpu.q = 1;
    return MAX;
  }
  if (v < MIN) {
    cpu.q = 1;
    return MIN;
  }
  return v;
}

/** SMLAxy: 16x16 signed multiply-accumulate; Q set if the accumulate overflows. */
export function smlaxy(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const p = half(r[insn & 15]!, (insn & 0x20) !== 0) * half(r[(insn >>> 8) & 15]!, (insn & 0x40) !== 0);
  put(cpu, (insn >>> 16) & 15, addSetQ(cpu, p | 0, r[(insn >>> 12) & 15]!));
}

/** SMULxy: 16x16 signed multiply (cannot overflow except 0x8000 * 0x8000 = 0x40000000, which fits). */
export function smulxy(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const p = half(r[insn & 15]!, (insn & 0x20) !== 0) * half(r[(insn >>> 8) & 15]!, (insn & 0x40) !== 0);
  put(cpu, (insn >>> 16) & 15, p | 0);
}

/** Bits 47:16 of the 48-bit product Rm * Rs.y (exact in a double: |product| < 2^47). */
function mulWide(cpu: Cpu, insn: number): number {
  const r = cpu.r;
  const p = r[insn & 15]! * half(r[(insn >>> 8) & 15]!, (insn & 0x40) !== 0);
  return Math.floor(p / 65536) | 0;
}

/** SMLAWy (bit 5 clear) and SMULWy (bit 5 set). */
export function smlawy(cpu: Cpu, insn: number): void {
  const p = mulWide(cpu, insn);
  const d = (insn >>> 16) & 15;
  if ((insn & 0x20) !== 0) put(cpu, d, p);
  else put(cpu, d, addSetQ(cpu, p, cpu.r[(insn >>> 12) & 15]!));
}

/** QADD, QSUB, QDADD, QDSUB (bits 22:21 = 0, 1, 2, 3). */
export function qaddsub(cpu: Cpu, insn: number): void {
  const r = cpu.r;
  const m = r[insn & 15]!;
  let n = r[(insn >>> 16) & 15]!;
  const op = (insn >>> 21) & 3;
  if (op >= 2) n = sat(cpu, n * 2);
  const res = (op & 1) === 0 ? sat(cpu, m + n) : sat(cpu, m - n);
  put(cpu, (insn >>> 12) & 15, res);
}

/** CLZ: number of leading zero bits of Rm (32 for 0). */
export function clz(cpu: Cpu, insn: number): void {
  put(cpu, (insn >>> 12) & 15, Math.clz32(cpu.r[insn & 15]!));
}
