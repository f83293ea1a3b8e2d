import {
  EFAULT, EINVAL, EPERM, ESRCH, EXREGS_SET_PAGER, MR_ARG0, MR_RETURN, PAGER_TID, UTCB_AREA_START,
  VFS_TID, type HostedService, type KernelPort, type PagerIntrospection, type ServiceReply,
  type ServiceRequest,
} from '../kernel/service.ts';
import type { VfsForPager } from '../vfs/service.ts';
import type { PagerStats, VmContext } from './context.ts';
import { doExec } from './exec.ts';
import { doWait, releaseTask } from './exit.ts';
import { faultIsWrite, resolveFault, STATUS_SEGV } from './fault.ts';
import { sysClose, sysFsync, sysLseek, sysRead, sysWrite, truncated } from './file.ts';
import { doFork, THREAD_NEW_SPACE } from './fork.ts';
import { FrameAllocator } from './frames.ts';
import { checkIntegrity, PagerIntegrityError } from './integrity.ts';
import { doMmap, doMsync, doMunmap } from './mmap.ts';
import { describeTaskVm } from './introspect.ts';
import { ObjectRegistry } from './object.ts';
import * as P from './protocol.ts';
import { ShmTable } from './shm.ts';
import { bootSpace } from './boot.ts';
import { FileTable, INITIAL_SP, Process, Task } from './task.ts';

/** Default --max-tasks: fork and clone beyond it get -EAGAIN (fork bombs are contained). */
export const DEFAULT_MAX_TASKS = 256;

/** Options of the pager. */
export interface PagerOptions {
  /** The VFS the pager reads and writes files through (default: one that has no files). */
  vfs?: VfsForPager;
  maxTasks?: number;
}

/** Leak counters (STYLE.md tests 5: counted before and after). */
export interface PagerCounters {
  frames: number;
  objects: number;
  shadows: number;
  files: number;
  segments: number;
  tasks: number;
  utcbs: number;
}

/** A VFS with no files: opens fail with -ENOSYS, notifications succeed. */
class NoVfs implements VfsForPager {
  open(): number { return -38; }
  read(): number { return -38; }
  write(): number { return -38; }
  updateStats(): number { return -38; }
  close(): number { return -9; }
  notifyFork(): number { return 0; }
  notifyExit(): number { return 0; }
  addTask(): number { return 0; }
  openPath(): number { return -38; }
  onTruncate(): void {}
  onSizeOf(): void {}
}

/**
 * czemu's hosted pager at tid 0 (Codezero's mm0): boot tasks, page faults through VM areas and
 * shadow chains, fork/clone/exit/wait/execve, mmap/munmap/msync, System V shm, and file I/O
 * through its page cache. Every request layout is in protocol.ts; the handlers live in the files
 * named after them (fault, fork, exit, exec, mmap, shm, file).
 */
export class Pager implements HostedService, PagerIntrospection {
  readonly tid = PAGER_TID;
  readonly name = 'mm0';
  readonly tasks = new Map<number, Task>();
  readonly frames: FrameAllocator;
  readonly ctx: VmContext;
  readonly shm: ShmTable;
  readonly maxTasks: number;
  readonly stats: PagerStats = { faults: 0, zeroFills: 0, cows: 0, fileReads: 0, fileWrites: 0, collapses: 0, merges: 0 };
  private readonly port: KernelPort;

  constructor(port: KernelPort, opts: PagerOptions = {}) {
    this.port = port;
    this.maxTasks = opts.maxTasks ?? DEFAULT_MAX_TASKS;
    this.frames = new FrameAllocator(port.firstFreePhys(), port.ramEnd());
    const zero = this.frames.alloc();
    if (zero < 0) throw new Error('pager: no frame for the zero page');
    port.zeroFrame(zero);
    const vfs = opts.vfs ?? new NoVfs();
    this.ctx = {
      port, vfs, frames: this.frames, objects: new ObjectRegistry(zero), segments: new Map(), stats: this.stats,
    };
    this.shm = new ShmTable(this.ctx);
    // mm0 and fs0 hold the first two utcb pages, as in Codezero (0xF8000000, 0xF8001000).
    this.shm.reserveUtcb(UTCB_AREA_START);
    this.shm.reserveUtcb(UTCB_AREA_START + 0x1000);
    vfs.onTruncate((vnum) => truncated(this.ctx, vnum));
    vfs.onSizeOf((vnum) => this.ctx.objects.files.get(vnum)?.length);
  }

