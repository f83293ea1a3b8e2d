/**
 * Random ARM (ARMv5TE) instruction sequences for differential testing, encoded directly from the
 * ARM ARM's encoding diagrams. Every generated instruction is architecturally defined: the
 * generator leaves out UNPREDICTABLE encodings (PC where the manual forbids it, writeback with
 * Rn = Rd, Rn in an LDM/STM list with writeback, Rd = Rm in MUL, ...) and the behaviours listed in
 * docs/divergences.md where QEMU/Unicorn knowingly differ from the manual (unaligned LDR/LDM/SWP,
 * data processing with S and Rd = PC).
 */
import { layOut, type Group, type Sequence } from './layout.ts';
import type { Rng } from './rng.ts';

const AL = 0xe;
const PC = 15;
/** ARM BKPT #0: the terminator czemu traps on. */
export const ARM_BKPT = 0xe1200070;

/** Mostly unconditional; sometimes any of the 15 real conditions. */
function cond(rng: Rng): number {
  return rng.chance(0.7) ? AL : rng.below(15);
}

/** A register other than PC and the excluded ones. */
function reg(rng: Rng, ...not: number[]): number {
  for (;;) {
    const r = rng.below(15);
    if (!not.includes(r)) return r;
  }
}

/** MOV Rd, #imm8 ROR (2*rot) (no flags). */
function movImm(rd: number, imm8: number, rot = 0): number {
  return (AL << 28) | 0x03a00000 | (rd << 12) | (rot << 8) | imm8;
}

/** MOV Rd, Rm. */
function movReg(rd: number, rm: number): number {
  return (AL << 28) | 0x01a00000 | (rd << 12) | rm;
}

/** ADD Rd, Rn, #imm8 ROR (2*rot). */
function addImm(rd: number, rn: number, imm8: number, rot = 0): number {
  return (AL << 28) | 0x02800000 | (rn << 16) | (rd << 12) | (rot << 8) | imm8;
}

/**
 * Setup that points `rn` at an address in the data area's middle half, aligned to `align`
 * (4 or 8): rn = 0x800 + k*align-ish, so ±0x400 offsets stay inside [0x400, 0xC00+...).
 */
function setBase(rng: Rng, rn: number, align: number): { units: number[]; value: number } {
  const k = rng.below(256) & ~((align >> 2) - 1);
  // 0x800 = 0x02 ROR 22 (rot 11); k << 2 = k ROR 30 (rot 15).
  return { units: [movImm(rn, 0x02, 11), addImm(rn, rn, k, 15)], value: 0x800 + k * 4 };
}

// ---- data processing -------------------------------------------------------------------------

/** Shifter operand, avoiding PC in register-shift forms (UNPREDICTABLE). */
function shifterOperand(rng: Rng, pcOk: boolean): { bits: number; regShift: boolean } {
  switch (rng.below(3)) {
    case 0: return { bits: (1 << 25) | (rng.below(16) << 8) | rng.below(256), regShift: false };
    case 1: {
      const rm = pcOk && rng.chance(0.05) ? PC : reg(rng);
      return { bits: (rng.below(32) << 7) | (rng.below(4) << 5) | rm, regShift: false };
    }
    default:
      return { bits: (reg(rng) << 8) | (rng.below(4) << 5) | 0x10 | reg(rng), regShift: true };
  }
}

function dataProcessing(rng: Rng): Group {
  const op = rng.below(16);
  const test = op >= 8 && op <= 11;
  const s = test || rng.chance(0.5) ? 1 : 0;
  const { bits, regShift } = shifterOperand(rng, true);
  const moveOp = op === 13 || op === 15;
  const rn = moveOp ? 0 : !regShift && rng.chance(0.05) ? PC : reg(rng);
  const rd = test ? 0 : reg(rng);
  return { units: [(cond(rng) << 28) | (op << 21) | (s << 20) | (rn << 16) | (rd << 12) | bits] };
}

// ---- multiplies --------------------------------------------------------------------------------

function multiply(rng: Rng): Group {
  const c = cond(rng) << 28;
  const rm = reg(rng);
  const rs = reg(rng);
  switch (rng.below(3)) {
    case 0: { // MUL / MLA: Rd != Rm
      const rd = reg(rng, rm);
      const a = rng.below(2);
      const rn = a === 1 ? reg(rng) : 0; // SBZ in MUL
      return { units: [c | (a << 21) | (rng.below(2) << 20) | (rd << 16) | (rn << 12) | (rs << 8) | 0x90 | rm] };
    }
    default: { // UMULL UMLAL SMULL SMLAL: RdHi, RdLo, Rm distinct
      const hi = reg(rng, rm);
      const lo = reg(rng, rm, hi);
      return { units: [c | 0x00800000 | (rng.below(4) << 21) | (rng.below(2) << 20) | (hi << 16) | (lo << 12) | (rs << 8) | 0x90 | rm] };
    }
  }
}

