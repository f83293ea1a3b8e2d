import { EFAULT, EINVAL } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import type { VmObject } from './object.ts';
import { flushFile, newFilePage, pageIn, pageInRange, type PageInResult } from './pagecache.ts';
import {
  EBADF, EFBIG, MAX_FDS, O_ACCMODE, O_APPEND, O_RDONLY, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET,
} from './protocol.ts';
import { settle } from './shadow.ts';
import { FileTable, type FdSlot, type Task } from './task.ts';
import { resolveUserBuffer, userFrames } from './userbuf.ts';

/**
 * File I/O served by the pager through its page cache (§4.4), with the fixes of A3, A7, A9, A10
 * and A19: descriptors are range-checked first; read needs a writable buffer and write a readable
 * one (the pager resolves every page of the buffer itself, copy-on-write included, so file data
 * never lands in a shared page: userbuf.ts); every new page is zeroed; writes inside the last
 * partial page read it first; SEEK_END works; closing a descriptor the pager never learned about
 * just closes it in the VFS. The cursor is per process after fork (the original's behaviour,
 * scenario 19), shared by CLONE_FILES threads.
 */

/** Largest transfer one READ or WRITE performs (a short count beyond it, as POSIX allows). */
export const MAX_IO = 1 << 20;

/** True for a descriptor number in range. */
function fdOk(fd: number): boolean {
  return Number.isInteger(fd) && fd >= 0 && fd < MAX_FDS;
}

/**
 * The pager's slot for `fd` of `task`, learning it from the VFS on first use (file_open:
 * PAGER_OPEN, then one VM object per vnode with openers++). -EBADF for a bad or closed fd.
 */
export function fileOf(ctx: VmContext, task: Task, fd: number): FdSlot | number {
  if (!fdOk(fd)) return -EBADF;
  const have = task.files.slots.get(fd);
  if (have !== undefined) return have;
  const r = ctx.vfs.open(task.tid, fd);
  if (typeof r === 'number') return r < 0 ? r : -EBADF;
  let file = ctx.objects.files.get(r.vnum);
  if (file === undefined) {
    file = ctx.objects.create('vfsfile', `vnode ${r.vnum}`);
    file.vnum = r.vnum;
    file.length = r.size;
    file.syncedLength = r.size;
    ctx.objects.files.set(r.vnum, file);
  }
  file.openers++;
  const slot: FdSlot = { file, cursor: 0, flags: r.flags };
  task.files.slots.set(fd, slot);
  return slot;
}

/**
 * READ(fd, buf, count): bytes read (0 at or past EOF), or -EBADF, -EINVAL, -EFAULT, -errno.
 *
 * 1. The buffer's pages are resolved writable first (userbuf.ts): a bad buffer is -EFAULT with
 *    nothing read and the cursor unchanged.
 * 2. The file pages the range covers come into the cache, runs of misses one vfs.read each.
 * 3. Bytes go frame to frame (KernelPort.copyPhys), at most two copies per file page.
 */
export function sysRead(ctx: VmContext, task: Task, fd: number, buf: number, count: number): number {
  const slot = fileOf(ctx, task, fd);
  if (typeof slot === 'number') return slot;
  if (count < 0) return -EINVAL;
  if ((slot.flags & O_ACCMODE) === O_WRONLY) return -EBADF;
  const f = slot.file;
  if (count === 0 || slot.cursor >= f.length) return 0;
  const n = Math.min(count, f.length - slot.cursor, MAX_IO);
  const va = buf >>> 0;
  if (!resolveUserBuffer(ctx, task, va, n, true)) return -EFAULT;
  const first = Math.floor(slot.cursor / 4096);
  const r = pageInRange(ctx, f, first, Math.floor((slot.cursor + n - 1) / 4096));
  if (r < 0) return r;
  copyRange(ctx, f, slot.cursor, va, 0, n, false);
  slot.cursor += n;
  return n;
}

/**
 * WRITE(fd, buf, count): bytes written, or -EBADF, -EINVAL, -EFAULT, -EFBIG, -ENOMEM. The data goes
 * into cached pages marked dirty; the length grows locally and reaches the VFS on fsync/close.
 * The buffer's pages are resolved readable first (-EFAULT, nothing written); a page the write
 * covers whole is neither read from the VFS nor zeroed; one inside the file that it covers in part
 * is read first (A19); a new one past the end is zeroed. Running out of frames part-way gives the
 * bytes written so far.
 */
export function sysWrite(ctx: VmContext, task: Task, fd: number, buf: number, count: number): number {
  const slot = fileOf(ctx, task, fd);
  if (typeof slot === 'number') return slot;
  if (count < 0) return -EINVAL;
  if ((slot.flags & O_ACCMODE) === O_RDONLY) return -EBADF;
  if (count === 0) return 0;
  const f = slot.file;
  const n = Math.min(count, MAX_IO);
  const va = buf >>> 0;
  if (!resolveUserBuffer(ctx, task, va, n, false)) return -EFAULT;
  if ((slot.flags & O_APPEND) !== 0) slot.cursor = f.length;
  if (slot.cursor + n > 0x7fffffff) return -EFBIG;
  // 1. Every file page the write covers is made resident, 2. the bytes go in one copyRange (so
  // runs of frames allocated in a row become single copies). A page that cannot be had ends the
  // write there: the bytes before it are written (a short count), or its errno when none are.
  const start = slot.cursor;
  let ready = 0;
  let errno = 0;
  while (ready < n) {
    const pos = start + ready;
    const off = Math.floor(pos / 4096);
    const k = Math.min(n - ready, 4096 - (pos % 4096));
    let p: PageInResult | undefined = f.pages.get(off);
    if (p === undefined) {
      if (k === 4096) p = newFilePage(ctx, f, off, false); // overwritten whole just below
      else p = off * 4096 < f.length ? pageIn(ctx, f, off) : newFilePage(ctx, f, off);
    }
    if (p === undefined || 'errno' in p) {
      errno = p === undefined ? EFAULT : p.errno;
      break;
    }
    p.dirty = true;
    ready += k;
  }
  copyRange(ctx, f, start, va, 0, ready, true);
  if (ready === 0) return -errno;
  return finishWrite(slot, f, ready);
}

