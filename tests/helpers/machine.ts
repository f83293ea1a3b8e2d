import { Machine } from '../../src/emulator/machine.ts';
import type { Exit } from '../../src/emulator/cpu/events.ts';
import { assemble } from './asm.ts';

/** Where test code is placed (physical = virtual, MMU off). */
export const CODE_BASE = 0x8000;

export interface TestMachine {
  m: Machine;
  uart: string[];
  /** Runs until an exit other than budget, or `budget` instructions. */
  run(budget?: number): Exit;
}

/**
 * A 1 MB machine with the MMU off and `trap` delivery, `code` (assembled if a string) loaded at
 * CODE_BASE, the CPU in SVC mode at CODE_BASE with sp = 0x80000. End snippets with `swi 0` (or
 * `bkpt`) to stop: run() then returns the 'swi' (or 'bkpt') exit.
 */
export function bootCode(code: string | Uint8Array, opts: { thumb?: boolean } = {}): TestMachine {
  const uart: string[] = [];
  const m = new Machine({
    ramSize: 1 << 20, delivery: 'trap', uart: (b) => uart.push(String.fromCharCode(b)),
  });
  const bytes = typeof code === 'string' ? assemble(code) : code;
  m.writePhys(CODE_BASE, bytes);
  m.cpu.pc = CODE_BASE;
  m.cpu.r[13] = 0x80000;
  if (opts.thumb === true) m.cpu.t = 1;
  return { m, uart, run: (budget = 1_000_000) => m.run(budget) };
}
