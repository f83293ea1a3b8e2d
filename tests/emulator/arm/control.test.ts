import { describe, expect, it } from 'vitest';
import { classifyArm } from '../../../src/emulator/cpu/arm/decode.ts';
import { MMU_ON, flags, pageTable, poke, reg, runArm, section, word } from './run.ts';

describe('branches', () => {
  it('B/BL go forward and backward; BL links the next instruction', () => {
    const { cpu } = runArm(`
      mov r0, #0
      b fwd
      mov r0, #99
    back:
      add r0, r0, #10
      swi 0
    fwd:
      bl sub
      b back
    sub:
      add r0, r0, #1
      mov r1, lr
      bx lr
    `);
    expect(reg(cpu, 0)).toBe(11);
    expect(reg(cpu, 1)).toBe(0x8018);
  });

  it('BX and BLX register interwork; BLX lr reads the target before linking', () => {
    const { cpu, exit } = runArm(`
      adr r0, thumb + 1
      blx r0
      .thumb
    thumb:
      swi 3
    `);
    expect(exit.imm).toBe(3);
    expect(cpu.t).toBe(1);
    expect(reg(cpu, 14)).toBe(0x8008);

    const r2 = runArm(`
      adr lr, done
      blx lr
    done:
      swi 0
    `);
    expect(reg(r2.cpu, 14)).toBe(0x8008);
    expect(r2.cpu.t).toBe(0);
  });

  it('BLX immediate switches to Thumb, with H selecting the halfword', () => {
    const { cpu, exit } = runArm(`
      blx t2
      swi 1
      .thumb
      nop
    t2:
      swi 7
    `);
    expect(exit.imm).toBe(7);
    expect(exit.swiAddr).toBe(0x800a);
    expect(cpu.t).toBe(1);
    expect(reg(cpu, 14)).toBe(0x8004);
  });

  it('conditions gate execution', () => {
    const { cpu } = runArm(`
      mov r0, #0
      cmp r0, #0
      moveq r1, #1
      movne r2, #1
      movgt r3, #1
      movle r4, #1
      movhs r5, #1
      movlo r6, #1
      swi 0
    `);
    expect([1, 2, 3, 4, 5, 6].map((i) => reg(cpu, i))).toEqual([1, 0, 0, 1, 1, 0]);
  });
});

