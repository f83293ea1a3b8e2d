import { hex, STATUS_SIGSEGV, type Kernel } from '../kernel.ts';
import { L4_IPC_TAG_PFAULT, FSR_PREFETCH_BIT } from './protocol.ts';
import { callService, invokeIpc } from './ipc.ts';
import type { Tcb } from '../thread/tcb.ts';

/** FSR status codes forwarded to the pager (ABI §5.2): section/page translation, page permission. */
const FORWARDED = new Set([0x5, 0x7, 0xf]);

/**
 * Turns a user abort of thread `t` into the §5.2 fault message to its pager.
 *
 * Invariants:
 *  1. t.ctx pc is the faulting instruction, so any reply (content ignored) retries it.
 *  2. MR5 is the current descriptor of the fault address (of pc for a prefetch abort), 0 when
 *     unmapped: the pager infers the access type from its AP bits.
 *  3. A fault the pager cannot be asked about (status not forwarded, no pager, the pager itself)
 *     kills t alone, where Codezero halted the machine.
 */
export function deliverFault(k: Kernel, t: Tcb, pc: number, fsr: number, far: number, prefetch: boolean): void {
  const status = fsr & 0xf;
  const addr = prefetch ? pc : far;
  if (!prefetch && !FORWARDED.has(status)) {
    const what = status === 0x1 || status === 0x3 ? 'alignment fault' : `data abort (fsr 0x${status.toString(16)})`;
    k.kill(t, `${what} at address 0x${hex(far)}, pc 0x${hex(pc)}`, STATUS_SIGSEGV);
    return;
  }
  const pager = k.thread(t.pager);
  if (pager === undefined || pager === t) {
    k.kill(t, `page fault at address 0x${hex(addr)}, pc 0x${hex(pc)}, with no pager to resolve it`,
      STATUS_SIGSEGV);
    return;
  }
  const mrs = t.faultMrs;
  mrs[0] = L4_IPC_TAG_PFAULT;
  mrs[1] = t.tid;
  mrs[2] = pc;
  mrs[3] = (fsr & 0xff) | (prefetch ? FSR_PREFETCH_BIT : 0);
  mrs[4] = addr;
  mrs[5] = t.space!.pte(addr);
  t.faulting = true;
  const svc = k.services.get(pager.tid);
  if (svc !== undefined) callService(k, t, svc, mrs.slice(), true, 'fault');
  else invokeIpc(k, t, pager.tid, pager.tid);
}
