import {
  EBADF, EEXIST, EFBIG, EINVAL, EISDIR, EMFILE, ENOSPC, ENOTDIR, ESRCH, VfsError,
} from './errno.ts';
import { isZero, Memfs, PAGE_SIZE, S_IFDIR, S_IFMT, S_IFREG, type MemfsLimits, type Vnode } from './memfs.ts';
import { lookup, lookupParent } from './path.ts';

export {
  MAX_FDS, O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY,
  TCB_SHARED_FILES, TCB_SHARED_FS,
} from './service.ts';
import {
  MAX_FDS, O_ACCMODE, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_TRUNC, TCB_SHARED_FILES,
  TCB_SHARED_FS,
} from './service.ts';

/** One open descriptor: which vnode, how it was opened, and the readdir position. */
export interface OpenFile {
  vnum: number;
  flags: number;
  /** Directories: records already returned by readdir. */
  dirPos: number;
}

/** A descriptor table; CLONE_FILES threads share one (refs counts them). */
export interface FdTable {
  readonly slots: (OpenFile | undefined)[];
  refs: number;
}

/** Current and root directory; CLONE_FS threads share one. */
export interface FsData {
  cwd: number;
  root: number;
  refs: number;
}

/** The VFS's view of a task. */
export interface VfsTask {
  readonly tid: number;
  utcb: number;
  files: FdTable;
  fsData: FsData;
}

/** stat() results. */
export interface Stat {
  vnum: number;
  mode: number;
  links: number;
  size: number;
  blksize: number;
  atime: number;
  mtime: number;
  ctime: number;
}

/**
 * The virtual file system of fs0: per-task descriptor tables and directories over one memfs.
 * Operations throw VfsError with a Linux errno; the service layer turns that into -errno.
 *
 * Invariants:
 *  1. Every OpenFile names a live vnode (files are never unlinked while open in this ABI).
 *  2. A FdTable's refs equals the number of tasks whose `files` is it; likewise FsData.
 *  3. Task ids are those the pager announced (boot tasks, NOTIFY_FORK) and not yet removed.
 */
export class Vfs {
  readonly fs: Memfs;
  private readonly tasks = new Map<number, VfsTask>();
  /** Told when O_TRUNC empties a file, so the pager can drop cached pages of it. */
  onTruncate: (vnum: number) => void = () => {};
  /**
   * Asked by STAT/FSTAT for a regular file's length as the pager knows it: the pager keeps the
   * length of a file it caches and tells the VFS only on fsync/close (PAGER_UPDATE_STATS), so
   * memfs's size lags behind unflushed writes. undefined: memfs's size is current.
   */
  sizeOf: (vnum: number) => number | undefined = () => undefined;

  constructor(limits: Partial<MemfsLimits> = {}) {
    this.fs = new Memfs(limits);
  }

  /** The task `tid`, or throws ESRCH. */
  task(tid: number): VfsTask {
    const t = this.tasks.get(tid);
    if (t === undefined) throw new VfsError(ESRCH, `unknown task ${tid}`);
    return t;
  }

  /** True when `tid` is known. */
  hasTask(tid: number): boolean {
    return this.tasks.has(tid);
  }

  /** Number of known tasks (leak checks). */
  get taskCount(): number {
    return this.tasks.size;
  }

  /** Registers a boot task with an empty descriptor table and cwd = root = "/". */
  addTask(tid: number, utcb: number): VfsTask {
    if (this.tasks.has(tid)) throw new VfsError(EEXIST, `task ${tid} exists`);
    const t: VfsTask = {
      tid, utcb,
      files: { slots: new Array<OpenFile | undefined>(MAX_FDS).fill(undefined), refs: 1 },
      fsData: { cwd: 0, root: 0, refs: 1 },
    };
    this.tasks.set(tid, t);
    return t;
  }

  /**
   * NOTIFY_FORK: creates `child` from `parent`. With TCB_SHARED_FILES the descriptor table is
   * shared, else copied (positions included); with TCB_SHARED_FS cwd/root are shared, else copied.
   */
  fork(parent: number, child: number, utcb: number, share: number): void {
    const p = this.task(parent);
    if (this.tasks.has(child)) throw new VfsError(EEXIST, `task ${child} exists`);
    let files = p.files;
    if ((share & TCB_SHARED_FILES) !== 0) files.refs++;
    else files = { slots: p.files.slots.map((f) => (f === undefined ? undefined : { ...f })), refs: 1 };
    let fsData = p.fsData;
    if ((share & TCB_SHARED_FS) !== 0) fsData.refs++;
    else fsData = { cwd: p.fsData.cwd, root: p.fsData.root, refs: 1 };
    this.tasks.set(child, { tid: child, utcb, files, fsData });
  }

  /** NOTIFY_EXIT: forgets `tid`; shared tables go when their last user leaves. */
  exit(tid: number): void {
    const t = this.task(tid);
    t.files.refs--;
    t.fsData.refs--;
    this.tasks.delete(tid);
  }

