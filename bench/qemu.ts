/**
 * QEMU side of the benchmark (only when qemu-system-arm and the cross binutils are installed):
 * a bare-metal ELF holding the same loop words, started by `qemu-system-arm -M versatilepb -cpu
 * arm926` in SVC mode with the MMU off, that exits through semihosting SYS_EXIT. QEMU's startup
 * cost is removed by subtracting the time of a one-iteration run from an N-iteration run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialRegisters, type Workload } from './workloads.ts';

const LOAD_ADDR = 0x10000;
const BUF_PA = 0x100000;

function have(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** Why QEMU cannot be benchmarked, or undefined when it can. */
export function qemuSkipReason(): string | undefined {
  if (!have('qemu-system-arm', ['--version'])) return 'qemu-system-arm not installed';
  if (!have('arm-none-eabi-as', ['--version']) || !have('arm-none-eabi-ld', ['--version'])) {
    return 'arm-none-eabi binutils not installed';
  }
  return undefined;
}

/** Builds the ELF for `w` with `iterations` baked in; returns its path inside `dir`. */
function buildElf(dir: string, w: Workload, iterations: number): string {
  const regs = initialRegisters(iterations, BUF_PA);
  const src = [
    '.syntax unified', '.arm', '.global _start', '_start:',
    ...regs.map((v, i) => `  ldr r${i}, =0x${(v >>> 0).toString(16)}`),
    // The loop itself, word for word, without its final `swi 0`:
    ...w.words.slice(0, -1).map((x) => `  .word 0x${x.toString(16)}`),
    '  mov r0, #0x18', '  ldr r1, =0x20026', '  svc 0x123456', '1: b 1b', '.ltorg', '',
  ].join('\n');
  const s = join(dir, `${w.name}-${iterations}.s`);
  const o = s.replace(/\.s$/, '.o');
  const elf = s.replace(/\.s$/, '.elf');
  writeFileSync(s, src);
  execFileSync('arm-none-eabi-as', ['-march=armv5te', '-o', o, s]);
  execFileSync('arm-none-eabi-ld', [`-Ttext=0x${LOAD_ADDR.toString(16)}`, '-e', '_start', '-o', elf, o]);
  return elf;
}

function timeQemu(elf: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('qemu-system-arm', [
    '-M', 'versatilepb', '-cpu', 'arm926', '-nographic', '-monitor', 'none', '-serial', 'null',
    '-semihosting', '-kernel', elf,
  ], { stdio: 'ignore', timeout: 120_000 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`qemu-system-arm exited with ${r.status ?? r.signal}`);
  return seconds;
}

/**
 * Times `iterations` iterations of `w` under QEMU, best of `repeats`, startup subtracted. Returns
 * the instructions of the timed part and the net seconds.
 */
export function runQemu(w: Workload, iterations: number, repeats: number): { instructions: number; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'czemu-bench-'));
  try {
    const full = buildElf(dir, w, iterations);
    const base = buildElf(dir, w, 1);
    let bestFull = Infinity;
    let bestBase = Infinity;
    for (let i = 0; i < repeats; i++) {
      bestBase = Math.min(bestBase, timeQemu(base));
      bestFull = Math.min(bestFull, timeQemu(full));
    }
    return { instructions: (iterations - 1) * w.perIteration, seconds: Math.max(bestFull - bestBase, 1e-6) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
