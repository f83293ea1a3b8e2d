import { closeSync, openSync, writeSync } from 'node:fs';
import { disassembleArm, disassembleThumb } from '../emulator/debug/disasm/index.ts';
import { parseElf } from '../emulator/loader/elf.ts';
import { Symbols } from '../emulator/loader/symbols.ts';
import {
  TRACE_CATEGORIES, type TraceCategory, type TraceFormatter,
} from '../kernel/debug/tracer.ts';
import type { Tcb } from '../kernel/thread/tcb.ts';
import type { CliIo } from './command.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';

/**
 * Trace formatting and sinks for `--trace` and `--trace-file` (boot and run): parses the
 * category list, names addresses with the images' symbols, disassembles traced instructions,
 * and writes lines to stderr or a file.
 */

/** The options boot and run add to their tables. */
export const TRACE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'trace', kind: 'string', metavar: 'LIST',
    help: `trace events, comma-separated: ${TRACE_CATEGORIES.join(', ')} (one line each, on stderr)`,
  },
  { name: 'trace-file', kind: 'string', metavar: 'FILE', help: 'write trace lines to FILE instead of stderr' },
];

/**
 * The categories of `--trace`, or undefined when tracing is off. Throws UsageError for an
 * unknown category, for --trace-file without --trace, and for categories not in `allowed`.
 */
export function traceCategories(args: ParsedArgs, allowed: readonly TraceCategory[] = TRACE_CATEGORIES): TraceCategory[] | undefined {
  const text = args.string('trace');
  if (text === undefined) {
    if (args.string('trace-file') !== undefined) throw new UsageError("option '--trace-file' needs '--trace LIST'");
    return undefined;
  }
  const out: TraceCategory[] = [];
  for (const word of text.split(',').map((w) => w.trim()).filter((w) => w !== '')) {
    if (!(TRACE_CATEGORIES as readonly string[]).includes(word)) {
      throw new UsageError(`unknown trace category '${word}' (categories: ${TRACE_CATEGORIES.join(', ')})`);
    }
    if (!allowed.includes(word as TraceCategory)) {
      throw new UsageError(`trace category '${word}' is not available here (available: ${allowed.join(', ')})`);
    }
    if (!out.includes(word as TraceCategory)) out.push(word as TraceCategory);
  }
  if (out.length === 0) throw new UsageError(`option '--trace' needs at least one category (${TRACE_CATEGORIES.join(', ')})`);
  return out;
}

/** Where trace lines go: a file (written in 64 KB chunks) or the command's stderr. */
export class TraceSink {
  private fd: number | undefined;
  private buf: string[] = [];
  private size = 0;

  /** Opens `file` for writing (truncating), or uses io.stderr. Throws UsageError if unwritable. */
  constructor(private readonly io: CliIo, file: string | undefined) {
    if (file !== undefined) {
      try {
        this.fd = openSync(file, 'w');
      } catch (e) {
        throw new UsageError(`cannot write trace file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
  }

  /** Appends one line. */
  readonly line = (text: string): void => {
    this.buf.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 65536) this.flush();
  };

  /** Writes out buffered lines. */
  flush(): void {
    if (this.buf.length === 0) return;
    const s = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (this.fd !== undefined) writeSync(this.fd, s);
    else this.io.stderr(s);
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Symbols of an ELF image, or undefined when it has none or does not parse. */
export function imageSymbols(bytes: Uint8Array): Symbols | undefined {
  try {
    const s = new Symbols(parseElf(bytes));
    return s;
  } catch {
    return undefined;
  }
}

/** The instruction text czemu shows: objdump's spelling with `<symbol>` branch targets. */
export function disassemble(insn: number, addr: number, thumb: boolean, syms?: Symbols): string {
  const text = thumb ? disassembleThumb(insn & 0xffff, addr, insn >>> 16, syms) : disassembleArm(insn, addr, syms);
  return text.replace(/\t/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A TraceFormatter for booted tasks: symbols of the image whose name is the task's name (forked
 * children keep it), else of the first image.
 */
export function kernelFormatter(images: readonly { name: string; symbols: Symbols | undefined }[],
  line: (text: string) => void): TraceFormatter {
  const byName = new Map(images.map((i) => [i.name, i.symbols]));
  const symsOf = (t: Tcb) => byName.get(t.name) ?? images[0]?.symbols;
  return {
    symbol: (t, addr) => symsOf(t)?.describe(addr),
    disassemble: (insn, addr, thumb) => disassemble(insn, addr, thumb, undefined),
    line,
  };
}
