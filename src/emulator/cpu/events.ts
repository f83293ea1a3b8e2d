/**
 * Why the CPU left its inner loop. Handlers record an event and set `cpu.stop`; the run loop turns the
 * event into an exception entry (`vector` delivery) or an exit to the host (`trap` delivery).
 */
export const EV_NONE = 0;
/** Re-dispatch only: state changed under the loop (T bit, mode, TLB, code page invalidated). */
export const EV_RESYNC = 1;
export const EV_SWI = 2;
export const EV_UNDEFINED = 3;
export const EV_BKPT = 4;
export const EV_DATA_ABORT = 5;
/** The host asked the machine to stop (semihosting exit, a device, a debugger). */
export const EV_HALT = 6;
/**
 * A host watchpoint matched a data access: the MMU aborted it like a data abort (nothing of the
 * instruction commits, DFSR/FAR untouched) and the CPU exits to the host, whatever the delivery.
 */
export const EV_WATCHPOINT = 7;

/** Kinds of run() exit reported to the host. */
export type ExitKind =
  | 'budget' // the instruction budget was spent
  | 'swi' // trap delivery: a SWI; `pc` is the address after it, `swiAddr` the SWI itself
  | 'undefined' // trap delivery: `pc` is the undefined instruction
  | 'bkpt' // trap delivery: BKPT at `pc`
  | 'data-abort' // trap delivery: `pc` is the faulting instruction; `fsr`, `far`
  | 'prefetch-abort' // trap delivery: `pc` = `far` is the address that could not be fetched
  | 'breakpoint' // a host (debugger) breakpoint at `pc`, before it executes
  | 'watchpoint' // a host watchpoint matched an access of the instruction at `pc`, which did not execute
  | 'halt'; // the machine was halted (semihosting SYS_EXIT, host request)

/** The result of Machine.run(). Fields not meaningful for a kind are 0. */
export interface Exit {
  kind: ExitKind;
  /** Address of the instruction concerned (see ExitKind). */
  pc: number;
  /** SWI: address of the SWI instruction; its comment field is `imm`. */
  swiAddr: number;
  /** SWI comment field or BKPT immediate. */
  imm: number;
  /** Undefined: the instruction word. */
  insn: number;
  fsr: number;
  far: number;
  /** halt: the status (semihosting SYS_EXIT code). */
  status: number;
  /** Instructions executed during this run() call. */
  executed: number;
}
