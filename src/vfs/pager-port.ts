import type { KernelPort } from '../kernel/service.ts';
import { EACCES, EINVAL, VfsError } from './errno.ts';
import { PAGE_SIZE } from './memfs.ts';
import type { PagerFile, VfsForPager } from './service.ts';
import { O_RDONLY, type Vfs } from './vfs.ts';

/**
 * The VFS as the pager calls it (VfsForPager, services §5.4) over a Vfs and the kernel's frame
 * access. The boot path builds one and hands it to the pager's constructor; the pager is then the
 * only caller, so these calls need no sender check (bug F7 is fixed by user tasks never reaching
 * them: the IPC tags 41-48 get -EPERM in server.ts).
 *
 * Invariants:
 *  1. No call keeps a frame number after it returns (scenario 29: a page buffer is valid in fs0
 *     only for the duration of the call) and none calls back into the pager.
 *  2. Every argument is checked before memfs sees it: vnums, page offsets and fds are integers in
 *     range, frames are page-aligned physical addresses inside RAM. A bad argument is -EINVAL (an
 *     unknown task -ESRCH), never an exception: the pager forwards guest-chosen fds and offsets.
 *  3. read/write move whole 4 KB pages; a write is all or nothing for space (ENOSPC is found
 *     before any page changes).
 */
export class VfsPagerPort implements VfsForPager {
  private readonly vfs: Vfs;
  private readonly port: Pick<KernelPort, 'readFrame' | 'writeFrame' | 'ramEnd'>;
  /** A page buffer reused by every transfer (calls never overlap: the host is single-threaded). */
  private readonly page = new Uint8Array(PAGE_SIZE);

  /** A port over `vfs`; `port` gives the physical frames the pager names. */
  constructor(vfs: Vfs, port: Pick<KernelPort, 'readFrame' | 'writeFrame' | 'ramEnd'>) {
    this.vfs = vfs;
    this.port = port;
  }

  /** PAGER_OPEN(tid, fd): vnum, size and open flags, or -ESRCH (unknown task) / -EBADF. */
  open(tid: number, fd: number): PagerFile | number {
    return guard(() => this.vfs.pagerOpen(tid, fd));
  }

  /**
   * PAGER_READ: fills each frame `frames[i]` with page pgoff+i of file `vnum` (holes and bytes past
   * the size read as zeros). Returns frames.length × 4096, or -EINVAL (unknown vnum, bad offset or
   * frame), -EISDIR (a directory).
   */
  read(vnum: number, pgoff: number, frames: readonly number[]): number {
    return guard(() => {
      const v = this.vfs.regular(vnum);
      this.checkRange(pgoff, frames);
      for (let i = 0; i < frames.length; i++) {
        const idx = pgoff + i;
        const stored = v.pages!.get(idx);
        if (stored !== undefined && (idx + 1) * PAGE_SIZE <= v.size) {
          this.port.writeFrame(frames[i]!, stored); // a whole page inside the size: one copy
        } else {
          this.vfs.fs.readPage(v, idx, this.page); // a hole, or the last partial page
          this.port.writeFrame(frames[i]!, this.page);
        }
      }
      return frames.length * PAGE_SIZE;
    });
  }

  /**
   * PAGER_WRITE: stores each frame as page pgoff+i of file `vnum`; the size is left for
   * updateStats, as in Codezero. Returns frames.length × 4096, or -EINVAL / -EISDIR / -EFBIG (past
   * the file size limit) / -ENOSPC (the filesystem is full; nothing was written).
   */
  write(vnum: number, pgoff: number, frames: readonly number[]): number {
    return guard(() => {
      this.vfs.regular(vnum);
      this.checkRange(pgoff, frames);
      // readFrame hands out a fresh copy: memfs may keep it as the page (no second copy).
      this.vfs.pagerWritePages(vnum, pgoff, frames.map((pa) => this.port.readFrame(pa)), true);
      return frames.length * PAGE_SIZE;
    });
  }

  /** PAGER_UPDATE_STATS(vnum, size): 0, -EINVAL (unknown vnum, bad size), -EISDIR, -EFBIG. */
  updateStats(vnum: number, size: number): number {
    return guard(() => {
      this.vfs.updateStats(vnum, size);
      return 0;
    });
  }

  /** PAGER_CLOSE(tid, fd): 0, -ESRCH or -EBADF. */
  close(tid: number, fd: number): number {
    return guard(() => {
      this.vfs.close(tid, fd);
      return 0;
    });
  }

  /** NOTIFY_FORK: 0, -ESRCH (unknown parent), -EEXIST (child already known), -EINVAL (bad tid). */
  notifyFork(parent: number, child: number, childUtcb: number, shareFlags: number): number {
    return guard(() => {
      checkTid(child);
      this.vfs.fork(parent, child, childUtcb >>> 0, shareFlags);
      return 0;
    });
  }

  /** NOTIFY_EXIT: forgets the task (its descriptors with it); 0 or -ESRCH. The status is unused. */
  notifyExit(tid: number, _status: number): number {
    return guard(() => {
      this.vfs.exit(tid);
      return 0;
    });
  }

  /** A boot task with cwd = root = "/" and no descriptors: 0, -EEXIST, or -EINVAL (bad tid). */
  addTask(tid: number, utcb: number): number {
    return guard(() => {
      checkTid(tid);
      this.vfs.addTask(tid, utcb >>> 0);
      return 0;
    });
  }

  /**
   * For execve: `path` as task `tid` resolves it, which must be a regular file (-EACCES for
   * anything else, as execve(2) says); flags O_RDONLY. -ESRCH, -ENOENT, -ENOTDIR, -ENAMETOOLONG.
   */
  openPath(tid: number, path: string): PagerFile | number {
    return guard(() => {
      const v = this.vfs.resolve(tid, path);
      if (v.pages === undefined) throw new VfsError(EACCES, 'not a regular file');
      return { vnum: v.vnum, size: v.size, flags: O_RDONLY };
    });
  }

  /** Registers the pager's hook, called with the vnum whenever O_TRUNC empties a file. */
  onTruncate(hook: (vnum: number) => void): void {
    this.vfs.onTruncate = hook;
  }

  /** Registers the pager's hook that STAT/FSTAT ask for a file's current length. */
  onSizeOf(hook: (vnum: number) => number | undefined): void {
    this.vfs.sizeOf = hook;
  }

  /** Page offsets must be whole and non-negative; frames page-aligned and inside RAM. */
  private checkRange(pgoff: number, frames: readonly number[]): void {
    if (!Number.isSafeInteger(pgoff) || pgoff < 0) throw new VfsError(EINVAL, 'bad page offset');
    const ram = this.port.ramEnd();
    for (const pa of frames) {
      if (!Number.isInteger(pa) || pa < 0 || pa % PAGE_SIZE !== 0 || pa + PAGE_SIZE > ram) {
        throw new VfsError(EINVAL, `bad frame ${pa}`);
      }
    }
  }
}

/** Runs `f`, turning a VfsError into -errno. */
function guard<T>(f: () => T): T | number {
  try {
    return f();
  } catch (e) {
    if (e instanceof VfsError) return -e.errno;
    throw e;
  }
}

/** User task ids are non-negative integers; 0 and 1 are the services themselves. */
function checkTid(tid: number): void {
  if (!Number.isInteger(tid) || tid < 2) throw new VfsError(EINVAL, `bad task id ${tid}`);
}
