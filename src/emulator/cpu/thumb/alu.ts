/**
 * Thumb data processing (ARM ARM A7, formats 1-5 and the SP/PC address arithmetic): shifts by
 * immediate, three-operand ADD/SUB, 8-bit immediate MOV/CMP/ADD/SUB, the sixteen register ALU ops,
 * the high-register ADD/CMP/MOV, ADD Rd, PC/SP and ADD/SUB SP.
 *
 * Every handler is a static function that re-extracts its fields from the halfword; flags are
 * computed with integer arithmetic on int32 register values (no allocation per instruction).
 *
 *   15 13 12 11 10  9  8  7  6  5  3 2  0
 *  | 000 | op  |     imm5     | Rm  | Rd |  shift by immediate (op 00 LSL, 01 LSR, 10 ASR)
 *  | 000 | 1 1 | I |o | Rm/imm3 | Rn  | Rd |  ADD/SUB register or 3-bit immediate (o = SUB)
 *  | 001 | op  |  Rd  |      imm8        |  MOV/CMP/ADD/SUB 8-bit immediate
 *  | 010 | 0 0 | 0 |    op4    | Rm  | Rd |  register ALU ops, Rd = Rd op Rm
 *  | 010 | 0 0 | 1 | op  |H1|H2| Rm  | Rd |  high-register ops (Rd = H1:Rd, Rm = H2:Rm)
 */
import type { Handler } from '../handler.ts';
import { addS as addFlags, setNZ, subS as subFlags } from '../arm/flags.ts';
import { shiftByRegisterC } from '../arm/shifter.ts';

// Flag arithmetic is shared with the ARM executor (ARM ARM A4.1 CarryFrom/BorrowFrom/OverflowFrom).

// ---- format 1: shift by immediate ------------------------------------------------------------

/** LSL Rd, Rm, #imm5: #0 is a plain move that leaves C alone. */
export const lslImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  const m = r[(insn >> 3) & 7]!;
  const sh = (insn >> 6) & 31;
  let res = m;
  if (sh !== 0) {
    cpu.c = (m >>> (32 - sh)) & 1;
    res = m << sh;
  }
  r[insn & 7] = res;
  setNZ(cpu, res);
};

/** LSR Rd, Rm, #imm5: an immediate of 0 encodes a shift by 32. */
export const lsrImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  const m = r[(insn >> 3) & 7]!;
  const sh = (insn >> 6) & 31;
  let res: number;
  if (sh === 0) {
    cpu.c = m >>> 31;
    res = 0;
  } else {
    cpu.c = (m >>> (sh - 1)) & 1;
    res = (m >>> sh) | 0;
  }
  r[insn & 7] = res;
  setNZ(cpu, res);
};

/** ASR Rd, Rm, #imm5: an immediate of 0 encodes a shift by 32 (all sign bits). */
export const asrImm: Handler = (cpu, insn) => {
  const r = cpu.r;
  const m = r[(insn >> 3) & 7]!;
  const sh = (insn >> 6) & 31;
  let res: number;
  if (sh === 0) {
    cpu.c = m >>> 31;
    res = m >> 31;
  } else {
    cpu.c = (m >> (sh - 1)) & 1;
    res = m >> sh;
  }
  r[insn & 7] = res;
  setNZ(cpu, res);
};

// ---- format 2: ADD/SUB register and 3-bit immediate ------------------------------------------

/** ADDS Rd, Rn, Rm. */
export const addReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  r[insn & 7] = addFlags(cpu, r[(insn >> 3) & 7]!, r[(insn >> 6) & 7]!);
};

/** SUBS Rd, Rn, Rm. */
export const subReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  r[insn & 7] = subFlags(cpu, r[(insn >> 3) & 7]!, r[(insn >> 6) & 7]!);
};

/** ADDS Rd, Rn, #imm3 (with #0 this is the pre-UAL flag-setting MOV Rd, Rn: C = V = 0). */
export const addImm3: Handler = (cpu, insn) => {
  const r = cpu.r;
  r[insn & 7] = addFlags(cpu, r[(insn >> 3) & 7]!, (insn >> 6) & 7);
};

