import type { ShmSegment, VmObject } from './object.ts';
import type { VmSpace } from './vma.ts';

/**
 * A task as the pager sees it (Codezero's struct tcb, §2.2), one per thread, plus what the
 * original lacked: a parent, an exit status and wait state (§2.8, A14).
 *
 * Per-task memory layout (§2.1; task_setup_regions):
 *
 *   0x10000000  image (text read-only, data/bss private writable)
 *   image end   private mmap window (mapStart) ...
 *   0x1FFFB000  stack, 16 KB (mapEnd)                    sp = 0x1FFFEFF8
 *   0x1FFFF000  env page (execve's argv)
 *   0x20000000  SHM area: System V segments (top down) and MAP_SHARED mappings (bottom up)
 *   0xF8000000  utcb pages, one per task, from a global pool
 */
export const TASK_AREA_START = 0x10000000;
export const STACK_START = 0x1fffb000;
export const STACK_END = 0x1ffff000;
export const ENV_START = 0x1ffff000;
export const ENV_END = 0x20000000;
/** Initial sp (crt0's __stack). */
export const INITIAL_SP = 0x1fffeff8;

/** One descriptor the pager knows (§4.4: {vnum, cursor, vmfile}), learned lazily via vfs.open. */
export interface FdSlot {
  file: VmObject;
  cursor: number;
  /** Open flags from the VFS (access mode, O_APPEND). */
  flags: number;
}

/** A descriptor table; CLONE_FILES threads share one (`users` counts them; A11: never copied). */
export class FileTable {
  readonly slots = new Map<number, FdSlot>();
  users = 1;
}

/** A process (thread group, by tgid): what wait() needs. */
export class Process {
  readonly pid: number;
  /** The parent process, undefined for boot tasks and orphans (reaped at exit). */
  parent: Process | undefined;
  readonly children = new Set<Process>();
  /** Live threads of the group. */
  threads = 0;
  /** Exit status: the leader's _exit status, else that of the last thread to leave. */
  status: number | undefined;
  /** Exited children not yet waited for, oldest first: POSIX status words by pid. */
  readonly zombies = new Map<number, number>();
  /** Threads of this process blocked in WAIT: tid → the pid they wait for (-1 any). */
  readonly waiters = new Map<number, number>();

  constructor(pid: number) {
    this.pid = pid;
  }
}

export class Task {
  readonly tid: number;
  name: string;
  space: VmSpace;
  files: FileTable;
  readonly process: Process;
  utcb = 0;
  utcbSegment: ShmSegment | undefined;
  /** CLONE_FS: share flags to pass to the VFS when this task forks (informational). */
  readonly shareFlags: number;

  constructor(tid: number, name: string, space: VmSpace, files: FileTable, process: Process, shareFlags = 0) {
    this.tid = tid;
    this.name = name;
    this.space = space;
    this.files = files;
    this.process = process;
    this.shareFlags = shareFlags;
  }
}
