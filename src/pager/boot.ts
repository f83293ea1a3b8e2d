import type { BootImageInfo } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import { ENV_END, ENV_START, STACK_END, STACK_START } from './task.ts';
import {
  linkChain, Vma, VM_EXEC, VM_READ, VM_WRITE, VMA_ANONYMOUS, VMA_PRIVATE, VmSpace,
} from './vma.ts';

/**
 * The address space of a boot task (task_setup_regions and task_mmap_regions, §2.1, §7): one boot
 * file object per image, mapped privately in runs of text (read/exec) and data (read/write,
 * copy-on-write into a shadow on the first store); an anonymous private stack (16 KB) and env
 * page over devzero; the mmap window from the image end to the stack.
 */
export function bootSpace(ctx: VmContext, img: BootImageInfo, spid: number): VmSpace {
  const space = new VmSpace(spid);
  const npages = (img.physEnd - img.physStart) / 4096;
  const file = ctx.objects.create('bootfile', img.name);
  file.physBase = img.physStart;
  file.npages = npages;
  file.length = img.physEnd - img.physStart;
  const writableAt = (va: number) => img.writable.some((w) => va >= w.start && va < w.end);
  for (let off = 0; off < npages;) {
    const w = writableAt(img.virtBase + off * 4096);
    let end = off + 1;
    while (end < npages && writableAt(img.virtBase + end * 4096) === w) end++;
    const flags = VMA_PRIVATE | VM_READ | (w ? VM_WRITE : VM_EXEC);
    const v = new Vma(space, img.virtBase + off * 4096, img.virtBase + end * 4096, flags, off, [file]);
    space.insert(v);
    linkChain(v);
    off = end;
  }
  for (const [start, end] of [[STACK_START, STACK_END], [ENV_START, ENV_END]] as const) {
    if (!space.isFree(start, end)) continue;
    const v = new Vma(space, start, end, VMA_PRIVATE | VMA_ANONYMOUS | VM_READ | VM_WRITE, 0, [ctx.objects.devzero]);
    space.insert(v);
    linkChain(v);
  }
  space.mapStart = img.virtBase + npages * 4096;
  space.mapEnd = STACK_START;
  return space;
}
