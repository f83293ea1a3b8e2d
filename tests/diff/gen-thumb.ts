/**
 * Random Thumb (ARMv5TE) instruction sequences for differential testing, encoded from the ARM
 * ARM's Thumb instruction formats. As for ARM, UNPREDICTABLE encodings (hi-register ops with two
 * low registers, MUL with Rd = Rm, LDMIA/STMIA with the base in the list, empty lists) and the
 * documented QEMU/Unicorn divergences (unaligned accesses) are never generated. State changes
 * (BX/BLX, POP {pc}) are out of scope: the sequence stays in Thumb from start to terminator.
 */
import { layOut, type Group, type Sequence } from './layout.ts';
import type { Rng } from './rng.ts';

/** Thumb BKPT #0: the terminator czemu traps on. */
export const THUMB_BKPT = 0xbe00;

function low(rng: Rng, ...not: number[]): number {
  for (;;) {
    const r = rng.below(8);
    if (!not.includes(r)) return r;
  }
}

/** MOVS Rd, #imm8. */
const movs = (rd: number, imm8: number): number => 0x2000 | (rd << 8) | imm8;
/** LSLS Rd, Rm, #imm5. */
const lsls = (rd: number, rm: number, imm5: number): number => (imm5 << 6) | (rm << 3) | rd;

/** Setup pointing low register `rn` at an aligned address in [0, 0x3FC] of the data area. */
function setBase(rng: Rng, rn: number, align: number): number[] {
  return [movs(rn, rng.below(256) & ~((align >> 2) - 1)), lsls(rn, rn, 2)];
}

/** Setup putting SP at an 8-aligned address in [0x100, 0x7F8] (room to push and to reach up). */
function setSp(rng: Rng): number[] {
  const t = low(rng);
  return [movs(t, rng.range(0x20, 0xff)), lsls(t, t, 3), 0x4685 | (t << 3) & 0x78]; // MOV sp, t
}

function shiftImm(rng: Rng): Group {
  return { units: [(rng.below(3) << 11) | (rng.below(32) << 6) | (low(rng) << 3) | low(rng)] };
}

function addSub(rng: Rng): Group {
  return { units: [0x1800 | (rng.below(4) << 9) | (rng.below(8) << 6) | (low(rng) << 3) | low(rng)] };
}

function imm8(rng: Rng): Group {
  return { units: [0x2000 | (rng.below(4) << 11) | (low(rng) << 8) | rng.below(256)] };
}

function alu(rng: Rng): Group {
  const op = rng.below(16);
  const rm = low(rng);
  const rd = op === 13 ? low(rng, rm) : low(rng); // MUL: Rd != Rm
  return { units: [0x4000 | (op << 6) | (rm << 3) | rd] };
}

/** ADD/CMP/MOV with at least one high register; never writes PC; CMP never reads PC. */
function hiReg(rng: Rng): Group {
  const op = rng.below(3);
  for (;;) {
    const rd = rng.below(15);
    const rm = rng.below(op === 1 ? 15 : 16);
    if (rd < 8 && rm < 8) continue;
    return { units: [0x4400 | (op << 8) | ((rd & 8) << 4) | (rm << 3) | (rd & 7)] };
  }
}

/** LDR Rd, [PC, #imm8*4]: reads the (identical) code window. */
function literal(rng: Rng): Group {
  return { units: [0x4800 | (low(rng) << 8) | rng.below(64)] };
}

/** Register-offset loads and stores of every size, address aligned to the access size. */
function loadStoreReg(rng: Rng): Group {
  const op = rng.below(8); // STR STRH STRB LDRSB LDR LDRH LDRB LDRSH
  const size = [4, 2, 1, 1, 4, 2, 1, 2][op]!;
  const rn = low(rng);
  const rm = low(rng, rn);
  const units = setBase(rng, rn, 4);
  units.push(movs(rm, rng.below(256) & ~(size - 1)));
  units.push(0x5000 | (op << 9) | (rm << 6) | (rn << 3) | low(rng));
  return { units };
}

