/**
 * What the gdb stub needs from whatever it debugs: a bare-metal machine (one thread) or czemu's
 * kernel (every L4 thread a gdb thread). Thread ids are positive integers chosen by the target.
 */

/** Why execution stopped, in gdb's terms. */
export interface StopReason {
  /** POSIX signal number gdb shows: 5 SIGTRAP, 2 SIGINT, 4 SIGILL, 11 SIGSEGV, 9 SIGKILL. */
  signal: number;
  /** The thread that stopped. */
  thread: number;
  /** Set when the whole target is gone (`W` reply with this status). */
  exited?: number;
  /** A watchpoint fired at this data address. */
  watch?: { kind: 'watch' | 'rwatch' | 'awatch'; addr: number };
  /** Stopped at a software/hardware breakpoint. */
  breakpoint?: 'swbreak' | 'hwbreak';
}

/** Breakpoint and watchpoint kinds, numbered as the Z packets number them. */
export const Z_SW_BREAK = 0;
export const Z_HW_BREAK = 1;
export const Z_WRITE_WATCH = 2;
export const Z_READ_WATCH = 3;
export const Z_ACCESS_WATCH = 4;

export interface DebugTarget {
  /** Live thread ids, in a stable order. */
  threadIds(): number[];
  /** One line describing the thread (task name and state) for qThreadExtraInfo. */
  threadExtraInfo(tid: number): string;
  /** r0-r15 and CPSR of `tid` (17 values); undefined for an unknown thread. */
  registers(tid: number): number[] | undefined;
  /** Sets register `n` (0-15, 16 = CPSR) of `tid`; false if not possible. */
  setRegister(tid: number, n: number, value: number): boolean;
  /**
   * Reads guest memory through `tid`'s address space without disturbing the guest (pages it has
   * not touched yet are read without being faulted in). Returns fewer bytes than asked at the
   * first inaccessible address (possibly none).
   */
  readMemory(tid: number, addr: number, len: number): Uint8Array;
  /** Writes guest memory through `tid`'s address space; false if any byte is inaccessible. */
  writeMemory(tid: number, addr: number, data: Uint8Array): boolean;
  /**
   * Inserts a breakpoint/watchpoint (Z_* type); false when it cannot be placed. `tid` is the
   * thread selected for memory (Hg): a target with several address spaces keys the point by it.
   */
  insertPoint(type: number, addr: number, kind: number, tid?: number): boolean;
  /** Removes one; false when there was none. */
  removePoint(type: number, addr: number, kind: number, tid?: number): boolean;
  /**
   * Runs: `step` executes one instruction of `tid` (others may not run), `continue` runs every
   * thread. Executes at most `budget` instructions and returns the stop, or undefined to be called
   * again (so the server can notice Ctrl-C between slices).
   */
  run(mode: 'step' | 'continue', tid: number, budget: number): StopReason | undefined;
  /** The stop to report after an interrupt (Ctrl-C) or on attach. */
  currentStop(): StopReason;
  /** Answers a `monitor` command (qRcmd); the text is shown to the user. */
  monitor(command: string): string;
  /** The user killed the target. */
  kill(): void;
}
