/**
 * The kernel's hot paths in host time per operation, with guest code running on the machine
 * (`npm run bench -- --kernel`): a null system call (getid), an IPC round trip between two emulated
 * threads, each from images/bench. Every program is built with a small and a large iteration count;
 * the difference of the two boot-to-exit times divided by the difference of the counts cancels the
 * boot and exit costs. Targets (issue "L4 kernel"): getid <= 1 us, IPC round trip <= 2 us, a page
 * fault resolved by the hosted pager <= 5 us (images/bench/fault.c: a store to a fresh anonymous
 * page takes a read fault then a write fault, as under mm0; the figure is per fault).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bootSystem } from '../src/cli/boot.ts';

/** Iteration counts images/bench/Makefile builds each program with: [small, large]. */
const COUNTS: Record<string, [number, number]> = {
  getid: [1000, 101000],
  ipc: [1000, 101000],
  fault: [1000, 21000],
};

function image(name: string): { name: string; bytes: Uint8Array } {
  return { name, bytes: new Uint8Array(readFileSync(resolve(import.meta.dirname, '../images/bench', `${name}.elf`))) };
}

/** Seconds from boot to the end of `name`, and its instruction count; throws if it failed. */
function timeRun(name: string): { seconds: number; insns: number } {
  const t0 = process.hrtime.bigint();
  const sys = bootSystem([image(name)], () => {});
  const outcome = sys.kernel.run(4_000_000_000, sys.tids[0]!);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (outcome.kind !== 'exit' || outcome.status !== 0) {
    throw new Error(`bench: ${name} did not exit 0 (${JSON.stringify(outcome)})`);
  }
  return { seconds, insns: sys.kernel.executed };
}

/** Best-of-`repeats` microseconds per operation of program `prog`. */
function perOp(prog: string, repeats: number): { us: number; insnsPerOp: number } {
  let best = Infinity;
  let insnsPerOp = 0;
  for (let i = 0; i < repeats; i++) {
    const small = timeRun(`${prog}-small`);
    const large = timeRun(`${prog}-large`);
    const [lo, hi] = COUNTS[prog]!;
    best = Math.min(best, ((large.seconds - small.seconds) / (hi - lo)) * 1e6);
    insnsPerOp = (large.insns - small.insns) / (hi - lo);
  }
  return { us: best, insnsPerOp };
}

/** The table lines of the kernel benchmark. */
export function kernelBenchLines(repeats: number): string[] {
  const rows: [string, string, number][] = [
    ['null system call (getid)', 'getid', 1],
    ['IPC round trip, two emulated threads', 'ipc', 2],
    ['page fault resolved by the hosted pager', 'fault', 5],
  ];
  const lines = [`Kernel (host time per operation, best of ${repeats}; guest code on the machine):`];
  for (const [label, prog, target] of rows) {
    const r = perOp(prog, repeats);
    lines.push(`  ${label.padEnd(40)} ${r.us.toFixed(3).padStart(7)} us  (target <= ${target} us; ${r.insnsPerOp.toFixed(0)} guest instructions per op)`);
  }
  return lines;
}