/** The E-extension DSP multiplies, saturating arithmetic and CLZ. */
function dsp(rng: Rng): Group {
  const c = cond(rng) << 28;
  const rm = reg(rng);
  const rs = reg(rng);
  const yx = rng.below(4) << 5;
  switch (rng.below(7)) {
    case 0: return { units: [c | 0x01000080 | (reg(rng) << 16) | (reg(rng) << 12) | (rs << 8) | yx | rm] }; // SMLAxy
    case 1: return { units: [c | 0x01200080 | (reg(rng) << 16) | (reg(rng) << 12) | (rs << 8) | (yx & 0x40) | rm] }; // SMLAWy
    case 2: return { units: [c | 0x012000a0 | (reg(rng) << 16) | (rs << 8) | (yx & 0x40) | rm] }; // SMULWy
    case 3: { // SMLALxy: RdHi != RdLo
      const hi = reg(rng);
      return { units: [c | 0x01400080 | (hi << 16) | (reg(rng, hi) << 12) | (rs << 8) | yx | rm] };
    }
    case 4: return { units: [c | 0x01600080 | (reg(rng) << 16) | (rs << 8) | yx | rm] }; // SMULxy
    case 5: return { units: [c | 0x01000050 | (rng.below(4) << 21) | (reg(rng) << 16) | (reg(rng) << 12) | rm] }; // QADD..QDSUB
    default: return { units: [c | 0x016f0f10 | (reg(rng) << 12) | rm] }; // CLZ
  }
}

// ---- status registers ------------------------------------------------------------------------

/** MRS of CPSR/SPSR; MSR of the flag byte only (mode changes are out of scope here). */
function psr(rng: Rng): Group {
  const c = cond(rng) << 28;
  const r = rng.below(2) << 22;
  switch (rng.below(3)) {
    case 0: return { units: [c | 0x010f0000 | r | (reg(rng) << 12)] };
    case 1: // MSR <psr>_f, #imm: only N Z C V Q (bits 31-27) are written with ones
      return { units: [c | 0x0328f000 | r | (4 << 8) | (rng.below(32) << 3)] };
    default: {
      const rm = reg(rng);
      // AND rm, rm, #0xF8000000 keeps the reserved/J bits clear (their MSR behaviour is not tested).
      return { units: [(AL << 28) | 0x02000000 | (rm << 16) | (rm << 12) | (4 << 8) | 0xf8, c | 0x0128f000 | r | rm] };
    }
  }
}

// ---- loads and stores --------------------------------------------------------------------------

/** LDR/STR/LDRB/STRB (and T forms) with every addressing mode; aligned for words. */
function loadStoreWordByte(rng: Rng): Group {
  const c = cond(rng) << 28;
  const byte = rng.below(2);
  const load = rng.below(2);
  const p = rng.below(2);
  const w = rng.below(2);
  const writeback = p === 0 || w === 1;
  const u = rng.below(2);
  const size = byte === 1 ? 1 : 4;
  if (!writeback && load === 1 && byte === 0 && rng.chance(0.1)) {
    // Literal load from the code area: [pc, #+imm] stays inside the mapped code.
    return { units: [c | 0x059f0000 | (reg(rng) << 12) | (rng.below(64) << 2)] };
  }
  const rn = reg(rng);
  const rd = writeback ? reg(rng, rn) : reg(rng);
  const base = setBase(rng, rn, 4);
  const units = base.units;
  let offBits: number;
  if (rng.chance(0.5)) {
    offBits = rng.below(0x400) & ~(size - 1);
  } else {
    const rm = writeback ? reg(rng, rn, rd) : reg(rng, rn, ...(load ? [] : [rd]));
    // Pick a small rm and an LSL/LSR/ASR amount whose result is an aligned offset below 0x400.
    for (;;) {
      const m = rng.below(256);
      const type = rng.below(3);
      const amt = rng.below(32);
      const off = type === 0 ? m * 2 ** amt : amt === 0 ? 0 : m >>> amt;
      if (off < 0x400 && (off & (size - 1)) === 0) {
        units.push(movImm(rm, m));
        offBits = (1 << 25) | (amt << 7) | (type << 5) | rm;
        break;
      }
    }
  }
  units.push(c | 0x04000000 | (p << 24) | (u << 23) | (byte << 22) | (w << 21) | (load << 20) |
    (rn << 16) | (rd << 12) | offBits);
  return { units };
}

