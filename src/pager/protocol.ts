/**
 * Every request the hosted pager (tid 0, Codezero's mm0) serves, in one place, in the style of
 * kernel/ipc/protocol.ts. MRn is r(3+n); MR0 is the tag on requests and the return value on
 * replies; MR1 is the sender. "-E..." replies are negative Linux errnos in MR0. A sender the
 * pager does not know gets -ESRCH; an unknown tag -EINVAL (the original answered 0, bug A16).
 *
 *   PFAULT   (0)  from the kernel only (a guest forging one gets -EINVAL): MR2 pc, MR3 fsr
 *                 (bit 8 prefetch), MR4 address, MR5 pte. Resolved, or the task is killed.
 *   SYNC     (3)  no arguments, NO REPLY; runs the integrity check of §2.9.
 *   UTCB     (4)  MR2 = tid → MR0 = that task's utcb page address; 0 unless tid is the caller
 *                 (or the caller is the VFS), or for an unknown tid.
 *   SHMGET   (6)  MR2 key, MR3 size in bytes, MR4 shmflg (IPC_CREAT 0o1000, IPC_EXCL 0o2000)
 *                 → MR0 shmid | -EINVAL (size 0 or > SHM_MAX_PAGES pages, or larger than the
 *                 existing segment) | -ENOENT | -EEXIST | -EACCES (another task's utcb key)
 *                 | -ENOSPC (64 segments exist).
 *   SHMAT    (7)  MR2 shmid, MR3 shmaddr (0: the segment's address), MR4 shmflg (SHM_RDONLY
 *                 0o10000, SHM_RND 0o20000) → MR0 address | -EINVAL | -ENOMEM.
 *   SHMDT    (8)  MR2 shmaddr → MR0 0 | -EINVAL (nothing attached there).
 *   MMAP     (9)  MR2 = pointer into the caller's memory to six words {start, length, prot,
 *                 flags, fd, pgoff} → MR0 address (the END of the range with MAP_GROWSDOWN)
 *                 | -EFAULT (block unreadable) | -EINVAL | -EBADF | -EACCES | -ENOMEM.
 *   MUNMAP  (10)  MR2 start (page-aligned), MR3 length → MR0 0 | -EINVAL.
 *   MSYNC   (11)  MR2 start (page-aligned), MR3 length, MR4 flags → MR0 0 | -EINVAL | -ENOMEM
 *                 (range not mapped) | a VFS error; dirty shared file pages are written back.
 *   READ    (13)  MR2 fd, MR3 buffer, MR4 count → MR0 bytes | -EBADF | -EINVAL (count < 0)
 *                 | -EFAULT | -EISDIR.
 *   WRITE   (14)  MR2 fd, MR3 buffer, MR4 count → MR0 bytes | -EBADF | -EINVAL | -EFAULT
 *                 | -ENOMEM | -EFBIG.
 *   LSEEK   (15)  MR2 fd, MR3 offset (signed), MR4 whence (SEEK_SET 0, SEEK_CUR 1, SEEK_END 2)
 *                 → MR0 new offset | -EBADF | -EINVAL.
 *   CLOSE   (16)  MR2 fd → MR0 0 | -EBADF. Flushes (fsync) first when the pager knew the fd.
 *   EXECVE  (20)  MR2 = the caller's utcb page address, MR3 = bytes used in it. The page holds
 *                 the NUL-terminated path at offset 0, then at the next 4-byte boundary a u32
 *                 argc, then argc NUL-terminated strings back to back. No reply on success: the
 *                 task restarts at the new entry with r0 = argc, r1 = argv (see EXEC_ARGV_BASE).
 *                 Failure: MR0 -EFAULT | -EINVAL | -E2BIG | -ENOENT | -ENOEXEC | -ENOMEM
 *                 | -EBUSY (other threads share the space), and the old image keeps running.
 *   FORK    (22)  no arguments → MR0 child tid to the parent, 0 to the child | -EAGAIN
 *                 (--max-tasks) | -ENOMEM.
 *   FSYNC   (25)  MR2 fd → MR0 0 | -EBADF | a VFS error.
 *   CLONE   (26)  MR2 child_stack, MR3 Linux CLONE_* flags → MR0 child tid; the child starts
 *                 with MR0 = 0 and sp = child_stack | -EINVAL (NULL stack) | -EAGAIN | -ENOMEM.
 *                 Without CLONE_VM the child gets a copy of the space, as fork does (bug A12).
 *   EXIT    (27)  MR2 status, NO REPLY: the thread is destroyed.
 *   WAIT    (28)  MR2 pid (-1: any child), MR3 options (WNOHANG 1) → MR0 child tid | 0 (WNOHANG,
 *                 none exited yet) | -ECHILD | -EINVAL; MR2 = the POSIX status word: (code &
 *                 0xff) << 8 for _exit(code), the signal number for a killed task. Blocks
 *                 (deferred reply) until a matching child has exited.
 *   TASKDATA (40) VFS only (others -EPERM): the hosted VFS learns boot tasks through
 *                 VfsForPager.addTask; Pager.taskData() gives the list TASKDATA would write.
 */
