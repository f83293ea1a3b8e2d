import { describe, expect, it } from 'vitest';
import { flags, poke, reg, runArm, setFlags, word } from './run.ts';

/** The UNPREDICTABLE cases docs/arm-behaviour.md fixes, one test each. */

const DATA = 0x20000;

describe('documented choices for UNPREDICTABLE encodings', () => {
  it('writeback to a PC base is skipped', () => {
    // ldr r1, [pc, #4]!  (P=1 U=1 W=1 Rn=15)
    const { cpu, exit } = runArm(`
      .word 0xe5bf1004
      swi 0
      swi 1
      .word 0x12345678
    `);
    expect(exit.imm).toBe(0);
    expect(reg(cpu, 1)).toBe(0x12345678);
  });

  it('a halfword transfer with P=0 W=1 behaves as post-indexed', () => {
    // ldrh r1, [r0], #2 with W set: cond 000 0 1 1 1 1 Rn=0 Rd=1 0000 1011 0010
    const { cpu } = runArm(`
      ldr r0, =${DATA}
      .word 0xe0f010b2
      swi 0
    `, (m) => poke(m, DATA, 0xbeef));
    expect([reg(cpu, 0), reg(cpu, 1)]).toEqual([DATA + 2, 0xbeef]);
  });

  it('LDM^ and STM^ with writeback write back the current mode base', () => {
    // stmia r0!, {r1, r2}^  and  ldmia r3!, {r4, r5}^
    const { cpu, m } = runArm(`
      ldr r0, =${DATA}
      mov r1, #1
      mov r2, #2
      .word 0xe8e00006
      ldr r3, =${DATA}
      .word 0xe8f30030
      swi 0
    `);
    expect([word(m, DATA), word(m, DATA + 4)]).toEqual([1, 2]);
    expect([reg(cpu, 0), reg(cpu, 3)]).toEqual([DATA + 8, DATA + 8]);
    expect([reg(cpu, 4), reg(cpu, 5)]).toEqual([1, 2]);
  });

  it('a compare with a non-zero Rd field only sets flags', () => {
    // cmp r1, #1 with Rd = 15 (the ARMv2 CMPP form): cond 0011 0101 Rn=1 Rd=15 imm 1
    const { cpu, exit } = runArm(`
      mov r1, #1
      .word 0xe351f001
      swi 0
    `);
    expect(exit.imm).toBe(0);
    expect(cpu.mode).toBe(0x13);
    expect(flags(cpu)).toBe('nZCv');
  });

  it('multiply and MRS writes to the PC are discarded', () => {
    // mul pc, r1, r1  and  mrs pc, cpsr
    const { cpu, exit } = runArm(`
      mov r1, #3
      .word 0xe00f0191
      .word 0xe10ff000
      mov r2, #5
      swi 0
    `);
    expect(exit.imm).toBe(0);
    expect(reg(cpu, 2)).toBe(5);
  });

  it('a long multiply with RdHi = RdLo keeps the high word', () => {
    // umull r2, r2, r0, r1
    const { cpu } = runArm(`
      mvn r0, #0
      mvn r1, #0
      .word 0xe0822190
      swi 0
    `);
    expect(reg(cpu, 2)).toBe(0xfffffffe);
  });

  it('LDM^ with the PC in SYS mode keeps the CPSR and only branches', () => {
    const { cpu, exit } = runArm(`
      msr cpsr_c, #0xdf
      ${setFlags(0b0100)}
      ldr r0, =${DATA}
      adr r1, done
      str r1, [r0]
      ldmia r0, {pc}^
      swi 1
    done:
      swi 0
    `);
    expect(exit.imm).toBe(0);
    expect(cpu.mode).toBe(0x1f);
    expect(flags(cpu)).toBe('nZcv');
  });

  it('LDRD with Rd = r14 is UNDEFINED', () => {
    // ldrd lr, [r0]
    const { exit } = runArm(`
      ldr r0, =${DATA}
      .word 0xe1c0e0d0
      swi 0
    `);
    expect(exit.kind).toBe('undefined');
    expect(exit.pc).toBe(0x8004);
  });
});
