import { describe, expect, it } from 'vitest';
import { Machine } from '../../../src/emulator/machine.ts';
import { SCTLR_M, SCTLR_V } from '../../../src/emulator/cp15/cp15.ts';
import {
  MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_SYS, MODE_UND, MODE_USR,
} from '../../../src/emulator/cpu/modes.ts';

// Exception entry is exercised by calling Cpu.enterException directly and through run() paths
// that execute no instruction (prefetch aborts), so these tests do not depend on the decoders.

/** The vectors of ARM ARM A2.6: [name, mode, offset, F set on entry]. */
const VECTORS: [string, number, number, boolean][] = [
  ['undefined', MODE_UND, 0x04, false],
  ['swi', MODE_SVC, 0x08, false],
  ['prefetch abort', MODE_ABT, 0x0c, false],
  ['data abort', MODE_ABT, 0x10, false],
  ['irq', MODE_IRQ, 0x18, false],
  ['fiq', MODE_FIQ, 0x1c, true],
];

function userMachine(): Machine {
  const m = new Machine({ ramSize: 1 << 20 });
  const cpu = m.cpu;
  cpu.enterUser(0x8000, 0x7000);
  cpu.r[14] = 0x1414;
  cpu.r[8] = 0x0808;
  cpu.n = 1;
  cpu.c = 1;
  cpu.q = 1;
  cpu.t = 1;
  return m;
}

describe('enterException', () => {
  for (const [name, mode, offset, maskFiq] of VECTORS) {
    it(`${name}: mode, LR, SPSR = old CPSR, T cleared, I set, F ${maskFiq ? 'set' : 'kept'}`, () => {
      const m = userMachine();
      const cpu = m.cpu;
      const before = cpu.getCpsr();
      expect(before >>> 0).toBe(0xa8000030); // N C Q, T, USR, I and F clear
      cpu.enterException(mode, offset, 0x12345678, maskFiq);
      expect(cpu.mode).toBe(mode);
      expect(cpu.r[14]).toBe(0x12345678);
      expect(cpu.getSpsr()).toBe(before);
      expect(cpu.t).toBe(0);
      expect(cpu.irqMasked).toBe(1);
      expect(cpu.fiqMasked).toBe(maskFiq ? 1 : 0);
      expect(cpu.getCpsr() >>> 0).toBe((0xa8000000 | 0x80 | (maskFiq ? 0x40 : 0) | mode) >>> 0);
      expect(cpu.pc).toBe(offset);
      // Privileged now, for the MMU too; the user's banked registers are intact.
      expect(cpu.user).toBe(false);
      expect(m.mmu.user).toBe(false);
      expect(cpu.getUserReg(13)).toBe(0x7000);
      expect(cpu.getUserReg(14)).toBe(0x1414);
      expect(cpu.getUserReg(8)).toBe(0x0808);
      expect(cpu.r[8]).toBe(mode === MODE_FIQ ? 0 : 0x0808);
    });
  }

  it('uses the high vectors at 0xFFFF0000 when SCTLR.V is set', () => {
    for (const [, mode, offset, maskFiq] of VECTORS) {
      const m = userMachine();
      m.cp15.sctlr |= SCTLR_V;
      m.cpu.enterException(mode, offset, 0, maskFiq);
      expect(m.cpu.pc >>> 0).toBe(0xffff0000 + offset);
    }
  });

  it('keeps F set when it already was, and nests: the SPSR of the new mode holds the old mode', () => {
    const m = userMachine();
    const cpu = m.cpu;
    cpu.fiqMasked = 1;
    cpu.enterException(MODE_SVC, 0x08, 0x100, false);
    expect(cpu.fiqMasked).toBe(1);
    cpu.irqMasked = 0;
    cpu.enterException(MODE_ABT, 0x10, 0x200, false);
    expect(cpu.getSpsr() & 0xff).toBe(0x40 | MODE_SVC);
    expect(cpu.getModeReg(MODE_SVC, 14)).toBe(0x100);
    cpu.setMode(MODE_SVC);
    expect(cpu.getSpsr() >>> 0).toBe(0xa8000070); // from USR, Thumb, F set
  });

  it('from SYS it saves SYS in the SPSR and leaves the shared user r13/r14 alone', () => {
    const m = new Machine({ ramSize: 1 << 20 });
    const cpu = m.cpu;
    cpu.setCpsr(MODE_SYS);
    cpu.r[13] = 0x5555;
    cpu.enterException(MODE_UND, 0x04, 0x44, false);
    expect(cpu.getSpsr()).toBe(MODE_SYS);
    expect(cpu.getUserReg(13)).toBe(0x5555);
  });
});

