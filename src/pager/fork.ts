import { EAGAIN, EINVAL, ENOMEM } from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import { copyFileTable } from './file.ts';
import {
  CLONE_FILES, CLONE_FS, CLONE_THREAD, CLONE_VM, TCB_SHARED_FILES, TCB_SHARED_FS,
} from './protocol.ts';
import { freezeShadows } from './shadow.ts';
import type { ShmTable } from './shm.ts';
import { Process, Task } from './task.ts';
import { linkChain, Vma, VmSpace } from './vma.ts';

/** thread_control create flags (ABI §2.3, 44c3402 values). */
export const THREAD_NEW_SPACE = 0x10;
export const THREAD_COPY_SPACE = 0x20;
export const THREAD_SAME_SPACE = 0x30;

/** What fork and clone need from the pager. */
export interface ForkHost {
  readonly ctx: VmContext;
  readonly shm: ShmTable;
  readonly tasks: Map<number, Task>;
  readonly maxTasks: number;
}

/** Options of a clone (undefined for fork). */
export interface CloneArgs {
  stack: number;
  flags: number;
}

/**
 * fork (tag 22) and clone (tag 26) as Codezero's clone.c did them (§3.2, §3.4), with the fixes of
 * A11, A12, A13 and K1. Returns the child's tid for the parent's reply, or -EAGAIN (--max-tasks),
 * -EINVAL (clone with a NULL stack), -ENOMEM (ids, page tables or utcb pages exhausted).
 *
 * Invariants:
 *  1. fork freezes the parent's writable shadows BEFORE the kernel copies its page tables, so
 *     the child inherits read-only ptes for every private page (copy-on-write both ways).
 *  2. The child's areas link the parent's objects in the same order; no page is copied. The
 *     parent's utcb attachment (and those of its other threads) is not inherited: the ptes are
 *     removed from the child (the FIXME of af03975); the child gets its own utcb page and segment, attached at its address.
 *  3. The child resumes from the parent's own request (the kernel copies the requesting thread,
 *     not the first of the space: K1) with MR0 = r3 = 0; a clone child also gets sp = stack.
 *  4. Clone without CLONE_VM is a real copy, as fork (A12); the fd table is shared only with
 *     CLONE_FILES and otherwise copied with fresh counts (A11).
 *  5. The VFS hears of the child (notifyFork) and the child is in the task list before it runs.
 */
export function doFork(h: ForkHost, parent: Task, clone?: CloneArgs): number {
  const { ctx, shm } = h;
  if (clone !== undefined && clone.stack === 0) return -EINVAL;
  if (h.tasks.size >= h.maxTasks) return -EAGAIN;
  const flags = clone?.flags ?? 0;
  const sameSpace = (flags & CLONE_VM) !== 0;
  const sameGroup = sameSpace && (flags & CLONE_THREAD) !== 0;
  if (!sameSpace) freezeShadows(ctx, parent.space, parent.tid);

  const ids = { tid: -1, spid: parent.space.spid, tgid: sameGroup ? parent.process.pid : -1 };
  const r = ctx.port.threadCreate(sameSpace ? THREAD_SAME_SPACE : THREAD_COPY_SPACE, ids, parent.name, parent.tid);
  if (r < 0) return r;
  const utcb = shm.allocUtcb();
  if (utcb === 0) {
    ctx.port.threadDestroy(ids.tid, 0);
    return -ENOMEM;
  }

  let space: VmSpace;
  if (sameSpace) {
    space = parent.space;
  } else {
    space = copySpace(parent, ids.spid);
    for (const v of parent.space.vmas) {
      if (v.chain[0]?.segment?.utcb === true) ctx.port.unmap(v.start, v.npages, ids.tid);
    }
  }
  space.tids.add(ids.tid);
  let files = parent.files;
  if ((flags & CLONE_FILES) !== 0) files.users++;
  else files = copyFileTable(parent.files);
  let proc = parent.process;
  if (sameGroup) {
    proc.threads++;
  } else {
    proc = new Process(ids.tid);
    proc.threads = 1;
    proc.parent = parent.process;
    parent.process.children.add(proc);
  }
  const child = new Task(ids.tid, parent.name, space, files, proc);
  child.utcb = utcb;
  if (!sameSpace) {
    for (const v of space.vmas) v.chain[0]?.segment?.holders.add(child.tid);
  }
  shm.setupUtcb(child);

  const regs = new Int32Array(16);
  let valid = 1 << 3;
  if (clone !== undefined) {
    regs[13] = clone.stack;
    valid |= 1 << 13;
  }
  ctx.port.exchangeRegisters(child.tid, { regs, validVect: valid, flags: 0, pagerId: 0 });
  const share = ((flags & CLONE_FILES) !== 0 ? TCB_SHARED_FILES : 0) | ((flags & CLONE_FS) !== 0 ? TCB_SHARED_FS : 0);
  ctx.vfs.notifyFork(parent.tid, child.tid, utcb, share);
  h.tasks.set(child.tid, child);
  ctx.port.threadRun(child.tid);
  return child.tid;
}

/**
 * The child's copy of `parent`'s areas (copy_vmas): same ranges, flags and offsets, new links to
 * the same objects; utcb attachments are left out.
 */
function copySpace(parent: Task, spid: number): VmSpace {
  const src = parent.space;
  const space = new VmSpace(spid);
  space.mapStart = src.mapStart;
  space.mapEnd = src.mapEnd;
  for (const v of src.vmas) {
    if (v.chain[0]?.segment?.utcb === true) continue;
    const c = new Vma(space, v.start, v.end, v.flags, v.fileOffset, [...v.chain]);
    space.vmas.push(c);
    linkChain(c);
  }
  return space;
}
