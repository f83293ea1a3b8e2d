import { disassembleElf } from '../emulator/debug/disasm/index.ts';
import { ElfError, parseElf } from '../emulator/loader/elf.ts';
import { InputError, readInput, type CliIo, type Command } from './command.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';

/**
 * `czemu disasm IMAGE`: the executable sections of an ELF in `arm-none-eabi-objdump -d` layout,
 * decoded by the executor's own tables (src/emulator/debug/disasm).
 */

const OPTIONS: readonly OptionSpec[] = [
  { name: 'thumb', kind: 'flag', help: 'treat code without $a/$t mapping symbols as Thumb' },
  { name: 'start', kind: 'count', metavar: 'ADDR', help: 'start at address ADDR (hex with 0x)' },
  { name: 'count', kind: 'count', metavar: 'N', help: 'print at most N instruction or data lines' },
];

export const disasmCommand: Command = {
  name: 'disasm',
  args: 'IMAGE',
  summary: 'disassemble an ELF image as arm-none-eabi-objdump -d does',
  description: [
    'Prints the executable sections of the ELF executable IMAGE: address, hex, instruction, with a\n' +
    '<symbol>: header at each symbol. ARM, Thumb and data ($d: .word/.short/.byte) follow the ELF\n' +
    'mapping symbols. The text matches GNU objdump 2.40 line for line (see docs/disasm.md).',
  ],
  options: OPTIONS,
  run,
};

/** Runs the command: see the description above. */
async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...extra] = args.positional;
  if (path === undefined) throw new UsageError("disasm: missing IMAGE (see 'czemu disasm --help')");
  if (extra.length > 0) throw new UsageError(`disasm: unexpected argument '${extra[0]!}'`);
  const start = args.number('start');
  const count = args.number('count');
  if (start !== undefined && start > 0xffffffff) {
    throw new UsageError(`option '--start' must be a 32-bit address, got ${start}`);
  }
  const bytes = readInput(io, path);
  let lines: string[];
  try {
    lines = disassembleElf(parseElf(bytes), bytes, {
      thumb: args.flag('thumb'),
      ...(start !== undefined ? { start } : {}),
      ...(count !== undefined ? { count } : {}),
    });
  } catch (e) {
    if (e instanceof ElfError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
  io.stdout(`\n${path}:     file format elf32-littlearm\n\n${lines.join('\n')}\n`);
  return 0;
}
