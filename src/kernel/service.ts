/**
 * The hosted-service interface: how the pager (tid 0) and the VFS (tid 1), written in TypeScript,
 * plug into the kernel. This file is the only kernel file they may import (DESIGN.md import rule),
 * so it re-exports the constants they need.
 *
 * A user thread's IPC to a service is trapped: the kernel calls `handle` with the sender's tid and
 * its six MRs (MR1 already forced to the sender, as for an ANYTHREAD receiver). The service answers
 *   - { kind: 'reply', mrs }: at once; a sendrecv caller gets these MRs in r3-r8 and r0 = 0;
 *   - { kind: 'defer' }: later, through KernelPort.reply (a blocking request such as wait);
 *   - { kind: 'none' }: never (SYNC, EXIT, or the service killed the caller).
 * Page faults reach the thread's hosted pager the same way, as tag 0 messages (ABI §5.2).
 */
export * from './errno.ts';
export {
  MAP_SVC_IO_FLAGS, MAP_SVC_RW_FLAGS, MAP_USR_IO_FLAGS, MAP_USR_RO_FLAGS, MAP_USR_RW_FLAGS,
} from './space/descriptors.ts';
export {
  PAGE_SIZE, USER_AREA_END, USER_AREA_START, UTCB_AREA_END, UTCB_AREA_START, SHM_AREA_START,
  SHM_AREA_END,
} from './space/layout.ts';
export { L4_ANYTHREAD, L4_NILTHREAD } from './thread/tcb.ts';
export * from './ipc/protocol.ts';

/** What a request is: an IPC, a user page fault, or a kernel page-in for a syscall buffer. */
export type RequestKind = 'ipc' | 'fault' | 'pagein';

export interface ServiceRequest {
  kind: RequestKind;
  sender: number;
  /** MR0-MR5 (a copy: the service may keep or change it). */
  mrs: Int32Array;
  /** True when the sender waits for a reply (sendrecv); false for a send-only ipc. */
  wantsReply: boolean;
}

export type ServiceReply =
  | { kind: 'reply'; mrs: Int32Array }
  | { kind: 'defer' }
  | { kind: 'none' };

export interface HostedService {
  readonly tid: number;
  readonly name: string;
  /** Handles one request; may call back into the kernel through its KernelPort. */
  handle(req: ServiceRequest): ServiceReply;
  /** Told when the kernel killed `tid` (undefined instruction, unresolvable fault). */
  threadKilled?(tid: number, status: number): void;
}

/** Client memory as seen through its own page tables; faults are paged in through its pager. */
export interface UserMemory {
  /** Reads `len` bytes at `va`; undefined when some page cannot be made readable. */
  read(va: number, len: number): Uint8Array | undefined;
  /** Writes `data` at `va`; false when some page cannot be made user-writable. */
  write(va: number, data: Uint8Array): boolean;
  /** Reads a NUL-terminated string of at most `max` bytes; undefined on a fault or no NUL. */
  readString(va: number, max: number): string | undefined;
}

/** Ids as in `struct task_ids`. */
export interface TaskIds {
  tid: number;
  spid: number;
  tgid: number;
}

/** `struct exregs_data` in host form (ABI §2.4). */
export interface ExregsData {
  /** r0-r12, sp, lr, pc. */
  regs: Int32Array;
  validVect: number;
  flags: number;
  pagerId: number;
}
export const EXREGS_SET_PAGER = 1;

/** A physical range of a boot image: the pager's boot file (ABI §8.2). */
export interface BootImageInfo {
  name: string;
  physStart: number;
  physEnd: number;
  /** Virtual address the first byte of [physStart, physEnd) belongs at. */
  virtBase: number;
  entry: number;
  /** Page-aligned virtual ranges that are writable (data, bss); the rest is read-only text. */
  writable: readonly { start: number; end: number }[];
}

/** What a hosted service may ask of the kernel; every call validates like the syscall it mirrors. */
export interface KernelPort {
  /**
   * THREAD_CREATE with `flags` (0x10/0x20/0x30); ids are in/out. Returns 0 or -errno. With
   * `source` (COPY/SAME_SPACE), the new thread's context is that thread's (the requester of a fork
   * or clone, fixing bug K1), which must live in space ids.spid.
   */
  threadCreate(flags: number, ids: TaskIds, name: string, source?: number): number;
  /** THREAD_SUSPEND: the thread becomes INACTIVE (a pending ipc of it ends with -EINTR). */
  threadSuspend(tid: number): number;
  /** Renames thread `tid` for console messages, traces and debuggers (execve); -ESRCH if unknown. */
  threadRename(tid: number, name: string): number;
  /** THREAD_RUN. */
  threadRun(tid: number): number;
  /** Destroys thread `tid` (THREAD_DESTROY), recording `status` as its exit status. */
  threadDestroy(tid: number, status: number): number;
  exchangeRegisters(tid: number, data: ExregsData): number;
  map(pa: number, va: number, npages: number, flags: number, tid: number): number;
  unmap(va: number, npages: number, tid: number): number;
  /** The small-page descriptor at `va` in `tid`'s space, 0 when unmapped or no such thread. */
  pte(tid: number, va: number): number;
  /** Sends a deferred reply to `tid`, which must be waiting for this service. 0 or -errno. */
  reply(tid: number, mrs: Int32Array): number;
  /** Client memory accessor. */
  userMemory(tid: number): UserMemory;
  /** Kills `tid` with a console message "task N (name) killed: reason"; it never runs again. */
  kill(tid: number, reason: string, status: number): void;
  /** Physical memory. */
  zeroFrame(pa: number): void;
  copyFrame(dst: number, src: number): void;
  /**
   * Copies `len` bytes from physical `src` to physical `dst` (any alignment; both ranges inside
   * RAM, which the caller guarantees), keeping decoded code coherent: the pager's READ and WRITE
   * copy between a user page and a page-cache frame with it, without an intermediate buffer.
   */
  copyPhys(dst: number, src: number, len: number): void;
  /** A copy of the 4 KB frame at physical `pa` (page I/O between the pager and the VFS). */
  readFrame(pa: number): Uint8Array;
  /** Overwrites the 4 KB frame at physical `pa` with `data` (at most 4096 bytes, rest kept). */
  writeFrame(pa: number, data: Uint8Array): void;
  /** The boot images and the first physical address past everything the kernel reserved. */
  bootImages(): readonly BootImageInfo[];
  firstFreePhys(): number;
  ramEnd(): number;
  /** Writes a line to the console (the same stream as the UART). */
  print(line: string): void;
  /**
   * Optional, for `--trace fault`: the pager says how it resolved `tid`'s fault at `va`, in a few
   * words ("zero-fill", "file read", "cow copy", "shared"). Costs nothing when not tracing.
   */
  noteFault?(tid: number, va: number, how: string): void;
}

/**
 * What a pager may offer debuggers (`monitor vm TID`, `czemu debug`'s `vm`): a description of a
 * task's VM areas and their shadow chains, one line per area or object. A hosted service at tid 0
 * that has `describeVm` is asked; otherwise debuggers print "not available".
 */
export interface PagerIntrospection {
  /** Multi-line text; an unknown tid gets one line saying so. */
  describeVm(tid: number): string;
}
