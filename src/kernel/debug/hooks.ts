import type { KernelEvent } from '../arch/machine.ts';
import type { Tcb } from '../thread/tcb.ts';

/**
 * Where debuggers and tracers hook into the kernel. Kernel.hooks is undefined in normal runs, so
 * the kernel pays one property test per thread run, never a check per instruction.
 *
 *   Kernel.run ──> runThread: loadContext, beforeRun(t, budget) → budget, arch.run,
 *                  saveContext, afterRun(t, event, n)
 *              ──> handleEvent: syscallEnter / dispatch / syscallExit,
 *                  faultEnter / deliverFault (pager: noteFault → faultResolved) / faultExit
 *              ──> Kernel.stopRequested? return { kind: 'stopped' }
 */
export type FaultEvent = Extract<KernelEvent, { kind: 'fault' }>;

export interface KernelHooks {
  /** `t`'s context is loaded and it is about to run; returns the budget to give it (≤ `budget`). */
  beforeRun(t: Tcb, budget: number): number;
  /** `t` ran `n` instructions and stopped with `ev`; the kernel has not acted on `ev` yet. */
  afterRun(t: Tcb, ev: KernelEvent, n: number): void;
  /** `t` trapped into the kernel with the SWI at `swiAddr`; its registers are the arguments. */
  syscallEnter?(t: Tcb, swiAddr: number): void;
  /** The syscall returned `result` in r0, or blocked (`result` undefined). */
  syscallExit?(t: Tcb, swiAddr: number, result: number | undefined): void;
  /** A user abort is about to become a fault message to `t`'s pager. */
  faultEnter?(t: Tcb, ev: FaultEvent): void;
  /** The kernel (and a hosted pager) acted on the fault. */
  faultExit?(t: Tcb, ev: FaultEvent): void;
  /** The pager reported how it resolved a fault (KernelPort.noteFault). */
  faultResolved?(tid: number, va: number, how: string): void;
}

/**
 * One KernelHooks calling each of `list` in order (beforeRun takes the smallest budget);
 * undefined when the list is empty, so a kernel without debugger or tracer stays hook-free.
 */
export function combineHooks(list: readonly KernelHooks[]): KernelHooks | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return {
    beforeRun: (t, budget) => list.reduce((b, h) => Math.min(b, h.beforeRun(t, b)), budget),
    afterRun: (t, ev, n) => list.forEach((h) => h.afterRun(t, ev, n)),
    syscallEnter: (t, a) => list.forEach((h) => h.syscallEnter?.(t, a)),
    syscallExit: (t, a, r) => list.forEach((h) => h.syscallExit?.(t, a, r)),
    faultEnter: (t, ev) => list.forEach((h) => h.faultEnter?.(t, ev)),
    faultExit: (t, ev) => list.forEach((h) => h.faultExit?.(t, ev)),
    faultResolved: (tid, va, how) => list.forEach((h) => h.faultResolved?.(tid, va, how)),
  };
}
