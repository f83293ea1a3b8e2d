import type { Cpu } from '../../../src/emulator/cpu/cpu.ts';
import type { Exit } from '../../../src/emulator/cpu/events.ts';
import type { Machine } from '../../../src/emulator/machine.ts';
import { bootCode } from '../../helpers/machine.ts';

export interface ArmRun {
  m: Machine;
  cpu: Cpu;
  /** A copy of the exit record. */
  exit: Exit;
}

/**
 * Assembles and runs an ARM snippet (ending in `swi 0` or a trap) on the 1 MB test machine and
 * returns the machine with a copy of the exit. `setup` runs before execution (preload RAM, regs).
 */
export function runArm(src: string, setup?: (m: Machine) => void): ArmRun {
  const t = bootCode(src);
  if (setup !== undefined) setup(t.m);
  const exit = { ...t.run(100_000) };
  return { m: t.m, cpu: t.m.cpu, exit };
}

/** The flags as a 4-letter string, upper case when set: e.g. "nZCv". */
export function flags(cpu: Cpu): string {
  return (cpu.n ? 'N' : 'n') + (cpu.z ? 'Z' : 'z') + (cpu.c ? 'C' : 'c') + (cpu.v ? 'V' : 'v');
}

/** Unsigned reading of register i. */
export function reg(cpu: Cpu, i: number): number {
  return cpu.r[i]! >>> 0;
}

/** Unsigned word of physical RAM at `pa`. */
export function word(m: Machine, pa: number): number {
  return m.ram.i32[pa >>> 2]! >>> 0;
}

/** Writes a word of physical RAM (before the run). */
export function poke(m: Machine, pa: number, v: number): void {
  m.ram.i32[pa >>> 2] = v;
}

/** Code to set the flags NZCV from a 4-bit value (bit 3 = N) through MSR. */
export function setFlags(nzcv: number): string {
  return `msr cpsr_f, #0x${((nzcv & 15) << 28 >>> 0).toString(16)}`;
}

/** A section descriptor for physical `pa` with access permissions `ap` (2 bits), domain 0. */
export function section(pa: number, ap: number): number {
  return (pa & 0xfff00000) | (ap << 10) | 0x12;
}

/**
 * Writes a one-level page table at 0x4000: section 0 flat with full access, plus `extra`
 * (section index -> descriptor); everything else faults. Run MMU_ON afterwards.
 */
export function pageTable(m: Machine, extra: Record<number, number> = {}): void {
  m.ram.i32[0x4000 >>> 2] = section(0, 3);
  for (const [k, v] of Object.entries(extra)) m.ram.i32[(0x4000 >>> 2) + Number(k)] = v;
}

/** Code that turns the MMU on with the table at 0x4000 and domain 0 client; clobbers r0, r1. */
export const MMU_ON = `
    ldr r0, =0x4000
    mcr p15, 0, r0, c2, c0, 0
    mov r0, #1
    mcr p15, 0, r0, c3, c0, 0
    mrc p15, 0, r1, c1, c0, 0
    orr r1, r1, #1
    mcr p15, 0, r1, c1, c0, 0
`;
