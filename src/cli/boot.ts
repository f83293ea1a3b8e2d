import { ElfError, parseElf, PF_W } from '../emulator/loader/elf.ts';
import { BootError, loadBootImages, setupFixedMappings, type BootImage } from '../kernel/boot/boot.ts';
import { Kernel, type RunOutcome } from '../kernel/kernel.ts';
import { makePort } from '../kernel/port.ts';
import { DEFAULT_MAX_TASKS, Pager, type PagerCounters } from '../pager/server.ts';
import { VfsPagerPort } from '../vfs/pager-port.ts';
import { checkSaveTarget, exportTree, importTree, RootfsError } from '../vfs/rootfs.ts';
import { Fs0Server } from '../vfs/server.ts';
import { Vfs } from '../vfs/vfs.ts';
import {
  EXIT_LIMIT, InputError, OutputBuffer, readInput, type CliIo, type Command,
} from './command.ts';
import { bootDebugged } from './debugrun.ts';
import { DEBUG_OPTIONS, wantsDebug } from './gdbserve.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';

/**
 * `czemu boot IMAGE...`: boots Codezero user programs on czemu's kernel, the hosted pager (tid 0)
 * and VFS (tid 1); each IMAGE becomes a task from tid 2, as mm0 started its boot tasks.
 */

/** Default instruction limit: far beyond any test image, short of running forever. */
export const DEFAULT_MAX_INSNS = 2_000_000_000;
/** Exit status when every remaining thread is blocked for good. */
export const EXIT_DEADLOCK = 3;

/** A booted system ready to run. */
export interface BootedSystem {
  kernel: Kernel;
  pager: Pager;
  /** fs0's state: the tree (vfs.fs) that --save-rootfs writes out after the run. */
  vfs: Vfs;
  tids: number[];
  /**
   * The pager's counters just before the boot tasks were started: what every count must be back
   * to once every task is gone (the leak check of `czemu test`).
   */
  baseline: PagerCounters;
}

/** How the VFS starts: a host tree to copy in (--rootfs) and memfs limits. */
export interface VfsBootOptions {
  rootfs?: string;
  maxFileSize?: number;
  /** The pager's task limit (--max-tasks): fork and clone beyond it get -EAGAIN. */
  maxTasks?: number;
}

/**
 * Builds the system from ELF files: kernel, fixed mappings, images loaded, services at tids 0
 * and 1, boot tasks created and runnable. Throws ElfError (not ELF) or BootError (segments outside
 * the user area, too big) for bad images. `out` receives the console (UART and kernel lines).
 */
export function bootSystem(images: readonly { name: string; bytes: Uint8Array }[], out: (b: number) => void,
  vfsOptions: VfsBootOptions = {}): BootedSystem {
  const boot: BootImage[] = images.map(({ name, bytes }) => {
    let elf;
    try {
      elf = parseElf(bytes);
    } catch (e) {
      if (e instanceof ElfError) throw new ElfError(`${name}: ${e.message}`);
      throw e;
    }
    return {
      name,
      entry: elf.entry,
      segments: elf.segments.map((s) => ({
        vaddr: s.vaddr >>> 0, data: s.data, memsz: s.memsz, writable: (s.flags & PF_W) !== 0,
      })),
    };
  });
  const kernel = new Kernel({ out });
  setupFixedMappings(kernel);
  loadBootImages(kernel, boot);
  // fs0 first: the pager gets its VfsForPager (the typed pager<->fs0 protocol) at construction.
  const vfs = new Vfs(vfsOptions.maxFileSize === undefined ? {} : { maxFileSize: vfsOptions.maxFileSize });
  if (vfsOptions.rootfs !== undefined) importTree(vfs.fs, vfsOptions.rootfs);
  const vfsPort = new VfsPagerPort(vfs, makePort(kernel, 1));
  kernel.addService(new Fs0Server(makePort(kernel, 1), vfs));
  // The pager tells fs0 its boot tasks itself (vfsPort.addTask, in place of TASKDATA).
  const pager = new Pager(makePort(kernel, 0), {
    vfs: vfsPort, maxTasks: vfsOptions.maxTasks ?? DEFAULT_MAX_TASKS,
  });
  kernel.addService(pager);
  const baseline = pager.counters();
  const tids = pager.startBootTasks();
  return { kernel, pager, vfs, tids, baseline };
}

