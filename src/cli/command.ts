import type { OptionSpec, ParsedArgs } from './options.ts';

/**
 * What every czemu command shares: the io it talks through, its shape, and the exit statuses.
 *
 * Exit statuses shared by every command:
 *   0-255  what the guest asked for (run: its semihosting exit status)
 *   2      bad input: usage, a missing or unreadable file, a malformed image
 *   70     an internal error in czemu (EX_SOFTWARE)
 *   124    the instruction limit was reached (as timeout(1) reports a timeout)
 *   125    the guest took an exception it installed no handler for
 */

export const VERSION = '0.1.0';

export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
export const EXIT_LIMIT = 124;
export const EXIT_FAULT = 125;

/** Where a command reads and writes: the process in main.ts, captured buffers in tests. */
export interface CliIo {
  /** Guest and command output. */
  stdout(data: Uint8Array | string): void;
  /** Diagnostics, one line per message. */
  stderr(text: string): void;
  /** Reads a whole file; throws a Node errno error (code ENOENT, EACCES, EISDIR, ...) on failure. */
  readFile(path: string): Uint8Array;
  /** True when stderr is a terminal (progress may then rewrite one line in place). */
  readonly stderrIsTty?: boolean;
}

/** Bad input found by a command (unreadable file, bad value): one line for `czemu: ...`. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export interface Command {
  readonly name: string;
  /** Positional arguments for the usage line ("IMAGE"). */
  readonly args: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraphs after the usage line in `czemu CMD --help`. */
  readonly description: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Runs the command; returns the exit status. Throws UsageError/InputError/ElfError for bad input. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}


const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/**
 * Reads the file at `path` through `io`. Throws InputError ("cannot read PATH: no such file")
 * when it cannot be read; other host failures propagate as internal errors.
 */
export function readInput(io: CliIo, path: string): Uint8Array {
  try {
    return io.readFile(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) {
      throw new InputError(`cannot read ${path}: ${ERRNO_TEXT[code] ?? code}`);
    }
    throw e;
  }
}

/**
 * Collects guest output bytes and hands them to `io.stdout` in large chunks, so a guest printing
 * one byte at a time costs one host write per 64 KB rather than per byte.
 */
export class OutputBuffer {
  private readonly io: CliIo;
  private readonly buf = new Uint8Array(64 * 1024);
  private len = 0;

  constructor(io: CliIo) {
    this.io = io;
  }

  /** Appends one byte; usable directly as a ByteSink. */
  readonly put = (byte: number): void => {
    this.buf[this.len++] = byte;
    if (this.len === this.buf.length) this.flush();
  };

  /** Writes out what is buffered (a copy, so the caller may keep or reuse it). */
  flush(): void {
    if (this.len === 0) return;
    this.io.stdout(this.buf.slice(0, this.len));
    this.len = 0;
  }
}