/** LDRH/STRH/LDRSB/LDRSH/LDRD/STRD with immediate and register offsets, aligned. */
function loadStoreMisc(rng: Rng): Group {
  const c = cond(rng) << 28;
  const kind = rng.below(6); // 0 STRH 1 LDRH 2 LDRSB 3 LDRSH 4 LDRD 5 STRD
  const load = kind === 0 || kind === 4 || kind === 5 ? 0 : 1;
  const sh = [1, 1, 2, 3, 2, 3][kind]!;
  const size = [2, 2, 1, 2, 8, 8][kind]!;
  const dual = kind >= 4;
  const p = rng.below(2);
  const w = p === 1 ? rng.below(2) : 0;
  const writeback = p === 0 || w === 1;
  const u = rng.below(2);
  const rd = dual ? rng.below(7) * 2 : reg(rng);
  const clash = dual ? [rd, rd + 1] : [rd];
  const rn = writeback || kind === 4 ? reg(rng, ...clash) : reg(rng);
  const base = setBase(rng, rn, size === 8 ? 8 : 4);
  const units = base.units;
  let offBits: number;
  if (rng.chance(0.5)) {
    const off = rng.below(256) & ~(size - 1);
    offBits = (1 << 22) | ((off >> 4) << 8) | (off & 0xf);
  } else {
    const rm = reg(rng, rn, ...(kind === 4 || (load === 0 && !dual) ? clash : []), ...(kind === 5 ? clash : []));
    units.push(movImm(rm, rng.below(256) & ~(size - 1)));
    offBits = rm;
  }
  units.push(c | (p << 24) | (u << 23) | (w << 21) | (load << 20) | (rn << 16) | (rd << 12) |
    0x90 | (sh << 5) | offBits);
  return { units };
}

/** SWP/SWPB on an aligned word of the data area; Rn distinct from Rd and Rm. */
function swap(rng: Rng): Group {
  const rn = reg(rng);
  const base = setBase(rng, rn, 4);
  const b = rng.below(2);
  base.units.push((cond(rng) << 28) | 0x01000090 | (b << 22) | (rn << 16) | (reg(rng, rn) << 12) | reg(rng, rn));
  return { units: base.units };
}

/** LDM/STM in all four modes, with writeback and the ^ (user bank) forms where defined. */
function blockTransfer(rng: Rng): Group {
  const rn = reg(rng);
  const base = setBase(rng, rn, 4);
  const load = rng.below(2);
  let list = (rng.u32() & 0x7fff) & (rng.chance(0.5) ? rng.u32() : 0x7fff);
  if (list === 0) list = 1 << reg(rng);
  const userBank = rng.chance(0.15) ? 1 : 0;
  let w = userBank === 1 ? 0 : rng.below(2);
  if ((list & (1 << rn)) !== 0) w = 0;
  base.units.push((cond(rng) << 28) | 0x08000000 | (rng.below(4) << 23) | (userBank << 22) | (w << 21) |
    (load << 20) | (rn << 16) | list);
  // The ARM ARM forbids touching a banked register right after LDM/STM ^: put a NOP there.
  if (userBank === 1) base.units.push(movReg(0, 0));
  return { units: base.units };
}

// ---- branches ----------------------------------------------------------------------------------

function branch(rng: Rng, index: number, count: number): Group {
  const word = (cond(rng) << 28) | 0x0a000000 | (rng.below(2) << 24);
  return {
    units: [word],
    target: rng.range(index + 1, Math.min(count, index + 4)),
    patch: (units, at, to) => {
      units[0] = (units[0]! & ~0xffffff) | (((to - at - 8) >> 2) & 0xffffff);
    },
  };
}

/** Picks one group by class weight (`index` of `count`: branches target a later group start). */
export function armGroup(rng: Rng, index: number, count: number): Group {
  const x = rng.below(100);
  if (x < 34) return dataProcessing(rng);
  if (x < 42) return multiply(rng);
  if (x < 52) return dsp(rng);
  if (x < 57) return psr(rng);
  if (x < 72) return loadStoreWordByte(rng);
  if (x < 82) return loadStoreMisc(rng);
  if (x < 85) return swap(rng);
  if (x < 93) return blockTransfer(rng);
  return branch(rng, index, count);
}

/**
 * A random ARM sequence of `length` groups (each one instruction under test plus its setup),
 * terminated by BKPT. Deterministic in the state of `rng`.
 */
export function generateArm(rng: Rng, length: number): Sequence {
  const groups: Group[] = [];
  while (groups.length < length) {
    const g = armGroup(rng, groups.length, length);
    if (g.units.length > 0) groups.push(g);
  }
  return layOut(groups, 4, ARM_BKPT);
}
