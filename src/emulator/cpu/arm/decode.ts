import type { Handler } from '../handler.ts';

const undefinedArm: Handler = (cpu) => cpu.undefinedInstruction();

/** Picks the executor for ARM instruction `insn` (placeholder until the ARM decoder lands). */
export function decodeArm(insn: number): Handler {
  void insn;
  return undefinedArm;
}
