import { describe, expect, it } from 'vitest';
import { MODE_SVC, MODE_UND } from '../../../src/emulator/cpu/modes.ts';
import { Machine } from '../../../src/emulator/machine.ts';
import { bootCode } from '../../helpers/machine.ts';
import { applySetup, halves, mmuFirstMegabyteOnly, runThumb, u } from './harness.ts';

/** The ARM ARM condition table, written out independently of the CPU's own test. */
function passes(cond: number, f: number): boolean {
  const n = (f >> 3) & 1, z = (f >> 2) & 1, c = (f >> 1) & 1, v = f & 1;
  return [
    z === 1, z === 0, c === 1, c === 0, n === 1, n === 0, v === 1, v === 0,
    c === 1 && z === 0, c === 0 || z === 1, n === v, n !== v, z === 0 && n === v, z === 1 || n !== v,
  ][cond]!;
}

describe('conditional branch', () => {
  // 0x8000 B<cond> 0x8006; 0x8002 MOVS r0, #1; 0x8004 SWI 1; 0x8006 MOVS r0, #2; 0x8008 SWI 2.
  for (let cond = 0; cond < 14; cond++) {
    it(`cond ${cond} under all 16 flag combinations`, () => {
      for (let f = 0; f < 16; f++) {
        const { cpu, exit } = runThumb(halves(0xd001 | (cond << 8), 0x2001, 0xdf01, 0x2002, 0xdf02), { nzcv: f });
        const taken = passes(cond, f);
        expect(exit.imm, `flags ${f}`).toBe(taken ? 2 : 1);
        expect(u(cpu, 0)).toBe(taken ? 2 : 1);
      }
    });
  }
  it('branches backwards with a sign-extended offset', () => {
    const { cpu, exit } = runThumb('movs r0, #0\n1: adds r0, #1\ncmp r0, #10\nbne 1b');
    expect(u(cpu, 0)).toBe(10);
    expect(exit.executed).toBe(1 + 30 + 1);
  });
  it('reaches the extremes of its range (-256 and +254)', () => {
    const t = bootCode(halves(0xd0fe), { thumb: true }); // BEQ -4: to itself
    applySetup(t, { nzcv: 4 });
    const exit = t.run(5);
    expect(exit.kind).toBe('budget');
    expect(exit.pc).toBe(0x8000);
    const code = new Uint8Array(0x104);
    code.set(halves(0xd07f), 0); // BEQ +254 -> 0x8102
    code.set(halves(0xdf07), 0x102);
    const fwd = runThumb(code, { nzcv: 4 });
    expect(fwd.exit.swiAddr).toBe(0x8102);
    const back = new Uint8Array(0x104);
    back.set(halves(0xe07e), 0); // B 0x8100
    back.set(halves(0xdf09), 0x4);
    back.set(halves(0xd080), 0x100); // BEQ -256 from 0x8100 -> 0x8004
    const b = runThumb(back, { nzcv: 4 });
    expect(b.exit.swiAddr).toBe(0x8004);
    expect(b.exit.imm).toBe(9);
  });
  it('cond 14 is UNDEFINED and cond 15 is SWI', () => {
    const und = runThumb(halves(0x46c0, 0xde12));
    expect(und.exit.kind).toBe('undefined');
    expect(und.exit.pc).toBe(0x8002);
    expect(und.exit.insn).toBe(0xde12);
    const swi = runThumb(halves(0x46c0, 0xdf42));
    expect(swi.exit.kind).toBe('swi');
    expect(swi.exit.imm).toBe(0x42);
    expect(swi.exit.swiAddr).toBe(0x8002);
    expect(swi.exit.pc).toBe(0x8004);
  });
});

describe('unconditional B', () => {
  it('B to itself loops until the budget is spent', () => {
    const t = bootCode(halves(0xe7fe), { thumb: true });
    const exit = t.run(100);
    expect(exit.kind).toBe('budget');
    expect(exit.executed).toBe(100);
    expect(exit.pc).toBe(0x8000);
  });
  it('B reaches +2046 and -2048', () => {
    const code = new Uint8Array(0x1000);
    code.set(halves(0xe3ff), 0); // B +2046 -> 0x8802
    code.set(halves(0xe400), 0x802); // B -2048 from 0x8802 -> 0x8006
    code.set(halves(0xdf05), 0x6);
    const { exit } = runThumb(code);
    expect(exit.swiAddr).toBe(0x8006);
    expect(exit.imm).toBe(5);
    expect(exit.executed).toBe(3);
  });
});

