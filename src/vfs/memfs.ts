import { EEXIST, EFBIG, EISDIR, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY, VfsError } from './errno.ts';

/** Memfs page (block) size: the pager moves file data in pages of this size. */
export const PAGE_SIZE = 4096;

/** File type bits of st_mode, as Linux numbers them. */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;

/** A memfs inode: the vnode of this VFS (there is one filesystem, so vnum = inode number). */
export interface Vnode {
  readonly vnum: number;
  /** Type and permission bits (S_IFDIR | 0755, S_IFREG | 0644, ...). */
  mode: number;
  /** Bytes for files; for directories the size of their readdir stream in 44-byte records. */
  size: number;
  links: number;
  atime: number;
  mtime: number;
  ctime: number;
  /** Directories: children by name, in creation order. */
  readonly entries: Map<string, number> | undefined;
  /** Directories: the parent's vnum (the root is its own parent). */
  parent: number;
  /** Files: resident pages by page index; missing pages are holes that read as zeros. */
  readonly pages: Map<number, Uint8Array> | undefined;
}

export interface MemfsLimits {
  /** Largest file in bytes (default 64 MB). */
  maxFileSize: number;
  /** Total data pages across all files (default 32768 = 128 MB). */
  maxPages: number;
  /** Most inodes (default 65536). */
  maxInodes: number;
}

export const DEFAULT_LIMITS: MemfsLimits = {
  maxFileSize: 64 * 1024 * 1024,
  maxPages: 32768,
  maxInodes: 65536,
};

/**
 * An in-memory filesystem: directories as ordered name maps, files as sparse page maps.
 *
 * Invariants:
 *  1. vnum 0 is the root directory, and the root is its own parent.
 *  2. usedPages equals the number of resident pages over all files and never exceeds maxPages.
 *  3. After truncate() a file's resident pages all lie below ceil(size / PAGE_SIZE) and the last
 *     one holds zeros past the size, so growing the size again never exposes old bytes. Pages the
 *     pager writes past the size (before PAGER_UPDATE_STATS) are kept: the size update reveals them.
 *  4. Vnode numbers are never reused while the vnode exists; freed numbers are reused lowest first
 *     so numbering stays small and deterministic.
 */
export class Memfs {
  readonly limits: MemfsLimits;
  private readonly vnodes = new Map<number, Vnode>();
  private nextVnum = 0;
  private readonly freeVnums: number[] = [];
  usedPages = 0;
  /** Virtual clock for timestamps (seconds), supplied by the owner for determinism. */
  now: () => number = () => 0;

  constructor(limits: Partial<MemfsLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const root = this.alloc(S_IFDIR | 0o755);
    root.parent = root.vnum;
    root.links = 2;
  }

  /** The root directory. */
  get root(): Vnode {
    return this.vnodes.get(0)!;
  }

  /** The vnode numbered `vnum`, or undefined. */
  get(vnum: number): Vnode | undefined {
    return this.vnodes.get(vnum);
  }

  /** Number of live vnodes (for leak checks). */
  get vnodeCount(): number {
    return this.vnodes.size;
  }

  private alloc(mode: number): Vnode {
    if (this.vnodes.size >= this.limits.maxInodes) throw new VfsError(ENOSPC, 'out of inodes');
    const vnum = this.freeVnums.length > 0 ? this.freeVnums.shift()! : this.nextVnum++;
    const t = this.now();
    const dir = (mode & S_IFMT) === S_IFDIR;
    const v: Vnode = {
      vnum, mode, size: 0, links: 1, atime: t, mtime: t, ctime: t,
      entries: dir ? new Map() : undefined, parent: 0, pages: dir ? undefined : new Map(),
    };
    this.vnodes.set(vnum, v);
    return v;
  }

  /** Creates `name` in directory `dir` with `mode` (type bits decide file or directory). */
  create(dir: Vnode, name: string, mode: number): Vnode {
    if (dir.entries === undefined) throw new VfsError(ENOTDIR, 'not a directory');
    if (dir.entries.has(name)) throw new VfsError(EEXIST, `${name} exists`);
    const v = this.alloc(mode);
    if (v.entries !== undefined) {
      v.parent = dir.vnum;
      v.links = 2;
      dir.links++;
    }
    dir.entries.set(name, v.vnum);
    dir.size += 44;
    dir.mtime = dir.ctime = this.now();
    return v;
  }

  /** Removes `name` from `dir`; directories must be empty. The vnode is freed at zero links. */
  remove(dir: Vnode, name: string): void {
    const vnum = dir.entries?.get(name);
    if (vnum === undefined) throw new VfsError(ENOENT, 'no such entry');
    const v = this.vnodes.get(vnum)!;
    if (v.entries !== undefined) {
      if (v.entries.size > 0) throw new VfsError(ENOTEMPTY, 'directory not empty');
      dir.links--;
      v.links = 0;
    } else {
      v.links--;
    }
    dir.entries!.delete(name);
    dir.size -= 44;
    if (v.links <= 0) this.free(v);
  }

  private free(v: Vnode): void {
    if (v.pages !== undefined) {
      this.usedPages -= v.pages.size;
      v.pages.clear();
    }
    this.vnodes.delete(v.vnum);
    this.freeVnums.push(v.vnum);
    this.freeVnums.sort((a, b) => a - b);
  }

