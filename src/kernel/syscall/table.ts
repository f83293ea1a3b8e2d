import { ENOSYS } from '../errno.ts';
import { decodeIpc, invokeIpc } from '../ipc/ipc.ts';
import type { Kernel } from '../kernel.ts';
import type { Tcb } from '../thread/tcb.ts';
import { sysGetid, sysKread, sysNotImplemented, sysTime } from './info.ts';
import { sysKmemControl, sysMap, sysUnmap } from './memory.ts';
import { BLOCKED, type SyscallResult } from './result.ts';
import { sysExchangeRegisters, sysSchedule, sysThreadControl, sysThreadSwitch } from './thread.ts';

export { BLOCKED } from './result.ts';

/** ipc: r0 = to, r1 = from; MR0-MR5 in r3-r8. Decode (validate) then invoke (rendezvous). */
function sysIpc(k: Kernel, t: Tcb): SyscallResult {
  const to = t.ctx[0]!;
  const from = t.ctx[1]!;
  const err = decodeIpc(k, t, to, from);
  return err !== 0 ? err : invokeIpc(k, t, to, from);
}

export interface SyscallEntry {
  readonly name: string;
  readonly handler: (k: Kernel, t: Tcb) => SyscallResult;
}

/**
 * The 13 system calls by index (ABI §2.1): syscall k is the SWI at 0xFFFFF000 + 4k.
 */
export const SYSCALLS: readonly SyscallEntry[] = [
  { name: 'ipc', handler: sysIpc },
  { name: 'thread_switch', handler: sysThreadSwitch },
  { name: 'thread_control', handler: sysThreadControl },
  { name: 'exchange_registers', handler: sysExchangeRegisters },
  { name: 'schedule', handler: sysSchedule },
  { name: 'unmap', handler: sysUnmap },
  { name: 'space_control', handler: sysNotImplemented },
  { name: 'ipc_control', handler: sysNotImplemented },
  { name: 'map', handler: sysMap },
  { name: 'getid', handler: sysGetid },
  { name: 'kread', handler: sysKread },
  { name: 'kmem_control', handler: sysKmemControl },
  { name: 'time', handler: sysTime },
];

/**
 * Runs the syscall at `offset` in the syscall page for `t` (its context pc already = lr_usr).
 * Offsets past 0x30 or not word-aligned get -ENOSYS, as a SWI outside the page does.
 */
export function dispatchSyscall(k: Kernel, t: Tcb, offset: number): SyscallResult {
  if ((offset & 3) !== 0 || offset > 0x30) return -ENOSYS;
  const r = SYSCALLS[offset >>> 2]!.handler(k, t);
  return r === BLOCKED ? BLOCKED : r | 0;
}
