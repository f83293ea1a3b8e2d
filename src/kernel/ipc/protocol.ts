/**
 * Every message layout czemu's kernel and hosted services exchange, in one place. MRn is r(3+n);
 * MR0 is the tag on requests and the return value on replies, MR1 the sender (ABI §3.2).
 *
 * Page fault, kernel → pager (ABI §5.2; also a kernel page-in for a syscall buffer, §5.4):
 *   MR0 = L4_IPC_TAG_PFAULT (0)  MR1 = faulting tid  MR2 = pc (0 for a page-in)
 *   MR3 = FSR status | bit 8 set for a prefetch abort   MR4 = fault address
 *   MR5 = the current small-page descriptor of the address (of pc for prefetch), 0 if unmapped
 *   Reply: any message; its content is ignored and the instruction is retried.
 *
 * Requests served by the pager (tid 0) in czemu's minimal pager:
 *   UTCB   (4):  MR2 = tid             → MR0 = the tid's utcb page address (0 if not allowed)
 *   SHMGET (6):  MR2 key, MR3 size, MR4 shmflg → MR0 = shmid or -errno
 *   SHMAT  (7):  MR2 shmid, MR3 shmaddr, MR4 shmflg → MR0 = address or -errno
 *   SYNC   (3):  no reply
 *   EXIT   (27): MR2 = status; no reply, the thread is destroyed
 *   anything else → MR0 = -EINVAL; a sender the pager does not know → MR0 = -ESRCH
 */
export const L4_IPC_TAG_PFAULT = 0;
export const L4_IPC_TAG_SYNC = 3;
export const L4_IPC_TAG_UTCB = 4;
export const L4_IPC_TAG_SHMGET = 6;
export const L4_IPC_TAG_SHMAT = 7;
export const L4_IPC_TAG_SHMDT = 8;
export const L4_IPC_TAG_EXIT = 27;
export const PAGER_TID = 0;
export const VFS_TID = 1;
/** MR indices. */
export const MR_TAG = 0;
export const MR_RETURN = 0;
export const MR_SENDER = 1;
export const MR_ARG0 = 2;
/** Bit 8 of a fault message's FSR word: the abort was a prefetch abort. */
export const FSR_PREFETCH_BIT = 0x100;
