import { readInput, type CliIo } from '../command.ts';
import { judge, skipped, type CaseResult } from './check.ts';
import type { RunJob } from './execute.ts';
import type { Suite, TestCase } from './manifest.ts';
import type { Executor } from './pool.ts';

/**
 * Runs suites: every case twice through an executor (in parallel as far as it allows), judged as
 * its two runs come back, reported in manifest order so the output is the same whatever order the
 * workers finish in.
 */

export interface RunnerOptions {
  readonly executor: Executor;
  /** Reads images and expected transcripts (through the CLI's io, so tests can fake files). */
  readonly io: CliIo;
  /** --update: rewrite expected transcripts from the actual output. */
  readonly update: boolean;
  /** Writes a rebaselined transcript; required with `update`. */
  readonly writeFile?: (path: string, data: Uint8Array) => void;
  /** Called as each case finishes (progress). */
  readonly onResult?: (r: CaseResult) => void;
}

export interface SuiteReport {
  readonly suite: Suite;
  readonly results: readonly CaseResult[];
}

export interface Report {
  readonly suites: readonly SuiteReport[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Expected transcripts rewritten under --update, in manifest order. */
  readonly updated: readonly string[];
}

/**
 * Runs every case of `suites`. Reads every image first, so a missing image is bad input
 * (InputError, nothing run) rather than a failure found halfway. Resolves once every case is
 * judged; never rejects for a failing case.
 */
export async function runSuites(suites: readonly Suite[], opts: RunnerOptions): Promise<Report> {
  const images = new Map<string, Uint8Array>();
  for (const s of suites) {
    for (const c of s.cases) {
      if (c.skip !== undefined) continue;
      for (const p of c.images) if (!images.has(p)) images.set(p, readInput(opts.io, p));
    }
  }
  const reports = await Promise.all(suites.map(async (suite): Promise<SuiteReport> => {
    const results = await Promise.all(suite.cases.map((c) => runCase(c, images, opts)));
    return { suite, results };
  }));
  const all = reports.flatMap((r) => r.results);
  const updated: string[] = [];
  for (const r of all) {
    if (r.rebaseline !== undefined && r.case.expected !== undefined) updated.push(r.case.expected);
  }
  return {
    suites: reports,
    passed: all.filter((r) => r.verdict === 'pass').length,
    failed: all.filter((r) => r.verdict === 'fail').length,
    skipped: all.filter((r) => r.verdict === 'skip').length,
    updated,
  };
}

/** Runs `tc` twice, judges it, writes its rebaseline if any, and reports it. */
async function runCase(tc: TestCase, images: ReadonlyMap<string, Uint8Array>, opts: RunnerOptions): Promise<CaseResult> {
  let result: CaseResult;
  if (tc.skip !== undefined) {
    result = skipped(tc);
  } else {
    const job: RunJob = {
      kind: tc.kind,
      // mm0 names a task after its image file, without directory or extension.
      images: tc.images.map((p) => ({ name: taskName(p), bytes: images.get(p)! })),
      maxInsns: tc.maxInsns,
      ...(tc.ramSize !== undefined ? { ramSize: tc.ramSize } : {}),
    };
    const [a, b] = await Promise.all([opts.executor.run(job), opts.executor.run(job)]);
    const expected = tc.expected === undefined ? undefined : readIfPresent(opts.io, tc.expected);
    result = judge(tc, a, b, expected, opts.update);
    if (result.rebaseline !== undefined && tc.expected !== undefined) {
      if (opts.writeFile === undefined) throw new Error('runSuites: update without writeFile');
      opts.writeFile(tc.expected, result.rebaseline);
    }
  }
  opts.onResult?.(result);
  return result;
}

/** The file's bytes, or undefined when it does not exist (a new case awaiting --update). */
function readIfPresent(io: CliIo, path: string): Uint8Array | undefined {
  try {
    return io.readFile(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    return readInput(io, path); // rethrows other errors as one-line InputErrors
  }
}

/** "images/user/hello.elf" -> "hello", as `czemu boot` names tasks. */
export function taskName(path: string): string {
  const base = path.split('/').pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The last line of every run: exactly "N passed, N failed", plus ", N skipped" when any were. */
export function summaryLine(r: Pick<Report, 'passed' | 'failed' | 'skipped'>): string {
  return `${r.passed} passed, ${r.failed} failed${r.skipped > 0 ? `, ${r.skipped} skipped` : ''}`;
}

/**
 * What `czemu test` prints on stdout: each failure in manifest order (a FAIL line, one indented
 * line per reason, the diffs), the rebaselined files, then the summary line.
 */
export function formatReport(r: Report): string {
  const out: string[] = [];
  for (const s of r.suites) {
    for (const c of s.results) {
      if (c.verdict !== 'fail') continue;
      out.push(`FAIL ${c.case.id}`);
      for (const why of c.reasons) out.push(`  ${why}`);
      if (c.diff !== '') out.push(c.diff.replace(/\n$/, ''));
    }
  }
  for (const p of r.updated) out.push(`updated ${p}`);
  out.push(summaryLine(r));
  return `${out.join('\n')}\n`;
}

/** How long a whole run took, for `--times`. */
export interface RunTiming {
  /** Wall milliseconds from the first run submitted to the last judged. */
  readonly wallMs: number;
  /** Worker threads used; 0 when runs happened in the calling thread. */
  readonly threads: number;
}

/**
 * The `--times` table: one line per case that ran, slowest (both runs together) first, with each
 * run's seconds and the instructions one run executed, then one line of totals. Printed before the failures, so the
 * summary line stays last:
 *
 *   times (run 1, run 2, guest instructions), slowest first:
 *     1.771 s   1.770 s   173500000  user/fuzz
 *   60 runs of 30 cases: 15.482 s of runs in 7.934 s wall on 2 worker threads
 */
export function formatTimes(r: Report, t: RunTiming): string {
  const ran = r.suites.flatMap((s) => s.results).filter((c) => c.runMs !== undefined);
  ran.sort((x, y) => y.ms - x.ms || x.case.id.localeCompare(y.case.id));
  const sec = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
  const out = ['times (run 1, run 2, guest instructions), slowest first:'];
  for (const c of ran) {
    const [m1, m2] = c.runMs!;
    const insns = c.executed === undefined ? '-' : String(c.executed);
    out.push(`  ${sec(m1).padStart(9)} ${sec(m2).padStart(9)} ${insns.padStart(11)}  ${c.case.id}`);
  }
  const busy = ran.reduce((n, c) => n + c.ms, 0);
  const where = t.threads === 0 ? 'in the calling thread' : `on ${t.threads} worker thread${t.threads === 1 ? '' : 's'}`;
  out.push(`${2 * ran.length} runs of ${ran.length} cases: ${sec(busy)} of runs in ${sec(t.wallMs)} wall ${where}`);
  return `${out.join('\n')}\n`;
}
