import { MAP_USR_RO_FLAGS } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import type { Page, VmObject } from './object.ts';

/**
 * Page-in for every object kind (Codezero's pager ops, §2.3) and write-back of VFS file pages
 * through the VFS (file_page_out, §5.4), with the fixes: new frames are always zeroed (A7), a
 * file page is read only on a cache miss, and a flush sends exactly one write per dirty page plus
 * one size update (scenario 29).
 */

/** A page-in failure: out of frames, or the VFS refused (its errno). */
export type PageInResult = Page | { errno: number };

/**
 * The resident page of `o` at page offset `off`, bringing it in when the object can: devzero gives
 * the zero frame, a boot file its image frame (never cached, never freed), a VFS file reads through
 * vfs.read into a fresh frame, shm zero-fills a fresh frame. A shadow only has what it holds:
 * undefined on a miss. -ENOMEM when no frame is left; a VFS error as its errno.
 */
export function pageIn(ctx: VmContext, o: VmObject, off: number): PageInResult | undefined {
  const have = o.pages.get(off);
  if (have !== undefined) return have;
  switch (o.kind) {
    case 'devzero':
      return o.pages.get(0)!;
    case 'bootfile':
      if (off < 0 || off >= o.npages) return { errno: 14 /* EFAULT */ };
      return { pa: o.physBase + off * 4096, dirty: false };
    case 'shadow':
      return undefined;
    case 'shm': {
      if (off < 0 || off >= o.npages) return { errno: 14 };
      const pa = ctx.frames.alloc();
      if (pa < 0) return { errno: 12 /* ENOMEM */ };
      ctx.port.zeroFrame(pa);
      ctx.stats.zeroFills++;
      const page = { pa, dirty: false };
      o.pages.set(off, page);
      return page;
    }
    case 'vfsfile': {
      if (off < 0 || off >= 0x80000) return { errno: 27 /* EFBIG */ };
      const pa = ctx.frames.alloc();
      if (pa < 0) return { errno: 12 };
      ctx.port.zeroFrame(pa);
      const r = ctx.vfs.read(o.vnum, off, [pa]);
      if (r < 0) {
        ctx.frames.unref(pa);
        return { errno: -r };
      }
      ctx.stats.fileReads++;
      const page = { pa, dirty: false };
      o.pages.set(off, page);
      return page;
    }
  }
}

/**
 * A fresh zeroed cache page of file `o` at `off` without reading the VFS: for writes that start at
 * or past the end of the file, where the store holds nothing. -ENOMEM when no frame is left.
 */
export function newFilePage(ctx: VmContext, o: VmObject, off: number): PageInResult {
  const pa = ctx.frames.alloc();
  if (pa < 0) return { errno: 12 };
  ctx.port.zeroFrame(pa);
  const page = { pa, dirty: false };
  o.pages.set(off, page);
  return page;
}

/**
 * Write-back (file_page_out then PAGER_UPDATE_STATS): every dirty page of file `o` whose offset is
 * in [fromOff, toOff) and lies below the file's length goes to vfs.write, one call per page; the
 * page is clean again and every mapping of it becomes read-only, so the next store dirties it
 * anew. Then one vfs.updateStats when anything was written or the length changed. Returns 0 or
 * the first VFS error (the page stays dirty).
 */
export function flushFile(ctx: VmContext, o: VmObject, fromOff = 0, toOff = Infinity): number {
  if (o.kind !== 'vfsfile') return 0;
  let wrote = false;
  const offs = [...o.pages.keys()].filter((k) => k >= fromOff && k < toOff).sort((a, b) => a - b);
  for (const off of offs) {
    const page = o.pages.get(off)!;
    if (!page.dirty) continue;
    if (off * 4096 >= o.length) {
      page.dirty = false; // past the end: nothing of the file lives there
      continue;
    }
    const r = ctx.vfs.write(o.vnum, off, [page.pa]);
    if (r < 0) return r;
    ctx.stats.fileWrites++;
    page.dirty = false;
    wrote = true;
    protectPage(ctx, o, off, page);
  }
  if (wrote || o.length !== o.syncedLength) {
    const r = ctx.vfs.updateStats(o.vnum, o.length);
    if (r < 0) return r;
    o.syncedLength = o.length;
  }
  return 0;
}

/** Maps page `off` of `o` read-only wherever a shared area maps it (pmap_page_protect). */
export function protectPage(ctx: VmContext, o: VmObject, off: number, page: Page): void {
  for (const v of o.links) {
    if (v.chain[0] !== o) continue;
    const va = v.addressOf(off);
    const tid = v.space.anyTid();
    if (va < 0 || tid < 0) continue;
    if (((ctx.port.pte(tid, va) & 0xfffff000) >>> 0) === page.pa) ctx.port.map(page.pa, va, 1, MAP_USR_RO_FLAGS, tid);
  }
}

/** Releases every page `o` owns back to the frame allocator (boot and zero frames excepted). */
export function freePages(ctx: VmContext, o: VmObject): void {
  if (o.kind !== 'devzero' && o.kind !== 'bootfile') {
    for (const p of o.pages.values()) ctx.frames.unref(p.pa);
  }
  o.pages.clear();
}
