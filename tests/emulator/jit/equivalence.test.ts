import { describe, expect, it } from 'vitest';
import { ARM_BKPT, armGroup, generateArm } from '../../diff/gen-arm.ts';
import { generateThumb, thumbGroup, THUMB_BKPT } from '../../diff/gen-thumb.ts';
import { layOut, type Group, type Sequence } from '../../diff/layout.ts';
import { Rng, sequenceSeed } from '../../diff/rng.ts';
import { newCzemu, randomState, runCzemu } from '../../diff/runner.ts';
import type { Exit } from '../../../src/emulator/cpu/events.ts';
import { bootCode } from '../../helpers/machine.ts';

/**
 * The block translator must be invisible: the same random ARM sequences (those of the Unicorn
 * differential test) run once interpreted and once translated from their first instruction give
 * identical registers, PSRs, user bank, memory and stop reason.
 */
/**
 * ARM forms the Unicorn generator leaves out that the translator emits inline: LDM/STM with the
 * base in the list and writeback, STM of the PC, LDM {list, pc} returns (to ARM or Thumb), and
 * halfword accesses at odd addresses.
 */
function extraArm(rng: Rng, index: number, count: number): Group {
  const rn = rng.below(13);
  const cond = rng.chance(0.8) ? 0xe0000000 : rng.below(15) << 28;
  if (rng.chance(0.25)) return armReturn(rng, rn, cond, index, count);
  // mov rn, #0x800 ; add rn, rn, #k
  const setup = (k: number): number[] => [0xe3a00b02 | (rn << 12), 0xe2800000 | (rn << 16) | (rn << 12) | k];
  if (rng.chance(0.5)) {
    const load = rng.below(2);
    let list = (rng.u32() & 0x7fff) | (1 << rn);
    if (load === 0 && rng.chance(0.3)) list |= 0x8000;
    return { units: [...setup(rng.below(64) * 4), cond | 0x08200000 | (rng.below(4) << 23) | (load << 20) | (rn << 16) | list] };
  }
  const kind = rng.below(4); // STRH LDRH LDRSB LDRSH
  const load = kind === 0 ? 0 : 1;
  const sh = [1, 1, 2, 3][kind]!;
  const p = rng.below(2);
  const w = rng.below(2);
  let rd = rng.below(13);
  if ((p === 0 || w === 1) && rd === rn) rd = (rd + 1) % 13;
  const off = rng.below(256);
  return {
    units: [...setup(1 + rng.below(200) * 2), cond | (p << 24) | (rng.below(2) << 23) | (1 << 22) | (w << 21) |
      (load << 20) | (rn << 16) | (rd << 12) | ((off >> 4) << 8) | 0x90 | (sh << 5) | (off & 15)],
  };
}

/**
 * A function return `ldm<cond> rn{!}, {list, pc}` with a random list and addressing mode: rt holds
 * the return address, stored where the LDM loads the PC from. Half the time it is a later group
 * start (ARM, sometimes with bit 1 set, which the load ignores), half the time a Thumb `bx pc`
 * stub after the LDM (bit 0 set: the load interworks to Thumb, the stub comes back to ARM at the
 * next word). A failed condition falls through to `b` over the stub.
 *
 *   mov rn, #0x800 ; add rn, rn, #k ; add rt, pc, #d ; str rt, [rn, #off] ; ldm ; b +0 ; bx pc
 */
function armReturn(rng: Rng, rn: number, cond: number, index: number, count: number): Group {
  const rt = (rn + 1 + rng.below(12)) % 13;
  const list = (rng.u32() & 0x7fff) | 0x8000;
  let n = 0;
  for (let i = 0; i < 16; i++) if ((list & (1 << i)) !== 0) n++;
  const mode = rng.below(4); // bit 0 U, bit 1 P: DA IA DB IB
  const off = [0, 4 * (n - 1), -4, 4 * n][mode]!;
  const thumb = rng.chance(0.5);
  const bit1 = rng.chance(0.3) ? 2 : 0;
  const units = [
    0xe3a00b02 | (rn << 12), 0xe2800000 | (rn << 16) | (rn << 12) | (16 + rng.below(40)) * 4,
    0xe28f0000 | (rt << 12), 0xe5000000 | (1 << 24) | ((off >= 0 ? 1 : 0) << 23) | (rn << 16) | (rt << 12) | Math.abs(off),
    cond | 0x08100000 | (mode << 23) | (rng.below(2) << 21) | (rn << 16) | list,
    0xea000000, 0x46c04778,
  ];
  const imm = (d: number): number => (d <= 255 ? d : (15 << 8) | (d >>> 2));
  return {
    units, target: Math.min(count, index + 1 + rng.below(3)),
    patch: (u, at, to) => {
      const pc = at + 16; // the add's address + 8
      u[2] = (u[2]! & ~0xfff) | imm(thumb ? at + 24 + 1 - pc : to + bit1 - pc);
    },
  };
}

