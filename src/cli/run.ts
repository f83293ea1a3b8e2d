import { DEFAULT_RAM_SIZE, runBareMetal } from '../emulator/baremetal.ts';
import { ElfError } from '../emulator/loader/elf.ts';
import {
  EXIT_FAULT, EXIT_LIMIT, InputError, OutputBuffer, readInput, type CliIo, type Command,
} from './command.ts';
import { runDebugged } from './debugrun.ts';
import { DEBUG_OPTIONS, wantsDebug } from './gdbserve.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';

/**
 * `czemu run IMAGE`: a bare-metal ELF on the Versatile PB-shaped machine with semihosting, as
 * `qemu-system-arm -M versatilepb -cpu arm926 -semihosting -kernel IMAGE` runs it.
 */

/** Largest RAM: the Versatile PB's peripherals start at 0x10000000. */
const MAX_RAM = 256 * 1024 * 1024;

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'max-insns', kind: 'count', metavar: 'N',
    help: `stop after N instructions with status ${EXIT_LIMIT} (k, M, G: 10^3, 10^6, 10^9)`,
  },
  {
    name: 'ram-size', kind: 'size', metavar: 'N',
    help: `RAM at physical 0 in bytes, a multiple of 4K up to 256M (default ${DEFAULT_RAM_SIZE >>> 20}M)`,
  },
  ...DEBUG_OPTIONS,
];

export const runCommand: Command = {
  name: 'run',
  args: 'IMAGE',
  summary: 'run a bare-metal ELF image with semihosting (UART and SYS_EXIT)',
  description: [
    'Loads the ELF executable IMAGE at its physical addresses and starts it at its entry point in\n' +
    'SVC mode with interrupts masked, as qemu-system-arm -M versatilepb -cpu arm926 -semihosting\n' +
    '-kernel IMAGE does. Output written to the PL011 UART and through semihosting goes to stdout.',
    'Exit status: the guest\'s semihosting exit status (SYS_EXIT: 0 for a normal exit, else 1;\n' +
    `SYS_EXIT_EXTENDED: its subcode), ${EXIT_LIMIT} when --max-insns stops it, ${EXIT_FAULT} when it takes an\n` +
    'exception with no handler installed, 2 for bad input.',
  ],
  options: OPTIONS,
  run,
};

/** Runs the command: see the description above. */
async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...extra] = args.positional;
  if (path === undefined) throw new UsageError("run: missing IMAGE (see 'czemu run --help')");
  if (extra.length > 0) throw new UsageError(`run: unexpected argument '${extra[0]!}'`);
  const maxInsns = args.number('max-insns');
  if (maxInsns !== undefined && maxInsns < 1) {
    throw new UsageError(`option '--max-insns' must be at least 1, got ${maxInsns}`);
  }
  const ramSize = args.number('ram-size') ?? DEFAULT_RAM_SIZE;
  if (ramSize < 4096 || ramSize > MAX_RAM || ramSize % 4096 !== 0) {
    throw new UsageError(`option '--ram-size' must be a multiple of 4K from 4K to 256M, got ${ramSize}`);
  }
  if (wantsDebug(args)) return runDebugged(path, args, io, { ramSize, maxInsns });
  const elf = readInput(io, path);
  const out = new OutputBuffer(io);
  let result;
  try {
    result = runBareMetal(elf, {
      console: out.put, ramSize, onSlice: () => out.flush(),
      ...(maxInsns !== undefined ? { maxInsns } : {}),
    });
  } catch (e) {
    // Keep what the guest printed before a host error: it is the best clue to what went wrong.
    out.flush();
    if (e instanceof ElfError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
  out.flush();
  switch (result.kind) {
    case 'exit':
      // A process status is 8 bits, as exit(3) truncates it.
      return result.status & 0xff;
    case 'max-insns':
      io.stderr(`czemu: ${path}: stopped after ${result.executed} instructions (--max-insns)\n`);
      return EXIT_LIMIT;
    case 'fault':
      io.stderr(`czemu: ${path}: ${result.message} (after ${result.executed} instructions)\n`);
      return EXIT_FAULT;
  }
}
