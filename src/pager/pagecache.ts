import { MAP_USR_RO_FLAGS } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import type { Page, VmObject } from './object.ts';

/**
 * Page-in for every object kind (Codezero's pager ops, §2.3) and write-back of VFS file pages
 * through the VFS (file_page_out, §5.4), with the fixes: new frames are always zeroed (A7), a
 * file page is read only on a cache miss, and a flush writes each dirty page exactly once (runs of
 * consecutive pages share a call) plus one size update (scenario 29).
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
      // vfs.read fills the whole frame (holes and bytes past the size as zeros): no zeroing first.
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
 * A fresh cache page of file `o` at `off` without reading the VFS: for writes that start at or
 * past the end of the file, where the store holds nothing, or that overwrite the whole page.
 * Zeroed unless `zero` is false, which the caller may pass only when it overwrites all 4096 bytes
 * before anything can see the page. -ENOMEM when no frame is left.
 */
export function newFilePage(ctx: VmContext, o: VmObject, off: number, zero = true): PageInResult {
  const pa = ctx.frames.alloc();
  if (pa < 0) return { errno: 12 };
  if (zero) ctx.port.zeroFrame(pa);
  const page = { pa, dirty: false };
  o.pages.set(off, page);
  return page;
}

/** Most pages one vfs.read or vfs.write carries (read-ahead inside a READ, runs on write-back). */
export const IO_BATCH = 64;
const batch: number[] = [];

/**
 * Brings every page of file `o` in [first, last] into the cache: each run of missing pages (at
 * most IO_BATCH) is one vfs.read into fresh frames (fileReads counts pages). 0, or -ENOMEM, -EFBIG
 * or the VFS's error, with the run's frames given back and the pages before it kept.
 */
export function pageInRange(ctx: VmContext, o: VmObject, first: number, last: number): number {
  if (first < 0 || last >= 0x80000) return -27; // EFBIG
  for (let off = first; off <= last;) {
    if (o.pages.has(off)) {
      off++;
      continue;
    }
    batch.length = 0;
    for (let k = off; k <= last && batch.length < IO_BATCH && !o.pages.has(k); k++) {
      const pa = ctx.frames.alloc();
      if (pa < 0) {
        for (const f of batch) ctx.frames.unref(f);
        return -12; // ENOMEM
      }
      batch.push(pa);
    }
    const r = ctx.vfs.read(o.vnum, off, batch);
    if (r < 0) {
      for (const f of batch) ctx.frames.unref(f);
      return r;
    }
    ctx.stats.fileReads += batch.length;
    for (const pa of batch) o.pages.set(off++, { pa, dirty: false });
  }
  return 0;
}

/**
 * Write-back (file_page_out then PAGER_UPDATE_STATS): every dirty page of file `o` whose offset is
 * in [fromOff, toOff) and lies below the file's length goes to the VFS exactly once: consecutive
 * dirty pages travel together, up to IO_BATCH per vfs.write (the wire protocol's PAGER_WRITE per
 * page, batched; fileWrites counts pages). Each page is clean again and every mapping of it becomes
 * read-only, so the next store dirties it anew. Then one vfs.updateStats when anything was written
 * or the length changed. Returns 0 or the first VFS error (the pages of that call stay dirty).
 */
export function flushFile(ctx: VmContext, o: VmObject, fromOff = 0, toOff = Infinity): number {
  if (o.kind !== 'vfsfile') return 0;
  let wrote = false;
  const offs: number[] = [];
  for (const [off, page] of o.pages) {
    if (!page.dirty || off < fromOff || off >= toOff) continue;
    if (off * 4096 >= o.length) page.dirty = false; // past the end: nothing of the file lives there
    else offs.push(off);
  }
  offs.sort((a, b) => a - b);
  for (let i = 0; i < offs.length;) {
    const start = offs[i]!;
    let n = 1;
    while (i + n < offs.length && n < IO_BATCH && offs[i + n] === start + n) n++;
    batch.length = 0;
    for (let k = 0; k < n; k++) batch.push(o.pages.get(start + k)!.pa);
    const r = ctx.vfs.write(o.vnum, start, batch);
    if (r < 0) return r;
    ctx.stats.fileWrites += n;
    for (let k = 0; k < n; k++) {
      const page = o.pages.get(start + k)!;
      page.dirty = false;
      protectPage(ctx, o, start + k, page);
    }
    wrote = true;
    i += n;
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