describe('prefetch aborts from run()', () => {
  function mmuOnNothingMapped(delivery: 'trap' | 'vector'): Machine {
    const m = new Machine({ ramSize: 1 << 20, delivery });
    m.cp15.ttbr = 0x4000; // an all-zero L1 table: every access is a section translation fault
    m.cp15.dacr = 0x55555555;
    m.cp15.sctlr |= SCTLR_M;
    m.mmu.flushTlb();
    return m;
  }

  it('trap delivery exits with the address, IFSR and no instruction executed', () => {
    const m = mmuOnNothingMapped('trap');
    m.cpu.enterUser(0x10000000, 0);
    const exit = m.run(100);
    expect(exit.kind).toBe('prefetch-abort');
    expect(exit.pc).toBe(0x10000000);
    expect(exit.far).toBe(0x10000000);
    expect(exit.fsr).toBe(0x5);
    expect(exit.executed).toBe(0);
    expect(m.cp15.ifsr).toBe(0x5);
    expect(m.cp15.far).toBe(0);
    expect(m.cpu.mode).toBe(MODE_USR);
  });

  it('vector delivery enters ABT at 0x0C with LR = address + 4 (Thumb too)', () => {
    const m = mmuOnNothingMapped('vector');
    m.cpu.enterUser(0x10000002, 0);
    m.cpu.t = 1;
    // The aborted fetch uses one unit of budget, so run(1) stops right after the entry.
    const fetched: number[] = [];
    const real = m.mmu.translateFetch.bind(m.mmu);
    m.mmu.translateFetch = (va: number): number => {
      fetched.push(va >>> 0);
      if (fetched.length > 1000) throw new Error('run() spins on prefetch aborts');
      return real(va);
    };
    const exit = m.run(1);
    expect(exit.kind).toBe('budget');
    expect(exit.executed).toBe(1);
    expect(fetched).toEqual([0x10000002]);
    expect(m.cpu.mode).toBe(MODE_ABT);
    expect(m.cpu.t).toBe(0);
    expect(m.cpu.r[14]).toBe(0x10000006);
    expect(m.cpu.pc).toBe(0x0c);
    expect(m.cpu.getSpsr()).toBe(MODE_USR | 0x20);
    expect(m.cp15.ifsr).toBe(0x5);
  });

  it('run(budget) returns when the abort vector itself cannot be fetched', () => {
    // Real hardware would take prefetch aborts forever; the emulator must still honour the budget
    // so a host can preempt (and a debugger inspect) such a guest.
    const m = mmuOnNothingMapped('vector');
    m.cpu.enterUser(0x10000000, 0);
    let fetches = 0;
    const real = m.mmu.translateFetch.bind(m.mmu);
    m.mmu.translateFetch = (va: number): number => {
      if (++fetches > 1000) throw new Error('run() spins on prefetch aborts');
      return real(va);
    };
    const exit = m.run(50);
    expect(exit.kind).toBe('budget');
    expect(exit.executed).toBe(50);
    expect(fetches).toBe(50);
    expect(m.cpu.mode).toBe(MODE_ABT);
    expect(m.cpu.r[14]).toBe(0x10);
    expect(m.cpu.pc).toBe(0x0c);
  });
});
