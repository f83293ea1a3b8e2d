import type { VmContext } from './context.ts';
import type { VmObject } from './object.ts';
import type { Task } from './task.ts';
import type { VmSpace } from './vma.ts';

/** An integrity invariant failed: a pager bug (Codezero BUG()ed; czemu throws this). */
export class PagerIntegrityError extends Error {
  override readonly name = 'PagerIntegrityError';
}

/**
 * Checks every invariant of §2.9 (mm0_test_global_vm_integrity) and the stronger ones czemu's
 * structures allow. Returns the list of violations (empty when all hold):
 *  1. links: an object's links are exactly the live areas whose chains contain it (nlinks);
 *  2. shadowers: exactly the shadows whose orig is the object; the sum over all objects equals
 *     the number of shadow objects;
 *  3. chains: chain[i+1] is chain[i].orig for every shadow, the last object is not a shadow, no
 *     object twice, only chain[0] may be a writable shadow, and a writable shadow is linked from
 *     one space only;
 *  4. areas: page-aligned, non-empty, sorted, non-overlapping, owned by their space;
 *  5. files: the vnum table lists exactly the vfsfile objects; exactly one devzero;
 *  6. frames: each frame of a non-boot object belongs to the allocator with one reference and to
 *     one object only; frames in use = those frames + the zero frame;
 *  7. tasks: every task's thread is in its space's thread set; every segment's object is live.
 */
export function checkIntegrity(ctx: VmContext, tasks: ReadonlyMap<number, Task>): string[] {
  const bad: string[] = [];
  const spaces = new Set<VmSpace>();
  for (const t of tasks.values()) {
    spaces.add(t.space);
    if (!t.space.tids.has(t.tid)) bad.push(`task ${t.tid} missing from its space's threads`);
  }
  const reach = new Map<VmObject, number>();
  for (const sp of spaces) {
    let prevEnd = 0;
    for (const v of sp.vmas) {
      if (v.space !== sp) bad.push(`area at 0x${v.start.toString(16)} in a foreign space`);
      if ((v.start & 0xfff) !== 0 || (v.end & 0xfff) !== 0 || v.start >= v.end || v.start < prevEnd) {
        bad.push(`area [0x${v.start.toString(16)}, 0x${v.end.toString(16)}) misplaced`);
      }
      prevEnd = v.end;
      if (v.chain.length === 0) bad.push(`area at 0x${v.start.toString(16)} has an empty chain`);
      const seen = new Set<VmObject>();
      v.chain.forEach((o, i) => {
        if (!ctx.objects.objects.has(o)) bad.push(`${o.label()} in a chain but not registered`);
        if (seen.has(o)) bad.push(`${o.label()} twice in one chain`);
        seen.add(o);
        if (!o.links.has(v)) bad.push(`${o.label()} lacks a link to an area that chains it`);
        reach.set(o, (reach.get(o) ?? 0) + 1);
        if (o.kind === 'shadow' && o.orig !== v.chain[i + 1]) bad.push(`${o.label()}: orig is not the next object`);
        if (i === v.chain.length - 1 && o.kind === 'shadow') bad.push(`${o.label()} ends a chain`);
        if (i > 0 && o.kind === 'shadow' && o.writable) bad.push(`${o.label()} writable behind the front`);
      });
    }
  }
  let shadows = 0;
  let shadowerSum = 0;
  const owner = new Map<number, VmObject>();
  let frames = 1;
  let devzeros = 0;
  let files = 0;
  for (const o of ctx.objects.objects) {
    if (o.kind === 'shadow') shadows++;
    if (o.kind === 'devzero') devzeros++;
    if (o.kind === 'vfsfile') {
      files++;
      if (ctx.objects.files.get(o.vnum) !== o) bad.push(`${o.label()} missing from the file table`);
    }
    shadowerSum += o.shadowers.size;
    if ((reach.get(o) ?? 0) !== o.links.size) bad.push(`${o.label()}: ${o.links.size} links, ${reach.get(o) ?? 0} chains`);
    for (const s of o.shadowers) {
      if (s.orig !== o || !ctx.objects.objects.has(s)) bad.push(`${o.label()}: stale shadower ${s.label()}`);
    }
    if (o.orig !== undefined && !o.orig.shadowers.has(o)) bad.push(`${o.label()} not among its orig's shadowers`);
    if (o.kind === 'shadow' && o.writable) {
      const sp = new Set([...o.links].map((v) => v.space));
      if (sp.size > 1) bad.push(`${o.label()} writable but linked from ${sp.size} spaces`);
    }
    if (o.kind === 'devzero' || o.kind === 'bootfile') continue;
    for (const p of o.pages.values()) {
      const prev = owner.get(p.pa);
      if (prev !== undefined) bad.push(`frame 0x${p.pa.toString(16)} in ${prev.label()} and ${o.label()}`);
      owner.set(p.pa, o);
      frames++;
      if (!ctx.frames.owns(p.pa) || ctx.frames.refCount(p.pa) !== 1) {
        bad.push(`frame 0x${p.pa.toString(16)} of ${o.label()} has ${ctx.frames.refCount(p.pa)} references`);
      }
    }
  }
  if (shadows !== shadowerSum) bad.push(`${shadows} shadows but shadower counts sum to ${shadowerSum}`);
  if (devzeros !== 1) bad.push(`${devzeros} devzero objects`);
  if (files !== ctx.objects.files.size) bad.push(`${files} file objects, ${ctx.objects.files.size} in the table`);
  if (frames !== ctx.frames.inUse) bad.push(`${ctx.frames.inUse} frames in use, objects hold ${frames}`);
  for (const seg of ctx.segments.values()) {
    if (!ctx.objects.objects.has(seg.object) || seg.object.segment !== seg) bad.push(`segment ${seg.shmid} stale`);
  }
  return bad;
}
