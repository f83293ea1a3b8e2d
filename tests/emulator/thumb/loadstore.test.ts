import { describe, expect, it } from 'vitest';
import { FSR_ALIGNMENT, FSR_TRANSLATION_SECTION } from '../../../src/emulator/mmu/walk.ts';
import { bootCode } from '../../helpers/machine.ts';
import { applySetup, halves, mmuFirstMegabyteOnly, runThumb, u } from './harness.ts';

const D = 0x10000;
/** Two words at D: bytes 44 33 22 11 bb aa 99 88. */
const MEM = { words: { [D]: 0x11223344, [D + 4]: 0x8899aabb | 0 } };

describe('loads', () => {
  const cases: [string, Readonly<Record<number, number>>, number][] = [
    ['ldr r0, [r1, r2]', { 1: D, 2: 0 }, 0x11223344],
    // Unaligned LDR rotates the aligned word right by 8 * addr[1:0] (ARM926EJ-S).
    ['ldr r0, [r1, r2]', { 1: D, 2: 1 }, 0x44112233],
    ['ldr r0, [r1, r2]', { 1: D, 2: 2 }, 0x33441122],
    ['ldr r0, [r1, r2]', { 1: D + 1, 2: 2 }, 0x22334411],
    ['ldr r0, [r1, #4]', { 1: D }, 0x8899aabb],
    ['ldr r0, [r1, #4]', { 1: D + 1 }, 0xbb8899aa],
    ['ldr r0, [r1, #124]', { 1: D - 120 }, 0x8899aabb],
    ['ldrh r0, [r1, r2]', { 1: D, 2: 6 }, 0x8899],
    // Halfword loads ignore address bit 0.
    ['ldrh r0, [r1, r2]', { 1: D, 2: 7 }, 0x8899],
    ['ldrh r0, [r1, #2]', { 1: D + 1 }, 0x1122],
    ['ldrh r0, [r1, #62]', { 1: D - 56 }, 0x8899],
    ['ldrsh r0, [r1, r2]', { 1: D, 2: 7 }, 0xffff8899],
    ['ldrsh r0, [r1, r2]', { 1: D, 2: 2 }, 0x1122],
    ['ldrb r0, [r1, r2]', { 1: D, 2: 5 }, 0xaa],
    ['ldrb r0, [r1, #31]', { 1: D - 26 }, 0xaa],
    ['ldrsb r0, [r1, r2]', { 1: D, 2: 7 }, 0xffffff88],
    ['ldrsb r0, [r1, r2]', { 1: D + 8, 2: -6 }, 0x22],
    ['ldr r0, [sp, #4]', { 13: D }, 0x8899aabb],
    ['ldr r0, [sp, #1020]', { 13: D - 1016 }, 0x8899aabb],
    ['ldr r0, [sp, #0]', { 13: D + 3 }, 0x22334411],
  ];
  for (const [asm, r, want] of cases) {
    it(`${asm} [${Object.values(r).map((x) => x.toString(16)).join(', ')}]`, () => {
      const { cpu, exit } = runThumb(asm, { ...MEM, r, nzcv: 0xf });
      expect(exit.kind).toBe('swi');
      expect(u(cpu, 0)).toBe(want >>> 0);
      expect(cpu.n + cpu.z + cpu.c + cpu.v).toBe(4);
    });
  }

  it('LDR Rd, [PC, #imm] word-aligns the PC', () => {
    // 0x4801 LDR r0, [pc, #4] at 0x8000 and 0x4901 LDR r1, [pc, #4] at 0x8002 both read 0x8008.
    const code = new Uint8Array([...halves(0x4801, 0x4901, 0xdf00, 0x0000), 0x0d, 0xf0, 0xfe, 0xca]);
    const { cpu } = runThumb(code);
    expect(u(cpu, 0)).toBe(0xcafef00d);
    expect(u(cpu, 1)).toBe(0xcafef00d);
  });
});

describe('stores', () => {
  const cases: [string, Readonly<Record<number, number>>, number, number][] = [
    ['str r0, [r1, r2]', { 1: D, 2: 4 }, 0xdeadbeef, 0x11223344],
    // STR ignores address bits 1:0.
    ['str r0, [r1, r2]', { 1: D, 2: 7 }, 0xdeadbeef, 0x11223344],
    ['strh r0, [r1, r2]', { 1: D, 2: 5 }, 0x8899beef, 0x11223344],
    ['strh r0, [r1, r2]', { 1: D, 2: 6 }, 0xbeefaabb, 0x11223344],
    ['strb r0, [r1, r2]', { 1: D, 2: 6 }, 0x88efaabb, 0x11223344],
    ['str r0, [r1, #124]', { 1: D - 120 }, 0xdeadbeef, 0x11223344],
    ['strb r0, [r1, #31]', { 1: D - 31 }, 0x8899aabb, 0x112233ef],
    ['strh r0, [r1, #62]', { 1: D - 56 }, 0xbeefaabb, 0x11223344],
    ['str r0, [sp, #4]', { 13: D }, 0xdeadbeef, 0x11223344],
    ['str r0, [sp, #1020]', { 13: D - 1020 }, 0x8899aabb, 0xdeadbeef],
  ];
  for (const [asm, r, w1, w0] of cases) {
    it(`${asm} [${Object.values(r).map((x) => x.toString(16)).join(', ')}]`, () => {
      const { t, exit } = runThumb(asm, { ...MEM, r: { 0: 0xdeadbeef | 0, ...r } });
      expect(exit.kind).toBe('swi');
      expect(t.m.ram.i32[D >>> 2]! >>> 0).toBe(w0);
      expect(t.m.ram.i32[(D + 4) >>> 2]! >>> 0).toBe(w1);
    });
  }
});