  private dirs(t: VfsTask): { root: Vnode; cwd: Vnode } {
    return { root: this.fs.get(t.fsData.root)!, cwd: this.fs.get(t.fsData.cwd)! };
  }

  /** Resolves `path` for task `tid`. */
  resolve(tid: number, path: string): Vnode {
    const { root, cwd } = this.dirs(this.task(tid));
    return lookup(this.fs, root, cwd, path);
  }

  /**
   * OPEN: returns the lowest free descriptor. O_CREAT creates a missing regular file (an existing
   * one is opened unless O_EXCL: EEXIST); O_TRUNC empties a regular file opened for writing;
   * O_DIRECTORY requires a directory; directories cannot be opened for writing (EISDIR).
   */
  open(tid: number, path: string, flags: number, mode: number): number {
    const t = this.task(tid);
    const { root, cwd } = this.dirs(t);
    const slot = t.files.slots.indexOf(undefined);
    let v: Vnode;
    if ((flags & O_CREAT) !== 0) {
      const { dir, name } = lookupParent(this.fs, root, cwd, path);
      const existing = name === undefined ? dir : dir.entries!.get(name);
      if (existing !== undefined) {
        if ((flags & O_EXCL) !== 0) throw new VfsError(EEXIST, `${path} exists`);
        v = typeof existing === 'number' ? this.fs.get(existing)! : existing;
      } else {
        // "new/" names a directory that does not exist: open(2) cannot create one (EISDIR)
        if (path.endsWith('/')) throw new VfsError(EISDIR, `${path}: cannot create a directory`);
        if (slot < 0) throw new VfsError(EMFILE, 'too many open files');
        v = this.fs.create(dir, name!, S_IFREG | (mode & 0o7777));
      }
    } else {
      v = lookup(this.fs, root, cwd, path);
    }
    const isDir = (v.mode & S_IFMT) === S_IFDIR;
    if ((flags & O_DIRECTORY) !== 0 && !isDir) throw new VfsError(ENOTDIR, 'not a directory');
    if (isDir && (flags & O_ACCMODE) !== O_RDONLY) throw new VfsError(EISDIR, 'is a directory');
    if (slot < 0) throw new VfsError(EMFILE, 'too many open files');
    if (!isDir && (flags & O_TRUNC) !== 0 && (flags & O_ACCMODE) !== O_RDONLY && v.size > 0) {
      this.fs.truncate(v, 0);
      this.onTruncate(v.vnum);
    }
    t.files.slots[slot] = { vnum: v.vnum, flags, dirPos: 0 };
    return slot;
  }

  /** The open file behind `fd` of task `tid`, or throws EBADF. */
  file(tid: number, fd: number): OpenFile {
    const t = this.task(tid);
    const f = Number.isInteger(fd) && fd >= 0 && fd < MAX_FDS ? t.files.slots[fd] : undefined;
    if (f === undefined) throw new VfsError(EBADF, `bad descriptor ${fd}`);
    return f;
  }

  /** Closes `fd` of task `tid` (PAGER_CLOSE). */
  close(tid: number, fd: number): void {
    this.file(tid, fd);
    this.task(tid).files.slots[fd] = undefined;
  }

  /** MKDIR: creates a directory; an existing name (including "/") is EEXIST. */
  mkdir(tid: number, path: string, mode: number): void {
    const { root, cwd } = this.dirs(this.task(tid));
    const { dir, name } = lookupParent(this.fs, root, cwd, path);
    if (name === undefined || dir.entries!.has(name)) throw new VfsError(EEXIST, `${path} exists`);
    this.fs.create(dir, name, S_IFDIR | (mode & 0o7777));
  }

  /** CHDIR: sets the task's (possibly shared) current directory. */
  chdir(tid: number, path: string): void {
    const t = this.task(tid);
    const v = this.resolve(tid, path);
    if (v.entries === undefined) throw new VfsError(ENOTDIR, 'not a directory');
    t.fsData.cwd = v.vnum;
  }

  /**
   * READDIR: the next records of directory `fd` that fit in `maxBytes`, as dirent bytes:
   * "." and ".." first, then the entries in creation order. Returns an empty array at the end;
   * EINVAL when records remain but not even one fits (as getdents does; an empty answer would
   * look like the end of the directory).
   */
  readdir(tid: number, fd: number, maxBytes: number): Uint8Array {
    const f = this.file(tid, fd);
    const dir = this.fs.get(f.vnum)!;
    if (dir.entries === undefined) throw new VfsError(ENOTDIR, 'not a directory');
    if (maxBytes < 0) throw new VfsError(EINVAL, 'negative count');
    const all: [number, string][] = [[dir.vnum, '.'], [dir.parent, '..'], ...[...dir.entries].map(
      ([name, vnum]): [number, string] => [vnum, name],
    )];
    const out: number[] = [];
    let pos = f.dirPos;
    let offset = 0;
    for (let i = 0; i < pos && i < all.length; i++) offset += direntLength(all[i]![1]);
    while (pos < all.length) {
      const [inum, name] = all[pos]!;
      const rec = encodeDirent(inum, offset, name);
      if (out.length + rec.length > maxBytes) break;
      out.push(...rec);
      offset += rec.length;
      pos++;
    }
    if (out.length === 0 && pos < all.length) throw new VfsError(EINVAL, 'buffer too small for a record');
    f.dirPos = pos;
    return Uint8Array.from(out);
  }

