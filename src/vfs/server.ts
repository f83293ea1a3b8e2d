import {
  EFAULT, EINVAL, EPERM, ESRCH, L4_IPC_TAG_SYNC, MR_RETURN, PAGE_SIZE, VFS_TID,
  type HostedService, type KernelPort, type ServiceReply, type ServiceRequest,
} from '../kernel/service.ts';
import { VfsError } from './errno.ts';
import type { Stat, Vfs, VfsTask } from './vfs.ts';

/**
 * fs0, the VFS at tid 1, as a hosted service: Codezero's requests of services §5.3 with their
 * exact layouts. MRn is r(3+n); MR0 is the tag on requests and the result on replies.
 *
 *   SYNC    (3):  no reply
 *   OPEN    (12): MR2 path (in the caller's utcb page), MR3 flags (Linux ARM O_*), MR4 mode → fd
 *   READDIR (18): MR2 fd, MR3 buffer (in the utcb page), MR4 count → bytes written at MR3
 *   MKDIR   (19): MR2 path, MR3 mode → 0
 *   CHDIR   (21): MR2 path → 0
 *   STAT    (23): MR2 path, MR3 pointer to a struct kstat in the caller's memory → 0
 *   FSTAT   (24): MR2 fd, MR3 pointer to a struct kstat → 0
 *   PAGER_* / NOTIFY_* (41-48): the pager's protocol; it reaches fs0 only as typed calls
 *           (pager-port.ts), so a user task sending these tags gets -EPERM (bug F7 fixed)
 *   any other tag → -EINVAL (the original answered 0: bug A16/F8 fixed)
 *   a sender fs0 does not know → -ESRCH, whatever the tag
 * Errors are negative Linux errnos in MR0; MR1-MR5 come back as they were sent.
 *
 * Client memory: a path is read from the caller's utcb page only, as libposix puts it there: the
 * pointer must equal the sender's own utcb page address (the pager tells fs0 that address at
 * addTask and notifyFork) and the string must end with a NUL inside that page, else -EFAULT. A
 * READDIR buffer may start anywhere in the page; its count is clipped to the page end. Everything fs0
 * reads or writes in a client goes through KernelPort.userMemory, which translates through the
 * client's own page tables and refuses what the client itself could not access.
 */

export const L4_IPC_TAG_OPEN = 12;
export const L4_IPC_TAG_READDIR = 18;
export const L4_IPC_TAG_MKDIR = 19;
export const L4_IPC_TAG_CHDIR = 21;
export const L4_IPC_TAG_STAT = 23;
export const L4_IPC_TAG_FSTAT = 24;
/** The pager<->fs0 tags (PAGER_OPEN 41 ... NOTIFY_EXIT 47, PAGER_OPEN_BYPATH 48). */
export const L4_IPC_TAG_PAGER_FIRST = 41;
export const L4_IPC_TAG_PAGER_LAST = 48;

/** Exit status of a task fs0 kills for sending it a page fault (128 + SIGSEGV). */
const STATUS_SEGV = 139;

/**
 * struct kstat as a guest built with the ARM EABI sees it (u64 fields aligned to 8 bytes):
 *
 *   offset  size  field
 *     0      8    u64 vnum     (st_ino)
 *     8      4    u32 mode     (type and permission bits, Linux S_IF* values)
 *    12      4    int links
 *    16      2    u16 uid      (always 0: memfs keeps no owners)
 *    18      2    u16 gid      (always 0)
 *    20      4    padding      (written as 0)
 *    24      8    u64 size
 *    32      4    int blksize  (4096)
 *    36      4    padding      (written as 0)
 *    40      8    u64 atime
 *    48      8    u64 mtime
 *    56      8    u64 ctime
 *    64           sizeof(struct kstat)
 */
export const KSTAT_SIZE = 64;

/** Encodes `st` as the 64-byte little-endian struct kstat drawn above. */
export function encodeKstat(st: Stat): Uint8Array {
  const out = new Uint8Array(KSTAT_SIZE);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(st.vnum), true);
  dv.setUint32(8, st.mode >>> 0, true);
  dv.setInt32(12, st.links, true);
  dv.setUint16(16, 0, true);
  dv.setUint16(18, 0, true);
  dv.setBigUint64(24, BigInt(st.size), true);
  dv.setInt32(32, st.blksize, true);
  dv.setBigUint64(40, BigInt(st.atime), true);
  dv.setBigUint64(48, BigInt(st.mtime), true);
  dv.setBigUint64(56, BigInt(st.ctime), true);
  return out;
}

/** Paths are UTF-8; a byte string that is not valid UTF-8 cannot name anything fs0 holds. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The hosted fs0. Every request is validated before the Vfs sees it; a VfsError becomes -errno in
 * MR0, anything else is a host bug and propagates.
 */
export class Fs0Server implements HostedService {
  readonly tid = VFS_TID;
  readonly name = 'fs0';
  readonly vfs: Vfs;
  private readonly port: KernelPort;

  /** A server over `vfs`, reaching client memory through `port`. */
  constructor(port: KernelPort, vfs: Vfs) {
    this.port = port;
    this.vfs = vfs;
  }