describe('BL and BLX immediate', () => {
  it('BL calls forward and returns with BX LR', () => {
    const src = `.thumb
      movs r0, #0
      bl fn
      adds r0, #1
      swi 0
      .space 0x3000
    fn: movs r1, #9
      mov r2, lr
      bx lr`;
    const { cpu, exit } = runThumb(src);
    expect(exit.swiAddr).toBe(0x8008);
    expect([u(cpu, 0), u(cpu, 1), u(cpu, 2)]).toEqual([1, 9, 0x8007]);
  });
  it('BL calls backwards', () => {
    const src = `.thumb
      b main
    fn: movs r1, #3
      bx lr
      .space 0x700
    main: bl fn
      swi 0`;
    const { cpu, exit } = runThumb(src);
    expect(exit.kind).toBe('swi');
    expect(u(cpu, 1)).toBe(3);
    expect(u(cpu, 14)).toBe(0x8706 + 4 + 1);
  });
  it('the two halves execute separately, also across a page boundary', () => {
    // Prefix at 0x8ffe (offset 0: LR = 0x9002), suffix at 0x9000 (offset 1: target 0x9004).
    const code = new Uint8Array(0x1008);
    code.set(halves(0xe7fe), 0);
    code.set(halves(0xf000, 0xf801, 0xdf01, 0xdf02), 0xffe);
    const t = bootCode(code, { thumb: true });
    const cpu = t.m.cpu;
    cpu.pc = 0x8ffe;
    expect(t.run(1).kind).toBe('budget');
    expect(u(cpu, 14)).toBe(0x9002);
    expect(cpu.pc).toBe(0x9000);
    expect(t.run(1).kind).toBe('budget');
    expect(u(cpu, 14)).toBe(0x9003);
    expect(cpu.pc).toBe(0x9004);
    const exit = t.run(10);
    expect(exit.imm).toBe(2);
    // Run straight through: the same result.
    cpu.pc = 0x8ffe;
    cpu.r[14] = 0;
    expect(t.run(10).imm).toBe(2);
    expect(u(cpu, 14)).toBe(0x9003);
  });
  it('a prefetch abort between the halves leaves the prefix result in LR', () => {
    // Prefix at 0xffffe, the last halfword of the only mapped megabyte; the suffix is unmapped.
    const t = bootCode(halves(0xdf00), { thumb: true });
    mmuFirstMegabyteOnly(t);
    t.m.writePhys(0xffffe, halves(0xf000));
    t.m.cpu.pc = 0xffffe;
    const exit = t.run(10);
    expect(exit.kind).toBe('prefetch-abort');
    expect(exit.pc).toBe(0x100000);
    expect(exit.executed).toBe(1);
    expect(u(t.m.cpu, 14)).toBe(0x100002);
    expect(t.m.cpu.t).toBe(1);
  });
  it('the prefix sign-extends its offset into LR bits 31:12', () => {
    const cases: [number, number][] = [
      [0xf3ff, 0x8004 + 0x3ff000],
      [0xf400, (0x8004 - 0x400000) >>> 0],
      [0xf7ff, 0x8004 - 0x1000],
    ];
    for (const [insn, lr] of cases) {
      const t = bootCode(halves(insn), { thumb: true });
      t.run(1);
      expect(u(t.m.cpu, 14), insn.toString(16)).toBe(lr);
    }
  });
  it('a BL suffix alone branches relative to whatever LR holds', () => {
    // 0xf802 BL suffix: target = LR + 4, LR = 0x8002 | 1.
    const code = new Uint8Array(0x40);
    code.set(halves(0xf802), 0);
    code.set(halves(0xdf03), 0x24);
    const { cpu, exit } = runThumb(code, { r: { 14: 0x8020 } });
    expect(exit.swiAddr).toBe(0x8024);
    expect(u(cpu, 14)).toBe(0x8003);
  });
  it('BLX calls ARM code, which returns with BX LR', () => {
    const src = `.thumb
      movs r0, #1
      blx armfn
      adds r0, #4
      swi 0
      .arm
      .align 2
    armfn: add r0, r0, #2
      mov r3, lr
      bx lr`;
    const { cpu, exit } = runThumb(src);
    expect(exit.kind).toBe('swi');
    expect(exit.swiAddr).toBe(0x8008);
    expect(cpu.t).toBe(1);
    expect(u(cpu, 0)).toBe(7);
    expect(u(cpu, 3)).toBe(0x8007);
  });
  it('the BLX suffix word-aligns its target and switches to ARM', () => {
    // Prefix at 0x8002: LR = 0x8006; suffix 0xe801 is UNDEFINED, 0xe802 targets (0x8006+4)&~3.
    const t = bootCode(halves(0x46c0, 0xf000, 0xe802), { thumb: true });
    const exit = t.run(3);
    expect(exit.kind).toBe('budget');
    expect(t.m.cpu.t).toBe(0);
    expect(t.m.cpu.pc).toBe(0x8008);
    expect(u(t.m.cpu, 14)).toBe(0x8007);
    const odd = runThumb(halves(0xf000, 0xe801));
    expect(odd.exit.kind).toBe('undefined');
    expect(odd.exit.pc).toBe(0x8002);
    expect(u(odd.cpu, 14)).toBe(0x8004);
  });
});

