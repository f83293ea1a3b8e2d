import { ElfError } from '../emulator/loader/elf.ts';
import {
  EXIT_INTERNAL, EXIT_USAGE, InputError, VERSION, type CliIo, type Command,
} from './command.ts';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from './options.ts';
import { bootCommand } from './boot.ts';
import { debugCommand } from './debug.ts';
import { disasmCommand } from './disasm.ts';
import { runCommand } from './run.ts';
import { testCommand } from './test.ts';

/**
 * The czemu command line: a table of commands, each with its options as data, over library
 * functions that tests call directly. runCli never throws and never prints a stack trace.
 */

const HELP: OptionSpec = { name: 'help', short: 'h', kind: 'flag', help: 'show this help and exit' };
const VERSION_OPT: OptionSpec = { name: 'version', short: 'V', kind: 'flag', help: 'print the version and exit' };

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [runCommand, bootCommand, debugCommand, disasmCommand, testCommand];

/**
 * Runs czemu with `argv` (the words after the program name), talking through `io`. Resolves to
 * the process exit status; every failure is reported as one `czemu: ...` line on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`czemu: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`czemu: internal error: ${msg.split('\n')[0]!}\n`);
    return EXIT_INTERNAL;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) {
    const args = parseArgs(argv, [HELP, VERSION_OPT], 'czemu');
    if (args.flag('version')) {
      io.stdout(`czemu ${VERSION}\n`);
      return 0;
    }
    if (args.flag('help')) {
      io.stdout(mainHelp());
      return 0;
    }
    if (args.positional.length > 0) return dispatch(args.positional, io);
    io.stderr(mainHelp());
    return EXIT_USAGE;
  }
  if (first === 'help') {
    const cmd = argv[1] === undefined ? undefined : findCommand(argv[1]);
    io.stdout(cmd === undefined ? mainHelp() : commandHelp(cmd));
    return 0;
  }
  const cmd = findCommand(first);
  const specs = [...cmd.options, HELP];
  const args = parseArgs(argv.slice(1), specs, `czemu ${cmd.name}`);
  if (args.flag('help')) {
    io.stdout(commandHelp(cmd));
    return 0;
  }
  try {
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof ElfError) throw new InputError(e.message);
    throw e;
  }
}

function findCommand(name: string): Command {
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) {
    throw new UsageError(`unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  }
  return cmd;
}

/** The top-level help: commands and global options. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  return [
    `czemu ${VERSION}: Codezero programs on an emulated ARM926EJ-S (ARMv5TE) with a real MMU`,
    '',
    'Usage: czemu COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...formatOptions([HELP, VERSION_OPT]),
    '',
    "Run 'czemu COMMAND --help' for a command's options.",
    '',
  ].join('\n');
}

/** The help of one command: usage, description, options. */
export function commandHelp(cmd: Command): string {
  return [
    `Usage: czemu ${cmd.name} ${cmd.args} [options]`,
    '',
    ...cmd.description.flatMap((p) => [p, '']),
    'Options:',
    ...formatOptions([...cmd.options, HELP]),
    '',
  ].join('\n');
}