/** An ARM sequence: half from the Unicorn generator alone, half with extraArm groups mixed in. */
function armSequence(rng: Rng): Sequence {
  if (rng.chance(0.5)) return generateArm(rng, 8 + rng.below(24));
  const count = 8 + rng.below(24);
  const groups: Group[] = [];
  while (groups.length < count) {
    const g = rng.chance(0.3) ? extraArm(rng, groups.length, count) : armGroup(rng, groups.length, count);
    if (g.units.length > 0) groups.push(g);
  }
  return layOut(groups, 4, ARM_BKPT);
}

/**
 * Thumb forms the Unicorn generator leaves out (its oracle diverges or they leave the sequence) but
 * the translator must still match the interpreter on: unaligned LDR/LDRH/STR, LDMIA/STMIA with the
 * base in the list, MOV/ADD PC, BX and POP {list, pc} (to Thumb or ARM) as block terminators,
 * and a store into the code page, which stops the block in the middle.
 */
function extraThumb(rng: Rng, index: number, count: number): Group {
  const lo = (): number => rng.below(7); // r0-r6 (r7 is the scratch of the jumps)
  const movs = (rd: number, imm: number): number => 0x2000 | (rd << 8) | (imm & 0xff);
  const lsls = (rd: number, sh: number): number => (sh << 6) | (rd << 3) | rd;
  const target = Math.min(count, index + 1 + rng.below(3));
  // mov r7, pc ; adds r7, #k ; <jump through r7>: r7 = at + 4 + k = the target (| 1 for BX/POP).
  const jump = (tail: number[], thumbBit: number): Group => ({
    units: [0x467f, 0x3700, ...tail], target,
    patch: (u, at, to) => { u[1] = 0x3700 | ((to - at - 4 + thumbBit) & 0xff); },
  });
  switch (rng.below(7)) {
    case 0: { // unaligned word/halfword load or store, immediate or register offset
      const rn = lo();
      const op = [0x6800, 0x6000, 0x8800, 0x8000, 0x5800, 0x5a00][rng.below(6)]!;
      const units = [movs(rn, rng.below(200)), lsls(rn, 2), 0x3000 | (rn << 8) | (1 + rng.below(3))];
      if (op === 0x5800 || op === 0x5a00) {
        const rm = (rn + 1) % 7;
        units.push(movs(rm, rng.below(64)), op | (rm << 6) | (rn << 3) | lo());
      } else {
        units.push(op | (rng.below(8) << 6) | (rn << 3) | lo());
      }
      return { units };
    }
    case 1: { // LDMIA/STMIA with the base in the list
      const rn = lo();
      const list = (rng.below(256) | (1 << rn)) & 0x7f;
      return { units: [movs(rn, rng.below(200)), lsls(rn, 2), 0xc000 | (rng.below(2) << 11) | (rn << 8) | list] };
    }
    case 2: return jump([0x46bf], 0); // mov pc, r7
    case 3: // movs r7, #k ; add pc, r7 ; mov r8, r8 (skipped)   (pc reads as the add's address + 4)
      return {
        units: [0x2700, 0x44bf, 0x46c0], target,
        patch: (u, at, to) => { u[0] = 0x2700 | ((to - at - 6) & 0xff); },
      };
    case 4: return jump([0x4738], 1); // bx r7
    case 5: return popReturn(rng, target);
    default: { // str into the code page (past the sequence): invalidates the page, stops the block
      const rn = lo();
      return { units: [movs(rn, 0x2f), lsls(rn, 7), 0x6000 | (rng.below(8) << 6) | (rn << 3) | lo()] };
    }
  }
}

