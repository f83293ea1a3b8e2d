import { describe, expect, it } from 'vitest';
import { MMU_ON, pageTable, poke, reg, runArm, word } from './run.ts';

const DATA = 0x20000;

function fill(m: Parameters<NonNullable<Parameters<typeof runArm>[1]>>[0]): void {
  for (let i = -4; i < 8; i++) poke(m, DATA + 4 * i, 0x100 + i);
}

describe('LDM/STM', () => {
  it('loads in all four modes with writeback', () => {
    const { cpu } = runArm(`
      ldr r0, =${DATA}
      mov r9, r0
      ldmia r9!, {r1, r2}
      mov r10, r0
      ldmib r10!, {r3, r4}
      mov r11, r0
      ldmda r11!, {r5, r6}
      mov r12, r0
      ldmdb r12!, {r7, r8}
      swi 0
    `, fill);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((i) => reg(cpu, i))).toEqual([
      0x100, 0x101, 0x101, 0x102, 0xff, 0x100, 0xfe, 0xff,
    ]);
    expect([9, 10, 11, 12].map((i) => reg(cpu, i))).toEqual([
      DATA + 8, DATA + 8, DATA - 8, DATA - 8,
    ]);
  });

  it('stores in all four modes; the base in the list stores its original value', () => {
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      mov r1, #1
      mov r2, #2
      stmia r0, {r1, r2}
      add r3, r0, #16
      stmib r3!, {r1, r2}
      add r4, r0, #40
      stmda r4, {r1, r2}
      add r5, r0, #56
      stmdb r5!, {r1, r2, r5}
      swi 0
    `);
    expect([word(m, DATA), word(m, DATA + 4)]).toEqual([1, 2]);
    expect([word(m, DATA + 20), word(m, DATA + 24), reg(cpu, 3)]).toEqual([1, 2, DATA + 24]);
    expect([word(m, DATA + 36), word(m, DATA + 40)]).toEqual([1, 2]);
    expect([word(m, DATA + 44), word(m, DATA + 48), word(m, DATA + 52)]).toEqual([1, 2, DATA + 56]);
    expect(reg(cpu, 5)).toBe(DATA + 44);
  });

  it('LDM with the base in the list and writeback keeps the loaded value', () => {
    const { cpu } = runArm(`
      ldr r0, =${DATA}
      ldmia r0!, {r0, r1}
      swi 0
    `, fill);
    expect([reg(cpu, 0), reg(cpu, 1)]).toEqual([0x100, 0x101]);
  });

  it('STM of the PC stores the address + 12; LDM pc interworks', () => {
    const { cpu, m, exit } = runArm(`
      ldr r0, =${DATA}
      stmia r0, {pc}
      adr r1, thumb + 1
      str r1, [r0, #4]
      add r0, r0, #4
      ldmia r0, {pc}
      swi 1
      .thumb
    thumb:
      swi 2
    `);
    expect(word(m, DATA)).toBe(0x8004 + 12);
    expect(cpu.t).toBe(1);
    expect(exit.imm).toBe(2);
  });

  it('ignores address bits 1:0', () => {
    const { cpu } = runArm(`
      ldr r0, =${DATA + 3}
      ldmia r0!, {r1, r2}
      swi 0
    `, fill);
    expect([reg(cpu, 1), reg(cpu, 2), reg(cpu, 0)]).toEqual([0x100, 0x101, DATA + 11]);
  });

  it('STM^ and LDM^ (no PC) transfer the user-bank registers', () => {
    const { cpu, m } = runArm(`
      msr cpsr_c, #0xdf       @ SYS: set the user r13/r14
      ldr r13, =0x1111
      ldr r14, =0x2222
      msr cpsr_c, #0xd3       @ back to SVC
      ldr r13, =0x3333
      ldr r0, =${DATA}
      stmia r0, {r13, r14}^
      ldr r1, =0x4444
      ldr r2, =0x5555
      add r3, r0, #8
      stmia r3, {r1, r2}
      ldmia r3, {r13, r14}^
      mov r4, r13
      msr cpsr_c, #0xdf
      mov r5, r13
      mov r6, r14
      swi 0
    `);
    expect([word(m, DATA), word(m, DATA + 4)]).toEqual([0x1111, 0x2222]);
    expect(reg(cpu, 4)).toBe(0x3333);
    expect([reg(cpu, 5), reg(cpu, 6)]).toEqual([0x4444, 0x5555]);
  });

  it('LDM^ with the PC is an exception return (SPSR -> CPSR)', () => {
    const { cpu, exit } = runArm(`
      ldr r0, =0x80000010
      msr spsr_fsxc, r0
      ldr r0, =${DATA}
      adr r1, user
      mov r2, #7
      stmia r0, {r1, r2}
      ldmia r0, {r1, pc}^
      swi 1
    user:
      swi 0
    `);
    expect(exit.imm).toBe(0);
    expect(cpu.mode).toBe(0x10);
    expect(cpu.n).toBe(1);
    expect(reg(cpu, 1)).toBe(0x8020); // the address of user:
  });

  it('an aborting LDM changes no register; an aborting STM keeps the base', () => {
    const { cpu, m, exit } = runArm(`
      ${MMU_ON}
      ldr r0, =0x000ffff8
      mov r1, #1
      mov r2, #2
      mov r3, #3
      mov r4, r0
      stmia r4!, {r1, r2, r3}
      swi 0
    `, (m) => pageTable(m));
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00100000);
    expect(reg(cpu, 4)).toBe(0x000ffff8);
    expect([word(m, 0xffff8), word(m, 0xffffc)]).toEqual([1, 2]);

    const r2 = runArm(`
      ${MMU_ON}
      ldr r0, =0x000ffff8
      mov r1, #1
      mov r2, #2
      mov r3, #3
      ldmia r0!, {r1, r2, r3}
      swi 0
    `, (m) => pageTable(m));
    expect(r2.exit.kind).toBe('data-abort');
    expect(r2.exit.far).toBe(0x00100000);
    expect([0, 1, 2, 3].map((i) => reg(r2.cpu, i))).toEqual([0x000ffff8, 1, 2, 3]);
  });

  it('an empty register list transfers nothing and keeps the base', () => {
    const { cpu } = runArm(`
      ldr r0, =${DATA}
      .word 0xe8b00000   @ ldmia r0!, {}
      swi 0
    `, fill);
    expect(reg(cpu, 0)).toBe(DATA);
  });
});