  /**
   * Starts every boot image as a task (mm0's start_boot_tasks, §7): a NEW_SPACE thread with the
   * next free tid, areas for the image over its boot file (text read-only, data private
   * writable), stack and env page, a utcb page and segment, the VFS told (addTask, in place of
   * TASKDATA), registers sp = 0x1FFFEFF8 and pc = the entry, pager = 0, then RUN. Returns the
   * tids in image order. Throws when the kernel refuses (a host configuration error).
   */
  startBootTasks(): number[] {
    const tids: number[] = [];
    for (const img of this.port.bootImages()) {
      const ids = { tid: -1, spid: -1, tgid: -1 };
      const r = this.port.threadCreate(THREAD_NEW_SPACE, ids, img.name);
      if (r < 0) throw new Error(`pager: cannot create a thread for ${img.name} (error ${r})`);
      const space = bootSpace(this.ctx, img, ids.spid);
      space.tids.add(ids.tid);
      const proc = new Process(ids.tid);
      proc.threads = 1;
      const task = new Task(ids.tid, img.name, space, new FileTable(), proc);
      task.utcb = this.shm.allocUtcb();
      this.shm.setupUtcb(task);
      this.tasks.set(task.tid, task);
      this.ctx.vfs.addTask(task.tid, task.utcb);
      const regs = new Int32Array(16);
      regs[13] = INITIAL_SP;
      regs[15] = img.entry;
      this.port.exchangeRegisters(task.tid, { regs, validVect: 0xffff, flags: EXREGS_SET_PAGER, pagerId: PAGER_TID });
      this.port.threadRun(task.tid);
      tids.push(task.tid);
    }
    return tids;
  }

  /** What TASKDATA writes for the VFS (§1.2): every task's tid and utcb address, by tid. */
  taskData(): { tid: number; utcb: number }[] {
    return [...this.tasks.values()].sort((a, b) => a.tid - b.tid).map((t) => ({ tid: t.tid, utcb: t.utcb }));
  }

  /** Serves one request (protocol.ts). */
  handle(req: ServiceRequest): ServiceReply {
    const mrs = req.mrs;
    const reply = (ret: number): ServiceReply => {
      const out = mrs.slice();
      out[MR_RETURN] = ret;
      return { kind: 'reply', mrs: out };
    };
    const task = this.tasks.get(req.sender);
    if (task === undefined) {
      // A thread the pager never created (made directly with thread_control, A20) has no VM
      // areas here: retrying its fault would spin forever, so it is killed instead.
      if (req.kind !== 'fault') return reply(-ESRCH);
      this.port.kill(req.sender, `page fault at 0x${(mrs[4]! >>> 0).toString(16).padStart(8, '0')} in a thread the pager does not know`, STATUS_SEGV);
      return { kind: 'none' };
    }
    if (req.kind !== 'ipc') return this.fault(task, req);
    const a0 = mrs[MR_ARG0]!;
    const a1 = mrs[MR_ARG0 + 1]!;
    const a2 = mrs[MR_ARG0 + 2]!;
    switch (mrs[0]) {
      case P.L4_IPC_TAG_PFAULT:
        return reply(-EINVAL); // a guest may not forge fault messages
      case P.L4_IPC_TAG_SYNC:
        this.assertIntegrity();
        return { kind: 'none' };
      case P.L4_IPC_TAG_UTCB: {
        const target = this.tasks.get(a0);
        return reply(target !== undefined && (target === task || req.sender === VFS_TID) ? target.utcb : 0);
      }
      case P.L4_IPC_TAG_SHMGET: return reply(this.shm.shmget(task, a0, a1, a2));
      case P.L4_IPC_TAG_SHMAT: return reply(this.shm.shmat(task, a0, a1, a2));
      case P.L4_IPC_TAG_SHMDT: return reply(this.shm.shmdt(task, a0));
      case P.L4_IPC_TAG_MMAP: {
        const block = this.port.userMemory(task.tid).read(a0 >>> 0, 24);
        if (block === undefined) return reply(-EFAULT);
        const w = new DataView(block.buffer);
        const at = (i: number) => w.getInt32(i * 4, true);
        return reply(doMmap(this.ctx, this.shm, task,
          { start: at(0), length: at(1), prot: at(2), flags: at(3), fd: at(4), pgoff: at(5) }));
      }
      case P.L4_IPC_TAG_MUNMAP: return reply(doMunmap(this.ctx, this.shm, task, a0, a1));
      case P.L4_IPC_TAG_MSYNC: return reply(doMsync(this.ctx, task, a0, a1));
      case P.L4_IPC_TAG_READ: return reply(sysRead(this.ctx, task, a0, a1, a2));
      case P.L4_IPC_TAG_WRITE: return reply(sysWrite(this.ctx, task, a0, a1, a2));
      case P.L4_IPC_TAG_LSEEK: return reply(sysLseek(this.ctx, task, a0, a1, a2));
      case P.L4_IPC_TAG_CLOSE: return reply(sysClose(this.ctx, task, a0));
      case P.L4_IPC_TAG_FSYNC: return reply(sysFsync(this.ctx, task, a0));
      case P.L4_IPC_TAG_FORK: return reply(doFork(this, task));
      case P.L4_IPC_TAG_CLONE: return reply(doFork(this, task, { stack: a0 >>> 0, flags: a1 }));
      case P.L4_IPC_TAG_EXIT:
        releaseTask(this, task, a0, false);
        this.port.threadDestroy(task.tid, a0);
        return { kind: 'none' };
      case P.L4_IPC_TAG_WAIT: {
        const r = doWait(task, a0, a1);
        return r === 'defer' ? { kind: 'defer' } : { kind: 'reply', mrs: r };
      }
      case P.L4_IPC_TAG_EXECVE: {
        if (a0 >>> 0 !== task.utcb || task.utcbSegment === undefined || a1 <= 0 || a1 > 4096) return reply(-EFAULT);
        const page = this.port.userMemory(task.tid).read(task.utcb, a1);
        if (page === undefined) return reply(-EFAULT);
        const r = doExec(this.ctx, this.shm, task, page);
        return r === 'done' ? { kind: 'none' } : reply(r);
      }
      case P.L4_IPC_TAG_TASKDATA:
        return reply(req.sender === VFS_TID ? 0 : -EPERM);
      default:
        return reply(-EINVAL);
    }
  }

