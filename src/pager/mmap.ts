import {
  EFAULT, EINVAL, ENOMEM, SHM_AREA_END, SHM_AREA_START, USER_AREA_END, USER_AREA_START,
} from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import { fileOf } from './file.ts';
import type { VmObject } from './object.ts';
import { flushFile } from './pagecache.ts';
import {
  EACCES, EBADF, MAP_ANONYMOUS, MAP_FIXED, MAP_GROWSDOWN, MAP_PRIVATE, MAP_SHARED, O_ACCMODE, O_RDONLY,
  O_WRONLY, PROT_EXEC, PROT_READ, PROT_WRITE,
} from './protocol.ts';
import type { ShmTable } from './shm.ts';
import { unlinkVma } from './shadow.ts';
import type { Task } from './task.ts';
import {
  linkChain, Vma, VM_EXEC, VM_READ, VM_WRITE, VMA_ANONYMOUS, VMA_FIXED, VMA_GROWSDOWN,
  VMA_PRIVATE, VMA_SHARED, type VmSpace,
} from './vma.ts';

/** Largest mapping accepted: the whole 256 MB task area. */
const MAX_MAP_PAGES = 0x10000;

/** The six words of an MMAP request (struct sys_mmap_args / mmap_descriptor, §1.2). */
export interface MmapArgs {
  start: number;
  length: number;
  prot: number;
  flags: number;
  fd: number;
  pgoff: number;
}

/** True when [start, end) lies in the task area or the SHM area (where mappings may go). */
function mappable(start: number, end: number): boolean {
  return (start >= USER_AREA_START && end <= USER_AREA_END) || (start >= SHM_AREA_START && end <= SHM_AREA_END);
}

/**
 * mmap (§4.1) with the fixes of A1, A2, A5 and A6: anonymous or file-backed, private (copy-on-
 * write through a shadow) or shared (the file's cache, or a fresh shm object for anonymous
 * memory). Addresses: MAP_FIXED takes `start` (page-aligned, inside the task or SHM area) and
 * replaces what was there; otherwise a free `start` is honoured, else shared mappings get the
 * lowest free range of the SHM area, private ones the lowest free range of the mmap window.
 * Existing areas are never replaced without MAP_FIXED. Returns the start address (the end with
 * MAP_GROWSDOWN) or -EINVAL, -EBADF, -EACCES, -ENOMEM.
 */
export function doMmap(ctx: VmContext, shm: ShmTable, task: Task, a: MmapArgs): number {
  const shared = (a.flags & MAP_SHARED) !== 0;
  if (shared === ((a.flags & MAP_PRIVATE) !== 0)) return -EINVAL;
  if ((a.flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN)) !== 0) return -EINVAL;
  if ((a.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) !== 0) return -EINVAL;
  const length = a.length >>> 0;
  if (length === 0) return -EINVAL;
  const npages = Math.ceil(length / 4096);
  if (npages > MAX_MAP_PAGES) return -ENOMEM;
  const anon = (a.flags & MAP_ANONYMOUS) !== 0;
  if (!anon && (a.pgoff < 0 || a.pgoff + npages > 0x80000)) return -EINVAL;

  let flags = (shared ? VMA_SHARED : VMA_PRIVATE) | (anon ? VMA_ANONYMOUS : 0)
    | ((a.prot & PROT_READ) !== 0 ? VM_READ : 0) | ((a.prot & PROT_WRITE) !== 0 ? VM_WRITE : 0)
    | ((a.prot & PROT_EXEC) !== 0 ? VM_EXEC : 0) | ((a.flags & MAP_GROWSDOWN) !== 0 ? VMA_GROWSDOWN : 0);
  let chain: VmObject[];
  if (anon) {
    if (shared) {
      const o = ctx.objects.create('shm', 'anon-shared');
      o.npages = npages;
      chain = [o];
    } else {
      chain = [ctx.objects.devzero];
    }
  } else {
    const slot = fileOf(ctx, task, a.fd);
    if (typeof slot === 'number') return slot === -EFAULT ? -EBADF : slot;
    const mode = slot.flags & O_ACCMODE;
    if (mode === O_WRONLY) return -EACCES;
    if (shared && (a.prot & PROT_WRITE) !== 0 && mode === O_RDONLY) return -EACCES;
    chain = [slot.file];
  }

  const start = a.start >>> 0;
  const size = npages * 4096;
  let at: number;
  if ((a.flags & MAP_FIXED) !== 0) {
    if ((start & 0xfff) !== 0 || !mappable(start, start + size)) return dropUnused(ctx, chain, -EINVAL);
    removeRange(ctx, shm, task, start, start + size);
    flags |= VMA_FIXED;
    at = start;
  } else if (start !== 0 && (start & 0xfff) === 0 && mappable(start, start + size)
    && task.space.isFree(start, start + size)
    && !(shared && shm.reservations().some((r) => r.start < start + size && start < r.end))) {
    at = start;
  } else {
    at = shared ? task.space.findFree(npages, SHM_AREA_START, SHM_AREA_END, shm.reservations())
      : task.space.findFree(npages, task.space.mapStart, task.space.mapEnd);
    if (at < 0) return dropUnused(ctx, chain, -ENOMEM);
  }
  const v = new Vma(task.space, at, at + size, flags, anon ? 0 : a.pgoff, chain);
  task.space.insert(v);
  linkChain(v);
  return (a.flags & MAP_GROWSDOWN) !== 0 ? at + size : at;
}