  /** Sets a file's size, dropping pages past it and zeroing the tail of the last page. */
  truncate(v: Vnode, size: number): void {
    if (v.pages === undefined) throw new VfsError(EISDIR, 'is a directory');
    if (size > this.limits.maxFileSize) throw new VfsError(EFBIG, 'file too large');
    if (size < v.size) {
      const keep = Math.ceil(size / PAGE_SIZE);
      for (const idx of [...v.pages.keys()]) {
        if (idx >= keep) {
          v.pages.delete(idx);
          this.usedPages--;
        }
      }
      const tail = size % PAGE_SIZE;
      if (tail !== 0) v.pages.get(keep - 1)?.fill(0, tail);
    }
    v.size = size;
    v.mtime = v.ctime = this.now();
  }

  /**
   * Copies page `index` of file `v` into `dst` (PAGE_SIZE bytes): resident data, zeros for holes and
   * for bytes past the size. Returns the number of bytes of the page below the size.
   */
  readPage(v: Vnode, index: number, dst: Uint8Array): number {
    if (v.pages === undefined) throw new VfsError(EISDIR, 'is a directory');
    const page = v.pages.get(index);
    if (page === undefined) dst.fill(0, 0, PAGE_SIZE);
    else dst.set(page);
    const valid = Math.min(PAGE_SIZE, Math.max(0, v.size - index * PAGE_SIZE));
    if (valid < PAGE_SIZE) dst.fill(0, valid, PAGE_SIZE);
    return valid;
  }

  /**
   * Stores `src` (PAGE_SIZE bytes) as page `index` of file `v`. The size is NOT changed (the pager
   * sets it with setSize, as PAGER_UPDATE_STATS does); bytes past the current size are kept so a
   * later size update exposes them. All-zero pages become holes. With `adopt`, `src` is a page-sized
   * buffer of its own that the caller gives up, and a new page keeps it rather than a copy.
   */
  writePage(v: Vnode, index: number, src: Uint8Array, adopt = false): void {
    if (v.pages === undefined) throw new VfsError(EISDIR, 'is a directory');
    if ((index + 1) * PAGE_SIZE > this.limits.maxFileSize) throw new VfsError(EFBIG, 'file too large');
    const zero = isZero(src.subarray(0, PAGE_SIZE));
    const old = v.pages.get(index);
    if (zero) {
      if (old !== undefined) {
        v.pages.delete(index);
        this.usedPages--;
      }
    } else if (old !== undefined) {
      old.set(src.subarray(0, PAGE_SIZE));
    } else {
      if (this.usedPages >= this.limits.maxPages) throw new VfsError(ENOSPC, 'filesystem full');
      const own = adopt && src.byteOffset === 0 && src.buffer.byteLength === PAGE_SIZE;
      v.pages.set(index, own ? src : src.slice(0, PAGE_SIZE));
      this.usedPages++;
    }
    v.mtime = v.ctime = this.now();
  }

  /** Sets a file's size after the pager wrote its pages (PAGER_UPDATE_STATS). */
  setSize(v: Vnode, size: number): void {
    if (v.pages === undefined) throw new VfsError(EISDIR, 'is a directory');
    if (size > this.limits.maxFileSize) throw new VfsError(EFBIG, 'file too large');
    if (size < v.size) this.truncate(v, size);
    else v.size = size;
  }

  /** Reads bytes [offset, offset+len) of a file directly (rootfs export, tests). */
  readBytes(v: Vnode, offset: number, len: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(len, v.size - offset)));
    const buf = new Uint8Array(PAGE_SIZE);
    for (let done = 0; done < out.length;) {
      const pos = offset + done;
      this.readPage(v, Math.floor(pos / PAGE_SIZE), buf);
      const from = pos % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - from, out.length - done);
      out.set(buf.subarray(from, from + n), done);
      done += n;
    }
    return out;
  }

  /** Writes bytes at `offset` of a file directly, growing its size (rootfs import, tests). */
  writeBytes(v: Vnode, offset: number, data: Uint8Array): void {
    const end = offset + data.length;
    if (end > this.limits.maxFileSize) throw new VfsError(EFBIG, 'file too large');
    const buf = new Uint8Array(PAGE_SIZE);
    for (let done = 0; done < data.length;) {
      const pos = offset + done;
      const idx = Math.floor(pos / PAGE_SIZE);
      this.readPage(v, idx, buf);
      // readPage zeroes bytes past the size; keep any bytes already stored there
      const resident = v.pages!.get(idx);
      if (resident !== undefined) buf.set(resident);
      const from = pos % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - from, data.length - done);
      buf.set(data.subarray(done, done + n), from);
      this.writePage(v, idx, buf);
      done += n;
    }
    if (end > v.size) v.size = end;
  }
}

/** True when every byte of `b` is 0 (word at a time when `b` is 4-byte aligned). */
export function isZero(b: Uint8Array): boolean {
  if ((b.byteOffset & 3) === 0 && (b.length & 3) === 0) {
    const w = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
    return true;
  }
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}