describe('status registers', () => {
  it('MRS/MSR with field masks; MSR never changes T', () => {
    const { cpu } = runArm(`
      mrs r0, cpsr
      msr cpsr_f, #0xf0000000
      mrs r1, cpsr
      ldr r2, =0x000000ff     @ T, I, F set and mode SYS
      msr cpsr_c, r2
      mrs r3, cpsr
      msr spsr_fsxc, r0
      swi 0
    `);
    expect(reg(cpu, 0)).toBe(0xd3);
    expect(reg(cpu, 1)).toBe(0xf00000d3);
    expect(reg(cpu, 3)).toBe(0xf00000df);
    expect(cpu.t).toBe(0);
    expect(cpu.mode).toBe(0x1f);
  });

  it('in USR mode only the flags byte changes', () => {
    const { cpu } = runArm(`
      msr cpsr_c, #0x10
      ldr r0, =0xf80000d3
      msr cpsr_fsxc, r0
      mrs r1, cpsr
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(0xf8000010);
    expect(cpu.mode).toBe(0x10);
  });

  it('SPSR transfers in a privileged mode; in SYS MRS SPSR reads the CPSR', () => {
    const { cpu } = runArm(`
      ldr r0, =0x200000d1
      msr spsr_fsxc, r0
      ldr r0, =0x40000000
      msr spsr_f, r0
      mrs r1, spsr
      msr cpsr_c, #0xdf
      mrs r2, spsr
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(0x400000d1);
    expect(reg(cpu, 2)).toBe(0x000000df);
  });
});

describe('CP15 and other coprocessors', () => {
  it('MRC reads CP15; MRC with Rd = pc sets the flags from bits 31:28', () => {
    const { cpu } = runArm(`
      mrc p15, 0, r0, c0, c0, 0
      mrc p15, 0, pc, c7, c10, 3
      swi 0
    `);
    expect(reg(cpu, 0)).toBe(0x41069265);
    expect(flags(cpu)).toBe('nZcv');
  });

  it('MCR programs the MMU', () => {
    const { cpu } = runArm(`
      ${MMU_ON}
      ldr r2, =0x00308000
      ldr r3, [r2]
      mrc p15, 0, r4, c2, c0, 0
      swi 0
    `, (m) => pageTable(m, { 3: section(0, 3) }));
    expect(reg(cpu, 3)).toBe(0xe3a00901); // the first code word, through the alias
    expect(reg(cpu, 4)).toBe(0x4000);
  });

  it('MRC from CP15 in USR mode, and any other coprocessor, is UNDEFINED', () => {
    const r1 = runArm(`
      msr cpsr_c, #0x10
      mrc p15, 0, r0, c0, c0, 0
      swi 0
    `);
    expect(r1.exit.kind).toBe('undefined');
    expect(r1.exit.pc).toBe(0x8004);
    for (const insn of ['mrc p14, 0, r0, c0, c0, 0', 'cdp p15, 0, c0, c0, c0, 0',
      'ldc p15, c0, [r0]', 'stc p5, c0, [r0]', 'mcrr p15, 0, r0, r1, c0', 'mcr p10, 7, r0, c1, c0, 0']) {
      const r = runArm(`
        nop
        ${insn}
        swi 0
      `);
      expect(r.exit.kind, insn).toBe('undefined');
      expect(r.exit.pc, insn).toBe(0x8004);
    }
  });
});

describe('SWP, SWI, BKPT, PLD and undefined encodings', () => {
  it('SWP/SWPB exchange; unaligned SWP rotates the loaded word', () => {
    const { cpu, m } = runArm(`
      ldr r0, =0x20000
      ldr r1, =0xaabbccdd
      swp r2, r1, [r0]
      mov r3, #0x5a
      swpb r4, r3, [r0]
      add r5, r0, #5
      ldr r6, =0x12345678
      swp r7, r6, [r5]
      swi 0
    `, (m) => {
      poke(m, 0x20000, 0x11223344);
      poke(m, 0x20004, 0x44332211);
    });
    expect(reg(cpu, 2)).toBe(0x11223344);
    expect(reg(cpu, 4)).toBe(0xdd);
    expect(word(m, 0x20000)).toBe(0xaabbcc5a);
    expect(reg(cpu, 7)).toBe(0x11443322);
    expect(word(m, 0x20004)).toBe(0x12345678);
  });

  it('an aborting SWP (read-only page) changes neither memory nor registers', () => {
    const { cpu, m, exit } = runArm(`
      ${MMU_ON}
      msr cpsr_c, #0x10
      ldr r0, =0x00120000
      mov r1, #1
      mov r2, #2
      swp r2, r1, [r0]
      swi 0
    `, (m) => {
      pageTable(m, { 1: section(0, 2) });
      poke(m, 0x20000, 0x77);
    });
    expect(exit.kind).toBe('data-abort');
    expect(exit.far).toBe(0x00120000);
    expect(reg(cpu, 2)).toBe(2);
    expect(word(m, 0x20000)).toBe(0x77);
  });

  it('SWI reports its comment field; BKPT its immediate', () => {
    const r1 = runArm('swi 0x123456');
    expect(r1.exit.kind).toBe('swi');
    expect(r1.exit.imm).toBe(0x123456);
    expect(r1.exit.swiAddr).toBe(0x8000);
    const r2 = runArm('nop\nbkpt 0xbeef');
    expect(r2.exit.kind).toBe('bkpt');
    expect(r2.exit.imm).toBe(0xbeef);
    expect(r2.exit.pc).toBe(0x8004);
  });

  it('PLD is a no-op', () => {
    const { cpu, exit } = runArm(`
      ldr r0, =0x20000
      pld [r0, #4]
      mov r1, #1
      swi 0
    `);
    expect(exit.kind).toBe('swi');
    expect(reg(cpu, 1)).toBe(1);
  });

  it('undefined encodings trap at their own address', () => {
    const words = [
      0xe7f000f0, // 011 with bit 4 set
      0xe3000000, // 0x30: MOVW is ARMv6T2
      0xe0400090, // multiply space with bit 22 (UMAAL is ARMv6)
      0xe1000050 | (1 << 22) | (1 << 21) | 0x20, // misc space, bits 7-4 = 0111 with op 3
      0xf5d0f000 & 0xfeffffff, // cond 1111, not PLD
      0xf1010000, // SETEND is ARMv6
    ];
    for (const w of words) {
      const { exit } = runArm(`
        nop
        .word 0x${(w >>> 0).toString(16)}
        swi 0
      `);
      expect(exit.kind, w.toString(16)).toBe('undefined');
      expect(exit.pc).toBe(0x8004);
    }
  });
});

describe('classifyArm', () => {
  it('names instruction families from the decode table', () => {
    const cases: [number, string][] = [
      [0xe0811002, 'add'], [0xe3500000, 'cmp'], [0xe1a0f00e, 'mov'], [0xe0000291, 'mul'],
      [0xe0c10392, 'smull'], [0xe1220051, 'qsub'], [0xe1020051, 'qadd'], [0xe16f0f11, 'clz'], [0xe12fff1e, 'bx'],
      [0xe12fff33, 'blx-reg'], [0xfa000000, 'blx-imm'], [0xe1200070, 'bkpt'], [0xe10f0000, 'mrs'],
      [0xe32ff000, 'msr'], [0xe1010092, 'swp'], [0xe1410092, 'swpb'], [0xe1d000b2, 'ldrh'],
      [0xe1c000b2, 'strh'], [0xe1d000d1, 'ldrsb'], [0xe1d000f1, 'ldrsh'], [0xe1c020d0, 'ldrd'],
      [0xe1c020f0, 'strd'], [0xe5901000, 'ldr'], [0xe4a01004, 'strt'], [0xe4f01001, 'ldrbt'],
      [0xe8bd8000, 'ldm'], [0xe92d4000, 'stm'], [0xeafffffe, 'b'], [0xebfffffe, 'bl'],
      [0xef000000, 'swi'], [0xf5d0f000, 'pld'], [0xee110f10, 'mrc'], [0xee010f10, 'mcr'],
      [0xee000000, 'cdp'], [0xec410f00, 'mcrr'], [0xed900500, 'ldc'], [0xe1000080, 'smla'],
      [0xe12000a0, 'smulw'], [0xe1200080, 'smlaw'], [0xe1400080, 'smlalxy'], [0xe1600080, 'smul'],
      [0xe7f000f0, 'undefined'],
    ];
    for (const [w, cls] of cases) expect(classifyArm(w | 0), w.toString(16)).toBe(cls);
  });
});
