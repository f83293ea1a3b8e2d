import { describe, expect, it } from 'vitest';
import { decodeArm } from '../../../src/emulator/cpu/arm/decode.ts';
import { Machine } from '../../../src/emulator/machine.ts';
import { flags, reg, runArm, setFlags } from './run.ts';

describe('multiplies', () => {
  it('MUL/MLA wrap to 32 bits; S sets N,Z and keeps C,V', () => {
    const { cpu } = runArm(`
      ldr r0, =0x12345678
      ldr r1, =0x9abcdef0
      mul r2, r0, r1
      mov r3, #7
      mla r4, r0, r1, r3
      ${setFlags(0b0011)}
      mov r5, #0
      muls r6, r0, r5
      swi 0
    `);
    expect(reg(cpu, 2)).toBe(Number((0x12345678n * 0x9abcdef0n) & 0xffffffffn));
    expect(reg(cpu, 4)).toBe(Number((0x12345678n * 0x9abcdef0n + 7n) & 0xffffffffn));
    expect(reg(cpu, 6)).toBe(0);
    expect(flags(cpu)).toBe('nZCV');
  });

  it('UMULL/UMLAL/SMULL/SMLAL produce exact 64-bit results', () => {
    const { cpu } = runArm(`
      ldr r0, =0xffffffff
      ldr r1, =0xfffffffe
      umull r2, r3, r0, r1
      smull r4, r5, r0, r1
      ldr r6, =0xffffffff
      ldr r7, =0x7fffffff
      umlal r6, r7, r0, r0
      ldr r8, =0x80000000
      mov r9, #0
      mov r10, #0
      smlal r9, r10, r8, r8
      swi 0
    `);
    const u = 0xffffffffn * 0xfffffffen;
    expect(reg(cpu, 2)).toBe(Number(u & 0xffffffffn));
    expect(reg(cpu, 3)).toBe(Number(u >> 32n));
    expect([reg(cpu, 4), reg(cpu, 5)]).toEqual([2, 0]); // -1 * -2
    const acc = (0x7fffffffn << 32n) + 0xffffffffn + 0xffffffffn * 0xffffffffn;
    expect(reg(cpu, 6)).toBe(Number(acc & 0xffffffffn));
    expect(reg(cpu, 7)).toBe(Number((acc >> 32n) & 0xffffffffn));
    expect([reg(cpu, 9), reg(cpu, 10)]).toEqual([0, 0x40000000]);
  });

  it('long S forms set N and Z from all 64 bits', () => {
    const { cpu } = runArm(`
      mov r0, #0x10000
      ${setFlags(0b0011)}
      umulls r1, r2, r0, r0
      mrs r3, cpsr
      mvn r4, #0
      mov r5, #1
      smulls r6, r7, r4, r5
      swi 0
    `);
    expect([reg(cpu, 1), reg(cpu, 2)]).toEqual([0, 1]);
    expect(reg(cpu, 3) >>> 28).toBe(0b0011);
    expect([reg(cpu, 6), reg(cpu, 7)]).toEqual([0xffffffff, 0xffffffff]);
    expect(flags(cpu)).toBe('NzCV');
  });
});

describe('DSP extensions', () => {
  it('SMULxy and SMLAxy pick halves; SMLA sets Q on overflow', () => {
    const { cpu } = runArm(`
      ldr r0, =0x8000fffe
      ldr r1, =0x00030004
      smulbb r2, r0, r1
      smultb r3, r0, r1
      smulbt r4, r0, r1
      smultt r5, r0, r1
      ldr r6, =0x7fffffff
      mov r7, #1
      smlabb r8, r7, r7, r6
      swi 0
    `);
    expect(reg(cpu, 2)).toBe((-8 >>> 0));
    expect(reg(cpu, 3)).toBe((-0x8000 * 4) >>> 0);
    expect(reg(cpu, 4)).toBe((-6) >>> 0);
    expect(reg(cpu, 5)).toBe((-0x8000 * 3) >>> 0);
    expect(reg(cpu, 8)).toBe(0x80000000);
    expect(cpu.q).toBe(1);
  });

  it('SMULWy and SMLAWy take bits 47:16 of the 48-bit product', () => {
    const { cpu } = runArm(`
      ldr r0, =0x80000000
      ldr r1, =0x7fff0002
      smulwb r2, r0, r1
      smulwt r3, r0, r1
      mov r4, #5
      smlawb r5, r0, r1, r4
      swi 0
    `);
    expect(reg(cpu, 2)).toBe((-0x10000) >>> 0);
    expect(reg(cpu, 3)).toBe(Number((-0x80000000n * 0x7fffn) >> 16n) >>> 0);
    expect(reg(cpu, 5)).toBe((-0x10000 + 5) >>> 0);
    expect(cpu.q).toBe(0);
  });

  it('SMLALxy accumulates a signed 16x16 product into 64 bits', () => {
    const { cpu } = runArm(`
      ldr r0, =0xffff
      mov r1, #2
      mov r2, #1
      mov r3, #0
      smlalbb r2, r3, r0, r1
      swi 0
    `);
    expect([reg(cpu, 2), reg(cpu, 3)]).toEqual([0xffffffff, 0xffffffff]);
  });

  it('QADD/QSUB/QDADD/QDSUB saturate and set the sticky Q', () => {
    const { cpu } = runArm(`
      ldr r0, =0x7fffffff
      mov r1, #1
      qadd r2, r0, r1
      mrs r3, cpsr
      msr cpsr_f, #0
      ldr r4, =0x80000000
      qsub r5, r4, r1
      msr cpsr_f, #0
      qadd r6, r1, r1
      mrs r7, cpsr
      ldr r8, =0x40000000
      qdadd r9, r1, r8
      qdsub r10, r1, r4
      mov r11, #3
      qdsub r12, r11, r1
      swi 0
    `);
    expect(reg(cpu, 2)).toBe(0x7fffffff);
    expect((reg(cpu, 3) >>> 27) & 1).toBe(1);
    expect(reg(cpu, 5)).toBe(0x80000000);
    expect(reg(cpu, 6)).toBe(2);
    expect((reg(cpu, 7) >>> 27) & 1).toBe(0);
    expect(reg(cpu, 9)).toBe(0x7fffffff);
    expect(reg(cpu, 10)).toBe(0x7fffffff);
    expect(reg(cpu, 12)).toBe(1);
    expect(cpu.q).toBe(1);
  });

  it('CLZ counts leading zeros, 32 for zero', () => {
    const { cpu } = runArm(`
      mov r0, #0
      clz r1, r0
      mov r0, #1
      clz r2, r0
      mvn r0, #0
      clz r3, r0
      mov r0, #0x10000
      clz r4, r0
      swi 0
    `);
    expect([1, 2, 3, 4].map((i) => reg(cpu, i))).toEqual([32, 31, 0, 15]);
  });
});

