import { EINVAL, ENOMEM, EPERM, ESRCH } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import { validMapFlags } from '../space/descriptors.ts';
import { KernelPool, KernelPoolExhausted } from '../space/kpool.ts';
import { isSharedSection, UART_PHYS } from '../space/layout.ts';
import { mayManage } from '../thread/control.ts';
import type { Tcb } from '../thread/tcb.ts';
import type { SyscallResult } from './result.ts';

/** Largest npages one map or unmap accepts (the 256 MB user area). */
export const MAX_MAP_PAGES = 0x10000;

/** True when `npages` pages from `va` stay below 4 GB and outside the shared sections. */
function virtOk(va: number, npages: number): boolean {
  if (!Number.isInteger(npages) || npages <= 0 || npages > MAX_MAP_PAGES) return false;
  const start = va & 0xfffff000;
  if (start + npages * 4096 > 0x100000000) return false;
  for (let s = start >>> 20; s <= (start + npages * 4096 - 1) >>> 20; s++) {
    if (isSharedSection(s << 20)) return false;
  }
  return true;
}

/**
 * map (ABI §2.5) for `caller` (undefined = a hosted service): npages frames from `pa` at `va` in
 * `tid`'s space. Returns 0, -ESRCH (no such thread), -EINVAL (npages 0 or too many, bad flags, a
 * range that wraps or touches the shared UART/KIP/vector sections, a frame outside RAM or inside
 * the kernel pool), -EPERM (caller may not map into that space, or a guest maps a frame it does not
 * map itself), -ENOMEM (kernel pool exhausted). Codezero checked none of this and halted on a
 * missing tid, npages 0 or bad flags.
 */
export function mapPages(k: Kernel, caller: Tcb | undefined, pa: number, va: number, npages: number,
  flags: number, tid: number): number {
  const target = k.thread(tid);
  if (target === undefined || target.space === undefined) return -ESRCH;
  if (!validMapFlags(flags) || !virtOk(va, npages)) return -EINVAL;
  const base = (pa & 0xfffff000) >>> 0;
  for (let i = 0; i < npages; i++) {
    const p = base + i * 4096;
    const device = p === UART_PHYS;
    if (!device && (p >= k.arch.ramSize || KernelPool.contains(p))) return -EINVAL;
    if (caller !== undefined && !device && !(caller.space?.mapsFrame(p) ?? false)) return -EPERM;
  }
  if (!mayManage(caller, target)) return -EPERM;
  const vbase = (va & 0xfffff000) >>> 0;
  try {
    for (let i = 0; i < npages; i++) target.space.map(vbase + i * 4096, base + i * 4096, flags);
  } catch (e) {
    if (e instanceof KernelPoolExhausted) return -ENOMEM;
    throw e;
  } finally {
    k.pageTablesChanged();
  }
  return 0;
}

/**
 * unmap (ABI §2.5): clears npages descriptors from `va` in `tid`'s space. Returns 0 if all were
 * mapped, -1 if any was not, -ESRCH, -EINVAL (npages 0, wrap, shared sections), -EPERM.
 */
export function unmapPages(k: Kernel, caller: Tcb | undefined, va: number, npages: number, tid: number): number {
  const target = k.thread(tid);
  if (target === undefined || target.space === undefined) return -ESRCH;
  if (!virtOk(va, npages)) return -EINVAL;
  if (!mayManage(caller, target)) return -EPERM;
  let all = true;
  const vbase = (va & 0xfffff000) >>> 0;
  for (let i = 0; i < npages; i++) if (!target.space.unmap(vbase + i * 4096)) all = false;
  k.pageTablesChanged();
  return all ? 0 : -1;
}

/** map: r0 = phys, r1 = virt, r2 = npages, r3 = flags, r4 = tid. */
export function sysMap(k: Kernel, t: Tcb): SyscallResult {
  const c = t.ctx;
  return mapPages(k, t, c[0]! >>> 0, c[1]! >>> 0, c[2]!, c[3]!, c[4]!);
}

/** unmap: r0 = virt, r1 = npages, r2 = tid. */
export function sysUnmap(k: Kernel, t: Tcb): SyscallResult {
  const c = t.ctx;
  return unmapPages(k, t, c[0]! >>> 0, c[1]!, c[2]!);
}

/**
 * kmem_control: r0 = pfn, r1 = npages, r2 = grant. A grant of RAM pages is accepted and ignored
 * (czemu's kernel allocates from its own pool): 0. Reclaim (grant 0; Codezero halted) or a range
 * outside RAM → -EINVAL.
 */
export function sysKmemControl(k: Kernel, t: Tcb): SyscallResult {
  const pfn = t.ctx[0]! >>> 0;
  const npages = t.ctx[1]!;
  if (t.ctx[2] === 0) return -EINVAL;
  if (npages <= 0 || pfn + npages > k.arch.ramSize / 4096) return -EINVAL;
  return 0;
}
