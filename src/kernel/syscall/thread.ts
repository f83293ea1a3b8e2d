import { EFAULT, EINVAL } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import type { ExregsData, TaskIds } from '../service.ts';
import { copyFromUser, copyToUser, wordsToBytes } from '../space/usermem.ts';
import {
  createThread, destroyThread, exchangeRegisters, runThread, suspendThread, THREAD_ACTION_MASK,
  THREAD_CREATE, THREAD_CREATE_MASK, THREAD_DESTROY, THREAD_RESUME, THREAD_RUN, THREAD_SUSPEND,
} from '../thread/control.ts';
import type { Tcb } from '../thread/tcb.ts';
import type { SyscallResult } from './result.ts';

/** Size of `struct task_ids` and of `struct exregs_data` (ABI §2.3, §2.4). */
export const TASK_IDS_SIZE = 12;
export const EXREGS_SIZE = 76;

/** Reads `struct task_ids` at `va`: the ids, or undefined on a bad pointer. */
function readIds(k: Kernel, t: Tcb, va: number): TaskIds | undefined {
  const b = copyFromUser(k, t, va, TASK_IDS_SIZE);
  if (b === undefined) return undefined;
  const v = new DataView(b.buffer);
  return { tid: v.getInt32(0, true), spid: v.getInt32(4, true), tgid: v.getInt32(8, true) };
}

/**
 * thread_control (r0 = action | create flags, r1 = struct task_ids *). Decode: unknown bits or
 * action → -EINVAL, unreadable ids → -EFAULT (ids must also be writable for CREATE). Invoke: see
 * thread/control.ts.
 */
export function sysThreadControl(k: Kernel, t: Tcb): SyscallResult {
  const req = t.ctx[0]! >>> 0;
  const ptr = t.ctx[1]! >>> 0;
  if ((req & ~(THREAD_ACTION_MASK | THREAD_CREATE_MASK)) !== 0) return -EINVAL;
  const action = req & THREAD_ACTION_MASK;
  if (action > THREAD_DESTROY) return -EINVAL;
  const ids = readIds(k, t, ptr);
  if (ids === undefined) return -EFAULT;
  switch (action) {
    case THREAD_CREATE: {
      const r = createThread(k, t, req & THREAD_CREATE_MASK, ids, t.name);
      if (r < 0) return r;
      if (!copyToUser(k, t, ptr, wordsToBytes([ids.tid, ids.spid, ids.tgid]))) return -EFAULT;
      return 0;
    }
    case THREAD_RUN:
    case THREAD_RESUME:
      return runThread(k, t, ids.tid);
    case THREAD_SUSPEND:
      return suspendThread(k, t, ids.tid);
    default:
      return destroyThread(k, t, ids.tid, 0);
  }
}

/** exchange_registers (r0 = struct exregs_data *, r1 = tid); bad pointer → -EFAULT. */
export function sysExchangeRegisters(k: Kernel, t: Tcb): SyscallResult {
  const b = copyFromUser(k, t, t.ctx[0]! >>> 0, EXREGS_SIZE);
  if (b === undefined) return -EFAULT;
  const v = new DataView(b.buffer);
  const regs = new Int32Array(16);
  for (let i = 0; i < 16; i++) regs[i] = v.getInt32(i * 4, true);
  const d: ExregsData = {
    regs, validVect: v.getUint32(0x40, true), flags: v.getUint32(0x44, true), pagerId: v.getInt32(0x48, true),
  };
  return exchangeRegisters(k, t, t.ctx[1]!, d);
}

/** thread_switch: yields the processor; the destination is ignored (ABI §2.7). Returns 0. */
export function sysThreadSwitch(k: Kernel, _t: Tcb): SyscallResult {
  k.yieldCurrent = true;
  return 0;
}

/** schedule: prints what Codezero printed and returns 0. */
export function sysSchedule(k: Kernel, t: Tcb): SyscallResult {
  k.print(`(SVC) sys_schedule called. Tid (${t.tid})`);
  return 0;
}
