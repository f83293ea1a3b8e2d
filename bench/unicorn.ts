/**
 * Unicorn side of the benchmark: the same loop bytes at the same virtual addresses, mapped flat
 * (Unicorn's MMU off, as Unicorn gives it), CPSR in USR mode, run with no instruction count (a
 * count makes Unicorn hook every instruction).
 */
import { Unicorn, unicornAvailable, unicornUnavailable } from '../tests/diff/unicorn.ts';
import {
  BUF_SIZE, BUF_VA, CODE_VA, STACK_VA, endAddress, initialRegisters, workloadBytes, type Workload,
} from './workloads.ts';

/** Why Unicorn cannot be benchmarked, or undefined when it can. */
export function unicornSkipReason(): string | undefined {
  return unicornAvailable() ? undefined : unicornUnavailable;
}

/** Runs `w` for `iterations` iterations on Unicorn; instruction count is derived, not measured. */
export function runUnicorn(w: Workload, iterations: number): { instructions: number; seconds: number } {
  const uc = new Unicorn();
  try {
    uc.map(CODE_VA, 0x1000);
    uc.map(BUF_VA, BUF_SIZE);
    uc.map(STACK_VA, 0x1000);
    uc.write(CODE_VA, workloadBytes(w));
    uc.setCpsr(0x10);
    initialRegisters(iterations, BUF_VA).forEach((v, i) => uc.setReg(i, v));
    uc.setReg(13, STACK_VA + 0x1000);
    const end = endAddress(w, CODE_VA);
    const t0 = process.hrtime.bigint();
    const rc = uc.run(CODE_VA, end);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (rc !== 0 || (uc.reg(15) >>> 0) !== end || uc.reg(0) !== 0) {
      throw new Error(`unicorn ${w.name}: ${uc.strerror(rc)} at 0x${(uc.reg(15) >>> 0).toString(16)}`);
    }
    return { instructions: iterations * w.perIteration, seconds };
  } finally {
    uc.close();
  }
}
