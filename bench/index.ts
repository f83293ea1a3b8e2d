/**
 * `npm run bench`: guest MIPS of czemu (MMU on, USR mode, 4 KB pages) on an ALU loop and a
 * load/store loop, beside Unicorn 2 running the same bytes and, when installed, QEMU's system
 * emulator. Each figure is the best of three runs. `--quick` runs a short smoke version.
 */
import { runCzemu } from './czemu.ts';
import { qemuSkipReason, runQemu } from './qemu.ts';
import { runUnicorn, unicornSkipReason } from './unicorn.ts';
import { ALU, LDST, type Workload } from './workloads.ts';

interface Options {
  quick: boolean;
  repeats: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { quick: false, repeats: 3 };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench [-- --quick]\n');
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

/** Best MIPS of `repeats` runs. */
function best(run: Runner, w: Workload, iterations: number, repeats: number): number {
  let mips = 0;
  for (let i = 0; i < repeats; i++) {
    const r = run(w, iterations);
    mips = Math.max(mips, r.instructions / r.seconds / 1e6);
  }
  return mips;
}

const fmt = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(0));

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  // Iterations: czemu ~300M instructions (2-4 s at 100 MIPS), Unicorn and QEMU ten times more
  // so their timed part dwarfs the fixed costs.
  const czIters = opts.quick ? 2_000_000 : 30_000_000;
  const fastIters = opts.quick ? 20_000_000 : 300_000_000;
  const ucSkip = unicornSkipReason();
  const qemuSkip = qemuSkipReason();
  const rows: string[][] = [];
  for (const w of [ALU, LDST]) {
    const cz = best(runCzemu, w, czIters, opts.repeats);
    const uc = ucSkip === undefined ? best(runUnicorn, w, fastIters, opts.repeats) : undefined;
    let qm: number | undefined;
    if (qemuSkip === undefined) {
      const r = runQemu(w, fastIters, opts.repeats);
      qm = r.instructions / r.seconds / 1e6;
    }
    rows.push([w.description, fmt(cz), fmt(uc), uc === undefined ? '-' : (cz / uc).toFixed(2),
      fmt(qm), qm === undefined ? '-' : (cz / qm).toFixed(3)]);
  }
  const head = ['workload (MIPS, best of ' + opts.repeats + ')', 'czemu', 'unicorn', 'cz/uc', 'qemu', 'cz/qemu'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), widths.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)];
  out.push('');
  out.push('czemu: MMU on, USR mode, 4 KB small pages through real page tables; ' +
    `${czIters * 10 / 1e6}M instructions per run.`);
  out.push(ucSkip === undefined
    ? `unicorn: libunicorn2, ARM926 model, flat mapping (its MMU off), USR mode; ${fastIters * 10 / 1e6}M instructions per run.`
    : `unicorn: skipped (${ucSkip}).`);
  out.push(qemuSkip === undefined
    ? `qemu: qemu-system-arm -M versatilepb -cpu arm926, SVC mode, MMU off; ${fastIters * 10 / 1e6}M instructions, startup subtracted.`
    : `qemu: skipped (${qemuSkip}).`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
