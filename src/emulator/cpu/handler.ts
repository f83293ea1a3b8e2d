import type { Cpu } from './cpu.ts';

/**
 * An instruction executor: runs one decoded instruction on `cpu`. `insn` is the raw instruction word
 * (ARM) or halfword (Thumb); handlers re-extract fields from it, which is cheaper than allocating a
 * decoded record per slot. See Cpu's invariants for what r[15] and cpu.pc hold during the call.
 */
export type Handler = (cpu: Cpu, insn: number) => void;