describe('PUSH and POP', () => {
  it('PUSH stores ascending from SP - 4 * count with LR last', () => {
    const { t, cpu } = runThumb('push {r0, r2, lr}', { r: { 0: 10, 2: 12, 14: 0x1234 } });
    const w = (a: number): number => t.m.ram.i32[a >>> 2]!;
    expect(u(cpu, 13)).toBe(0x7fff4);
    expect([w(0x7fff4), w(0x7fff8), w(0x7fffc)]).toEqual([10, 12, 0x1234]);
  });
  it('POP loads ascending and raises SP', () => {
    const { cpu } = runThumb('push {r0-r7}\nmovs r0, #0\nmovs r7, #0\npop {r1, r3, r7}', {
      r: { 0: 100, 1: 101, 2: 102, 3: 103, 4: 104, 5: 105, 6: 106, 7: 107 },
    });
    expect([u(cpu, 1), u(cpu, 3), u(cpu, 7), u(cpu, 13)]).toEqual([100, 101, 102, 0x80000 - 20]);
  });
  it('PUSH {lr} alone and POP {pc} alone are defined', () => {
    // 0xb500 PUSH {lr}; 0xbd00 POP {pc} with lr = 0x8007 -> Thumb at 0x8006.
    const { cpu, exit } = runThumb(halves(0xb500, 0xbd00, 0xdf01, 0xdf02), { r: { 14: 0x8007 } });
    expect(exit.imm).toBe(2);
    expect(cpu.t).toBe(1);
    expect(u(cpu, 13)).toBe(0x80000);
  });
});

describe('LDMIA and STMIA', () => {
  const w = (t: ReturnType<typeof runThumb>['t'], a: number): number => t.m.ram.i32[a >>> 2]! >>> 0;

  it('STMIA writes back Rn + 4 * count', () => {
    const { t, cpu } = runThumb('stmia r3!, {r0, r1, r7}', { r: { 0: 1, 1: 2, 7: 7, 3: D } });
    expect([w(t, D), w(t, D + 4), w(t, D + 8)]).toEqual([1, 2, 7]);
    expect(u(cpu, 3)).toBe(D + 12);
  });
  it('STMIA with the base in the list stores the original base (lowest or not)', () => {
    // 0xc007 STMIA r0!, {r0-r2}; 0xc103 STMIA r1!, {r0, r1}.
    const a = runThumb(halves(0xc007, 0xdf00), { r: { 0: D, 1: 11, 2: 12 } });
    expect([w(a.t, D), w(a.t, D + 4), w(a.t, D + 8), u(a.cpu, 0)]).toEqual([D, 11, 12, D + 12]);
    const b = runThumb(halves(0xc103, 0xdf00), { r: { 0: 5, 1: D } });
    expect([w(b.t, D), w(b.t, D + 4), u(b.cpu, 1)]).toEqual([5, D, D + 8]);
  });
  it('LDMIA writes back unless the base is in the list', () => {
    // 0xca03 LDMIA r2!, {r0, r1}; 0xc803 LDMIA r0!, {r0, r1}; 0xc906 LDMIA r1!, {r1, r2}.
    const a = runThumb(halves(0xca03, 0xdf00), { ...MEM, r: { 2: D } });
    expect([u(a.cpu, 0), u(a.cpu, 1), u(a.cpu, 2)]).toEqual([0x11223344, 0x8899aabb, D + 8]);
    const b = runThumb(halves(0xc803, 0xdf00), { ...MEM, r: { 0: D } });
    expect([u(b.cpu, 0), u(b.cpu, 1)]).toEqual([0x11223344, 0x8899aabb]);
    const c = runThumb(halves(0xc906, 0xdf00), { ...MEM, r: { 1: D } });
    expect([u(c.cpu, 1), u(c.cpu, 2)]).toEqual([0x11223344, 0x8899aabb]);
  });
  it('LDMIA ignores address bits 1:0 but writes back from the unaligned base', () => {
    const { cpu } = runThumb(halves(0xca03, 0xdf00), { ...MEM, r: { 2: D + 2 } });
    expect([u(cpu, 0), u(cpu, 1), u(cpu, 2)]).toEqual([0x11223344, 0x8899aabb, D + 10]);
  });
  it('empty register lists are UNDEFINED', () => {
    for (const insn of [0xc000, 0xc800, 0xb400, 0xbc00]) {
      const { exit } = runThumb(halves(insn, 0xdf00));
      expect(exit.kind, insn.toString(16)).toBe('undefined');
      expect(exit.insn).toBe(insn);
    }
  });
});

