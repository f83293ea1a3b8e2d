import { newContext, type Context } from '../arch/machine.ts';
import type { AddressSpace } from '../space/space.ts';

/**
 * Thread states. A thread is on the run queue exactly when it is RUNNABLE and not the current one.
 *
 *   INACTIVE --RUN/RESUME--> RUNNABLE --ipc send, peer not waiting--> SEND (on peer's sendQueue)
 *      ^                      |   ^   --ipc receive, no sender-----> RECV (ipcFrom = expected)
 *      +------SUSPEND---------+   +------- rendezvous completes ----------+
 *   any --DESTROY/kill--> DEAD
 */
export type ThreadState = 'inactive' | 'runnable' | 'send' | 'recv' | 'dead';

export const L4_NILTHREAD = -1;
export const L4_ANYTHREAD = -2;
export const MR_TOTAL = 6;
/** Register holding MR0 (MR_TAG / MR_RETURN); MR n is r(3+n). */
export const MR0_REGISTER = 3;
/** Priorities of Codezero's scheduler (ABI §7.6). */
export const PRIO_PAGER = 8;
export const PRIO_NORMAL = 4;

/** A hosted service's thread has `hosted` set and no context, space or scheduling. */
export class Tcb {
  readonly tid: number;
  spid: number;
  tgid: number;
  space: AddressSpace | undefined;
  pager = L4_NILTHREAD;
  /** The thread that created it: may manage it like its pager (czemu's privilege rule). */
  creator = L4_NILTHREAD;
  priority = PRIO_NORMAL;
  name: string;
  readonly ctx: Context = newContext();
  state: ThreadState = 'inactive';
  /** True once RUN/RESUME (or boot) made it runnable: a never-started thread is an orphan at the end. */
  started = false;
  /** Instructions left in the current timeslice. */
  sliceLeft = 0;

  /** IPC: the partner of a SEND, the expected sender of a RECV (or ANYTHREAD). */
  ipcTo = L4_NILTHREAD;
  ipcFrom = L4_NILTHREAD;
  /** Threads blocked sending to this one, oldest first. */
  readonly sendQueue: Tcb[] = [];

  /**
   * Set while the thread waits for its pager to resolve a fault: its MRs are `faultMrs`, not
   * r3-r8; the reply is discarded and the faulting instruction is retried (ABI §5.2).
   */
  faulting = false;
  readonly faultMrs = new Int32Array(MR_TOTAL);

  constructor(tid: number, spid: number, tgid: number, name: string) {
    this.tid = tid;
    this.spid = spid;
    this.tgid = tgid;
    this.name = name;
  }

  /** "task 3 (hello)": how messages name the thread. */
  label(): string {
    return `task ${this.tid} (${this.name})`;
  }

  /** Describes what the thread waits for (deadlock reports). */
  describeState(): string {
    const who = (t: number) => (t === L4_ANYTHREAD ? 'any thread' : `tid ${t}`);
    switch (this.state) {
      case 'send': return `blocked sending to ${who(this.ipcTo)}`;
      case 'recv':
        return this.faulting
          ? `blocked on a page fault, waiting for its pager (tid ${this.ipcFrom})`
          : `blocked receiving from ${who(this.ipcFrom)}`;
      default: return this.state;
    }
  }
}