/** The task name of an image path: its file name without directory or extension (mm0's rule). */
export function imageName(path: string): string {
  const base = path.split('/').pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Boots `paths` read through `io` and runs to the end: the outcome, the instruction count and the
 * VFS (whose tree --save-rootfs writes). Throws RootfsError for a bad --rootfs tree.
 */
export function bootAndRun(paths: readonly string[], io: CliIo, out: (b: number) => void,
  maxInsns: number, vfsOptions: VfsBootOptions = {}): { outcome: RunOutcome; executed: number; vfs: Vfs } {
  const images = paths.map((p) => ({ name: imageName(p), bytes: readInput(io, p) }));
  const sys = bootSystem(images, out, vfsOptions);
  const outcome = sys.kernel.run(maxInsns, sys.tids[0]);
  return { outcome, executed: sys.kernel.executed, vfs: sys.vfs };
}

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'max-insns', kind: 'count', metavar: 'N',
    help: `stop after N instructions with status ${EXIT_LIMIT} (k, M, G: 10^3, 10^6, 10^9)`,
  },
  {
    name: 'rootfs', kind: 'string', metavar: 'DIR',
    help: 'copy the host tree DIR into the VFS at boot (DIR is only read); default: an empty root',
  },
  {
    name: 'save-rootfs', kind: 'string', metavar: 'DIR',
    help: 'after the run, write the VFS tree to DIR, which must not exist yet or be empty',
  },
  {
    name: 'max-file-size', kind: 'size', metavar: 'BYTES',
    help: 'largest file the VFS holds (K, M, G: 2^10, 2^20, 2^30; default 64M)',
  },
  {
    name: 'max-tasks', kind: 'count', metavar: 'N',
    help: `most tasks (threads) the pager keeps at once; fork and clone beyond it fail with EAGAIN (default ${DEFAULT_MAX_TASKS})`,
  },
  ...DEBUG_OPTIONS,
];

export const bootCommand: Command = {
  name: 'boot',
  args: 'IMAGE...',
  summary: 'boot Codezero user programs on the L4 kernel with the hosted pager and VFS',
  description: [
    'Starts the kernel with the pager (mm0) at tid 0 and the VFS (fs0) at tid 1, then each IMAGE\n' +
    'as a task from tid 2 (entry at the ELF entry, sp 0x1FFFEFF8, user mode). UART output and\n' +
    'kernel messages go to stdout.',
    'Exit status: the first image\'s exit status once every task is gone (128 + signal for a task\n' +
    `the kernel killed), ${EXIT_DEADLOCK} when every remaining thread is blocked for good, ${EXIT_LIMIT} when\n` +
    '--max-insns stops it, 2 for an image that is not ELF or does not fit the user area, or a\n' +
    '--rootfs or --save-rootfs directory that cannot be used.',
    'The VFS starts with an empty root, or a copy of --rootfs DIR; --save-rootfs writes the tree as\n' +
    'it is at the end of the run (after any exit) to a new directory.',
  ],
  options: OPTIONS,
  run,
};

/** The VFS options of `args`; UsageError for a --max-file-size that is 0 or over 1 GB. */
function vfsBootOptions(args: ParsedArgs): VfsBootOptions {
  const opts: VfsBootOptions = {};
  const rootfs = args.string('rootfs');
  if (rootfs !== undefined) opts.rootfs = rootfs;
  const max = args.number('max-file-size');
  if (max !== undefined) {
    if (max < 4096 || max > 2 ** 30) {
      throw new UsageError(`option '--max-file-size' must be between 4K and 1G, got ${max}`);
    }
    opts.maxFileSize = max;
  }
  const tasks = args.number('max-tasks');
  if (tasks !== undefined) {
    if (tasks < 1 || tasks > 1000) throw new UsageError(`option '--max-tasks' must be between 1 and 1000, got ${tasks}`);
    opts.maxTasks = tasks;
  }
  return opts;
}

/** Runs the command: see the description above. */
async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = args.positional;
  if (paths.length === 0) throw new UsageError("boot: missing IMAGE (see 'czemu boot --help')");
  const maxInsns = args.number('max-insns') ?? DEFAULT_MAX_INSNS;
  if (maxInsns < 1) throw new UsageError(`option '--max-insns' must be at least 1, got ${maxInsns}`);
  const vfsOptions = vfsBootOptions(args);
  if (wantsDebug(args)) return bootDebugged(paths, args, io, maxInsns, (imgs, o) => bootSystem(imgs, o, vfsOptions));
  const saveTo = args.string('save-rootfs');
  const out = new OutputBuffer(io);
  let result;
  try {
    // A bad target is found before the run, not after minutes of it.
    if (saveTo !== undefined) checkSaveTarget(saveTo);
    result = bootAndRun(paths, io, out.put, maxInsns, vfsOptions);
  } catch (e) {
    out.flush();
    if (e instanceof BootError) throw new InputError(e.message);
    if (e instanceof ElfError) throw new InputError(e.message);
    if (e instanceof RootfsError) throw new InputError(e.message);
    throw e;
  }
  out.flush();
  if (saveTo !== undefined) {
    try {
      exportTree(result.vfs.fs, saveTo);
    } catch (e) {
      if (e instanceof RootfsError) throw new InputError(e.message);
      throw e;
    }
  }
  const { outcome, executed } = result;
  switch (outcome.kind) {
    case 'exit':
      return outcome.status & 0xff;
    case 'limit':
    case 'stopped':
      io.stderr(`czemu: stopped after ${executed} instructions (--max-insns)\n`);
      return EXIT_LIMIT;
    case 'deadlock':
      io.stderr(`czemu: deadlock: every remaining thread is blocked for good\n`);
      for (const line of outcome.threads) io.stderr(`czemu:   ${line}\n`);
      return EXIT_DEADLOCK;
  }
}