/**
 * Copies `len` bytes between file `f` at byte `pos` (its pages resident) and byte `from` of the
 * user buffer at `bufVa` that the last resolveUserBuffer resolved: into the file with `toFile`,
 * else out of it. Each piece lies inside one file page and one user page; pieces whose source and
 * destination both continue where the previous ones ended (frames allocated in a row) go in one
 * copyPhys.
 */
function copyRange(ctx: VmContext, f: VmObject, pos: number, bufVa: number, from: number, len: number,
  toFile: boolean): void {
  const base = bufVa >>> 12;
  let dst = 0;
  let src = 0;
  let run = 0;
  for (let done = 0; done < len;) {
    const fpos = pos + done;
    const u = bufVa + from + done;
    const k = Math.min(len - done, 4096 - (fpos & 0xfff), 4096 - (u & 0xfff));
    const filePa = f.pages.get(Math.floor(fpos / 4096))!.pa + (fpos & 0xfff);
    const userPa = userFrames[Math.floor(u / 4096) - base]! + (u & 0xfff);
    const d = toFile ? filePa : userPa;
    const s = toFile ? userPa : filePa;
    if (run > 0 && d === dst + run && s === src + run) {
      run += k;
    } else {
      if (run > 0) ctx.port.copyPhys(dst, src, run);
      dst = d;
      src = s;
      run = k;
    }
    done += k;
  }
  if (run > 0) ctx.port.copyPhys(dst, src, run);
}

/** Advances the cursor by `n` written bytes and grows the length; returns n. */
function finishWrite(slot: FdSlot, f: VmObject, n: number): number {
  slot.cursor += n;
  if (slot.cursor > f.length) f.length = slot.cursor;
  return n;
}

/** LSEEK(fd, offset, whence): the new offset, or -EBADF, -EINVAL (bad whence, negative result). */
export function sysLseek(ctx: VmContext, task: Task, fd: number, offset: number, whence: number): number {
  const slot = fileOf(ctx, task, fd);
  if (typeof slot === 'number') return slot;
  let base: number;
  switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = slot.cursor; break;
    case SEEK_END: base = slot.file.length; break;
    default: return -EINVAL;
  }
  const pos = base + offset;
  if (pos < 0 || pos > 0x7fffffff) return -EINVAL;
  slot.cursor = pos;
  return pos;
}

/** FSYNC(fd): write-back of the file's dirty pages and its size. 0, -EBADF or a VFS error. */
export function sysFsync(ctx: VmContext, task: Task, fd: number): number {
  const slot = fileOf(ctx, task, fd);
  if (typeof slot === 'number') return slot;
  return flushFile(ctx, slot.file);
}

/**
 * CLOSE(fd): flush, PAGER_CLOSE, openers--, and the file object goes once nothing uses it. A
 * descriptor the pager never learned about is closed in the VFS only (A10). 0 or -EBADF.
 */
export function sysClose(ctx: VmContext, task: Task, fd: number): number {
  if (!fdOk(fd)) return -EBADF;
  const slot = task.files.slots.get(fd);
  if (slot === undefined) return ctx.vfs.close(task.tid, fd);
  const flushed = flushFile(ctx, slot.file);
  task.files.slots.delete(fd);
  const r = ctx.vfs.close(task.tid, fd);
  slot.file.openers--;
  settle(ctx, slot.file);
  return flushed < 0 ? flushed : r;
}

/** Closes every descriptor the pager knows in `task`'s table (the last user of it is leaving). */
export function closeAll(ctx: VmContext, task: Task): void {
  for (const fd of [...task.files.slots.keys()].sort((a, b) => a - b)) sysClose(ctx, task, fd);
}

/** A copy of `t` for a fork child: same files, own cursors (openers++ for each). */
export function copyFileTable(t: FileTable): FileTable {
  const c = new FileTable();
  for (const [fd, s] of t.slots) {
    c.slots.set(fd, { file: s.file, cursor: s.cursor, flags: s.flags });
    s.file.openers++;
  }
  return c;
}

/**
 * The VFS truncated vnode `vnum` to 0 (O_TRUNC): cached pages go, or, while mapped, are zeroed and
 * kept clean (a frame a page table maps is never freed); the length becomes 0.
 */
export function truncated(ctx: VmContext, vnum: number): void {
  const f = ctx.objects.files.get(vnum);
  if (f === undefined) return;
  for (const [off, p] of [...f.pages]) {
    p.dirty = false;
    if (f.links.size > 0) {
      ctx.port.zeroFrame(p.pa);
    } else {
      ctx.frames.unref(p.pa);
      f.pages.delete(off);
    }
  }
  f.length = 0;
  f.syncedLength = 0;
}