describe('data aborts leave registers unchanged', () => {
  /** Boots `code` with the MMU mapping only the first megabyte, then runs it. */
  function faulting(code: Uint8Array, r: Readonly<Record<number, number>>) {
    const t = bootCode(code, { thumb: true });
    mmuFirstMegabyteOnly(t);
    applySetup(t, { r });
    return { t, cpu: t.m.cpu, exit: t.run(100) };
  }
  const TOP = 0x100000;

  it('POP whose second word faults changes neither the list nor SP', () => {
    // 0x46c0 (MOV r8, r8) then 0xbc03 POP {r0, r1} at 0x8002.
    const { t, cpu, exit } = faulting(halves(0x46c0, 0xbc03, 0xdf00), { 0: 7, 1: 8, 13: TOP - 4 });
    t.m.ram.i32[(TOP - 4) >>> 2] = 99;
    expect(exit.kind).toBe('data-abort');
    expect(exit.pc).toBe(0x8002);
    expect(exit.far).toBe(TOP);
    expect(exit.fsr & 0xf).toBe(FSR_TRANSLATION_SECTION);
    expect([u(cpu, 0), u(cpu, 1), u(cpu, 13)]).toEqual([7, 8, TOP - 4]);
  });
  it('POP {pc} that faults does not branch', () => {
    const { cpu, exit } = faulting(halves(0xbd00, 0xdf00), { 13: TOP });
    expect(exit.kind).toBe('data-abort');
    expect(exit.pc).toBe(0x8000);
    expect(cpu.t).toBe(1);
    expect(u(cpu, 13)).toBe(TOP);
  });
  it('LDMIA that faults keeps its base and list', () => {
    // 0xc907 LDMIA r1!, {r0, r1, r2}
    const { cpu, exit } = faulting(halves(0xc907, 0xdf00), { 0: 1, 1: TOP - 8, 2: 3 });
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(TOP);
    expect([u(cpu, 0), u(cpu, 1), u(cpu, 2)]).toEqual([1, TOP - 8, 3]);
  });
  it('STMIA and PUSH that fault do not write back', () => {
    // 0xc00e STMIA r0!, {r1, r2, r3}: the first word lands, the second faults.
    const a = faulting(halves(0xc00e, 0xdf00), { 0: TOP - 4, 1: 0x11, 2: 0x22, 3: 0x33 });
    expect(a.exit.kind).toBe('data-abort');
    expect(a.exit.far).toBe(TOP);
    expect(u(a.cpu, 0)).toBe(TOP - 4);
    expect(a.t.m.ram.i32[(TOP - 4) >>> 2]).toBe(0x11);
    // 0xb503 PUSH {r0, r1, lr} with SP = 0x100008: r0 at 0xffffc, r1 at 0x100000 faults.
    const b = faulting(halves(0xb503, 0xdf00), { 13: TOP + 8 });
    expect(b.exit.kind).toBe('data-abort');
    expect(b.exit.far).toBe(TOP);
    expect(u(b.cpu, 13)).toBe(TOP + 8);
  });
  it('single loads that fault keep Rd', () => {
    for (const insn of [0x5888, 0x5a88, 0x5c88, 0x5e88, 0x5688, 0x6808, 0x8808, 0x7808]) {
      const { cpu, exit } = faulting(halves(insn, 0xdf00), { 0: 0x77, 1: TOP, 2: 0 });
      expect(exit.kind, insn.toString(16)).toBe('data-abort');
      expect(exit.far).toBe(TOP);
      expect(u(cpu, 0)).toBe(0x77);
    }
  });
  it('an unaligned LDR with SCTLR.A set takes an alignment fault', () => {
    const t = bootCode(halves(0x6808, 0xdf00), { thumb: true });
    t.m.cp15.sctlr |= 2;
    t.m.mmu.flushTlb();
    applySetup(t, { r: { 0: 5, 1: D + 2 } });
    const exit = t.run(10);
    expect(exit.kind).toBe('data-abort');
    expect(exit.fsr & 0xf).toBe(FSR_ALIGNMENT);
    expect(exit.far).toBe(D + 2);
    expect(u(t.m.cpu, 0)).toBe(5);
  });
});
