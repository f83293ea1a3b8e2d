/**
 * czemu side of the benchmark: a machine with the MMU on, real ARMv5 page tables in emulated RAM
 * (one coarse table of 4 KB small pages), the loop running in USR mode.
 *
 *   physical                        virtual (through the coarse table)
 *   0x00004000  level-1 table (16 KB)
 *   0x00008000  coarse table (1 KB)  maps the 1 MB section 0x10000000:
 *   0x00010000  code page            0x10000000
 *   0x00020000  64 KB buffer         0x10010000 .. 0x1001FFFF (16 small pages)
 *   0x00030000  stack page           0x100FF000
 */
import { Machine } from '../src/emulator/machine.ts';
import {
  BUF_SIZE, BUF_VA, CODE_VA, STACK_VA, endAddress, initialRegisters, workloadBytes, type Workload,
} from './workloads.ts';

const L1_PA = 0x4000;
const COARSE_PA = 0x8000;
const CODE_PA = 0x10000;
const BUF_PA = 0x20000;
const STACK_PA = 0x30000;
/** Small-page descriptor bits: AP3..AP0 = 11 (read/write for all), C and B set, type 10. */
const SMALL_RW = 0xff0 | 0xc | 0x2;

function word(m: Machine, pa: number, value: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value >>> 0, true);
  m.writePhys(pa, b);
}

/** Maps virtual page `va` to physical `pa` in the coarse table. */
function mapSmall(m: Machine, va: number, pa: number): void {
  word(m, COARSE_PA + ((va >>> 12) & 0xff) * 4, pa | SMALL_RW);
}

/**
 * A machine ready to run `w` for `iterations` iterations in USR mode with the MMU on. The code,
 * buffer and stack are mapped by small pages; domain 0 is a client domain.
 */
export function czemuMachine(w: Workload, iterations: number): Machine {
  const m = new Machine({ ramSize: 1 << 20, delivery: 'trap' });
  word(m, L1_PA + (CODE_VA >>> 20) * 4, COARSE_PA | (0 << 5) | 0x1);
  mapSmall(m, CODE_VA, CODE_PA);
  for (let off = 0; off < BUF_SIZE; off += 0x1000) mapSmall(m, BUF_VA + off, BUF_PA + off);
  mapSmall(m, STACK_VA, STACK_PA);
  m.writePhys(CODE_PA, workloadBytes(w));
  m.cp15.ttbr = L1_PA;
  m.cp15.dacr = 0x1;
  m.cp15.sctlr |= 1;
  m.mmu.flushTlb();
  m.cpu.enterUser(CODE_VA, STACK_VA + 0x1000);
  initialRegisters(iterations, BUF_VA).forEach((v, i) => { m.cpu.r[i] = v; });
  return m;
}

/**
 * Runs `w` for `iterations` iterations; returns the instructions executed and the seconds taken.
 * Throws if the loop does not end at its `swi 0` (a broken executor must not report a speed).
 */
export function runCzemu(w: Workload, iterations: number): { instructions: number; seconds: number } {
  const m = czemuMachine(w, iterations);
  const budget = iterations * w.perIteration + 16;
  const t0 = process.hrtime.bigint();
  const exit = m.run(budget);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (exit.kind !== 'swi' || exit.swiAddr !== endAddress(w, CODE_VA)) {
    throw new Error(`czemu ${w.name}: stopped with ${exit.kind} at 0x${exit.pc.toString(16)}`);
  }
  return { instructions: exit.executed, seconds };
}
