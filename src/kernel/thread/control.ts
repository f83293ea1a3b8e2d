import { CTX_LR, CTX_WORDS } from '../arch/machine.ts';
import { EACTIVE, EINTR, EINVAL, ENOMEM, EPERM, ESRCH } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import { EXREGS_SET_PAGER, type ExregsData, type TaskIds } from '../service.ts';
import { KernelPoolExhausted } from '../space/kpool.ts';
import { AddressSpace } from '../space/space.ts';
import { L4_NILTHREAD, PRIO_NORMAL, PRIO_PAGER, Tcb } from './tcb.ts';

/** thread_control actions and create flags (ABI §2.3, values of 44c3402). */
export const THREAD_CREATE = 0;
export const THREAD_RUN = 1;
export const THREAD_SUSPEND = 2;
export const THREAD_RESUME = 3;
export const THREAD_DESTROY = 4;
export const THREAD_ACTION_MASK = 0x000f;
export const THREAD_CREATE_MASK = 0x00f0;
export const THREAD_NEW_SPACE = 0x10;
export const THREAD_COPY_SPACE = 0x20;
export const THREAD_SAME_SPACE = 0x30;

/**
 * czemu's privilege rule (Codezero checked nothing): `caller` may control `target` when it is a
 * hosted service (undefined), the target itself, its pager, its creator, or a thread of its space.
 */
export function mayManage(caller: Tcb | undefined, target: Tcb): boolean {
  if (caller === undefined) return true;
  return caller === target || caller.tid === target.pager || caller.tid === target.creator
    || (caller.space !== undefined && caller.space === target.space);
}

/**
 * The thread of space `spid` whose context COPY/SAME_SPACE clones: the one blocked in IPC with
 * `caller` if any (the requester of a fork), else the most recently created (Codezero's rule).
 */
function findSpaceThread(k: Kernel, spid: number, caller: Tcb | undefined): Tcb | undefined {
  let latest: Tcb | undefined;
  for (const t of k.threads.values()) {
    if (t.spid !== spid || t.space === undefined || k.services.has(t.tid)) continue;
    if (caller !== undefined && (t.ipcFrom === caller.tid || t.ipcTo === caller.tid)) return t;
    if (latest === undefined || t.tid > latest.tid) latest = t;
  }
  return latest;
}

/**
 * THREAD_CREATE (ABI §2.3): a new INACTIVE thread per `flags` (NEW/COPY/SAME_SPACE); `ids` is
 * in/out. Returns 0, -EINVAL (bad flags), -ESRCH (no thread in ids.spid for COPY/SAME), -EPERM
 * (caller may not clone that space), -ENOMEM (id pools or kernel pool exhausted).
 */
export function createThread(k: Kernel, caller: Tcb | undefined, flags: number, ids: TaskIds, name: string): number {
  if (flags !== THREAD_NEW_SPACE && flags !== THREAD_COPY_SPACE && flags !== THREAD_SAME_SPACE) return -EINVAL;
  let found: Tcb | undefined;
  if (flags !== THREAD_NEW_SPACE) {
    found = findSpaceThread(k, ids.spid, caller);
    if (found === undefined) return -ESRCH;
    if (!mayManage(caller, found)) return -EPERM;
  }
  const tid = k.tids.allocate(ids.tid);
  if (tid < 0) return -ENOMEM;
  let space: AddressSpace;
  let spid: number;
  let tgid = tid;
  try {
    if (flags === THREAD_SAME_SPACE) {
      space = found!.space!;
      spid = found!.spid;
      if (ids.tgid === found!.tgid) tgid = found!.tgid;
    } else {
      spid = k.spids.allocate(ids.spid);
      if (spid < 0) return -ENOMEM;
      space = new AddressSpace(spid, k.arch, k.pool, k.shared);
      k.spaces.set(spid, space);
      if (flags === THREAD_COPY_SPACE) space.copyFrom(found!.space!);
    }
  } catch (e) {
    if (e instanceof KernelPoolExhausted) return -ENOMEM;
    throw e;
  }
  const t = new Tcb(tid, spid, tgid, found?.name ?? name);
  t.space = space;
  space.refs++;
  t.creator = caller?.tid ?? L4_NILTHREAD;
  t.priority = tid === 0 ? PRIO_PAGER : PRIO_NORMAL;
  if (found !== undefined) {
    // The child resumes as if returning from the found thread's last syscall (pc = lr_usr).
    t.ctx.set(found.ctx.subarray(0, CTX_WORDS));
    t.ctx[CTX_LR] = 0;
    t.pager = found.pager;
    const half = Math.floor(found.sliceLeft / 2);
    found.sliceLeft -= half;
    t.sliceLeft = half;
  }
  k.addThread(t);
  ids.tid = tid;
  ids.spid = spid;
  ids.tgid = tgid;
  return 0;
}

