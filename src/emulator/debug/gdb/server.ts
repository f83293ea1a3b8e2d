import { createServer, type Socket } from 'node:net';
import { GdbSession } from './session.ts';
import type { DebugTarget, StopReason } from './target.ts';

/**
 * Serves the GDB remote protocol for a target on 127.0.0.1 while the guest runs, as
 * `qemu -s [-S]` does. The one server implementation: `czemu boot|run --gdb` use it through
 * src/cli/gdbserve.ts, which only parses options.
 *
 *   wait        the guest stays stopped before its first instruction until gdb continues it
 *   no wait     the guest runs at once; a gdb that connects stops it where it is
 *   detach      (gdb `detach`) the guest runs on to its end; `D`'s OK reaches the client first
 *   disconnect  (the client goes away without detaching) the guest stays stopped where it is,
 *               and the next client finds it there
 *   kill        the target decides (KernelTarget and MachineTarget end with status 137)
 *
 * One client at a time; a second one is closed at once. The promise settles with the guest's exit
 * status once the guest has ended and no client is attached.
 */

/** Instructions per free-running slice, between checks for a connecting client. */
const FREE_SLICE = 1_000_000;

export interface GdbServeOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one (named in the `log` line). */
  port: number;
  wait: boolean;
  /** Receives the "listening" line. */
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

/** The port could not be bound (in use, not permitted); `code` is the system's error code. */
export class GdbListenError extends Error {
  constructor(readonly port: number, readonly code: string) {
    super(`cannot serve gdb on 127.0.0.1:${port}: ${code}`);
  }
}

/**
 * Runs `target` under a gdb server as described above; resolves with the exit status. Rejects
 * with a GdbListenError when the port cannot be bound.
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
      // The session has sent its last reply (D's OK): end() flushes it before closing.
      sock.end();
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
    server.once('error', (e: NodeJS.ErrnoException) => rej(new GdbListenError(opts.port, e.code ?? e.message)));
    server.listen(opts.port, '127.0.0.1', () => res());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : opts.port;
  opts.log(`czemu: gdb server listening on 127.0.0.1:${port}${opts.wait ? ', waiting for gdb' : ''}`);
  setImmediate(freeRun);
  return result;
}
