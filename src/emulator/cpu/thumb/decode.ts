import type { Handler } from '../handler.ts';

const undefinedThumb: Handler = (cpu) => cpu.undefinedInstruction();

/** Picks the executor for Thumb instruction `insn` (placeholder until the Thumb decoder lands). */
export function decodeThumb(insn: number): Handler {
  void insn;
  return undefinedThumb;
}
