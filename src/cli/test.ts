import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InputError, type CliIo, type Command } from './command.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';
import { junitXml } from './test/junit.ts';
import { loadSuite } from './test/manifest.ts';
import { createExecutor } from './test/pool.ts';
import { Progress } from './test/progress.ts';
import { formatReport, formatTimes, runSuites } from './test/runner.ts';

/**
 * `czemu test [PATH...]`: runs image suites as regression tests. Each case runs twice (the runs
 * must agree byte for byte), is checked against its expectations and for leaks, and the run ends
 * with "N passed, N failed" on stdout. The work is in src/cli/test/; this is argument handling.
 */

/** Suites run when no PATH is given, relative to the current directory (the project root). */
export const DEFAULT_SUITES = ['images/cpu', 'images/user', 'images/posix'] as const;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'jobs', short: 'j', kind: 'count', metavar: 'N', help: 'run N cases at once in worker threads (default: the number of CPUs)' },
  { name: 'junit', kind: 'string', metavar: 'FILE', help: 'also write the results as JUnit XML to FILE' },
  { name: 'update', kind: 'flag', help: 'rewrite expected transcripts from the actual output (not for nondeterministic cases)' },
  { name: 'times', kind: 'flag', help: 'before the summary, list every case\'s run times, slowest first, and the wall time' },
];

export const testCommand: Command = {
  name: 'test',
  args: '[PATH...]',
  summary: 'run image suites: transcripts, exit statuses, determinism and leaks',
  description: [
    'Runs every case of the suite manifests at PATH (a manifest file, or a directory holding\n' +
    `manifest.json or suite.json; default: ${DEFAULT_SUITES.join(', ')}). Each case runs twice and both\n` +
    'runs must print the same transcript in the same number of instructions; then its exit status,\n' +
    'expected transcript and patterns are checked, and, for booted images, that the pager\'s\n' +
    'invariants hold and its frames, objects, shadows, tasks (and the rest of its counts) are back\n' +
    'to what they were before the boot tasks. See docs/testing.md for the manifest format.',
    'Progress goes to stderr; failures (with a unified diff of the transcript), --times and the\n' +
    'summary line "N passed, N failed", always last, go to stdout.',
    'Exit status: 0 when every case passed, 1 when any failed, 2 for bad input (a missing or\n' +
    'malformed manifest, a missing image, a bad option).',
  ],
  options: OPTIONS,
  run,
};

/** Runs the command: see the description above. */
async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const jobs = args.number('jobs') ?? availableParallelism();
  if (jobs < 1) throw new UsageError(`option '--jobs' must be at least 1, got ${jobs}`);
  const junit = args.string('junit');
  if (junit === '') throw new UsageError("option '--junit' needs a file name");
  const paths = args.positional.length > 0 ? args.positional : [...DEFAULT_SUITES];
  const suites = paths.map((p) => loadSuite(p, io));

  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const runnable = suites.reduce((n, s) => n + s.cases.filter((c) => c.skip === undefined).length, 0);
  const progress = new Progress((t) => io.stderr(t), io.stderrIsTty === true, total);
  // Two runs per case: never start more threads than there are runs to give them.
  const executor = createExecutor(Math.max(1, Math.min(jobs, 2 * runnable)));
  const start = performance.now();
  let report;
  try {
    report = await runSuites(suites, {
      executor, io, update: args.flag('update'),
      writeFile: (p, data) => write(p, data),
      onResult: (r) => progress.caseDone(r),
    });
  } finally {
    progress.finish();
    await executor.close();
  }
  if (args.flag('times')) io.stdout(formatTimes(report, { wallMs: performance.now() - start, threads: executor.threads }));
  io.stdout(formatReport(report));
  if (junit !== undefined) write(junit, junitXml(report));
  return report.failed > 0 ? 1 : 0;
}

/** Writes a file; a failure is bad input ("cannot write FILE: reason"), not a stack trace. */
function write(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new InputError(`cannot write ${path}: ${typeof code === 'string' ? code : (e as Error).message}`);
  }
}