/** SUBS Rd, Rn, #imm3. */
export const subImm3: Handler = (cpu, insn) => {
  const r = cpu.r;
  r[insn & 7] = subFlags(cpu, r[(insn >> 3) & 7]!, (insn >> 6) & 7);
};

// ---- format 3: 8-bit immediate ---------------------------------------------------------------

/** MOVS Rd, #imm8: N from bit 31 (always 0), Z; C and V unchanged. */
export const movImm: Handler = (cpu, insn) => {
  const v = insn & 0xff;
  cpu.r[(insn >> 8) & 7] = v;
  cpu.n = 0;
  cpu.z = v === 0 ? 1 : 0;
};

/** CMP Rn, #imm8. */
export const cmpImm: Handler = (cpu, insn) => {
  subFlags(cpu, cpu.r[(insn >> 8) & 7]!, insn & 0xff);
};

/** ADDS Rd, #imm8. */
export const addImm8: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = (insn >> 8) & 7;
  r[d] = addFlags(cpu, r[d]!, insn & 0xff);
};

/** SUBS Rd, #imm8. */
export const subImm8: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = (insn >> 8) & 7;
  r[d] = subFlags(cpu, r[d]!, insn & 0xff);
};

// ---- format 4: register ALU operations (Rd = Rd op Rm) ----------------------------------------

/** ANDS Rd, Rm. */
export const andReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const res = r[d]! & r[(insn >> 3) & 7]!;
  r[d] = res;
  setNZ(cpu, res);
};

/** EORS Rd, Rm. */
export const eorReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const res = r[d]! ^ r[(insn >> 3) & 7]!;
  r[d] = res;
  setNZ(cpu, res);
};

/**
 * The register-shift forms (Rd = Rd shifted by Rs[7:0]) differ only in the shift type, so one
 * factory makes them; each handler is its own closure, so call sites stay monomorphic.
 */
function shiftByRegisterHandler(type: number): Handler {
  return (cpu, insn) => {
    const r = cpu.r;
    const d = insn & 7;
    const res = shiftByRegisterC(cpu, type, r[d]!, r[(insn >> 3) & 7]! & 0xff);
    r[d] = res;
    cpu.c = cpu.shc;
    setNZ(cpu, res);
  };
}

/** LSLS Rd, Rs: amount = Rs[7:0]; 0 leaves Rd and C, 32 gives C = Rd[0], above 32 C = 0. */
export const lslReg: Handler = shiftByRegisterHandler(0);

/** LSRS Rd, Rs: 0 leaves Rd and C, 32 gives C = Rd[31], above 32 C = 0. */
export const lsrReg: Handler = shiftByRegisterHandler(1);

/** ASRS Rd, Rs: 0 leaves Rd and C, 32 or more fills Rd and C with Rd[31]. */
export const asrReg: Handler = shiftByRegisterHandler(2);

/** ADCS Rd, Rm. */
export const adcReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const a = r[d]!;
  const b = r[(insn >> 3) & 7]!;
  const cin = cpu.c;
  const res = (a + b + cin) | 0;
  r[d] = res;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = (a >>> 0) + (b >>> 0) + cin > 0xffffffff ? 1 : 0;
  cpu.v = ((a ^ res) & (b ^ res)) >>> 31;
};

/** SBCS Rd, Rm: Rd - Rm - NOT(C), computed as Rd + NOT(Rm) + C. */
export const sbcReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const a = r[d]!;
  const b = r[(insn >> 3) & 7]!;
  const nb = ~b;
  const cin = cpu.c;
  const res = (a + nb + cin) | 0;
  r[d] = res;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = (a >>> 0) + (nb >>> 0) + cin > 0xffffffff ? 1 : 0;
  cpu.v = ((a ^ b) & (a ^ res)) >>> 31;
};

