import {
  EFAULT, ENOMEM, FSR_PREFETCH_BIT, MAP_USR_RO_FLAGS, MAP_USR_RW_FLAGS,
} from '../kernel/service.ts';
import { hex, type VmContext } from './context.ts';
import { faultHow, faultMark } from './introspect.ts';
import type { Page, VmObject } from './object.ts';
import { pageIn } from './pagecache.ts';
import { bypassAfterCopy, newShadow } from './shadow.ts';
import { VM_EXEC, VM_READ, VM_WRITE, VMA_SHARED, type Vma, type VmSpace } from './vma.ts';

/** Exit status of a task killed for an illegal access or an unservable fault (128 + SIGSEGV). */
export const STATUS_SEGV = 139;

/**
 * The access type of a fault, inferred as mm0 did (§2.4): ARMv5 has no write bit in the FSR, so a
 * data abort on a user read-only page (AP 0xAA0) is a write, on a user RW page (a stale fault)
 * RW; an unmapped or kernel-only page is a read; a prefetch abort is a read.
 */
export function faultIsWrite(fsr: number, pte: number): boolean {
  if ((fsr & FSR_PREFETCH_BIT) !== 0) return false;
  const prot = pte & 0xff0;
  return prot === 0xaa0 || prot === 0xff0;
}

/** Result of resolving a fault: done, or why the access cannot be served. */
export type FaultResult = { ok: true } | { ok: false; reason: string; errno: number };

const illegal = (reason: string): FaultResult => ({ ok: false, errno: EFAULT, reason });

/**
 * Resolves a fault of thread `tid` (of `space`) at `addr`, for a write or a read, from pc `pc`.
 *
 * Invariants (4.4BSD vm_fault.c style):
 *  1. The access must fall in an area whose flags allow it (read: VM_READ or VM_EXEC; write:
 *     VM_WRITE); otherwise the fault is illegal and the caller kills only this task (A15).
 *  2. A fault whose pte already allows the access is done (a duplicate or stale fault of threads
 *     sharing the space, A15): nothing is copied twice.
 *  3. Shared areas map the page of their front object (file cache or shm), read-only on a read
 *     fault of a file so that the first store is seen and marks the page dirty.
 *  4. Private read faults map the first page found down the chain read-only, except a page of
 *     the writable front shadow, which is this space's own and maps read/write.
 *  5. Private write faults copy into the writable front shadow, creating it when the front is not
 *     one (never existed, or frozen by fork); then the chain may be bypassed (shadow.ts rule 4).
 *  6. Frames are zeroed or fully overwritten before they are mapped; a frame that cannot be
 *     allocated fails the fault with -ENOMEM and nothing changes.
 */
export function resolveFault(ctx: VmContext, space: VmSpace, tid: number, addr: number, write: boolean,
  pc: number): FaultResult {
  ctx.stats.faults++;
  const va = (addr & ~0xfff) >>> 0;
  const vma = space.find(va);
  if (vma === undefined) return illegal(`illegal access to ${hex(addr)} at pc ${hex(pc)}: no VM area`);
  if (write && (vma.flags & VM_WRITE) === 0) {
    return illegal(`illegal write to ${hex(addr)} at pc ${hex(pc)}: area is read-only`);
  }
  if (!write && (vma.flags & (VM_READ | VM_EXEC)) === 0) {
    return illegal(`illegal access to ${hex(addr)} at pc ${hex(pc)}: area has no access`);
  }
  const prot = ctx.port.pte(tid, va) & 0xff0;
  if (prot === 0xff0 || (!write && prot === 0xaa0)) return noted(ctx, tid, addr, 'already mapped');
  const mark = faultMark(ctx);
  const off = vma.offsetOf(va);
  const r = (vma.flags & VMA_SHARED) !== 0 ? sharedFault(ctx, vma, off, write)
    : write ? privateWrite(ctx, vma, off) : privateRead(ctx, vma, off);
  if ('errno' in r) {
    const why = r.errno === ENOMEM ? 'out of memory' : `page-in error ${-r.errno}`;
    return { ok: false, errno: r.errno, reason: `${why} at ${hex(addr)}, pc ${hex(pc)}` };
  }
  const m = ctx.port.map(r.page.pa, va, 1, r.rw ? MAP_USR_RW_FLAGS : MAP_USR_RO_FLAGS, tid);
  if (m < 0) return { ok: false, errno: ENOMEM, reason: `cannot map ${hex(addr)} (error ${m})` };
  if (r.copied) bypassAfterCopy(ctx, vma);
  return noted(ctx, tid, addr, faultHow(ctx, mark, vma, r.page, r.rw));
}

/** A resolved fault, told to the kernel's tracer (KernelPort.noteFault, introspect.ts). */
function noted(ctx: VmContext, tid: number, addr: number, how: string): FaultResult {
  ctx.port.noteFault?.(tid, addr, how);
  return { ok: true };
}

type Found = { page: Page; rw: boolean; copied?: boolean } | { errno: number };

/** Invariant 3. */
function sharedFault(ctx: VmContext, vma: Vma, off: number, write: boolean): Found {
  const o = vma.chain[0]!;
  const p = pageIn(ctx, o, off);
  if (p === undefined) return { errno: EFAULT };
  if ('errno' in p) return { errno: p.errno };
  if (o.kind === 'vfsfile') {
    if (write) p.dirty = true;
    return { page: p, rw: write };
  }
  return { page: p, rw: (vma.flags & VM_WRITE) !== 0 && o.kind !== 'devzero' && o.kind !== 'bootfile' };
}

/** The page at `off` found from chain[from] down, paging in from the bottom object if needed. */
function findDown(ctx: VmContext, chain: readonly VmObject[], from: number, off: number): Page | { errno: number } {
  for (let i = from; i < chain.length; i++) {
    const p = chain[i]!.pages.get(off);
    if (p !== undefined) return p;
  }
  const p = pageIn(ctx, chain[chain.length - 1]!, off);
  return p ?? { errno: EFAULT };
}

/** Invariant 4. */
function privateRead(ctx: VmContext, vma: Vma, off: number): Found {
  const front = vma.chain[0]!;
  const own = front.kind === 'shadow' && front.writable ? front.pages.get(off) : undefined;
  if (own !== undefined) return { page: own, rw: (vma.flags & VM_WRITE) !== 0 };
  const p = findDown(ctx, vma.chain, 0, off);
  if ('errno' in p) return p;
  return { page: p, rw: false };
}

/** Invariant 5. */
function privateWrite(ctx: VmContext, vma: Vma, off: number): Found {
  let front = vma.chain[0]!;
  if (front.kind === 'shadow' && front.writable) {
    const own = front.pages.get(off);
    if (own !== undefined) return { page: own, rw: true };
  }
  const pa = ctx.frames.alloc();
  if (pa < 0) return { errno: ENOMEM };
  if (!(front.kind === 'shadow' && front.writable)) {
    const s = newShadow(ctx, front);
    vma.chain.unshift(s);
    s.links.add(vma);
    front = s;
  }
  const src = findDown(ctx, vma.chain, 1, off);
  if ('errno' in src) {
    ctx.frames.unref(pa);
    return src;
  }
  if (src.pa === ctx.objects.devzero.pages.get(0)!.pa) {
    ctx.port.zeroFrame(pa);
    ctx.stats.zeroFills++;
  } else {
    ctx.port.copyFrame(pa, src.pa);
    ctx.stats.cows++;
  }
  const page = { pa, dirty: true };
  front.pages.set(off, page);
  return { page, rw: true, copied: true };
}
