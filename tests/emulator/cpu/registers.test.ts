import { describe, expect, it } from 'vitest';
import { Registers } from '../../../src/emulator/cpu/registers.ts';
import {
  MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_SYS, MODE_UND, MODE_USR,
} from '../../../src/emulator/cpu/modes.ts';

const MODES = [MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND, MODE_SYS];
/** A value that names the mode and the register, so a mix-up shows in the failure. */
const tag = (mode: number, i: number): number => (mode << 8) | i;

/** Gives every mode its own r13/r14 (USR and SYS share theirs) and FIQ its own r8-r12. */
function fillBanks(regs: Registers): void {
  regs.setMode(MODE_USR);
  for (let i = 0; i < 15; i++) regs.r[i] = tag(MODE_USR, i);
  for (const mode of [MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND]) {
    regs.setMode(mode);
    regs.r[13] = tag(mode, 13);
    regs.r[14] = tag(mode, 14);
    if (mode === MODE_FIQ) for (let i = 8; i <= 12; i++) regs.r[i] = tag(MODE_FIQ, i);
  }
}
/** The mode whose copy of register i is visible in `mode`. */
function owner(mode: number, i: number): number {
  if (mode === MODE_SYS) return MODE_USR;
  if (i === 13 || i === 14) return mode;
  if (i >= 8 && i <= 12 && mode === MODE_FIQ) return MODE_FIQ;
  return MODE_USR;
}

describe('register banking', () => {
  it('every mode sees its own r13/r14, FIQ its own r8-r12, whatever order modes are visited', () => {
    const regs = new Registers();
    fillBanks(regs);
    const order = [MODE_SVC, MODE_FIQ, MODE_SYS, MODE_UND, MODE_FIQ, MODE_IRQ, MODE_ABT, MODE_USR, MODE_FIQ, MODE_SVC];
    for (const mode of order) {
      regs.setMode(mode);
      expect(regs.mode).toBe(mode);
      for (let i = 0; i < 15; i++) {
        expect({ mode, i, v: regs.r[i] }).toEqual({ mode, i, v: tag(owner(mode, i), i) });
      }
    }
  });

  it('SYS shares the user bank: writes in SYS are seen in USR', () => {
    const regs = new Registers();
    fillBanks(regs);
    regs.setMode(MODE_SYS);
    regs.r[13] = 0x1234;
    regs.setMode(MODE_SVC);
    regs.setMode(MODE_USR);
    expect(regs.r[13]).toBe(0x1234);
    expect(regs.user).toBe(true);
    regs.setMode(MODE_SYS);
    expect(regs.user).toBe(false);
  });

  it('reserved mode encodings are ignored by setMode and setCpsr', () => {
    const regs = new Registers();
    fillBanks(regs);
    regs.setMode(MODE_IRQ);
    for (const bad of [0x00, 0x14, 0x15, 0x16, 0x1a, 0x1c, 0x1e, 0x0f]) {
      regs.setMode(bad);
      expect(regs.mode).toBe(MODE_IRQ);
      expect(regs.r[13]).toBe(tag(MODE_IRQ, 13));
    }
    regs.setCpsr(0x80000000 | 0x15);
    expect(regs.mode).toBe(MODE_IRQ);
    expect(regs.n).toBe(1);
  });
});

describe('SPSRs', () => {
  it('each exception mode has its own SPSR; USR and SYS have none', () => {
    const regs = new Registers();
    for (const mode of [MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND]) {
      regs.setMode(mode);
      regs.setSpsr(0x60000000 | tag(mode, 0));
    }
    for (const mode of [MODE_UND, MODE_FIQ, MODE_SVC, MODE_ABT, MODE_IRQ]) {
      regs.setMode(mode);
      expect(regs.getSpsr()).toBe(0x60000000 | tag(mode, 0));
    }
    regs.setCpsr(0xa0000000 | MODE_USR);
    regs.setSpsr(0x12345678); // ignored
    expect(regs.getSpsr()).toBe(regs.getCpsr()); // UNPREDICTABLE; czemu reads the CPSR
    regs.setMode(MODE_SVC);
    expect(regs.getSpsr()).toBe(0x60000000 | tag(MODE_SVC, 0));
  });
});