/** RORS Rd, Rs: 0 leaves Rd and C; a multiple of 32 leaves Rd and sets C = Rd[31]. */
export const rorReg: Handler = shiftByRegisterHandler(3);

/** TST Rn, Rm. */
export const tstReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  setNZ(cpu, r[insn & 7]! & r[(insn >> 3) & 7]!);
};

/** NEGS Rd, Rm (RSBS Rd, Rm, #0). */
export const negReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  r[insn & 7] = subFlags(cpu, 0, r[(insn >> 3) & 7]!);
};

/** CMP Rn, Rm (both low registers). */
export const cmpReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  subFlags(cpu, r[insn & 7]!, r[(insn >> 3) & 7]!);
};

/** CMN Rn, Rm. */
export const cmnReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  addFlags(cpu, r[insn & 7]!, r[(insn >> 3) & 7]!);
};

/** ORRS Rd, Rm. */
export const orrReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const res = r[d]! | r[(insn >> 3) & 7]!;
  r[d] = res;
  setNZ(cpu, res);
};

/** MULS Rd, Rm: N and Z only; ARMv5 leaves C and V unchanged. */
export const mulReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const res = Math.imul(r[d]!, r[(insn >> 3) & 7]!);
  r[d] = res;
  setNZ(cpu, res);
};

/** BICS Rd, Rm. */
export const bicReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = insn & 7;
  const res = r[d]! & ~r[(insn >> 3) & 7]!;
  r[d] = res;
  setNZ(cpu, res);
};

/** MVNS Rd, Rm. */
export const mvnReg: Handler = (cpu, insn) => {
  const r = cpu.r;
  const res = ~r[(insn >> 3) & 7]!;
  r[insn & 7] = res;
  setNZ(cpu, res);
};

// ---- format 5: high-register operations -------------------------------------------------------
// Rd = H1:insn[2:0], Rm = H2:insn[5:3]. r[15] reads as the instruction address + 4. A write to the
// PC branches without interworking (bit 0 cleared), as ARMv5 Thumb ADD/MOV do.

/** ADD Rd, Rm (no flags). */
export const addHi: Handler = (cpu, insn) => {
  const r = cpu.r;
  const d = ((insn >> 4) & 8) | (insn & 7);
  const res = (r[d]! + r[(insn >> 3) & 15]!) | 0;
  if (d === 15) cpu.pc = res & ~1;
  else r[d] = res;
};

/** CMP Rn, Rm with at least one high register (flags only). */
export const cmpHi: Handler = (cpu, insn) => {
  const r = cpu.r;
  subFlags(cpu, r[((insn >> 4) & 8) | (insn & 7)]!, r[(insn >> 3) & 15]!);
};

/** MOV Rd, Rm (no flags). */
export const movHi: Handler = (cpu, insn) => {
  const d = ((insn >> 4) & 8) | (insn & 7);
  const v = cpu.r[(insn >> 3) & 15]!;
  if (d === 15) cpu.pc = v & ~1;
  else cpu.r[d] = v;
};

// ---- formats 12 and 13: address arithmetic on PC and SP ---------------------------------------

/** ADD Rd, PC, #imm8*4 (ADR): the PC is word-aligned first. */
export const addPc: Handler = (cpu, insn) => {
  cpu.r[(insn >> 8) & 7] = ((cpu.r[15]! & ~3) + ((insn & 0xff) << 2)) | 0;
};

/** ADD Rd, SP, #imm8*4. */
export const addSpRd: Handler = (cpu, insn) => {
  cpu.r[(insn >> 8) & 7] = (cpu.r[13]! + ((insn & 0xff) << 2)) | 0;
};

/** ADD SP, #imm7*4. */
export const addSpImm: Handler = (cpu, insn) => {
  cpu.r[13] = (cpu.r[13]! + ((insn & 0x7f) << 2)) | 0;
};

/** SUB SP, #imm7*4. */
export const subSpImm: Handler = (cpu, insn) => {
  cpu.r[13] = (cpu.r[13]! - ((insn & 0x7f) << 2)) | 0;
};