/** Deletes a fresh anonymous shared object that never got linked; returns `err`. */
function dropUnused(ctx: VmContext, chain: readonly VmObject[], err: number): number {
  const o = chain[0];
  if (o !== undefined && o.kind === 'shm' && o.links.size === 0) ctx.objects.remove(o);
  return err;
}

/**
 * Removes [start, end) from `task`'s space (do_munmap, §4.2): areas inside go, areas across an
 * edge shrink, an area around the whole range splits in two (the upper part links the same
 * objects with fileOffset advanced); the range is unmapped from the page tables; objects that lost
 * their last link are settled. A segment attachment is detached whole (shmdt semantics).
 */
export function removeRange(ctx: VmContext, shm: ShmTable, task: Task, start: number, end: number): void {
  const space: VmSpace = task.space;
  const tid = space.anyTid();
  for (const v of space.intersecting(start, end)) {
    if (v.chain[0]?.segment !== undefined) {
      shm.detach(task, v);
      continue;
    }
    const lo = Math.max(v.start, start);
    const hi = Math.min(v.end, end);
    if (tid >= 0) ctx.port.unmap(lo, (hi - lo) / 4096, tid);
    if (lo === v.start && hi === v.end) {
      space.remove(v);
      unlinkVma(ctx, v);
    } else if (lo === v.start) {
      v.fileOffset += (hi - v.start) / 4096;
      v.start = hi;
    } else if (hi === v.end) {
      v.end = lo;
    } else {
      const upper = new Vma(space, hi, v.end, v.flags, v.fileOffset + (hi - v.start) / 4096, [...v.chain]);
      v.end = lo;
      space.insert(upper);
      linkChain(upper);
    }
  }
}

/** munmap(start, length): 0, or -EINVAL (unaligned start, length 0, range outside the areas). */
export function doMunmap(ctx: VmContext, shm: ShmTable, task: Task, start: number, length: number): number {
  start >>>= 0;
  length >>>= 0;
  if ((start & 0xfff) !== 0 || length === 0) return -EINVAL;
  const end = start + Math.ceil(length / 4096) * 4096;
  if (!mappable(start, end)) return -EINVAL;
  removeRange(ctx, shm, task, start, end);
  return 0;
}

/**
 * msync(start, length, flags): writes back the dirty pages of shared file mappings in the range
 * (one vfs.write per dirty page, then one size update per file; the fix of A4). 0, -EINVAL
 * (unaligned start, length 0), -ENOMEM (part of the range is not mapped), or a VFS error.
 */
export function doMsync(ctx: VmContext, task: Task, start: number, length: number): number {
  start >>>= 0;
  length >>>= 0;
  if ((start & 0xfff) !== 0 || length === 0) return -EINVAL;
  const end = start + Math.ceil(length / 4096) * 4096;
  if (end > 0x100000000) return -EINVAL;
  const vmas = task.space.intersecting(start, end);
  let covered = 0;
  for (const v of vmas) covered += Math.min(v.end, end) - Math.max(v.start, start);
  if (covered !== end - start) return -ENOMEM;
  for (const v of vmas) {
    const o = v.chain[0]!;
    if ((v.flags & VMA_SHARED) === 0 || o.kind !== 'vfsfile') continue;
    const lo = v.offsetOf(Math.max(v.start, start));
    const hi = v.offsetOf(Math.min(v.end, end));
    const r = flushFile(ctx, o, lo, hi);
    if (r < 0) return r;
  }
  return 0;
}
