import type { Cpu } from '../cpu.ts';

/**
 * Condition-flag arithmetic shared by the data-processing and multiply executors (ARM ARM A4.1:
 * CarryFrom, BorrowFrom, OverflowFrom). Operands and results are int32 values; carries are computed
 * on their unsigned readings, overflows with the sign-bit xor identities.
 */

/** Sets N and Z from an int32 result. */
export function setNZ(cpu: Cpu, res: number): void {
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
}

/** a + b with all four flags; returns the int32 sum. */
export function addS(cpu: Cpu, a: number, b: number): number {
  const res = (a + b) | 0;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = (a >>> 0) + (b >>> 0) > 0xffffffff ? 1 : 0;
  cpu.v = ((a ^ res) & (b ^ res)) >>> 31;
  return res;
}

/** a + b + C with all four flags. */
export function adcS(cpu: Cpu, a: number, b: number): number {
  const sum = (a >>> 0) + (b >>> 0) + cpu.c;
  const res = sum | 0;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = sum > 0xffffffff ? 1 : 0;
  cpu.v = ((a ^ res) & (b ^ res)) >>> 31;
  return res;
}

/** a - b with all four flags (C = NOT BorrowFrom). */
export function subS(cpu: Cpu, a: number, b: number): number {
  const res = (a - b) | 0;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = (a >>> 0) >= (b >>> 0) ? 1 : 0;
  cpu.v = ((a ^ b) & (a ^ res)) >>> 31;
  return res;
}

/** a - b - NOT(C) with all four flags. */
export function sbcS(cpu: Cpu, a: number, b: number): number {
  const borrow = 1 - cpu.c;
  const res = (a - b - borrow) | 0;
  cpu.n = res >>> 31;
  cpu.z = res === 0 ? 1 : 0;
  cpu.c = (a >>> 0) >= (b >>> 0) + borrow ? 1 : 0;
  cpu.v = ((a ^ b) & (a ^ res)) >>> 31;
  return res;
}
