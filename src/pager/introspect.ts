import type { VmContext } from './context.ts';
import type { Page, VmObject } from './object.ts';
import type { Task } from './task.ts';
import { VM_EXEC, VM_READ, VM_WRITE, VMA_SHARED, type Vma } from './vma.ts';

/**
 * The pager's optional debug hooks (src/kernel/service.ts): how a fault was resolved, for
 * `--trace fault` (KernelPort.noteFault), and a task's VM areas with their object chains, for
 * `monitor vm TID` and `czemu debug`'s `vm TID` (PagerIntrospection.describeVm). Nothing here
 * changes pager state; fault.ts calls in at the places a fault is resolved.
 */

/** The counters a fault resolution moves, taken before it (see faultHow). */
export interface FaultMark {
  zeroFills: number;
  cows: number;
  fileReads: number;
}

/** Snapshot of the counters, taken before resolving a fault. */
export function faultMark(ctx: VmContext): FaultMark {
  const s = ctx.stats;
  return { zeroFills: s.zeroFills, cows: s.cows, fileReads: s.fileReads };
}

/**
 * How a fault was resolved, in a few words, from what the resolution did since `mark`: a file
 * page read in ('file read'), a frame zeroed ('zero-fill'), a page copied ('cow copy'); several
 * joined by ", " in that order. A fault that only mapped an existing page says which: the area's
 * own page ('own page'), the global zero page read-only ('zero page'), or a page of the shared
 * object or of a lower object of a private chain, read-only ('shared').
 */
export function faultHow(ctx: VmContext, mark: FaultMark, vma: Vma, page: Page, rw: boolean): string {
  const s = ctx.stats;
  const did: string[] = [];
  if (s.fileReads !== mark.fileReads) did.push('file read');
  if (s.zeroFills !== mark.zeroFills) did.push('zero-fill');
  if (s.cows !== mark.cows) did.push('cow copy');
  if (did.length > 0) return did.join(', ');
  if ((vma.flags & VMA_SHARED) !== 0) return 'shared';
  if (page.pa === ctx.objects.devzero.pages.get(0)!.pa) return 'zero page';
  return rw ? 'own page' : 'shared';
}

/** How an object is named in a chain: "shadow#12", "bootfile hello", "file vnode 3", "devzero". */
export function objectName(o: VmObject): string {
  switch (o.kind) {
    case 'shadow': return `shadow#${o.id}${o.writable ? '' : ' (frozen)'}`;
    case 'bootfile': return `bootfile ${o.name}`;
    case 'vfsfile': return `file ${o.name}`;
    case 'shm': return `shm ${o.name}`;
    default: return 'devzero';
  }
}

function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * One line per VM area of `task`, in address order:
 *
 *   0x10000000-0x10001000 r-x private  bootfile hello (pgoff 0)
 *   0x10001000-0x10002000 rw- private  shadow#5 [1 page] -> bootfile hello (pgoff 1)
 *
 * range, r/w/x, private or shared, then the object chain front first; a shadow shows how many
 * pages it holds, and the last object the page offset of the area's first page.
 */
export function describeTaskVm(task: Task): string {
  const space = task.space;
  const others = [...space.tids].filter((t) => t !== task.tid).sort((a, b) => a - b);
  const head = `task ${task.tid} (${task.name}): space ${space.spid}, ${space.vmas.length} areas`
    + (others.length > 0 ? `, shared with ${others.join(', ')}` : '');
  const lines = [head];
  for (const v of space.vmas) {
    const prot = ((v.flags & VM_READ) !== 0 ? 'r' : '-') + ((v.flags & VM_WRITE) !== 0 ? 'w' : '-')
      + ((v.flags & VM_EXEC) !== 0 ? 'x' : '-');
    const chain = v.chain.map((o, i) => {
      const name = objectName(o);
      const pages = o.kind === 'shadow' ? ` [${o.pages.size} page${o.pages.size === 1 ? '' : 's'}]` : '';
      return i === v.chain.length - 1 ? `${name}${pages} (pgoff ${v.fileOffset})` : `${name}${pages}`;
    });
    const kind = (v.flags & VMA_SHARED) !== 0 ? 'shared ' : 'private';
    lines.push(`${hex8(v.start)}-${hex8(v.end)} ${prot} ${kind}  ${chain.join(' -> ')}`);
  }
  return lines.join('\n');
}