  /**
   * Serves one request (layouts in the file comment). Never throws for guest input: unknown
   * senders, forged pager tags, bad pointers and bad descriptors all come back as -errno.
   */
  handle(req: ServiceRequest): ServiceReply {
    const mrs = req.mrs;
    const reply = (ret: number): ServiceReply => {
      const out = mrs.slice();
      out[MR_RETURN] = ret;
      return { kind: 'reply', mrs: out };
    };
    if (req.kind !== 'ipc') {
      // fs0 pages nobody: only a thread that named tid 1 as its pager (exchange_registers) gets
      // here. A kernel page-in fails the syscall; a real fault would retry for ever, so kill.
      if (req.kind === 'pagein') return reply(-EFAULT);
      this.port.kill(req.sender, 'page fault sent to fs0, which is not a pager', STATUS_SEGV);
      return { kind: 'none' };
    }
    if (!this.vfs.hasTask(req.sender)) return reply(-ESRCH);
    const task = this.vfs.task(req.sender);
    const tag = mrs[0]!;
    if (tag === L4_IPC_TAG_SYNC) return { kind: 'none' };
    try {
      return reply(this.dispatch(task, tag, mrs));
    } catch (e) {
      if (e instanceof VfsError) return reply(-e.errno);
      throw e;
    }
  }

  private dispatch(task: VfsTask, tag: number, mrs: Int32Array): number {
    const tid = task.tid;
    const [a0, a1, a2] = [mrs[2]!, mrs[3]!, mrs[4]!];
    switch (tag) {
      case L4_IPC_TAG_OPEN:
        return this.vfs.open(tid, this.path(task, a0), a1 >>> 0, a2 >>> 0);
      case L4_IPC_TAG_READDIR:
        return this.readdir(task, a0, a1 >>> 0, a2);
      case L4_IPC_TAG_MKDIR:
        this.vfs.mkdir(tid, this.path(task, a0), a1 >>> 0);
        return 0;
      case L4_IPC_TAG_CHDIR:
        this.vfs.chdir(tid, this.path(task, a0));
        return 0;
      case L4_IPC_TAG_STAT:
        return this.putStat(tid, a1 >>> 0, this.vfs.stat(tid, this.path(task, a0)));
      case L4_IPC_TAG_FSTAT:
        return this.putStat(tid, a1 >>> 0, this.vfs.fstat(tid, a0));
      default:
        if (tag >= L4_IPC_TAG_PAGER_FIRST && tag <= L4_IPC_TAG_PAGER_LAST) return -EPERM;
        return -EINVAL;
    }
  }

  /**
   * The NUL-terminated path at `va`, which must be `task`'s utcb page address, with its NUL inside
   * the page. Throws VfsError: EFAULT for any other pointer, no NUL, or an unreadable page; EINVAL
   * for bytes that are not UTF-8. Length limits are path.ts's (ENAMETOOLONG).
   */
  private path(task: VfsTask, va: number): string {
    if (va >>> 0 !== task.utcb >>> 0) throw new VfsError(EFAULT, 'path pointer is not the caller\'s utcb page');
    const bytes = this.utcbBytes(task, va >>> 0);
    const nul = bytes.indexOf(0);
    if (nul < 0) throw new VfsError(EFAULT, 'path not NUL-terminated in the utcb page');
    try {
      return utf8.decode(bytes.subarray(0, nul));
    } catch {
      throw new VfsError(EINVAL, 'path is not UTF-8');
    }
  }

  /** The bytes from `va` to the end of `task`'s utcb page; EFAULT when `va` is outside it. */
  private utcbBytes(task: VfsTask, va: number): Uint8Array {
    const end = this.utcbRoom(task, va);
    const bytes = this.port.userMemory(task.tid).read(va, end);
    if (bytes === undefined) throw new VfsError(EFAULT, 'utcb page not readable');
    return bytes;
  }

  /** Bytes from `va` to the end of `task`'s utcb page; throws EFAULT when `va` is not in it. */
  private utcbRoom(task: VfsTask, va: number): number {
    const page = task.utcb >>> 0;
    if (page === 0 || va < page || va >= page + PAGE_SIZE) {
      throw new VfsError(EFAULT, 'pointer outside the caller\'s utcb page');
    }
    return page + PAGE_SIZE - va;
  }

  /**
   * READDIR: the next records of directory `fd` that fit in min(count, room left in the utcb page)
   * are written at `buf`. Returns the byte count (0 at the end of the directory); -EINVAL for a
   * negative count or one too small for the next record.
   */
  private readdir(task: VfsTask, fd: number, buf: number, count: number): number {
    const file = this.vfs.file(task.tid, fd); // -EBADF before any pointer complaint
    if (count < 0) return -EINVAL;
    const room = Math.min(count, this.utcbRoom(task, buf));
    const pos = file.dirPos;
    const bytes = this.vfs.readdir(task.tid, fd, room);
    if (bytes.length > 0 && !this.port.userMemory(task.tid).write(buf, bytes)) {
      file.dirPos = pos; // nothing was delivered: the next call returns the same records
      return -EFAULT;
    }
    return bytes.length;
  }

  /** Writes `st` as a struct kstat at `va` in `tid`'s memory: 0, or -EFAULT when it cannot. */
  private putStat(tid: number, va: number, st: Stat): number {
    return this.port.userMemory(tid).write(va, encodeKstat(st)) ? 0 : -EFAULT;
  }
}