  /**
   * A page fault (kind 'fault') or a kernel page-in for a syscall buffer (kind 'pagein'). An
   * unservable fault kills only the faulting task, with a message naming it, the address and pc;
   * an unservable page-in answers -errno and the kernel call fails with -EFAULT.
   */
  private fault(task: Task, req: ServiceRequest): ServiceReply {
    const mrs = req.mrs;
    const [pc, fsr, addr, pte] = [mrs[2]! >>> 0, mrs[3]!, mrs[4]! >>> 0, mrs[5]!];
    const r = resolveFault(this.ctx, task.space, task.tid, addr, faultIsWrite(fsr, pte), pc);
    const out = mrs.slice();
    out[MR_RETURN] = r.ok ? 0 : -r.errno;
    if (r.ok || req.kind === 'pagein') return { kind: 'reply', mrs: out };
    this.port.kill(task.tid, r.reason, STATUS_SEGV);
    return { kind: 'none' };
  }

  /** `monitor vm TID`: the task's VM areas and object chains (introspect.ts). */
  describeVm(tid: number): string {
    const task = this.tasks.get(tid);
    return task === undefined ? `vm: the pager has no task ${tid}` : describeTaskVm(task);
  }

  /** The kernel killed `tid` (or the pager did): free what it held, as for EXIT. */
  threadKilled(tid: number, status: number): void {
    const task = this.tasks.get(tid);
    if (task !== undefined) releaseTask(this, task, status, true);
  }

  /** Runs checkIntegrity; throws PagerIntegrityError listing the violations. */
  assertIntegrity(): void {
    const bad = checkIntegrity(this.ctx, this.tasks);
    if (bad.length > 0) throw new PagerIntegrityError(`pager integrity check failed:\n  ${bad.join('\n  ')}`);
  }

  /** The leak counters. */
  counters(): PagerCounters {
    return {
      frames: this.frames.inUse,
      objects: this.ctx.objects.objects.size,
      shadows: this.ctx.objects.count('shadow'),
      files: this.ctx.objects.files.size,
      segments: this.ctx.segments.size,
      tasks: this.tasks.size,
      utcbs: this.shm.utcbCount,
    };
  }
}
