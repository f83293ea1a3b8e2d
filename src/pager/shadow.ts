import { MAP_USR_RO_FLAGS } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import type { VmObject } from './object.ts';
import { flushFile, freePages } from './pagecache.ts';
import { VMA_SHARED, type Vma, type VmSpace } from './vma.ts';

/**
 * Shadow objects: creation, fork's freeze, and the collapse rules that keep chains short (§2.5,
 * §2.6, 4.4BSD vm_object_collapse). Shadows form chains like this one, two forks after a write:
 *
 *   parent vma.chain          child vma.chain
 *     [S3 writable]             [S4 writable]
 *          \                       /
 *           +--> [S2 frozen] <----+          S2.shadowers = {S3, S4}, S2.links = {pv, cv}
 *                    |
 *                [S1 frozen]                  (its pages are visible through S2)
 *                    |
 *                 [devzero]
 *
 * The rules, applied by settle() whenever an object loses a link or a shadower:
 *  1. delete: an object with no links (and, for files, no openers; for shm, no holders) goes; a
 *     shadow's pages go back to the allocator, a file's dirty pages are written back first.
 *  2. merge: a shadow whose only shadower F is reached through every one of its links (F.links =
 *     its links) is folded into F: pages F lacks move into F, the rest are freed, F shadows its
 *     original. (The original's rule: one link and one shadower.)
 *  3. unfreeze: a frozen shadow with no shadowers whose links all belong to one space is writable
 *     again: nothing else can see its pages.
 * and by bypassAfterCopy() after each copy-on-write:
 *  4. bypass: when the writable front F holds every page of the shadow S behind it, S is dropped
 *     from F's chains (the original compared page counts only, which is not coverage).
 */

/** A new writable shadow in front of `orig` (not yet in any chain). */
export function newShadow(ctx: VmContext, orig: VmObject): VmObject {
  const s = ctx.objects.create('shadow', orig.name);
  s.writable = true;
  s.orig = orig;
  orig.shadowers.add(s);
  return s;
}

/**
 * vm_freeze_shadows: for every private area of `space` whose front is a writable shadow, the
 * shadow becomes read-only and each of its pages is remapped read-only in the space's page
 * tables, at the page's real address (fixing bug A8: offsets are relative to fileOffset, and pages
 * outside the area are skipped). Precondition: `tid` is a thread of `space`.
 */
export function freezeShadows(ctx: VmContext, space: VmSpace, tid: number): void {
  const frozen = new Set<VmObject>();
  for (const v of space.vmas) {
    const front = v.chain[0]!;
    if ((v.flags & VMA_SHARED) !== 0 || front.kind !== 'shadow') continue;
    if (!front.writable && !frozen.has(front)) continue;
    front.writable = false;
    frozen.add(front);
    remapReadOnly(ctx, v, front, tid);
  }
}

/** Maps every page of `o` that `v` covers read-only in `tid`'s space (where it is mapped). */
function remapReadOnly(ctx: VmContext, v: Vma, o: VmObject, tid: number): void {
  const lo = v.fileOffset;
  const hi = v.fileOffset + v.npages;
  for (const [off, page] of o.pages) {
    if (off < lo || off >= hi) continue;
    const va = v.start + (off - lo) * 4096;
    if (ctx.port.pte(tid, va) !== 0) ctx.port.map(page.pa, va, 1, MAP_USR_RO_FLAGS, tid);
  }
}

/** True when `o` may be deleted now (rule 1). */
function deletable(o: VmObject): boolean {
  if (o.links.size > 0) return false;
  switch (o.kind) {
    case 'devzero': return false;
    case 'shadow': return true;
    case 'shm': return o.segment === undefined || o.segment.holders.size === 0;
    case 'bootfile':
    case 'vfsfile': return o.openers === 0;
  }
}

