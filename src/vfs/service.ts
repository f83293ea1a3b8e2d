/**
 * The VFS as the pager sees it: Codezero's pager<->fs0 protocol (codezero-services.md §5.4) as typed
 * calls inside the host, with the same meaning as the PAGER_* and NOTIFY_* messages. This file is the
 * only VFS file the pager may import (DESIGN.md import rule). File data moves in whole 4 KB physical
 * frames that the pager owns; the VFS copies into or out of them during the call and keeps no
 * reference afterwards (scenario 29: "the page buffer is valid in fs0 only for the duration").
 *
 * Every call returns a negative Linux errno on failure, as the wire protocol would.
 */

/** Open flags, Linux ARM values (libposix passes them through; the pager checks access with them). */
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_DIRECTORY = 0o40000;

/** Share flags of NOTIFY_FORK (mm0's tcb flags). */
export const TCB_SHARED_FILES = 2;
export const TCB_SHARED_FS = 4;

/** Descriptors per task (fd 0..31), as in Codezero; the 33rd open gets -EMFILE. */
export const MAX_FDS = 32;

/** What a descriptor refers to (PAGER_OPEN's reply: MR2 = vnum, MR3 = size). */
export interface PagerFile {
  vnum: number;
  size: number;
  /** The open flags (O_RDONLY/O_WRONLY/O_RDWR, O_APPEND...), so the pager can check access. */
  flags: number;
}

export interface VfsForPager {
  /** PAGER_OPEN(tid, fd): -ESRCH for an unknown task, -EBADF for a closed or invalid fd. */
  open(tid: number, fd: number): PagerFile | number;
  /**
   * PAGER_READ: fills the frames at physical `frames[i]` with pages pgoff+i of file `vnum`
   * (holes and bytes past the size read as zeros). Returns bytes transferred or -errno
   * (-EINVAL unknown vnode, -EISDIR directory).
   */
  read(vnum: number, pgoff: number, frames: readonly number[]): number;
  /** PAGER_WRITE: stores the frames as pages pgoff+i; the size waits for updateStats. */
  write(vnum: number, pgoff: number, frames: readonly number[]): number;
  /** PAGER_UPDATE_STATS: the file's size after write-back. */
  updateStats(vnum: number, size: number): number;
  /** PAGER_CLOSE(tid, fd). */
  close(tid: number, fd: number): number;
  /** NOTIFY_FORK: copies (or with CLONE_FILES/CLONE_FS share flags 2/4, shares) fd table and cwd. */
  notifyFork(parent: number, child: number, childUtcb: number, shareFlags: number): number;
  /** NOTIFY_EXIT: forgets the task. */
  notifyExit(tid: number, status: number): number;
  /** A task the pager started at boot (fs0 learned these through TASKDATA). */
  addTask(tid: number, utcb: number): number;
  /** For execve: resolves `path` as task `tid` sees it, to a regular file (PAGER_OPEN_BYPATH 48). */
  openPath(tid: number, path: string): PagerFile | number;
  /** Registers the pager's hook for O_TRUNC: drop cached pages of `vnum` past the new size 0. */
  onTruncate(hook: (vnum: number) => void): void;
  /**
   * Registers the pager's hook for STAT and FSTAT: the length of file `vnum` as the pager knows it
   * (writes still in its page cache grow it before any flush), or undefined when the pager holds
   * nothing of the file (then the VFS's own size, the last PAGER_UPDATE_STATS, is current).
   */
  onSizeOf(hook: (vnum: number) => number | undefined): void;
}
