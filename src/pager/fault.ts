import {
  EFAULT, ENOMEM, FSR_PREFETCH_BIT, MAP_USR_RO_FLAGS, MAP_USR_RW_FLAGS, type KernelPort,
} from '../kernel/service.ts';
import type { FrameAllocator } from './frames.ts';
import type { Task } from './task.ts';
import { findVma, type Vma } from './vma.ts';

/** Exit status of a task killed for an illegal access (128 + SIGSEGV). */
export const STATUS_SEGV = 139;

/**
 * The access type of a fault, inferred as mm0 did (ABI §5.2): ARMv5 has no write bit in the FSR,
 * so a data abort on a user read-only page (AP 0xAA0) is a write, on a user RW page RW, anything
 * else (0, kernel-only) a read; a prefetch abort is a read.
 */
export function faultIsWrite(fsr: number, pte: number): boolean {
  if ((fsr & FSR_PREFETCH_BIT) !== 0) return false;
  const prot = pte & 0xff0;
  return prot === 0xaa0 || prot === 0xff0;
}

/** Result of resolving a fault: 0, or a reason the access is illegal. */
export type FaultResult = { ok: true } | { ok: false; reason: string; errno: number };

const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Resolves a page fault of `task` at `addr` (write or read) by mapping a frame.
 *
 * Invariants:
 *  1. A read fault maps read-only (0xAAE); a write fault maps read/write (0xFFE), so a page that is
 *     read first faults twice, exactly as under mm0.
 *  2. Image frames are never mapped writable: a write to a private file page copies it into a
 *     frame the task owns (task.privateFrames); anonymous pages get a zeroed owned frame.
 *  3. shm pages map the segment's frames read/write; the segment, not the task, owns them.
 */
export function resolveFault(port: KernelPort, frames: FrameAllocator, task: Task, addr: number,
  write: boolean, pc: number): FaultResult {
  const page = (addr & ~0xfff) >>> 0;
  const vma = findVma(task.vmas, page);
  if (vma === undefined) {
    return { ok: false, errno: EFAULT, reason: `illegal access to ${hex(addr)} at pc ${hex(pc)}` };
  }
  if (write && !vma.writable) {
    return { ok: false, errno: EFAULT, reason: `write to read-only ${hex(addr)} at pc ${hex(pc)}` };
  }
  const pa = frameFor(port, frames, task, vma, page, write);
  if (pa < 0) return { ok: false, errno: ENOMEM, reason: `out of memory at ${hex(addr)}, pc ${hex(pc)}` };
  const flags = write || vma.kind.type === 'shm' ? MAP_USR_RW_FLAGS : MAP_USR_RO_FLAGS;
  const r = port.map(pa, page, 1, flags, task.tid);
  if (r < 0) return { ok: false, errno: EFAULT, reason: `cannot map ${hex(addr)} (error ${r})` };
  return { ok: true };
}

/** The frame to map at `page`: existing private frame, shared source, or a new one; -1 if none. */
function frameFor(port: KernelPort, frames: FrameAllocator, task: Task, vma: Vma, page: number,
  write: boolean): number {
  const own = task.privateFrames.get(page);
  if (own !== undefined) return own;
  const kind = vma.kind;
  if (kind.type === 'shm') {
    const i = (page - vma.start) >>> 12;
    if (kind.seg.frames[i]! < 0) {
      const pa = frames.alloc();
      if (pa < 0) return -1;
      port.zeroFrame(pa);
      kind.seg.frames[i] = pa;
    }
    return kind.seg.frames[i]!;
  }
  if (kind.type === 'file' && !write) return kind.physBase + (page - vma.start);
  const pa = frames.alloc();
  if (pa < 0) return -1;
  if (kind.type === 'file') port.copyFrame(pa, kind.physBase + (page - vma.start));
  else port.zeroFrame(pa);
  task.privateFrames.set(page, pa);
  return pa;
}
