/**
 * The differential test loop shared by the ARM and Thumb suites: generate, run on both engines,
 * collect failures with everything needed to reproduce them.
 */
import type { Sequence } from './layout.ts';
import { Rng, sequenceSeed } from './rng.ts';
import { describeState, diffSequence, disassemble, newCzemu, prepareUnicorn, randomState } from './runner.ts';
import { Unicorn, unicornAvailable, unicornUnavailable } from './unicorn.ts';

/** Base seed of the run (CZEMU_DIFF_SEED, default fixed so `npm test` is deterministic). */
export const DIFF_SEED = Number(process.env['CZEMU_DIFF_SEED'] ?? 0xc0de2008) >>> 0;

/** Sequences per suite: CZEMU_DIFF_ITERS, else `fallback`. */
export function diffIterations(fallback: number): number {
  const v = Number(process.env['CZEMU_DIFF_ITERS'] ?? fallback);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

/** Reason to skip the differential suites, or undefined when Unicorn is usable. */
export function skipReason(): string | undefined {
  return unicornAvailable() ? undefined : unicornUnavailable;
}

/**
 * Runs `iterations` sequences from `generate` (each seeded by sequenceSeed(DIFF_SEED ^ salt, i))
 * and returns up to `maxReports` formatted failures plus the failure count.
 */
export function runDiff(
  salt: number, iterations: number, generate: (rng: Rng) => Sequence, maxReports = 3,
): { failures: number; reports: string[] } {
  const uc = new Unicorn();
  prepareUnicorn(uc);
  const m = newCzemu();
  const reports: string[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < iterations; i++) {
      const seed = sequenceSeed((DIFF_SEED ^ salt) >>> 0, i);
      const rng = new Rng(seed);
      const seq = generate(rng);
      const state = randomState(rng, seq.thumb);
      const diffs = diffSequence(m, uc, seq, state);
      if (diffs.length === 0) continue;
      failures++;
      if (reports.length < maxReports) {
        reports.push([
          `--- sequence ${i} (CZEMU_DIFF_SEED=0x${DIFF_SEED.toString(16)}, sequence seed 0x${seed.toString(16)}) ---`,
          disassemble(seq), 'initial state:', describeState(state), 'differences:', ...diffs,
        ].join('\n'));
      }
    }
  } finally {
    uc.close();
  }
  return { failures, reports };
}