describe('BX and BLX register', () => {
  it('BX to an odd address stays in Thumb, to an even one enters ARM', () => {
    const thumb = runThumb(halves(0x4700, 0xdf01, 0xdf02), { r: { 0: 0x8005 } });
    expect(thumb.exit.imm).toBe(2);
    expect(thumb.cpu.t).toBe(1);
    // ARM code at 0x8008: SWI 0x33 (0xef000033).
    const code = new Uint8Array([...halves(0x4700, 0xdf01, 0, 0), 0x33, 0, 0, 0xef]);
    const arm = runThumb(code, { r: { 0: 0x8008 } });
    expect(arm.cpu.t).toBe(0);
    expect(arm.exit.kind).toBe('swi');
    expect(arm.exit.swiAddr).toBe(0x8008);
    expect(arm.exit.imm).toBe(0x33);
  });
  it('BX PC enters ARM state at the word-aligned address + 4', () => {
    // 0x4778 BX pc at 0x8000 -> ARM at 0x8004: SWI 0x44.
    const code = new Uint8Array([...halves(0x4778, 0xdf01), 0x44, 0, 0, 0xef]);
    const { cpu, exit } = runThumb(code);
    expect(cpu.t).toBe(0);
    expect(exit.swiAddr).toBe(0x8004);
    expect(exit.imm).toBe(0x44);
  });
  it('BLX Rm sets LR = next | 1 and reads Rm before writing LR', () => {
    // 0x4798 BLX r3 at 0x8000: to 0x8008 with LR = 0x8003; 0x47f0 BLX lr there: to 0x8002.
    const code = halves(0x4798, 0xdf05, 0x46c0, 0x46c0, 0x47f0, 0xdf06);
    const { cpu, exit } = runThumb(code, { r: { 3: 0x8009 } });
    expect(exit.swiAddr).toBe(0x8002);
    expect(exit.imm).toBe(5);
    expect(u(cpu, 14)).toBe(0x800b);
  });
  it('BLX Rm to ARM code', () => {
    const code = new Uint8Array([...halves(0x4798, 0xdf01, 0, 0), 0x55, 0, 0, 0xef]);
    const { cpu, exit } = runThumb(code, { r: { 3: 0x8008 } });
    expect(cpu.t).toBe(0);
    expect(exit.imm).toBe(0x55);
    expect(u(cpu, 14)).toBe(0x8003);
  });
});

