import { loadBootImages, setupFixedMappings } from '../../src/kernel/boot/boot.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { dispatchSyscall } from '../../src/kernel/syscall/table.ts';
import { createThread, THREAD_NEW_SPACE } from '../../src/kernel/thread/control.ts';
import type { Tcb } from '../../src/kernel/thread/tcb.ts';

/** A kernel with the fixed mappings and no images; console lines collected in `out`. */
export function newKernel(): { k: Kernel; out: () => string } {
  const bytes: number[] = [];
  const k = new Kernel({ out: (b) => bytes.push(b) });
  setupFixedMappings(k);
  loadBootImages(k, []);
  // tids 0 and 1 belong to the hosted services in a real boot.
  k.tids.allocate(0);
  k.tids.allocate(1);
  return { k, out: () => Buffer.from(bytes).toString('latin1') };
}

let nextFrame = 0;
/** A fresh RAM frame outside everything the kernel reserved. */
export function frame(k: Kernel): number {
  if (nextFrame < k.firstFree) nextFrame = k.firstFree;
  const pa = nextFrame;
  nextFrame += 4096;
  return pa;
}

/** A NEW_SPACE thread with one RW page at 0x10000000; made runnable when `run`. */
export function newThread(k: Kernel, run = true): Tcb {
  const ids = { tid: -1, spid: -1, tgid: -1 };
  expect0(createThread(k, undefined, THREAD_NEW_SPACE, ids, `t${ids.tid}`));
  const t = k.thread(ids.tid)!;
  t.space!.map(0x10000000, frame(k), 0);
  if (run) k.makeRunnable(t);
  return t;
}

function expect0(r: number): void {
  if (r !== 0) throw new Error(`createThread failed: ${r}`);
}

/** Calls syscall `index` for `t` with registers r0.. set from `args`. */
export function sys(k: Kernel, t: Tcb, index: number, ...args: number[]) {
  args.forEach((v, i) => { t.ctx[i] = v; });
  k.current = t;
  return dispatchSyscall(k, t, index * 4);
}

/** Physical address of `va` in `t`'s space (asserting it is mapped). */
export function phys(t: Tcb, va: number): number {
  const pte = t.space!.pte(va);
  if (pte === 0) throw new Error(`0x${va.toString(16)} unmapped`);
  return (pte & 0xfffff000) + (va & 0xfff);
}