describe('user-bank and other-mode access', () => {
  it('getUserReg/setUserReg from FIQ reach the user r8-r14', () => {
    const regs = new Registers();
    fillBanks(regs);
    regs.setMode(MODE_FIQ);
    for (let i = 0; i < 15; i++) expect(regs.getUserReg(i)).toBe(tag(MODE_USR, i));
    for (let i = 8; i < 15; i++) regs.setUserReg(i, 0x7000 + i);
    for (let i = 8; i < 15; i++) expect(regs.r[i]).toBe(tag(MODE_FIQ, i));
    regs.setMode(MODE_USR);
    for (let i = 8; i < 15; i++) expect(regs.r[i]).toBe(0x7000 + i);
  });

  it('getUserReg/setUserReg from SVC reach the user r13/r14 and the shared r0-r12', () => {
    const regs = new Registers();
    fillBanks(regs);
    regs.setMode(MODE_SVC);
    expect(regs.getUserReg(13)).toBe(tag(MODE_USR, 13));
    expect(regs.getUserReg(14)).toBe(tag(MODE_USR, 14));
    expect(regs.getUserReg(8)).toBe(tag(MODE_USR, 8));
    regs.setUserReg(13, 0x1111);
    regs.setUserReg(14, 0x2222);
    regs.setUserReg(9, 0x3333);
    expect([regs.r[13], regs.r[14], regs.r[9]]).toEqual([tag(MODE_SVC, 13), tag(MODE_SVC, 14), 0x3333]);
    regs.setMode(MODE_USR);
    expect([regs.r[13], regs.r[14], regs.r[9]]).toEqual([0x1111, 0x2222, 0x3333]);
  });

  it('getModeReg reads any mode\'s view from any mode', () => {
    const regs = new Registers();
    fillBanks(regs);
    for (const from of MODES) {
      regs.setMode(from);
      for (const mode of MODES) {
        for (let i = 0; i < 15; i++) {
          expect({ from, mode, i, v: regs.getModeReg(mode, i) })
            .toEqual({ from, mode, i, v: tag(owner(mode, i), i) });
        }
      }
    }
  });
});

describe('CPSR', () => {
  it('setCpsr round-trips through getCpsr for every field and mode', () => {
    const regs = new Registers();
    for (const mode of MODES) {
      for (const flags of [0, 0xf8000000, 0x50000000, 0x08000000]) {
        for (const ift of [0, 0x80, 0x40, 0x20, 0xe0]) {
          const v = flags | ift | mode;
          regs.setCpsr(v);
          expect(regs.getCpsr() >>> 0).toBe(v >>> 0);
        }
      }
    }
  });

  it('setCpsr keeps J (never entered) and the post-v5 GE, E, A bits at zero', () => {
    const regs = new Registers();
    regs.setCpsr(0x010f0300 | MODE_SVC);
    expect(regs.getCpsr() >>> 0).toBe(MODE_SVC);
  });

  it('reset state: SVC, I and F masked, ARM, all registers zero', () => {
    const regs = new Registers();
    fillBanks(regs);
    regs.resetRegisters();
    expect(regs.getCpsr()).toBe(0xd3);
    expect(Array.from(regs.r)).toEqual(new Array(16).fill(0));
    regs.setMode(MODE_FIQ);
    expect(Array.from(regs.r)).toEqual(new Array(16).fill(0));
  });

  it('enterUser starts user mode with a clean CPSR, the given pc and sp', () => {
    const regs = new Registers();
    regs.enterUser(0x10000000, 0x1fffeff8);
    expect(regs.getCpsr()).toBe(MODE_USR);
    expect(regs.pc).toBe(0x10000000);
    expect(regs.r[13]).toBe(0x1fffeff8);
    expect(regs.user).toBe(true);
  });
});
