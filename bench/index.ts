/**
 * `npm run bench`: guest MIPS of czemu (MMU on, USR mode, 4 KB pages) on an ALU loop and a
 * load/store loop, beside Unicorn 2 running the same bytes and, when installed, QEMU's system
 * emulator. Each figure is the best of three runs. `--quick` runs a short smoke version. Then the
 * VFS's page throughput (bench/vfs.ts); `--vfs` runs only that.
 */
import { runCzemu } from './czemu.ts';
import { qemuSkipReason, runQemu } from './qemu.ts';
import { runUnicorn, unicornSkipReason } from './unicorn.ts';
import { kernelBenchLines } from './kernel.ts';
import { pagerBenchLines } from './pager.ts';
import { vfsBenchLines } from './vfs.ts';
import { ALU, LDST, THUMB, type Workload } from './workloads.ts';

interface Options {
  quick: boolean;
  repeats: number;
  vfsOnly: boolean;
  pagerOnly: boolean;
  kernelOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { quick: false, repeats: 3, vfsOnly: false, pagerOnly: false, kernelOnly: false };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a === '--vfs') opts.vfsOnly = true;
    else if (a === '--pager') opts.pagerOnly = true;
    else if (a === '--kernel') opts.kernelOnly = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench [-- --quick] [--kernel] [--vfs] [--pager]\n');
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  if (opts.quick) opts.repeats = 1;
  return opts;
}

type Runner = (w: Workload, iterations: number) => { instructions: number; seconds: number };

/** A measurement: best MIPS and the instructions of each timed run. */
interface Figure {
  mips: number;
  instructions: number;
}

/**
 * Iterations that make one run of `w` take about `target` seconds: doubles a short run until it
 * lasts 0.1 s (which also warms the JIT), then scales.
 */
function calibrate(run: Runner, w: Workload, target: number): number {
  let n = 50_000;
  for (;;) {
    const r = run(w, n);
    if (r.seconds >= 0.1 || n >= 1e9) return Math.max(1, Math.round((n * target) / r.seconds));
    n *= 2;
  }
}

/** Best MIPS of `repeats` runs of about `target` seconds each. */
function best(run: Runner, w: Workload, target: number, repeats: number): Figure {
  const n = Math.min(calibrate(run, w, target), 0x7fffffff);
  let mips = 0;
  let instructions = 0;
  for (let i = 0; i < repeats; i++) {
    const r = run(w, n);
    instructions = r.instructions;
    mips = Math.max(mips, r.instructions / r.seconds / 1e6);
  }
  return { mips, instructions };
}

/** QEMU figure: a probe run estimates its speed, then the timed run aims at `target` seconds. */
function bestQemu(w: Workload, target: number, repeats: number): Figure {
  // The probe must outlast QEMU's startup jitter (~10 ms) by far; the cap keeps a bad probe from
  // asking for minutes of emulation.
  const probe = runQemu(w, 40_000_000, 1);
  const mips = probe.instructions / probe.seconds / 1e6;
  const n = Math.min(Math.max(Math.round((mips * 1e6 * target) / w.perIteration), 1_000_000), 800_000_000);
  const r = runQemu(w, n, repeats);
  return { mips: r.instructions / r.seconds / 1e6, instructions: r.instructions };
}

const fmt = (x: Figure | undefined): string => (x === undefined ? '-' : x.mips.toFixed(0));
const ratio = (a: Figure, b: Figure | undefined, digits: number): string =>
  b === undefined ? '-' : (a.mips / b.mips).toFixed(digits);
const millions = (f: Figure | undefined): string =>
  f === undefined ? '' : `${(f.instructions / 1e6).toFixed(0)}M`;

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.kernelOnly) {
    process.stdout.write(`${kernelBenchLines(opts.repeats).join('\n')}\n`);
    return;
  }
  if (opts.pagerOnly) {
    process.stdout.write(`${pagerBenchLines(opts.repeats).join('\n')}\n`);
    return;
  }
  if (opts.vfsOnly) {
    process.stdout.write(`${vfsBenchLines(opts.repeats).join('\n')}\n`);
    return;
  }
  // Each timed run lasts about this long (czemu 2-4 s at its target speed; others alike).
  const target = opts.quick ? 0.3 : 2.5;
  const ucSkip = unicornSkipReason();
  const qemuSkip = qemuSkipReason();
  const rows: string[][] = [];
  const sizes: string[] = [];
  for (const w of [ALU, LDST, THUMB]) {
    const cz = best(runCzemu, w, target, opts.repeats);
    const others = w.thumb !== true;
    const uc = others && ucSkip === undefined ? best(runUnicorn, w, target, opts.repeats) : undefined;
    const qm = others && qemuSkip === undefined ? bestQemu(w, target, opts.repeats) : undefined;
    rows.push([w.description, fmt(cz), fmt(uc), ratio(cz, uc, 2), fmt(qm), ratio(cz, qm, 3)]);
    sizes.push(`${w.name}: czemu ${millions(cz)}, unicorn ${millions(uc) || '-'}, qemu ${millions(qm) || '-'} instructions per run`);
  }
  const head = [`workload (MIPS, best of ${opts.repeats})`, 'czemu', 'unicorn', 'cz/uc', 'qemu', 'cz/qemu'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), widths.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line), ''];
  out.push('czemu:   MMU on, USR mode, 4 KB small pages through real page tables in guest RAM.');
  out.push(ucSkip === undefined
    ? 'unicorn: libunicorn2, ARM926 model, same bytes, flat mapping (its MMU off), USR mode.'
    : `unicorn: skipped (${ucSkip}).`);
  out.push(qemuSkip === undefined
    ? 'qemu:    qemu-system-arm -M versatilepb -cpu arm926, same loop, SVC mode, MMU off; startup subtracted.'
    : `qemu:    skipped (${qemuSkip}).`);
  out.push(...sizes);
  out.push('', ...kernelBenchLines(opts.repeats));
  out.push('', ...vfsBenchLines(opts.repeats));
  out.push('', ...pagerBenchLines(opts.repeats));
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