export const L4_IPC_TAG_PFAULT = 0;
export const L4_IPC_TAG_SYNC = 3;
export const L4_IPC_TAG_UTCB = 4;
export const L4_IPC_TAG_SHMGET = 6;
export const L4_IPC_TAG_SHMAT = 7;
export const L4_IPC_TAG_SHMDT = 8;
export const L4_IPC_TAG_MMAP = 9;
export const L4_IPC_TAG_MUNMAP = 10;
export const L4_IPC_TAG_MSYNC = 11;
export const L4_IPC_TAG_READ = 13;
export const L4_IPC_TAG_WRITE = 14;
export const L4_IPC_TAG_LSEEK = 15;
export const L4_IPC_TAG_CLOSE = 16;
export const L4_IPC_TAG_EXECVE = 20;
export const L4_IPC_TAG_FORK = 22;
export const L4_IPC_TAG_FSYNC = 25;
export const L4_IPC_TAG_CLONE = 26;
export const L4_IPC_TAG_EXIT = 27;
export const L4_IPC_TAG_WAIT = 28;
export const L4_IPC_TAG_TASKDATA = 40;

/** Linux errnos the pager returns beyond those kernel/errno.ts defines. */
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EBADF = 9;
export const ECHILD = 10;
export const EACCES = 13;
export const EISDIR = 21;
export const EFBIG = 27;
export const ENOSPC = 28;

/** mmap prot and flags (Linux ARM values, libposix sys/mman.h). */
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x100;

/** System V IPC flags. */
export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000;
export const IPC_EXCL = 0o2000;
export const SHM_RDONLY = 0o10000;
export const SHM_RND = 0o20000;
/** Pages per System V segment (§4.3's limit) and segments at once (the original's id pool). */
export const SHM_MAX_PAGES = 10;
export const SHM_MAX_SEGMENTS = 64;

/** Linux clone flags (§3.4). */
export const CLONE_VM = 0x100;
export const CLONE_FS = 0x200;
export const CLONE_FILES = 0x400;
export const CLONE_THREAD = 0x10000;
/** NOTIFY_FORK share flags, open access modes and the descriptor limit are the VFS's contract. */
export {
  MAX_FDS, O_ACCMODE, O_APPEND, O_RDONLY, O_WRONLY, TCB_SHARED_FILES, TCB_SHARED_FS,
} from '../vfs/service.ts';

/** lseek whence and wait options. */
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const WNOHANG = 1;

/**
 * execve argument delivery: the argv[] array (argc + 1 pointers, NULL-terminated) at the start of
 * the env page, the strings right after it; r0 = argc, r1 = EXEC_ARGV_BASE, sp = 0x1FFFEFF8.
 */
export const EXEC_ARGV_BASE = 0x1ffff000;
