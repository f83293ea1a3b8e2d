import { EFAULT, EINVAL, ENOSYS } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import { PAGER_AREA_END, PAGER_AREA_START, USER_AREA_END, USER_AREA_START } from '../space/layout.ts';
import { copyToUser, copyWordsToUser } from '../space/usermem.ts';
import type { Tcb } from '../thread/tcb.ts';
import type { SyscallResult } from './result.ts';

/** kread request descriptors (ABI §2.6). */
export const KDATA_PAGE_MAP = 0;
export const KDATA_BOOTDESC = 1;
export const KDATA_BOOTDESC_SIZE = 2;
/** Virtual time: a tick every TICK_INSNS instructions, SCHED_TICKS ticks to a kernel second. */
export const TICK_INSNS = 10_000;
export const SCHED_TICKS = 100;

/** Scratch words for getid and time (syscalls run one at a time). */
const scratch = new Int32Array(3);

/** getid: writes {tid, spid, tgid} to *r0; 0, or -EFAULT for a bad pointer. */
export function sysGetid(k: Kernel, t: Tcb): SyscallResult {
  scratch[0] = t.tid;
  scratch[1] = t.spid;
  scratch[2] = t.tgid;
  return copyWordsToUser(k, t, t.ctx[0]! >>> 0, scratch, 3) ? 0 : -EFAULT;
}

/**
 * check_access's area rule (ABI §5.4): a buffer must lie in the caller's own area, the pager
 * area for tid 0 and the user area for everyone else. Returns true when [va, va+len) does.
 */
function inCallerArea(t: Tcb, va: number, len: number): boolean {
  const [lo, hi] = t.tid === 0 ? [PAGER_AREA_START, PAGER_AREA_END] : [USER_AREA_START, USER_AREA_END];
  return va >= lo && va + len <= hi;
}

/**
 * kread: r0 = request, r1 = buffer. rd < 0 → -EINVAL; unknown rd → -1 (as Codezero); a buffer
 * outside the caller's area → -EINVAL; one that cannot be paged in writable → -EFAULT.
 */
export function sysKread(k: Kernel, t: Tcb): SyscallResult {
  const rd = t.ctx[0]!;
  const buf = t.ctx[1]! >>> 0;
  if (rd < 0) return -EINVAL;
  let data: Uint8Array;
  switch (rd) {
    case KDATA_PAGE_MAP: data = k.pageMap; break;
    case KDATA_BOOTDESC: data = k.bootdesc; break;
    case KDATA_BOOTDESC_SIZE: data = k.bootdesc.subarray(0, 4); break;
    default: return -1;
  }
  if (!inCallerArea(t, buf, data.length)) return -EINVAL;
  return copyToUser(k, t, buf, data) ? 0 : -EFAULT;
}

/**
 * The kernel's virtual clock as {tv_sec, tv_usec}: derived from the instructions executed so far,
 * so a run's time is the same on every machine (DESIGN.md "Determinism"). Like Codezero, tv_usec
 * moves in steps of 1/SCHED_TICKS of a second.
 */
export function virtualTime(executed: number): [number, number] {
  const ticks = Math.floor(executed / TICK_INSNS);
  return [Math.floor(ticks / SCHED_TICKS), ((ticks % SCHED_TICKS) * 1_000_000) / SCHED_TICKS];
}

/** time: r0 = struct timeval *, r1 = set. Set → -ENOSYS; bad buffer → -EINVAL / -EFAULT. */
export function sysTime(k: Kernel, t: Tcb): SyscallResult {
  const buf = t.ctx[0]! >>> 0;
  if (t.ctx[1] !== 0) return -ENOSYS;
  if (!inCallerArea(t, buf, 8)) return -EINVAL;
  return copyWordsToUser(k, t, buf, virtualTime(k.executed), 2) ? 0 : -EFAULT;
}

/** space_control and ipc_control: always -ENOSYS (ABI §2.7). */
export function sysNotImplemented(_k: Kernel, _t: Tcb): SyscallResult {
  return -ENOSYS;
}
