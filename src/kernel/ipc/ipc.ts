import { EINVAL, ENOSYS, ESRCH } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import type { HostedService, RequestKind } from '../service.ts';
import { BLOCKED } from '../syscall/result.ts';
import { L4_ANYTHREAD, L4_NILTHREAD, MR_TOTAL, MR0_REGISTER, type Tcb } from '../thread/tcb.ts';
import { MR_SENDER } from './protocol.ts';

/**
 * IPC (ABI §2.2, 44c3402 semantics): a blocking rendezvous that copies MR0-MR5 (r3-r8) from the
 * sender to the receiver. Send, receive, or sendrecv with to == from (the send phase, then the
 * receive phase). A receiver waiting on ANYTHREAD gets MR1 forced to the sender's tid. IPC to a
 * hosted service is trapped into its handler (service.ts).
 *
 * Invariants:
 *  1. A thread in SEND is on exactly one send queue: that of `ipcTo`.
 *  2. A thread in RECV waits for `ipcFrom` (a tid or ANYTHREAD); a sendrecv caller in SEND has
 *     `ipcFrom` = the same peer and moves to RECV when its message is taken.
 *  3. A faulting thread's MRs are `faultMrs`; what it receives is discarded (ABI §5.2).
 */

/** The six MRs `t` sends. */
export function sendMrs(t: Tcb): Int32Array {
  if (t.faulting) return t.faultMrs.slice();
  return t.ctx.slice(MR0_REGISTER, MR0_REGISTER + MR_TOTAL);
}

/**
 * Copies the six MRs sender `s` sends into receiver `t` (MR1 = the sender when `t` waited on
 * ANYTHREAD), register to register: the emulated-to-emulated path allocates nothing.
 */
function transferMrs(s: Tcb, t: Tcb): void {
  if (t.faulting) return;
  const to = t.ctx;
  if (s.faulting) {
    const from = s.faultMrs;
    for (let i = 0; i < MR_TOTAL; i++) to[MR0_REGISTER + i] = from[i]!;
  } else {
    const from = s.ctx;
    for (let i = MR0_REGISTER; i < MR0_REGISTER + MR_TOTAL; i++) to[i] = from[i]!;
  }
  if (t.ipcFrom === L4_ANYTHREAD) to[MR0_REGISTER + MR_SENDER] = s.tid;
}

/**
 * Ends `t`'s IPC with `result` (r0) and makes it runnable; a faulting thread instead retries its
 * instruction (its r0 is untouched).
 */
export function completeIpc(k: Kernel, t: Tcb, result: number): void {
  k.detachIpc(t);
  if (t.faulting) t.faulting = false;
  else t.ctx[0] = result;
  if (t === k.current) t.state = 'runnable';
  else k.makeRunnable(t);
}

/** Checks ipc's arguments for caller `t`: 0 or -errno (ABI §2.2 plus czemu's -ESRCH rules). */
export function decodeIpc(k: Kernel, t: Tcb, to: number, from: number): number {
  if (to < L4_ANYTHREAD || from < L4_ANYTHREAD) return -EINVAL;
  if (to === t.tid || from === t.tid) return -EINVAL;
  if (to === L4_NILTHREAD && from === L4_NILTHREAD) return -EINVAL;
  if (to === L4_ANYTHREAD) return -EINVAL; // the original dereferenced a NULL tcb here
  if (to !== L4_NILTHREAD && from !== L4_NILTHREAD && to !== from) return -ENOSYS;
  if (to !== L4_NILTHREAD && k.thread(to) === undefined) return -ESRCH;
  if (from >= 0 && k.thread(from) === undefined) return -ESRCH;
  return 0;
}

/**
 * Performs a decoded ipc for `t`: returns the result for r0 now, or BLOCKED when `t` waits (its
 * r0 is written when the rendezvous completes).
 */
