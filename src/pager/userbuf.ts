import type { VmContext } from './context.ts';
import { resolveFault } from './fault.ts';
import type { Task } from './task.ts';

/**
 * The user buffer of a READ or WRITE as physical addresses, one per page it touches. The pager is
 * the task's pager, so it resolves a page that is missing or read-only itself, with the access the
 * copy needs (resolveFault, as a kernel page-in would), instead of going through the kernel's
 * UserMemory: that allocated a buffer for the whole transfer and, for a read() into an untouched
 * page, cost two page-ins (a read fault mapping the page read-only, then a write upgrade).
 *
 * Invariants:
 *  1. Every page of [va, va+len) is resolved before anything is copied, so a buffer that runs into
 *     an unmapped or read-only area fails with nothing changed (-EFAULT), as UserMemory did.
 *  2. A page counts as accessible only when its small-page descriptor grants user access (AP 10
 *     read, AP 11 read/write): never a kernel-only page, never a write to a read-only page, so
 *     file data cannot land in a copy-on-write page another task shares (A3). A frame outside RAM
 *     (a device page) is refused too: KernelPort.copyPhys works on RAM only.
 *  3. The addresses are valid until the pager next changes this space's mappings; the caller
 *     copies before it resolves any other fault.
 */

/** Pages a transfer of at most MAX_IO (1 MB) bytes can touch at any alignment. */
const MAX_PAGES = (1 << 20) / 4096 + 1;
/** Resolution attempts per page, as the kernel's page-in (a read fault, then a write upgrade). */
const TRIES = 3;

/** The physical frame of each page of the last resolved buffer (reused: the host is single-threaded). */
export const userFrames = new Float64Array(MAX_PAGES);

/** True when small-page descriptor `pte` gives user mode the access (read, or read/write). */
function accessible(pte: number, write: boolean): boolean {
  if ((pte & 3) !== 2) return false;
  const ap = (pte >>> 4) & 3;
  return write ? ap === 3 : ap >= 2;
}

/**
 * Resolves the pages of `task`'s buffer [va, va+len) (va unsigned, len at most MAX_IO, the range
 * not wrapping) for reading or, with `write`, writing; fills userFrames[i] with the frame of page
 * i (page 0 holds va). Returns false when some page cannot be made accessible (the caller answers
 * -EFAULT; the pages resolved so far stay mapped, as after any fault).
 */
export function resolveUserBuffer(ctx: VmContext, task: Task, va: number, len: number, write: boolean): boolean {
  if (len <= 0) return true;
  const first = va >>> 12;
  const last = (va + len - 1) >>> 12;
  if (last - first + 1 > MAX_PAGES || va + len > 0x100000000) return false;
  const ram = ctx.port.ramEnd();
  for (let pg = first; pg <= last; pg++) {
    const pageVa = pg * 4096;
    let pte = ctx.port.pte(task.tid, pageVa);
    for (let i = 0; !accessible(pte, write); i++) {
      if (i >= TRIES) return false;
      if (!resolveFault(ctx, task.space, task.tid, pageVa, write, 0).ok) return false;
      pte = ctx.port.pte(task.tid, pageVa);
    }
    const pa = (pte & 0xfffff000) >>> 0;
    if (pa + 4096 > ram) return false; // a device page: no file data goes there
    userFrames[pg - first] = pa;
  }
  return true;
}
