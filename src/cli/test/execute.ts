import { runBareMetal } from '../../emulator/baremetal.ts';
import { EXIT_FAULT, EXIT_LIMIT } from '../command.ts';
import type { CaseKind } from './manifest.ts';

/**
 * One run of one case, the unit a worker thread executes: the images' bytes go in, the console
 * transcript, the exit status the czemu command would give, the instruction count and (for kinds
 * that count them) resource counts come out. Everything here is plain data so it crosses a
 * worker boundary by structured clone.
 */

/** Resource counts by name (frames, tasks, threads, ...), as a kind reports them. */
export type ResourceCounts = Record<string, number>;

export interface RunJob {
  readonly kind: CaseKind;
  readonly images: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly maxInsns: number;
  readonly ramSize?: number;
}

export interface RunRecord {
  /** Console bytes: UART and semihosting (run), UART and kernel lines (boot). */
  readonly transcript: Uint8Array;
  /** As `czemu run`/`czemu boot` would exit: the guest's status, 124 budget, 125 fault, 3 deadlock. */
  readonly status: number;
  /** How the run ended, for humans ("exit 0", "stopped after N instructions", ...). */
  readonly outcome: string;
  /** True when every task is gone (a clean end, after which leak counts mean something). */
  readonly clean: boolean;
  readonly executed: number;
  /**
   * Counts before the boot tasks existed (the baseline a clean end must come back to) and at the
   * end; absent for bare metal.
   */
  readonly resources?: { readonly before: ResourceCounts; readonly after: ResourceCounts };
  /** Violations of the system's integrity invariants at the end (boot: the pager's); [] or absent when they hold. */
  readonly integrity?: readonly string[];
  /** A host-side failure (malformed image, boot error, kernel bug): the run did not happen. */
  readonly error?: string;
  /** Host milliseconds the run took. */
  readonly ms: number;
}

/**
 * What the boot kind needs from the kernel, behind an interface so the runner does not depend on
 * the kernel's shape: boot the images, then run to the end. `loadBootRunner` adapts `czemu boot`'s
 * library functions to it.
 */
export interface BootRunner {
  boot(images: RunJob['images'], out: (b: number) => void): BootedRun;
}

export interface BootedRun {
  /** The counts before the boot tasks were started: what they must be back to at a clean end. */
  readonly baseline: ResourceCounts;
  /** The counts now. */
  resources(): ResourceCounts;
  /** Violations of the pager's integrity invariants now (mm0's SYNC check); [] when they hold. */
  integrity(): string[];
  /** Runs to the end; status as `czemu boot` exits, clean when every task is gone. */
  run(maxInsns: number): { status: number; outcome: string; clean: boolean; executed: number };
}

/** Exit status of `czemu boot` when every remaining thread is blocked for good. */
const EXIT_DEADLOCK = 3;

let bootRunner: Promise<BootRunner | string> | undefined;

/**
 * The boot kind's runner, loaded on first use (bare-metal suites never load the kernel); a string
 * saying why when the kernel does not provide what it needs.
 */
export function loadBootRunner(): Promise<BootRunner | string> {
  bootRunner ??= Promise.all([import('../boot.ts'), import('../../pager/integrity.ts')]).then(
    ([m, integrity]): BootRunner | string => {
      if (typeof m.bootSystem !== 'function') return 'boot kind not available: src/cli/boot.ts has no bootSystem';
      return {
        boot(images, out) {
          const sys = m.bootSystem(images.map((i) => ({ name: i.name, bytes: i.bytes })), out);
          // Every pager counter (frames, objects, shadows, files, segments, tasks, utcbs) and the
          // kernel's user threads; before the boot tasks there were no user threads.
          const counts = (): ResourceCounts => ({
            ...sys.pager.counters(),
            threads: [...sys.kernel.threads.keys()].filter((tid) => !sys.kernel.services.has(tid)).length,
          });
          return {
            baseline: { ...sys.baseline, threads: 0 },
            resources: counts,
            integrity: () => integrity.checkIntegrity(sys.pager.ctx, sys.pager.tasks),
            run(maxInsns) {
              const o = sys.kernel.run(maxInsns, sys.tids[0]);
              const executed = sys.kernel.executed;
              switch (o.kind) {
                case 'exit':
                  return { status: o.status & 0xff, outcome: `exit status ${o.status}`, clean: true, executed };
                case 'limit':
                  return { status: EXIT_LIMIT, outcome: `stopped after ${executed} instructions (maxInsns)`, clean: false, executed };
                case 'deadlock':
                  return {
                    status: EXIT_DEADLOCK, clean: false, executed,
                    outcome: `deadlock: every remaining thread is blocked for good (${o.threads.join('; ')})`,
                  };
                default:
                  // An outcome this runner does not know (the kernel grows them, e.g. debugger
                  // stops): a failure that names it, never a silent pass.
                  return { status: -1, outcome: `run ended as '${(o as { kind: string }).kind}'`, clean: false, executed };
              }
            },
          };
        },
      };
    },
    (e: unknown) => `boot kind not available: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]!}`,
  );
  return bootRunner;
}

/**
 * Runs `job` once. Never throws: a malformed image, an unavailable kind or a host error inside
 * the emulator or kernel comes back as `error`, so one broken case cannot stop a suite.
 */
export async function executeRun(job: RunJob): Promise<RunRecord> {
  const start = performance.now();
  const bytes: number[] = [];
  const out = (b: number): void => {
    bytes.push(b);
  };
  const done = (r: Omit<RunRecord, 'transcript' | 'ms'>): RunRecord =>
    ({ ...r, transcript: Uint8Array.from(bytes), ms: performance.now() - start });
  try {
    if (job.kind === 'run') {
      const r = runBareMetal(job.images[0]!.bytes, {
        console: out, maxInsns: job.maxInsns, ...(job.ramSize !== undefined ? { ramSize: job.ramSize } : {}),
      });
      switch (r.kind) {
        case 'exit':
          return done({ status: r.status & 0xff, outcome: `exit status ${r.status}`, clean: true, executed: r.executed });
        case 'max-insns':
          return done({
            status: EXIT_LIMIT, outcome: `stopped after ${r.executed} instructions (maxInsns)`, clean: false, executed: r.executed,
          });
        case 'fault':
          return done({ status: EXIT_FAULT, outcome: r.message, clean: false, executed: r.executed });
      }
    }
    const runner = await loadBootRunner();
    if (typeof runner === 'string') return done({ status: -1, outcome: runner, clean: false, executed: 0, error: runner });
    const booted = runner.boot(job.images, out);
    const r = booted.run(job.maxInsns);
    return done({ ...r, resources: { before: booted.baseline, after: booted.resources() }, integrity: booted.integrity() });
  } catch (e) {
    // One line: a multi-line message (a PagerIntegrityError lists its violations on indented
    // lines) is joined, so the report keeps every violation.
    const [head, ...rest] = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const msg = `${head ?? 'error'}${rest.length > 0 ? ` ${rest.join('; ')}` : ''}`;
    return done({ status: -1, outcome: msg, clean: false, executed: 0, error: msg });
  }
}