export function invokeIpc(k: Kernel, t: Tcb, to: number, from: number): number | typeof BLOCKED {
  if (to !== L4_NILTHREAD) {
    const dest = k.thread(to)!;
    const svc = k.service(to);
    if (svc !== undefined) return callService(k, t, svc, sendMrs(t), from !== L4_NILTHREAD, t.faulting ? 'fault' : 'ipc');
    if (dest.state === 'recv' && (dest.ipcFrom === t.tid || dest.ipcFrom === L4_ANYTHREAD)) {
      transferMrs(t, dest);
      // completeIpc without the run-queue append: the woken receiver (blocked, so not queued, and
      // not current) runs next (sched_resume_sync); the sender goes behind it.
      k.detachIpc(dest);
      if (dest.faulting) dest.faulting = false;
      else dest.ctx[0] = 0;
      dest.state = 'runnable';
      k.sched.enqueueFront(dest);
      k.yieldCurrent = true;
      if (from === L4_NILTHREAD) return 0;
    } else {
      t.state = 'send';
      t.ipcTo = to;
      t.ipcFrom = from;
      dest.sendQueue.push(t);
      return BLOCKED;
    }
  }
  return receive(k, t, from);
}

/** The receive phase: takes a matching queued sender or blocks. */
function receive(k: Kernel, t: Tcb, from: number): number | typeof BLOCKED {
  t.ipcFrom = from;
  const q = t.sendQueue;
  let i = 0;
  if (from !== L4_ANYTHREAD) while (i < q.length && q[i]!.tid !== from) i++;
  if (i >= q.length) {
    t.state = 'recv';
    return BLOCKED;
  }
  const s = q[i]!;
  if (i === 0) q.shift();
  else q.splice(i, 1);
  transferMrs(s, t);
  t.ipcFrom = L4_NILTHREAD;
  if (s.ipcFrom !== L4_NILTHREAD) {
    // A sendrecv sender now waits for our reply.
    s.state = 'recv';
    s.ipcTo = L4_NILTHREAD;
  } else {
    completeIpc(k, s, 0);
  }
  return 0;
}

/**
 * Traps an IPC from `client` into hosted service `svc`. With `wantsReply` the client waits in
 * RECV from the service while the handler runs, so the handler sees it blocked on it. Returns 0
 * when the exchange is over now, BLOCKED when the client waits (deferred or no reply, or killed).
 */
export function callService(
  k: Kernel, client: Tcb, svc: HostedService, mrs: Int32Array, wantsReply: boolean, kind: RequestKind,
): number | typeof BLOCKED {
  mrs[MR_SENDER] = client.tid;
  if (wantsReply) {
    client.state = 'recv';
    client.ipcFrom = svc.tid;
  }
  const r = svc.handle({ kind, sender: client.tid, mrs, wantsReply });
  if (client.state === 'dead') return BLOCKED;
  if (!wantsReply) return 0;
  if (r.kind !== 'reply') return BLOCKED;
  if (!client.faulting) client.ctx.set(r.mrs.subarray(0, MR_TOTAL), MR0_REGISTER);
  if (client === k.current) {
    k.detachIpc(client);
    client.state = 'runnable';
    if (client.faulting) {
      client.faulting = false;
      return BLOCKED; // nothing to write: the instruction is retried
    }
    return 0;
  }
  completeIpc(k, client, 0);
  return BLOCKED;
}

/** Delivers a deferred reply from service `svcTid` to `tid`: 0, or -ESRCH if it is not waiting. */
export function serviceReply(k: Kernel, svcTid: number, tid: number, mrs: Int32Array): number {
  const t = k.thread(tid);
  if (t === undefined || t.state !== 'recv' || t.ipcFrom !== svcTid) return -ESRCH;
  if (!t.faulting) t.ctx.set(mrs.subarray(0, MR_TOTAL), MR0_REGISTER);
  completeIpc(k, t, 0);
  return 0;
}
