import type { Cpu } from '../../../src/emulator/cpu/cpu.ts';
import type { Exit } from '../../../src/emulator/cpu/events.ts';
import { bootCode, type TestMachine } from '../../helpers/machine.ts';

/** Initial state applied before running a snippet: registers by number and NZCV flags. */
export interface ThumbSetup {
  r?: Readonly<Record<number, number>>;
  /** NZCV as a 4-bit value (8 = N, 4 = Z, 2 = C, 1 = V). */
  nzcv?: number;
  /** Words to place in RAM (physical = virtual) by word-aligned address. */
  words?: Readonly<Record<number, number>>;
}

/** The outcome of a snippet: the machine, its CPU and the exit that stopped it. */
export interface ThumbRun {
  t: TestMachine;
  cpu: Cpu;
  exit: Exit;
}

/** NZCV of `cpu` as a 4-bit value (8 = N, 4 = Z, 2 = C, 1 = V). */
export function nzcv(cpu: Cpu): number {
  return (cpu.n << 3) | (cpu.z << 2) | (cpu.c << 1) | cpu.v;
}

/** Applies `setup` to a booted test machine. */
export function applySetup(tm: TestMachine, setup: ThumbSetup): void {
  const cpu = tm.m.cpu;
  for (const [k, v] of Object.entries(setup.words ?? {})) tm.m.ram.i32[Number(k) >>> 2] = v;
  for (const [k, v] of Object.entries(setup.r ?? {})) cpu.r[Number(k)] = v;
  const f = setup.nzcv ?? 0;
  cpu.n = (f >> 3) & 1;
  cpu.z = (f >> 2) & 1;
  cpu.c = (f >> 1) & 1;
  cpu.v = f & 1;
}

/**
 * Assembles Thumb `body` at 0x8000 followed by `swi 0` (raw bytes are loaded as they are), applies `setup`, runs to the first exit
 * (at most `budget` instructions) and returns the machine. Registers are int32 values.
 */
export function runThumb(
  body: string | Uint8Array, setup: ThumbSetup = {}, budget = 10_000,
): ThumbRun {
  const t = bootCode(typeof body === 'string' ? `.thumb\n${body}\nswi 0\n` : body, { thumb: true });
  applySetup(t, setup);
  const exit = t.run(budget);
  return { t, cpu: t.m.cpu, exit };
}

/** Unsigned view of register `i`. */
export function u(cpu: Cpu, i: number): number {
  return cpu.r[i]! >>> 0;
}

/** Little-endian bytes of Thumb halfwords, for encodings the assembler will not emit. */
export function halves(...hw: number[]): Uint8Array {
  const out = new Uint8Array(hw.length * 2);
  hw.forEach((h, i) => {
    out[2 * i] = h & 0xff;
    out[2 * i + 1] = (h >> 8) & 0xff;
  });
  return out;
}

/**
 * Turns the MMU on with a flat section map of the first megabyte only (the whole 1 MB test RAM,
 * read/write at every privilege, domain 0 as manager), so any access at 0x100000 and above takes a
 * section translation fault. The table lives at physical 0x40000.
 */
export function mmuFirstMegabyteOnly(tm: TestMachine): void {
  const { m } = tm;
  m.ram.i32[0x40000 >>> 2] = 0x00000c02;
  m.cp15.ttbr = 0x40000;
  m.cp15.dacr = 3;
  m.cp15.sctlr |= 1;
  m.mmu.flushTlb();
}
