import { describe, expect, it } from 'vitest';
import { flags, reg, runArm, setFlags } from './run.ts';

describe('data processing: arithmetic flags', () => {
  it('ADDS sets C and V at the boundaries', () => {
    const { cpu } = runArm(`
      ldr r0, =0x7fffffff
      adds r1, r0, #1
      mrs r2, cpsr
      ldr r0, =0xffffffff
      adds r3, r0, #1
      mrs r4, cpsr
      ldr r0, =0x80000000
      adds r5, r0, r0
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(0x80000000);
    expect(reg(cpu, 2) >>> 28).toBe(0b1001); // N V
    expect(reg(cpu, 3)).toBe(0);
    expect(reg(cpu, 4) >>> 28).toBe(0b0110); // Z C
    expect(reg(cpu, 5)).toBe(0);
    expect(flags(cpu)).toBe('nZCV');
  });

  it('SUBS/CMP: C is NOT borrow', () => {
    const { cpu } = runArm(`
      mov r0, #5
      subs r1, r0, #5
      mrs r2, cpsr
      subs r3, r0, #6
      mrs r4, cpsr
      ldr r0, =0x80000000
      cmp r0, #1
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(0);
    expect(reg(cpu, 2) >>> 28).toBe(0b0110);
    expect(reg(cpu, 3)).toBe(0xffffffff);
    expect(reg(cpu, 4) >>> 28).toBe(0b1000);
    expect(flags(cpu)).toBe('nzCV');
  });

  it('ADC/SBC/RSC use the carry in', () => {
    const { cpu } = runArm(`
      ${setFlags(0b0010)}
      mov r0, #10
      adc r1, r0, #1
      sbc r2, r0, #1
      rsc r3, r0, #20
      ${setFlags(0)}
      adc r4, r0, #1
      sbc r5, r0, #1
      rsc r6, r0, #20
      ldr r7, =0xffffffff
      ${setFlags(0b0010)}
      adcs r8, r7, #0
      mrs r9, cpsr
      mov r10, #0
      ${setFlags(0)}
      sbcs r11, r10, #0
      swi 0
    `);
    expect([1, 2, 3, 4, 5, 6].map((i) => reg(cpu, i))).toEqual([12, 9, 10, 11, 8, 9]);
    expect(reg(cpu, 8)).toBe(0);
    expect(reg(cpu, 9) >>> 28).toBe(0b0110);
    expect(reg(cpu, 11)).toBe(0xffffffff);
    expect(flags(cpu)).toBe('Nzcv');
  });

  it('SBCS with C clear and equal operands borrows', () => {
    const { cpu } = runArm(`
      ldr r0, =0x80000000
      mov r1, #0
      ${setFlags(0)}
      sbcs r2, r0, r1
      swi 0
    `);
    expect(reg(cpu, 2)).toBe(0x7fffffff);
    expect(flags(cpu)).toBe('nzCV');
  });

  it('RSBS and CMN', () => {
    const { cpu } = runArm(`
      mov r0, #1
      rsbs r1, r0, #0
      mrs r2, cpsr
      mvn r3, #0
      cmn r3, #1
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(0xffffffff);
    expect(reg(cpu, 2) >>> 28).toBe(0b1000);
    expect(flags(cpu)).toBe('nZCv');
  });
});

describe('data processing: shifter operand', () => {
  it('immediate rotation sets C from bit 31 only when rotated', () => {
    const { cpu } = runArm(`
      ${setFlags(0b0010)}
      movs r0, #0xff
      mrs r1, cpsr
      movs r2, #0xf0000000
      mrs r3, cpsr
      movs r4, #0x3fc
      swi 0
    `);
    expect(reg(cpu, 0)).toBe(0xff);
    expect(reg(cpu, 1) >>> 28).toBe(0b0010);
    expect(reg(cpu, 2)).toBe(0xf0000000);
    expect(reg(cpu, 3) >>> 28).toBe(0b1010);
    expect(reg(cpu, 4)).toBe(0x3fc);
    expect(flags(cpu)).toBe('nzcv');
  });

  it('LSL/LSR/ASR/ROR by immediate, including LSR #32, ASR #32 and RRX', () => {
    const { cpu } = runArm(`
      ldr r0, =0x80000001
      movs r1, r0, lsl #1
      mrs r2, cpsr
      movs r3, r0, lsr #32
      mrs r4, cpsr
      movs r5, r0, asr #32
      mrs r6, cpsr
      movs r7, r0, ror #1
      mrs r8, cpsr
      ${setFlags(0)}
      movs r9, r0, rrx
      mrs r10, cpsr
      mov r11, r0, asr #4
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(2);
    expect(reg(cpu, 2) >>> 28).toBe(0b0010);
    expect(reg(cpu, 3)).toBe(0);
    expect(reg(cpu, 4) >>> 28).toBe(0b0110);
    expect(reg(cpu, 5)).toBe(0xffffffff);
    expect(reg(cpu, 6) >>> 28).toBe(0b1010);
    expect(reg(cpu, 7)).toBe(0xc0000000);
    expect(reg(cpu, 8) >>> 28).toBe(0b1010);
    expect(reg(cpu, 9)).toBe(0x40000000);
    expect(reg(cpu, 10) >>> 28).toBe(0b0010);
    expect(reg(cpu, 11)).toBe(0xf8000000);
  });

  it('register shifts by 0, 32, 33 and 255', () => {
    const { cpu } = runArm(`
      ldr r0, =0x80000001
      mov r12, #0
      ${setFlags(0b0010)}
      movs r1, r0, lsl r12
      mrs r2, cpsr
      mov r12, #32
      movs r3, r0, lsl r12
      mrs r4, cpsr
      movs r5, r0, lsr r12
      mrs r6, cpsr
      mov r12, #33
      ${setFlags(0b0010)}
      movs r7, r0, lsr r12
      mrs r8, cpsr
      ldr r12, =0x1ff
      movs r9, r0, asr r12
      mrs r10, cpsr
      mov r12, #36
      movs r11, r0, ror r12
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(0x80000001);
    expect(reg(cpu, 2) >>> 28).toBe(0b1010);
    expect(reg(cpu, 3)).toBe(0);
    expect(reg(cpu, 4) >>> 28).toBe(0b0110); // C = bit 0
    expect(reg(cpu, 5)).toBe(0);
    expect(reg(cpu, 6) >>> 28).toBe(0b0110); // C = bit 31
    expect(reg(cpu, 7)).toBe(0);
    expect(reg(cpu, 8) >>> 28).toBe(0b0100); // C = 0
    expect(reg(cpu, 9)).toBe(0xffffffff); // 0x1ff & 0xff = 255
    expect(reg(cpu, 10) >>> 28).toBe(0b1010);
    expect(reg(cpu, 11)).toBe(0x18000000); // ror 4
    expect(flags(cpu)).toBe('nzcv');
  });

  it('ROR by a register multiple of 32 gives C = bit 31', () => {
    const { cpu } = runArm(`
      ldr r0, =0x80000000
      mov r1, #64
      movs r2, r0, ror r1
      swi 0
    `);
    expect(reg(cpu, 2)).toBe(0x80000000);
    expect(flags(cpu)).toBe('NzCv');
  });

  it('PC reads +8 as an operand and +12 with a register shift', () => {
    const { cpu } = runArm(`
      mov r0, pc
      add r1, pc, #0
      mov r3, #0
      add r2, pc, r3, lsl r3
      add r4, r3, pc, lsl r3
      swi 0
    `);
    expect(reg(cpu, 0)).toBe(0x8008);
    expect(reg(cpu, 1)).toBe(0x800c);
    expect(reg(cpu, 2)).toBe(0x8018);
    expect(reg(cpu, 4)).toBe(0x801c);
  });

  it('logical S forms leave V and set C from the shifter', () => {
    const { cpu } = runArm(`
      ${setFlags(0b0001)}
      mov r0, #3
      ands r1, r0, r0, lsr #1
      mrs r2, cpsr
      eors r3, r0, r0
      orrs r4, r0, #0x80000000
      mrs r5, cpsr
      bics r6, r0, #1
      mvns r7, r0
      teq r0, #3
      mrs r8, cpsr
      tst r0, #4
      swi 0
    `);
    expect(reg(cpu, 1)).toBe(1);
    expect(reg(cpu, 2) >>> 28).toBe(0b0011);
    expect(reg(cpu, 3)).toBe(0);
    expect(reg(cpu, 4)).toBe(0x80000003);
    expect(reg(cpu, 5) >>> 28).toBe(0b1011);
    expect(reg(cpu, 6)).toBe(2);
    expect(reg(cpu, 7)).toBe(0xfffffffc);
    expect(reg(cpu, 8) >>> 28).toBe(0b0111); // C still set by the rotated ORRS immediate
    expect(flags(cpu)).toBe('nZCV');
  });
});

describe('data processing: writes to the PC', () => {
  it('MOV pc clears bits 1:0 and does not interwork', () => {
    const { cpu, exit } = runArm(`
      adr r0, target
      add r0, r0, #3
      mov pc, r0
      mov r1, #1
      swi 1
    target:
      mov r2, #7
      swi 0
    `);
    expect(exit.kind).toBe('swi');
    expect(exit.imm).toBe(0);
    expect(cpu.t).toBe(0);
    expect(reg(cpu, 2)).toBe(7);
    expect(reg(cpu, 1)).toBe(0);
  });

  it('MOVS pc, lr copies the SPSR to the CPSR', () => {
    const { cpu, exit } = runArm(`
      ldr r0, =0x600000d0
      msr spsr_fsxc, r0
      adr lr, user
      movs pc, lr
      swi 1
    user:
      mov r1, #1
      swi 0
    `);
    expect(exit.imm).toBe(0);
    expect(cpu.mode).toBe(0x10);
    expect(cpu.getCpsr() >>> 0).toBe(0x600000d0);
    expect(reg(cpu, 1)).toBe(1);
  });

  it('SUBS pc in SYS mode (no SPSR) keeps the CPSR, flags included', () => {
    const { cpu, exit } = runArm(`
      msr cpsr_c, #0xdf
      ${setFlags(0b1000)}
      adr r0, next
      add r0, r0, #4
      subs pc, r0, #4
      swi 1
    next:
      swi 0
    `);
    expect(exit.imm).toBe(0);
    expect(cpu.mode).toBe(0x1f);
    expect(flags(cpu)).toBe('Nzcv');
  });

  it('ADDS pc returning to Thumb aligns to a halfword', () => {
    const { cpu, exit } = runArm(`
      ldr r0, =0x000000f3
      msr spsr_fsxc, r0
      adr r1, thumb
      adds pc, r1, #2
      .thumb
    thumb:
      swi 1
      swi 2
    `);
    expect(exit.kind).toBe('swi');
    expect(cpu.t).toBe(1);
    expect(exit.swiAddr).toBe(0x8012);
  });
});