describe('POP {pc} interworking (ARMv5)', () => {
  it('an even address enters ARM state, an odd one stays in Thumb', () => {
    const code = new Uint8Array([...halves(0xbd00, 0xdf01, 0, 0), 0x66, 0, 0, 0xef]);
    const arm = runThumb(code, { words: { 0x7fff0: 0x8008 }, r: { 13: 0x7fff0 } });
    expect(arm.cpu.t).toBe(0);
    expect(arm.exit.imm).toBe(0x66);
    expect(u(arm.cpu, 13)).toBe(0x7fff4);
    const th = runThumb(halves(0xbd01, 0xdf01, 0xdf02), { words: { 0x7fff0: 7, 0x7fff4: 0x8005 }, r: { 13: 0x7fff0 } });
    expect(th.cpu.t).toBe(1);
    expect(th.exit.imm).toBe(2);
    expect(u(th.cpu, 0)).toBe(7);
    expect(u(th.cpu, 13)).toBe(0x7fff8);
  });
  it('with SCTLR.L4 set a loaded PC does not interwork', () => {
    const t = bootCode(halves(0xbd00, 0xdf01, 0xdf02, 0xdf03, 0xdf04), { thumb: true });
    t.m.cp15.sctlr |= 1 << 15;
    applySetup(t, { words: { 0x7fff0: 0x8008 }, r: { 13: 0x7fff0 } });
    const exit = t.run(10);
    expect(t.m.cpu.t).toBe(1);
    expect(exit.imm).toBe(4);
  });
  it('a C-style call and return: PUSH {lr} ... POP {pc}', () => {
    const src = `.thumb
      movs r0, #5
      bl f
      swi 0
    f: push {r4, lr}
      movs r4, #3
      muls r0, r4, r0
      pop {r4, pc}`;
    const { cpu } = runThumb(src, { r: { 4: 0x44 } });
    expect([u(cpu, 0), u(cpu, 4), u(cpu, 13), cpu.t]).toEqual([15, 0x44, 0x80000, 1]);
  });
});

describe('exceptions from Thumb state', () => {
  it('BKPT reports its immediate and address', () => {
    const { exit } = runThumb(halves(0x46c0, 0xbe17));
    expect(exit.kind).toBe('bkpt');
    expect(exit.pc).toBe(0x8002);
    expect(exit.imm).toBe(0x17);
  });
  it('unallocated ARMv5T encodings are UNDEFINED at their own address', () => {
    for (const insn of [0xb100, 0xb2ff, 0xb300, 0xb600, 0xb700, 0xb800, 0xb9ff, 0xba00, 0xbb00, 0xbf00, 0xde00, 0xdeff, 0xe801, 0x4701, 0x4787]) {
      const { exit } = runThumb(halves(0x46c0, insn));
      expect(exit.kind, insn.toString(16)).toBe('undefined');
      expect(exit.pc).toBe(0x8002);
      expect(exit.insn).toBe(insn);
    }
  });
  it('vector delivery: SWI enters SVC in ARM state with LR = next Thumb instruction', () => {
    const m = new Machine({ ramSize: 1 << 20, delivery: 'vector' });
    m.writePhys(0x8000, halves(0x46c0, 0xdf07));
    m.writePhys(0x8, new Uint8Array([0xfe, 0xff, 0xff, 0xea])); // b . at the SWI vector
    m.cpu.setCpsr(0x10 | 0x20); // USR, Thumb
    m.cpu.pc = 0x8000;
    m.run(2);
    expect(m.cpu.mode).toBe(MODE_SVC);
    expect(m.cpu.t).toBe(0);
    expect(m.cpu.pc).toBe(0x8);
    expect(m.cpu.r[14]! >>> 0).toBe(0x8004);
    expect((m.cpu.getSpsr() & 0x3f) >>> 0).toBe(0x30);
  });
  it('vector delivery: UNDEFINED enters UND with LR = address + 2', () => {
    const m = new Machine({ ramSize: 1 << 20, delivery: 'vector' });
    m.writePhys(0x8000, halves(0x46c0, 0xb100));
    m.cpu.setCpsr(0x13 | 0x20);
    m.cpu.pc = 0x8000;
    m.run(2);
    expect(m.cpu.mode).toBe(MODE_UND);
    expect(m.cpu.pc).toBe(0x4);
    expect(m.cpu.r[14]! >>> 0).toBe(0x8004);
  });
});