  /** STAT of a path. */
  stat(tid: number, path: string): Stat {
    return this.statOf(this.resolve(tid, path));
  }

  /** FSTAT of a descriptor. */
  fstat(tid: number, fd: number): Stat {
    return this.statOf(this.fs.get(this.file(tid, fd).vnum)!);
  }

  private statOf(v: Vnode): Stat {
    return {
      vnum: v.vnum, mode: v.mode, links: v.links, blksize: PAGE_SIZE,
      size: v.pages === undefined ? v.size : this.sizeOf(v.vnum) ?? v.size,
      atime: v.atime, mtime: v.mtime, ctime: v.ctime,
    };
  }

  // ---- the pager's side (§5.4) ----------------------------------------------------------------

  /** PAGER_OPEN: the vnode number and size behind `fd` of task `tid`. */
  pagerOpen(tid: number, fd: number): { vnum: number; size: number; flags: number } {
    const f = this.file(tid, fd);
    return { vnum: f.vnum, size: this.fs.get(f.vnum)!.size, flags: f.flags };
  }

  /** The regular file `vnum`, or EINVAL for an unknown vnode, EISDIR for a directory. */
  regular(vnum: number): Vnode {
    const v = this.fs.get(vnum);
    if (v === undefined) throw new VfsError(EINVAL, `unknown vnode ${vnum}`);
    if (v.pages === undefined) throw new VfsError(EISDIR, 'is a directory');
    return v;
  }

  /** PAGER_READ: fills `dst` (npages × 4 KB) from page `pgoff` on; returns the bytes copied. */
  pagerRead(vnum: number, pgoff: number, dst: Uint8Array): number {
    const v = this.regular(vnum);
    const npages = dst.length / PAGE_SIZE;
    for (let i = 0; i < npages; i++) {
      this.fs.readPage(v, pgoff + i, dst.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
    }
    return dst.length;
  }

  /**
   * PAGER_WRITE: stores `src` (npages × 4 KB) at page `pgoff`; the size waits for updateStats.
   * All or nothing: EFBIG past the file size limit and ENOSPC when the new pages do not fit are
   * found before any page changes.
   */
  pagerWrite(vnum: number, pgoff: number, src: Uint8Array): number {
    const pages: Uint8Array[] = [];
    for (let i = 0; i < src.length / PAGE_SIZE; i++) pages.push(src.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
    return this.pagerWritePages(vnum, pgoff, pages, false);
  }

  /**
   * pagerWrite of separate 4 KB pages. With `adopt`, each page is a fresh buffer nobody else holds
   * (a frame copy) and memfs may keep it instead of copying it again.
   */
  pagerWritePages(vnum: number, pgoff: number, pages: readonly Uint8Array[], adopt: boolean): number {
    const v = this.regular(vnum);
    if ((pgoff + pages.length) * PAGE_SIZE > this.fs.limits.maxFileSize) throw new VfsError(EFBIG, 'file too large');
    let fresh = 0;
    for (let i = 0; i < pages.length; i++) if (!v.pages!.has(pgoff + i) && !isZero(pages[i]!)) fresh++;
    if (this.fs.usedPages + fresh > this.fs.limits.maxPages) throw new VfsError(ENOSPC, 'filesystem full');
    for (let i = 0; i < pages.length; i++) this.fs.writePage(v, pgoff + i, pages[i]!, adopt);
    return pages.length * PAGE_SIZE;
  }

  /** PAGER_UPDATE_STATS: the file's new size after write-back. */
  updateStats(vnum: number, size: number): void {
    if (!Number.isSafeInteger(size) || size < 0) throw new VfsError(EINVAL, 'bad size');
    this.fs.setSize(this.regular(vnum), size);
  }
}

/** Bytes of the dirent record for `name`: 44 as in Codezero for names up to 31 bytes, else more. */
export function direntLength(name: string): number {
  const n = Buffer.byteLength(name);
  return n <= 31 ? 44 : (10 + n + 1 + 3) & ~3;
}

/**
 * Encodes one dirent record: u32 inum @0, u32 offset @4, u16 reclen @8, NUL-terminated name @10,
 * padded to reclen (Codezero's 44-byte record; test0 reads d_reclen at 8 and d_name at 10).
 */
export function encodeDirent(inum: number, offset: number, name: string): Uint8Array {
  const nameBytes = Buffer.from(name);
  const len = direntLength(name);
  const rec = new Uint8Array(len);
  const dv = new DataView(rec.buffer);
  dv.setUint32(0, inum, true);
  dv.setUint32(4, offset, true);
  dv.setUint16(8, len, true);
  rec.set(nameBytes, 10);
  return rec;
}

