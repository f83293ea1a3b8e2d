import type { Cpu } from '../../../src/emulator/cpu/cpu.ts';
import type { Exit } from '../../../src/emulator/cpu/events.ts';
import { bootCode, type TestMachine } from '../../helpers/machine.ts';

/** Initial state applied before running a snippet: registers by number and NZCV flags. */
export interface ThumbSetup {
  r?: Readonly<Record<number, number>>;
  /** NZCV as a 4-bit value (8 = N, 4 = Z, 2 = C, 1 = V). */
  nzcv?: number;
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

/** Applies `setup` to the CPU of a booted test machine. */
export function applySetup(cpu: Cpu, setup: ThumbSetup): void {
  for (const [k, v] of Object.entries(setup.r ?? {})) cpu.r[Number(k)] = v;
  const f = setup.nzcv ?? 0;
  cpu.n = (f >> 3) & 1;
  cpu.z = (f >> 2) & 1;
  cpu.c = (f >> 1) & 1;
  cpu.v = f & 1;
}

/**
 * Assembles Thumb `body` at 0x8000 followed by `swi 0`, applies `setup`, runs to the first exit
 * (at most `budget` instructions) and returns the machine. Registers are int32 values.
 */
export function runThumb(body: string, setup: ThumbSetup = {}, budget = 10_000): ThumbRun {
  const t = bootCode(`.thumb\n${body}\nswi 0\n`, { thumb: true });
  applySetup(t.m.cpu, setup);
  const exit = t.run(budget);
  return { t, cpu: t.m.cpu, exit };
}

/** Unsigned view of register `i`. */
export function u(cpu: Cpu, i: number): number {
  return cpu.r[i]! >>> 0;
}