/** Immediate-offset word, byte and halfword loads and stores. */
function loadStoreImm(rng: Rng): Group {
  const rn = low(rng);
  const units = setBase(rng, rn, 4);
  const l = rng.below(2) << 11;
  const imm5 = rng.below(32) << 6;
  switch (rng.below(3)) {
    case 0: units.push(0x6000 | l | imm5 | (rn << 3) | low(rng)); break; // LDR/STR word
    case 1: units.push(0x7000 | l | imm5 | (rn << 3) | low(rng)); break; // LDRB/STRB
    default: units.push(0x8000 | l | imm5 | (rn << 3) | low(rng)); break; // LDRH/STRH
  }
  return { units };
}

function spRelative(rng: Rng): Group {
  const units = setSp(rng);
  units.push(0x9000 | (rng.below(2) << 11) | (low(rng) << 8) | rng.below(128));
  return { units };
}

/** ADD Rd, PC/SP, #imm; ADD/SUB SP, #imm. */
function addressArith(rng: Rng): Group {
  if (rng.chance(0.5)) return { units: [0xa000 | (rng.below(2) << 11) | (low(rng) << 8) | rng.below(256)] };
  return { units: [0xb000 | (rng.below(2) << 7) | rng.below(128)] };
}

/** PUSH {list[, lr]} / POP {list} from a fresh SP (POP never loads PC). */
function pushPop(rng: Rng): Group {
  const units = setSp(rng);
  const pop = rng.below(2);
  const r = pop === 0 ? rng.below(2) : 0;
  let list = rng.below(256);
  if (list === 0 && r === 0) list = 1 << low(rng);
  units.push(0xb400 | (pop << 11) | (r << 8) | list);
  return { units };
}

/** LDMIA/STMIA with writeback; the base is never in the list. */
function multiple(rng: Rng): Group {
  const rn = low(rng);
  const units = setBase(rng, rn, 4);
  let list = rng.below(256) & ~(1 << rn);
  if (list === 0) list = 1 << low(rng, rn);
  units.push(0xc000 | (rng.below(2) << 11) | (rn << 8) | list);
  return { units };
}

function branch(rng: Rng, index: number, count: number): Group {
  const target = rng.range(index + 1, Math.min(count, index + 4));
  switch (rng.below(3)) {
    case 0: {
      const c = rng.below(14);
      return {
        units: [0xd000 | (c << 8)], target,
        patch: (u, at, to) => { u[0] = (u[0]! & 0xff00) | (((to - at - 4) >> 1) & 0xff); },
      };
    }
    case 1:
      return {
        units: [0xe000], target,
        patch: (u, at, to) => { u[0] = 0xe000 | (((to - at - 4) >> 1) & 0x7ff); },
      };
    default:
      return {
        units: [0xf000, 0xf800], target,
        patch: (u, at, to) => {
          const off = (to - at - 4) >> 1;
          u[0] = 0xf000 | ((off >> 11) & 0x7ff);
          u[1] = 0xf800 | (off & 0x7ff);
        },
      };
  }
}

/** One random group at position `index` of `count` (branches target a later group start). */
export function thumbGroup(rng: Rng, index: number, count: number): Group {
  const x = rng.below(100);
  if (x < 10) return shiftImm(rng);
  if (x < 18) return addSub(rng);
  if (x < 26) return imm8(rng);
  if (x < 44) return alu(rng);
  if (x < 52) return hiReg(rng);
  if (x < 55) return literal(rng);
  if (x < 65) return loadStoreReg(rng);
  if (x < 75) return loadStoreImm(rng);
  if (x < 79) return spRelative(rng);
  if (x < 83) return addressArith(rng);
  if (x < 87) return pushPop(rng);
  if (x < 92) return multiple(rng);
  return branch(rng, index, count);
}

/**
 * A random Thumb sequence of `length` groups, terminated by BKPT. Deterministic in the state of
 * `rng`. PC and SP as named operands stay within the rules above.
 */
export function generateThumb(rng: Rng, length: number): Sequence {
  const groups: Group[] = [];
  while (groups.length < length) groups.push(thumbGroup(rng, groups.length, length));
  return layOut(groups, 2, THUMB_BKPT);
}
