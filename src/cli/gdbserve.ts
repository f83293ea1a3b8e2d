import { createServer, type Socket } from 'node:net';
import { GdbSession } from '../emulator/debug/gdb/session.ts';
import type { DebugTarget, StopReason } from '../emulator/debug/gdb/target.ts';
import { UsageError, type OptionSpec, type ParsedArgs } from './options.ts';
import { TRACE_OPTIONS } from './trace.ts';

/**
 * `--gdb PORT [--wait]` for `czemu boot` and `czemu run`: serves the GDB remote protocol on
 * 127.0.0.1:PORT while the guest runs, as `qemu -s [-S]` does.
 *
 *   --wait      the guest stays stopped before its first instruction until gdb continues it
 *   no --wait   the guest runs at once; a gdb that connects stops it where it is
 *   detach      (gdb `detach`) the guest runs on to its end
 *   disconnect  (the client goes away without detaching) the guest stays stopped where it is,
 *               and the next client finds it there
 *   kill        the guest ends at once with status 137
 *
 * One client at a time; a second one is refused. The promise settles with the guest's exit
 * status once the guest has ended and no client is attached.
 */

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

/** Instructions per free-running slice, between checks for a connecting client. */
const FREE_SLICE = 1_000_000;

export interface GdbServeOptions {
  port: number;
  wait: boolean;
  /** Where the "listening" line goes (stderr). */
  log: (line: string) => void;
  /** The guest's exit status once it has ended, else undefined. */
  exitStatus: () => number | undefined;
  /**
   * Maps a stop seen while no client is attached to an exit status that ends the run (a
   * deadlock), or undefined to go on running.
   */
  unattendedStop?: (stop: StopReason) => number | undefined;
  /** Called after every slice the guest ran (hosts flush output there). */
  onSlice?: () => void;
}

/** A port number for --gdb: 0-65535 (0 picks a free port). Throws UsageError otherwise. */
export function checkGdbPort(port: number | undefined): void {
  if (port !== undefined && (port < 0 || port > 65535)) {
    throw new UsageError(`option '--gdb' needs a TCP port from 0 to 65535, got ${port}`);
  }
}

/**
 * Runs `target` under a gdb server as described above; resolves with the exit status. Rejects
 * with a UsageError when the port cannot be bound (in use, not permitted).
 */
export async function serveGdb(target: DebugTarget, opts: GdbServeOptions): Promise<number> {
  let attached = false;
  let started = !opts.wait;
  let finished = false;
  let finish: (status: number) => void = () => {};
  const result = new Promise<number>((res) => (finish = res));
  const slicing: DebugTarget = {
    threadIds: () => target.threadIds(),
    threadExtraInfo: (tid) => target.threadExtraInfo(tid),
    registers: (tid) => target.registers(tid),
    setRegister: (tid, n, v) => target.setRegister(tid, n, v),
    readMemory: (tid, addr, len) => target.readMemory(tid, addr, len),
    writeMemory: (tid, addr, data) => target.writeMemory(tid, addr, data),
    insertPoint: (type, addr, kind, tid) => target.insertPoint(type, addr, kind, tid),
    removePoint: (type, addr, kind, tid) => target.removePoint(type, addr, kind, tid),
    run: (mode, tid, budget) => {
      const stop = target.run(mode, tid, budget);
      opts.onSlice?.();
      return stop;
    },
    currentStop: () => target.currentStop(),
    monitor: (cmd) => target.monitor(cmd),
    kill: () => target.kill(),
  };

  const server = createServer((sock: Socket) => {
    if (attached || finished) {
      sock.destroy();
      return;
    }
    attached = true;
    started = true;
    sock.setNoDelay(true);
    let ended = false;
    const endSession = (detached: boolean) => {
      if (ended) return;
      ended = true;
      attached = false;
      // Detach runs the guest on; a lost connection leaves it stopped for the next client.
      started = detached;
      setImmediate(freeRun);
    };
    const session = new GdbSession(slicing, (bytes) => {
      if (!sock.destroyed) sock.write(bytes);
    }, () => {
      // The session ends before it sends its last reply (D's OK): close the socket after it.
      setImmediate(() => sock.end());
      endSession(true);
    });
    sock.on('data', (d: Buffer) => session.feed(new Uint8Array(d.buffer, d.byteOffset, d.length)));
    sock.on('error', () => {});
    sock.on('close', () => endSession(false));
  });

  const done = (status: number) => {
    if (finished) return;
    finished = true;
    server.close();
    finish(status);
  };

  /** Runs the guest while no client is attached (and it was started); ends when it exits. */
  const freeRun = () => {
    if (finished || attached) return;
    const status = opts.exitStatus();
    if (status !== undefined) return done(status);
    if (!started) return;
    const stop = slicing.run('continue', -1, FREE_SLICE);
    if (stop !== undefined) {
      if (stop.exited !== undefined) return done(stop.exited);
      const end = opts.unattendedStop?.(stop);
      if (end !== undefined) return done(end);
    }
    setImmediate(freeRun);
  };

  await new Promise<void>((res, rej) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      rej(new UsageError(`cannot serve gdb on 127.0.0.1:${opts.port}: ${e.code ?? e.message}`));
    });
    server.listen(opts.port, '127.0.0.1', () => res());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : opts.port;
  opts.log(`czemu: gdb server listening on 127.0.0.1:${port}${opts.wait ? ', waiting for gdb' : ''}`);
  setImmediate(freeRun);
  return result;
}