/**
 * A return `pop {list, pc}` with a random list: r7 (pushed) is the return address, the list's
 * words are data below it. Half the time r7 is a later group start | 1 (stays Thumb), half the
 * time an ARM stub in this group (bit 0 clear, sometimes bit 1 set, ignored: the load interworks
 * to ARM; the stub `add r7, pc, #1 ; bx r7` comes back to Thumb right after itself). The stub sits
 * at the word-aligned slot of five halfwords that `b` skips; the spare halfword is a NOP.
 *
 *   mov r7, pc ; adds r7, #k ; movs r6, #0x80 ; lsls r6, #3 ; mov sp, r6 ; push {r7} ;
 *   sub sp, #4 * count ; pop {list, pc} ; b end ; <5 halfwords> ; end:
 */
function popReturn(rng: Rng, target: number): Group {
  const list = rng.below(256);
  let n = 0;
  for (let i = 0; i < 8; i++) if ((list & (1 << i)) !== 0) n++;
  const arm = rng.chance(0.5);
  const bit1 = rng.chance(0.3) ? 2 : 0;
  const NOP = 0x46c0;
  const units = [0x467f, 0x3700, 0x2680, 0x00f6, 0x46b5, 0xb480, 0xb080 | n, 0xbd00 | list, 0xe004,
    NOP, NOP, NOP, NOP, NOP];
  return {
    units, target,
    patch: (u, at, to) => {
      const s = (at + 18) % 4 === 0 ? 9 : 10; // the aligned slot
      u[s] = 0x7001; u[s + 1] = 0xe28f; // add r7, pc, #1
      u[s + 2] = 0xff17; u[s + 3] = 0xe12f; // bx r7
      const dest = arm ? at + 2 * s + bit1 : to + 1;
      u[1] = 0x3700 | ((dest - at - 4) & 0xff);
    },
  };
}

/** A Thumb sequence: half from the Unicorn generator alone, half with extraThumb groups mixed in. */
function thumbSequence(rng: Rng): Sequence {
  if (rng.chance(0.5)) return generateThumb(rng, 8 + rng.below(16));
  const count = 8 + rng.below(16);
  const groups: Group[] = [];
  while (groups.length < count) {
    const i = groups.length;
    groups.push(rng.chance(0.3) ? extraThumb(rng, i, count) : thumbGroup(rng, i, count));
  }
  return layOut(groups, 2, THUMB_BKPT);
}

/** Sequences per test (CZEMU_JIT_ITERS for long local runs) and a timeout that grows with them. */
const iterations = Number(process.env['CZEMU_JIT_ITERS'] ?? 600);
const TIMEOUT = Math.max(300_000, iterations * 150);

/** ARM code turning the MMU on with section 0 (the first 1 MB, all of RAM) mapped read/write. */
const MMU_ON = `
    ldr r0, =0x4000
    ldr r1, =0x00000c02
    str r1, [r0]
    mcr p15, 0, r0, c2, c0, 0
    mov r1, #1
    mcr p15, 0, r1, c3, c0, 0
    mrc p15, 0, r1, c1, c0, 0
    orr r1, r1, #1
    mcr p15, 0, r1, c1, c0, 0
`;

/** Runs `code` interpreted and translated from the first visit; both exits and states must agree. */
function bothWays(code: string, thumb = false): { exit: Exit; r: Int32Array } {
  const runs = [false, true].map((jit) => {
    const t = bootCode(code, { thumb });
    t.m.cpu.jit = jit;
    t.m.cpu.jitThreshold = 1;
    const x = { ...t.run(1000) };
    const r = Int32Array.from(t.m.cpu.r);
    r[15] = 0; // scratch while running (address + 8 or + 4 for handlers); cpu.pc is the PC
    return { exit: x, r, cpsr: t.m.cpu.getCpsr(), pc: t.m.cpu.pc };
  });
  expect(runs[1]).toEqual(runs[0]);
  return { exit: runs[1]!.exit, r: runs[1]!.r };
}