/**
 * Applies rules 1-3 to `o` and, as objects disappear, to what they shadowed.
 *
 * Invariants:
 *  1. On entry the chain invariants hold for every area (chain[i+1] = chain[i].orig).
 *  2. A deleted object has no links and no shadowers, so no page table maps its frames.
 *  3. A merged shadow's frames either move into its shadower (mapped read-only where mapped) or
 *     are shadowed there, hence unmapped in every space that links the shadower.
 */
export function settle(ctx: VmContext, start: VmObject): void {
  let o: VmObject | undefined = start;
  while (o !== undefined) {
    if (!ctx.objects.objects.has(o)) return;
    if (deletable(o)) {
      const orig: VmObject | undefined = o.orig;
      deleteObject(ctx, o);
      o = orig;
      continue;
    }
    if (o.kind === 'shadow' && o.shadowers.size === 1) {
      const front = [...o.shadowers][0]!;
      if (front.links.size === o.links.size) {
        merge(ctx, o, front);
        return;
      }
    }
    if (o.kind === 'shadow' && !o.writable && o.shadowers.size === 0 && oneSpace(o)) o.writable = true;
    return;
  }
}

/** True when every link of `o` belongs to the same space. */
function oneSpace(o: VmObject): boolean {
  let sp: VmSpace | undefined;
  for (const v of o.links) {
    if (sp !== undefined && v.space !== sp) return false;
    sp = v.space;
  }
  return true;
}

/** Deletes `o` (rule 1): write-back for files, frames freed, unhooked from its original. */
function deleteObject(ctx: VmContext, o: VmObject): void {
  if (o.kind === 'vfsfile') flushFile(ctx, o);
  freePages(ctx, o);
  if (o.orig !== undefined) o.orig.shadowers.delete(o);
  o.orig = undefined;
  if (o.segment !== undefined) {
    ctx.segments.delete(o.segment.shmid);
    o.segment = undefined;
  }
  ctx.objects.remove(o);
}

/** Rule 2: folds shadow `s` into its only shadower `front`. */
function merge(ctx: VmContext, s: VmObject, front: VmObject): void {
  for (const [off, page] of s.pages) {
    if (front.pages.has(off)) ctx.frames.unref(page.pa);
    else front.pages.set(off, page);
  }
  s.pages.clear();
  const orig = s.orig!;
  orig.shadowers.delete(s);
  orig.shadowers.add(front);
  front.orig = orig;
  s.shadowers.clear();
  for (const v of s.links) v.chain.splice(v.chain.indexOf(s), 1);
  s.links.clear();
  s.orig = undefined;
  ctx.objects.remove(s);
  ctx.stats.merges++;
}

/**
 * Rule 4, after a copy-on-write into `v`'s writable front: when the front holds every page of the
 * shadow behind it, that shadow leaves the chains of every area linking the front, then is settled
 * (deleted, merged or unfrozen for the spaces that still use it).
 */
export function bypassAfterCopy(ctx: VmContext, v: Vma): void {
  const front = v.chain[0]!;
  const behind = v.chain[1];
  if (behind === undefined || behind.kind !== 'shadow' || !front.writable) return;
  if (behind.pages.size > front.pages.size) return;
  for (const off of behind.pages.keys()) if (!front.pages.has(off)) return;
  for (const fv of front.links) {
    fv.chain.splice(fv.chain.indexOf(behind), 1);
    behind.links.delete(fv);
  }
  behind.shadowers.delete(front);
  front.orig = behind.orig;
  behind.orig!.shadowers.add(front);
  ctx.stats.collapses++;
  settle(ctx, behind);
}

/**
 * Takes area `v` out of every object's links (exit, munmap, shmdt, execve) and settles each
 * object, front first, so shadows collapse or die and chains do not grow.
 */
export function unlinkVma(ctx: VmContext, v: Vma): void {
  const chain = [...v.chain];
  for (const o of chain) o.links.delete(v);
  v.chain.length = 0;
  for (const o of chain) settle(ctx, o);
}
