import {
  GdbListenError, serveGdb as startServer, type GdbServeOptions,
} from '../emulator/debug/gdb/server.ts';
import type { DebugTarget } from '../emulator/debug/gdb/target.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';
import { TRACE_OPTIONS } from './trace.ts';

/**
 * `--gdb PORT [--wait]` for `czemu boot` and `czemu run`: the options, their checks, and the call
 * into the gdb server (src/emulator/debug/gdb/server.ts describes detach, disconnect and kill).
 */
export type { GdbServeOptions } from '../emulator/debug/gdb/server.ts';

export const DEBUG_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'gdb', kind: 'count', metavar: 'PORT',
    help: 'serve the gdb remote protocol on 127.0.0.1:PORT (0: any free port, printed on stderr)',
  },
  { name: 'wait', kind: 'flag', help: 'with --gdb: stop before the first instruction until gdb continues' },
  ...TRACE_OPTIONS,
];

/** True when a debugging option was given; throws UsageError for --wait without --gdb. */
export function wantsDebug(args: ParsedArgs): boolean {
  if (args.flag('wait') && args.number('gdb') === undefined) throw new UsageError("option '--wait' needs '--gdb PORT'");
  checkGdbPort(args.number('gdb'));
  return args.number('gdb') !== undefined || args.string('trace') !== undefined
    || args.string('trace-file') !== undefined;
}

/** A port number for --gdb: 0-65535 (0 picks a free port). Throws UsageError otherwise. */
export function checkGdbPort(port: number | undefined): void {
  if (port !== undefined && (port < 0 || port > 65535)) {
    throw new UsageError(`option '--gdb' needs a TCP port from 0 to 65535, got ${port}`);
  }
}

/**
 * Runs `target` under the gdb server (src/emulator/debug/gdb/server.ts); resolves with the exit
 * status. Rejects with a UsageError when the port cannot be bound (in use, not permitted).
 */
export async function serveGdb(target: DebugTarget, opts: GdbServeOptions): Promise<number> {
  try {
    return await startServer(target, opts);
  } catch (e) {
    if (e instanceof GdbListenError) throw new UsageError(e.message);
    throw e;
  }
}