/**
 * Runs `iterations` random sequences from `make` (seeded from `seed`) interpreted and translated
 * from their first instruction, and requires identical final states and instruction counts.
 */
function agreesOnRandomSequences(seed: number, make: (rng: Rng) => Sequence, thumb: boolean): void {
  const interp = newCzemu();
  interp.cpu.jit = false;
  const jit = newCzemu();
  jit.cpu.jitThreshold = 1;
  for (let i = 0; i < iterations; i++) {
    const rng = new Rng(sequenceSeed(seed, i));
    const seq = make(rng);
    const state = randomState(rng, thumb);
    const a = runCzemu(interp, seq, state, 10_000);
    const b = runCzemu(jit, seq, state, 10_000);
    expect({ i, ...b }).toEqual({ i, ...a });
    expect(jit.cpu.icount).toBe(interp.cpu.icount);
  }
}

describe('ARM block translation', () => {
  it('agrees with the interpreter on random sequences', () => {
    agreesOnRandomSequences(0x1badb10c, armSequence, false);
  }, TIMEOUT);

  it('stops exactly at an aborting load inside a block, and counts instructions', () => {
    // With the MMU off and 1 MB of RAM, an access at 0x40000000 reads the (empty) bus: no abort.
    // So enable the MMU with one section for the code and data, and fault on an unmapped address.
    const t = bootCode(`
        ldr r0, =0x4000          @ translation table at 0x4000
        ldr r1, =0x00000c02      @ section 0 -> 0, AP=11
        str r1, [r0]
        mcr p15, 0, r0, c2, c0, 0
        mov r1, #1
        mcr p15, 0, r1, c3, c0, 0  @ domain 0 client
        mrc p15, 0, r1, c1, c0, 0
        orr r1, r1, #1
        mcr p15, 0, r1, c1, c0, 0
        mov r2, #0
      loop:
        add r2, r2, #1
        cmp r2, #3
        ldreq r3, =0x00200000
        ldreq r4, [r3]           @ aborts on the third pass
        b loop
    `);
    t.m.cpu.jitThreshold = 1;
    const x = t.run(1000);
    expect(x.kind).toBe('data-abort');
    expect(x.far).toBe(0x00200000);
    expect(x.fsr).toBe(0x5);
    expect(t.m.cpu.r[2]).toBe(3);
    expect(t.m.cpu.pc).toBe(x.pc);
    // 10 set-up instructions, then 5 per pass for two passes, then add, cmp, ldreq, ldreq
    expect(x.executed).toBe(10 + 5 * 2 + 4);
  });

  it('changes no register when an inline LDM aborts part way (base in the list, writeback)', () => {
    const { exit, r } = bothWays(`${MMU_ON}
        ldr r3, =0x000ff000
        mov r2, #0
        mov r4, #44
        mov r5, #55
        mov r6, #66
      loop:
        add r2, r2, #1
        cmp r2, #3
        ldreq r3, =0x000ffff8    @ four words from here cross into unmapped 0x100000
        ldmia r3!, {r3, r4, r5, r6}
        add r7, r2, #1
        b loop
    `);
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00100000);
    expect(r[3]).toBe(0x000ffff8);
    expect(r[2]).toBe(3);
    expect(r[7]).toBe(3);
  });
});

describe('Thumb block translation', () => {
  it('stops exactly at an aborting load in the middle of a block', () => {
    const { exit, r } = bothWays(`${MMU_ON}
        adr r0, th + 1
        bx r0
      .thumb
      th:
        movs r2, #0
        movs r5, #0
        ldr r3, =0x00001000
      loop:
        adds r2, #1
        cmp r2, #3
        bne skip
        ldr r3, =0x00200000
      skip:
        adds r5, #1
        ldr r4, [r3]             @ aborts on the third pass
        adds r5, #1
        b loop
      .ltorg
    `);
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00200000);
    expect(r[2]).toBe(3);
    expect(r[5]).toBe(5);
    expect(exit.executed).toBe(9 + 2 + 3 + 2 * 7 + 6);
  });

  it('agrees with the interpreter on random sequences', () => {
    agreesOnRandomSequences(0x7b1ab10c, thumbSequence, true);
  }, TIMEOUT);
});