describe('multiplies against BigInt', () => {
  it('long multiplies and DSP forms agree on edge-biased operands', () => {
    const cpu = new Machine({ ramSize: 1 << 16, delivery: 'trap' }).cpu;
    const edges = [0, 1, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678];
    let s = 0x9e3779b9;
    const next = (): number => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    const pick = (): number => ((next() & 1) === 0 ? next() : edges[next() % edges.length]!) | 0;
    const i32 = (x: bigint): number => Number(BigInt.asIntN(32, x));
    for (let k = 0; k < 2000; k++) {
      // Operands: Rm = r1, Rs = r2; accumulators r3 (lo / Rn) and r4 (hi); results in r3/r4 or r5.
      const [m, sv, lo, hi] = [pick(), pick(), pick(), pick()];
      const kind = k % 6;
      const x = (next() >>> 0) & 1;
      const y = (next() >>> 0) & 1;
      let insn: number;
      cpu.r.set([0, m, sv, lo, hi, 0]);
      cpu.q = 0;
      const bm = BigInt(m);
      const bs = BigInt(sv);
      const acc = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      const h = (v: number, top: number): bigint => BigInt(top ? v >> 16 : (v << 16) >> 16);
      let want: number[];
      let wantQ = 0;
      switch (kind) {
        case 0: { // umlal r3, r4, r1, r2
          insn = 0xe0a43291;
          const r = BigInt.asUintN(64, BigInt.asUintN(32, bm) * BigInt.asUintN(32, bs) + BigInt.asUintN(64, acc));
          want = [i32(r), i32(r >> 32n)];
          break;
        }
        case 1: { // smlal r3, r4, r1, r2
          insn = 0xe0e43291;
          const r = BigInt.asUintN(64, bm * bs + acc);
          want = [i32(r), i32(r >> 32n)];
          break;
        }
        case 2: { // smull r3, r4, r1, r2
          insn = 0xe0c43291;
          const r = BigInt.asUintN(64, bm * bs);
          want = [i32(r), i32(r >> 32n)];
          break;
        }
        case 3: { // smlalxy r3, r4, r1, r2
          insn = 0xe1443281 | (x << 5) | (y << 6);
          const r = BigInt.asUintN(64, h(m, x) * h(sv, y) + acc);
          want = [i32(r), i32(r >> 32n)];
          break;
        }
        case 4: { // smlawy r4, r1, r2, r3  (Rd = r4)
          insn = 0xe1243281 | (y << 6);
          const p = (bm * h(sv, y)) >> 16n;
          const sum = BigInt.asIntN(32, p) + BigInt(lo);
          wantQ = sum !== BigInt.asIntN(32, sum) ? 1 : 0;
          want = [lo, i32(sum)];
          break;
        }
        default: { // smlaxy r4, r1, r2, r3
          insn = 0xe1043281 | (x << 5) | (y << 6);
          const sum = h(m, x) * h(sv, y) + BigInt(lo);
          wantQ = sum !== BigInt.asIntN(32, sum) ? 1 : 0;
          want = [lo, i32(sum)];
          break;
        }
      }
      decodeArm(insn | 0)(cpu, insn | 0);
      expect([cpu.r[3], cpu.r[4], cpu.q], `${kind} ${m} ${sv} ${lo} ${hi}`).toEqual([...want, wantQ]);
    }
  });
});
