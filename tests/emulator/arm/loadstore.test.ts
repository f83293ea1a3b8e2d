import { describe, expect, it } from 'vitest';
import { MMU_ON, pageTable, poke, reg, runArm, section, word } from './run.ts';

const DATA = 0x20000;

describe('LDR/STR/LDRB/STRB addressing modes', () => {
  it('immediate offset, pre-indexed and post-indexed with writeback', () => {
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      ldr r1, [r0, #4]
      ldr r2, [r0, #-4]
      mov r3, r0
      ldr r4, [r3, #8]!
      mov r5, r0
      ldr r6, [r5], #12
      ldr r7, =0xdeadbeef
      str r7, [r0, #16]
      strb r7, [r0, #21]
      ldrb r8, [r0, #1]
      mov r9, r0
      strb r7, [r9, #-1]!
      swi 0
    `, (m) => {
      poke(m, DATA - 4, 0x11111111);
      poke(m, DATA, 0x44332211);
      poke(m, DATA + 4, 0x22222222);
      poke(m, DATA + 8, 0x33333333);
    });
    expect(reg(cpu, 1)).toBe(0x22222222);
    expect(reg(cpu, 2)).toBe(0x11111111);
    expect([reg(cpu, 3), reg(cpu, 4)]).toEqual([DATA + 8, 0x33333333]);
    expect([reg(cpu, 5), reg(cpu, 6)]).toEqual([DATA + 12, 0x44332211]);
    expect(word(m, DATA + 16)).toBe(0xdeadbeef);
    expect(word(m, DATA + 20)).toBe(0x0000ef00);
    expect(reg(cpu, 8)).toBe(0x22);
    expect(reg(cpu, 9)).toBe(DATA - 1);
    expect(word(m, DATA - 4)).toBe(0xef111111);
  });

  it('register and scaled register offsets', () => {
    const { cpu } = runArm(`
      ldr r0, =${DATA}
      mov r1, #2
      ldr r2, [r0, r1, lsl #2]
      ldr r3, [r0, -r1, lsl #1]
      mov r4, #8
      ldr r5, [r0, r4]
      mov r6, r0
      ldr r7, [r6], -r4, asr #1
      swi 0
    `, (m) => {
      poke(m, DATA - 4, 0xaaaa0000);
      poke(m, DATA, 0x12345678);
      poke(m, DATA + 8, 0xbbbb0000);
    });
    expect(reg(cpu, 2)).toBe(0xbbbb0000);
    expect(reg(cpu, 3)).toBe(0xaaaa0000);
    expect(reg(cpu, 5)).toBe(0xbbbb0000);
    expect([reg(cpu, 6), reg(cpu, 7)]).toEqual([DATA - 4, 0x12345678]);
  });

  it('unaligned LDR rotates the aligned word; unaligned STR stores the aligned word', () => {
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      ldr r1, [r0, #1]
      ldr r2, [r0, #2]
      ldr r3, [r0, #3]
      ldr r4, =0xcafef00d
      str r4, [r0, #7]
      swi 0
    `, (m) => poke(m, DATA, 0x44332211));
    expect(reg(cpu, 1)).toBe(0x11443322);
    expect(reg(cpu, 2)).toBe(0x22114433);
    expect(reg(cpu, 3)).toBe(0x33221144);
    expect(word(m, DATA + 4)).toBe(0xcafef00d);
  });

  it('STR pc stores the address + 12; LDR pc interworks', () => {
    const { cpu, m, exit } = runArm(`
      ldr r0, =${DATA}
      str pc, [r0]
      adr r1, thumb + 1
      str r1, [r0, #4]
      ldr pc, [r0, #4]
      swi 1
      .thumb
    thumb:
      swi 2
    `);
    expect(word(m, DATA)).toBe(0x8004 + 12);
    expect(cpu.t).toBe(1);
    expect(exit.imm).toBe(2);
  });

  it('a load into the base with writeback keeps the loaded value', () => {
    const { cpu } = runArm(`
      ldr r0, =${DATA}
      ldr r0, [r0, #4]!
      swi 0
    `, (m) => poke(m, DATA + 4, 0x5a5a5a5a));
    expect(reg(cpu, 0)).toBe(0x5a5a5a5a);
  });

  it('LDRT/STRT use user permissions from a privileged mode; the abort changes nothing', () => {
    // VA section 1 aliases RAM with AP=01 (privileged only): LDR works, LDRT faults.
    const { cpu, exit } = runArm(`
      ${MMU_ON}
      ldr r2, =0x00108000
      ldr r3, [r2]
      mov r4, r2
      mov r5, #0x55
      ldrt r5, [r4], #4
      swi 0
    `, (m) => pageTable(m, { 1: section(0, 1) }));
    expect(reg(cpu, 3)).toBe(0xe3a00901); // mov r0, #0x4000 at 0x8000 (first word of the code)
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00108000);
    expect(exit.fsr & 0xf).toBe(0xd); // section permission fault
    expect(exit.pc).toBe(0x8000 + 4 * 11); // 7 instructions of MMU_ON, then 4
    expect([reg(cpu, 4), reg(cpu, 5)]).toEqual([0x00108000, 0x55]);
  });

  it('STRT writes with user permissions (user read-only faults)', () => {
    const { cpu, m, exit } = runArm(`
      ${MMU_ON}
      ldr r2, =0x00120000
      ldr r3, =0x77
      str r3, [r2]
      strt r3, [r2], #4
      swi 0
    `, (m) => pageTable(m, { 1: section(0, 2) }));
    expect(word(m, 0x20000)).toBe(0x77);
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00120000);
    expect(reg(cpu, 2)).toBe(0x00120000);
  });

  it('an aborting load with writeback leaves base and destination untouched', () => {
    const { cpu, exit } = runArm(`
      ${MMU_ON}
      ldr r2, =0x00200010
      mov r3, #9
      ldr r3, [r2, #4]!
      swi 0
    `, (m) => pageTable(m));
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00200014);
    expect(exit.fsr & 0xf).toBe(0x5); // section translation fault
    expect([reg(cpu, 2), reg(cpu, 3)]).toEqual([0x00200010, 9]);
  });
});
