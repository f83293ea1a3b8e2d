import { createBareMetalMachine } from '../emulator/baremetal.ts';
import { MachineTarget } from '../emulator/debug/machine-target.ts';
import type { Machine } from '../emulator/machine.ts';
import { newWalkOut } from '../emulator/mmu/walk.ts';
import { combineHooks, type KernelHooks } from '../kernel/debug/hooks.ts';
import { SIGSTOP, KernelTarget } from '../kernel/debug/target.ts';
import { KernelTracer } from '../kernel/debug/tracer.ts';
import { BootError } from '../kernel/boot/boot.ts';
import type { RunOutcome } from '../kernel/kernel.ts';
import { bootSystem, EXIT_DEADLOCK, imageName, type BootedSystem } from './boot.ts';
import { EXIT_LIMIT, InputError, OutputBuffer, readInput, type CliIo } from './command.ts';
import { serveGdb } from './gdbserve.ts';
import type { ParsedArgs } from './options.ts';
import { disassemble, imageSymbols, kernelFormatter, TraceSink, traceCategories } from './trace.ts';

/**
 * The debugging paths of `czemu boot` and `czemu run`: --gdb PORT [--wait] serves gdb, --trace
 * LIST [--trace-file FILE] prints events. boot.ts and run.ts add DEBUG_OPTIONS to their tables
 * and hand over to bootDebugged / runDebugged when wantsDebug(args) (both in gdbserve.ts, which
 * does not import boot.ts, so the option tables load without an import cycle).
 */

/** The exit status and stderr lines for a kernel run's outcome, as `czemu boot` reports it. */
export function reportOutcome(outcome: RunOutcome, executed: number, io: CliIo): number {
  switch (outcome.kind) {
    case 'exit':
      return outcome.status & 0xff;
    case 'deadlock':
      io.stderr('czemu: deadlock: every remaining thread is blocked for good\n');
      for (const line of outcome.threads) io.stderr(`czemu:   ${line}\n`);
      return EXIT_DEADLOCK;
    default:
      io.stderr(`czemu: stopped after ${executed} instructions (--max-insns)\n`);
      return EXIT_LIMIT;
  }
}

/**
 * `czemu boot IMAGE... --gdb/--trace`: boots as bootAndRun does, with a KernelTarget and/or a
 * KernelTracer hooked in. Under gdb --max-insns does not apply.
 */
export async function bootDebugged(paths: readonly string[], args: ParsedArgs, io: CliIo, maxInsns: number,
  boot: (images: { name: string; bytes: Uint8Array }[], out: (b: number) => void) => BootedSystem = bootSystem,
): Promise<number> {
  const categories = traceCategories(args);
  const images = paths.map((p) => ({ name: imageName(p), bytes: readInput(io, p) }));
  const sink = categories === undefined ? undefined : new TraceSink(io, args.string('trace-file'));
  const out = new OutputBuffer(io);
  try {
    let sys: BootedSystem;
    try {
      sys = boot(images, out.put);
    } catch (e) {
      if (e instanceof BootError) throw new InputError(e.message);
      throw e;
    }
    const k = sys.kernel;
    const hooks: KernelHooks[] = [];
    if (sink !== undefined && categories !== undefined) {
      const fmt = kernelFormatter(images.map((i) => ({ name: i.name, symbols: imageSymbols(i.bytes) })), sink.line);
      hooks.push(new KernelTracer(k, categories, fmt));
    }
    const port = args.number('gdb');
    if (port === undefined) {
      k.hooks = combineHooks(hooks);
      const outcome = k.run(maxInsns, sys.tids[0]);
      out.flush();
      sink?.flush();
      return reportOutcome(outcome, k.executed, io);
    }
    const target = new KernelTarget(k, sys.tids[0]);
    k.hooks = combineHooks([target, ...hooks]);
    return await serveGdb(target, {
      port, wait: args.flag('wait'), log: (l) => io.stderr(`${l}\n`),
      exitStatus: () => target.exitStatus,
      unattendedStop: (stop) => (stop.signal === SIGSTOP ? EXIT_DEADLOCK : undefined),
      onSlice: () => {
        out.flush();
        sink?.flush();
      },
    });
  } finally {
    out.flush();
    sink?.close();
  }
}

/**
 * `czemu run IMAGE --gdb/--trace insn`: the bare-metal machine of runBareMetal with exceptions
 * entering the guest's vectors directly (no "no handler" check: a debugger shows where it went).
 */
export async function runDebugged(path: string, args: ParsedArgs, io: CliIo,
  opts: { ramSize: number; maxInsns: number | undefined }): Promise<number> {
  const categories = traceCategories(args, ['insn']);
  const elf = readInput(io, path);
  const out = new OutputBuffer(io);
  const sink = categories === undefined ? undefined : new TraceSink(io, args.string('trace-file'));
  try {
    const m = createBareMetalMachine(elf, { console: out.put, ramSize: opts.ramSize });
    m.cpu.delivery = 'vector';
    const port = args.number('gdb');
    if (port === undefined) return traceBareMetal(m, elf, sink!, io, path, opts.maxInsns, () => out.flush());
    const target = new MachineTarget(m);
    return await serveGdb(target, {
      port, wait: args.flag('wait'), log: (l) => io.stderr(`${l}\n`),
      exitStatus: () => target.exitStatus,
      onSlice: () => out.flush(),
    });
  } finally {
    out.flush();
    sink?.close();
  }
}

/** Runs `m` one instruction at a time, one trace line each: `0xPC <sym>: WORD  text`. */
function traceBareMetal(m: Machine, elf: Uint8Array, sink: TraceSink, io: CliIo, path: string,
  maxInsns: number | undefined, flush: () => void): number {
  const syms = imageSymbols(elf);
  const w = newWalkOut();
  const max = maxInsns ?? Number.POSITIVE_INFINITY;
  for (let n = 0; ; n++) {
    if (n >= max) {
      sink.flush();
      io.stderr(`czemu: ${path}: stopped after ${n} instructions (--max-insns)\n`);
      return EXIT_LIMIT;
    }
    const cpu = m.cpu;
    const pc = cpu.pc >>> 0;
    const thumb = cpu.t === 1;
    const pa = m.mmu.probe(pc, false, cpu.user, w);
    const sym = syms?.describe(pc);
    const head = `0x${pc.toString(16).padStart(8, '0')}${sym === undefined ? '' : ` <${sym}>`}:`;
    if (pa < 0 || !m.bus.isRam(pa)) sink.line(`${head} (no instruction here)`);
    else {
      const insn = thumb ? m.bus.read(pa & ~1, 2) : m.bus.read(pa & ~3, 4);
      const next = thumb && m.bus.isRam(pa + 2) ? m.bus.read((pa & ~1) + 2, 2) : 0;
      const word = (insn >>> 0).toString(16).padStart(thumb ? 4 : 8, '0');
      sink.line(`${head} ${word}  ${disassemble(thumb ? (insn | (next << 16)) >>> 0 : insn, pc, thumb, syms)}`);
    }
    const x = m.run(1);
    if ((n & 0xffff) === 0) {
      flush();
      sink.flush();
    }
    if (x.kind === 'halt') return x.status & 0xff;
  }
}