/** Looks `tid` up for control by `caller`: the thread, or -ESRCH / -EPERM (services: -EPERM). */
export function controlled(k: Kernel, caller: Tcb | undefined, tid: number): Tcb | number {
  const t = k.thread(tid);
  if (t === undefined) return -ESRCH;
  if (k.services.has(tid) || !mayManage(caller, t)) return -EPERM;
  return t;
}

/** THREAD_RUN / THREAD_RESUME: 0, -ESRCH, -EPERM, or -EINVAL if it is not INACTIVE. */
export function runThread(k: Kernel, caller: Tcb | undefined, tid: number): number {
  const t = controlled(k, caller, tid);
  if (typeof t === 'number') return t;
  if (t.state !== 'inactive') return -EINVAL;
  k.makeRunnable(t);
  return 0;
}

/**
 * THREAD_SUSPEND: makes the thread INACTIVE; a thread blocked in IPC returns -EINTR from it
 * (a thread waiting on a page fault will simply fault again when resumed). 0, -ESRCH, -EPERM.
 */
export function suspendThread(k: Kernel, caller: Tcb | undefined, tid: number): number {
  const t = controlled(k, caller, tid);
  if (typeof t === 'number') return t;
  if (t.state === 'inactive') return 0;
  if (t.state === 'send' || t.state === 'recv') {
    k.detachIpc(t);
    if (t.faulting) t.faulting = false;
    else t.ctx[0] = -EINTR;
  }
  k.sched.remove(t);
  t.state = 'inactive';
  if (k.current === t) k.current = undefined;
  return 0;
}

/** THREAD_DESTROY: 0 (Codezero returned -EINVAL even on success), -ESRCH, -EPERM. */
export function destroyThread(k: Kernel, caller: Tcb | undefined, tid: number, status: number): number {
  const t = controlled(k, caller, tid);
  if (typeof t === 'number') return t;
  k.destroyThread(t, status);
  return 0;
}

/**
 * exchange_registers @44c3402 (ABI §2.4): copies the context words selected by validVect (bit n =
 * word n: r0-r12, sp, lr, pc) and, with EXREGS_SET_PAGER, the pager. Returns 0, -ESRCH, -EPERM or
 * -EACTIVE (the thread is not INACTIVE). Saved contexts are always user mode in czemu, so the
 * original's -EPERM for a kernel-mode context cannot arise.
 */
export function exchangeRegisters(k: Kernel, caller: Tcb | undefined, tid: number, d: ExregsData): number {
  const t = controlled(k, caller, tid);
  if (typeof t === 'number') return t;
  if (t.state !== 'inactive') return -EACTIVE;
  for (let i = 0; i < 16; i++) if ((d.validVect & (1 << i)) !== 0) t.ctx[i] = d.regs[i]!;
  if ((d.flags & EXREGS_SET_PAGER) !== 0) t.pager = d.pagerId;
  return 0;
}
