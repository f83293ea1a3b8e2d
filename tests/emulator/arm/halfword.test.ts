import { describe, expect, it } from 'vitest';
import { MMU_ON, pageTable, poke, reg, runArm, word } from './run.ts';

const DATA = 0x20000;

describe('halfword, signed and doubleword transfers', () => {
  it('LDRH/LDRSH/LDRSB/STRH with immediate and register offsets', () => {
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      ldrh r1, [r0, #2]
      ldrsh r2, [r0, #2]
      ldrsb r3, [r0, #1]
      ldrsb r4, [r0]
      mov r5, #2
      ldrh r6, [r0, r5]
      ldrh r7, [r0, -r5]
      ldr r8, =0x12345678
      strh r8, [r0, #6]
      mov r9, r0
      strh r8, [r9], #-8
      mov r10, r0
      ldrh r11, [r10, #2]!
      swi 0
    `, (m) => {
      poke(m, DATA - 4, 0xbeef0000);
      poke(m, DATA, 0x8001ff7f);
    });
    expect(reg(cpu, 1)).toBe(0x8001);
    expect(reg(cpu, 2)).toBe(0xffff8001);
    expect(reg(cpu, 3)).toBe(0xffffffff);
    expect(reg(cpu, 4)).toBe(0x7f);
    expect(reg(cpu, 6)).toBe(0x8001);
    expect(reg(cpu, 7)).toBe(0xbeef);
    expect(word(m, DATA + 4)).toBe(0x56780000);
    expect(word(m, DATA)).toBe(0x80015678);
    expect(reg(cpu, 9)).toBe(DATA - 8);
    expect([reg(cpu, 10), reg(cpu, 11)]).toEqual([DATA + 2, 0x8001]);
  });

  it('unaligned LDRH/STRH use the aligned halfword (bit 0 ignored)', () => {
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      ldrh r1, [r0, #3]
      ldrsh r2, [r0, #1]
      ldr r3, =0xabcd
      strh r3, [r0, #5]
      swi 0
    `, (m) => poke(m, DATA, 0x8001ff7f));
    expect(reg(cpu, 1)).toBe(0x8001);
    expect(reg(cpu, 2)).toBe(0xffffff7f);
    expect(word(m, DATA + 4)).toBe(0x0000abcd);
  });

  it('SCTLR.A makes an unaligned LDRH fault', () => {
    const { cpu, exit } = runArm(`
      ${MMU_ON}
      orr r1, r1, #2
      mcr p15, 0, r1, c1, c0, 0
      ldr r0, =${DATA}
      mov r2, #1
      ldrh r2, [r0, #1]
      swi 0
    `, (m) => pageTable(m));
    expect(exit.kind).toBe('data-abort');
    expect(exit.fsr & 0xf).toBe(0x1);
    expect(exit.far).toBe(DATA + 1);
    expect(reg(cpu, 2)).toBe(1);
  });

  it('LDRD/STRD transfer a register pair, ignoring address bits 1:0', () => {
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      ldrd r2, [r0, #8]
      ldr r4, =0x11112222
      ldr r5, =0x33334444
      strd r4, [r0, #16]
      mov r6, r0
      ldrd r2, [r6, #-8]!
      mov r7, #3
      ldrd r8, [r0, r7]
      swi 0
    `, (m) => {
      poke(m, DATA - 8, 0xa);
      poke(m, DATA - 4, 0xb);
      poke(m, DATA, 0xc);
      poke(m, DATA + 4, 0xd);
      poke(m, DATA + 8, 0x1);
      poke(m, DATA + 12, 0x2);
    });
    expect(word(m, DATA + 16)).toBe(0x11112222);
    expect(word(m, DATA + 20)).toBe(0x33334444);
    expect([reg(cpu, 2), reg(cpu, 3), reg(cpu, 6)]).toEqual([0xa, 0xb, DATA - 8]);
    expect([reg(cpu, 8), reg(cpu, 9)]).toEqual([0xc, 0xd]);
  });

  it('LDRD with an odd Rd is UNDEFINED', () => {
    // ldrd r1, [r0] : cond 000 1 1 1 0 0 Rn=0 Rd=1 0000 1101 0000
    const { exit } = runArm(`
      nop
      .word 0xe1c010d0
      swi 0
    `);
    expect(exit.kind).toBe('undefined');
    expect(exit.pc).toBe(0x8004);
    expect(exit.insn >>> 0).toBe(0xe1c010d0);
  });

  it('an aborting LDRD changes neither register nor base', () => {
    const { cpu, exit } = runArm(`
      ${MMU_ON}
      ldr r0, =0x000ffffc
      mov r2, #1
      mov r3, #2
      ldrd r2, [r0], #8
      swi 0
    `, (m) => pageTable(m));
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00100000);
    expect([reg(cpu, 0), reg(cpu, 2), reg(cpu, 3)]).toEqual([0x000ffffc, 1, 2]);
  });
});
