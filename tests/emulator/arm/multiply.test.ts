import { describe, expect, it } from 'vitest';
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
