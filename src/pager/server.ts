import {
  EINVAL, ENOENT, ESRCH, EXREGS_SET_PAGER, L4_IPC_TAG_EXIT, L4_IPC_TAG_PFAULT,
  L4_IPC_TAG_SHMAT, L4_IPC_TAG_SHMGET, L4_IPC_TAG_SYNC, L4_IPC_TAG_UTCB, MR_ARG0, MR_RETURN,
  PAGER_TID, UTCB_AREA_END, UTCB_AREA_START, VFS_TID, type HostedService, type KernelPort,
  type ServiceReply, type ServiceRequest,
} from '../kernel/service.ts';
import { faultIsWrite, resolveFault, STATUS_SEGV } from './fault.ts';
import { FrameAllocator } from './frames.ts';
import { ENV_END, ENV_START, INITIAL_SP, STACK_END, STACK_START, Task } from './task.ts';
import { overlaps, type ShmSegment, type Vma } from './vma.ts';

/** THREAD_CREATE | THREAD_NEW_SPACE, and System V IPC_CREAT. */
const THREAD_NEW_SPACE = 0x10;
export const IPC_CREAT = 0o1000;
/** Largest shm segment the minimal pager creates. */
const SHM_MAX_PAGES = 256;

/**
 * czemu's minimal hosted pager at tid 0 (Codezero's mm0): starts the boot tasks, serves their page
 * faults from per-task VM areas, and answers UTCB, SHMGET/SHMAT (enough for crt0's utcb handshake),
 * SYNC and EXIT. Unknown tags get -EINVAL, unknown senders -ESRCH. The full pager issue (fork,
 * COW shadow chains, mmap, shm, file I/O) adds cases to `handle` and kinds to VmaKind.
 */
export class Pager implements HostedService {
  readonly tid = PAGER_TID;
  readonly name = 'mm0';
  readonly tasks = new Map<number, Task>();
  readonly frames: FrameAllocator;
  private readonly port: KernelPort;
  private readonly shm = new Map<number, ShmSegment>();
  private nextShmId = 0;
  private readonly utcbUsed = new Set<number>();

  constructor(port: KernelPort) {
    this.port = port;
    this.frames = new FrameAllocator(port.firstFreePhys(), port.ramEnd());
    // mm0 and fs0 hold the first two utcb pages, as in Codezero (0xF8000000, 0xF8001000).
    this.utcbUsed.add(UTCB_AREA_START);
    this.utcbUsed.add(UTCB_AREA_START + 0x1000);
  }

  /**
   * Starts every boot image as a task (mm0's start_boot_tasks): NEW_SPACE thread with the next
   * free tid, VM areas for the image, stack and env page, a utcb address, registers sp = 0x1FFFEFF8
   * and pc = the entry, pager = 0, then RUN. Returns the tids in image order.
   */
  startBootTasks(): number[] {
    const tids: number[] = [];
    for (const img of this.port.bootImages()) {
      const ids = { tid: -1, spid: -1, tgid: -1 };
      const r = this.port.threadCreate(THREAD_NEW_SPACE, ids, img.name);
      if (r < 0) throw new Error(`pager: cannot create a thread for ${img.name} (error ${r})`);
      const task = new Task(ids.tid, img.name);
      const size = img.physEnd - img.physStart;
      const writableAt = (va: number) => img.writable.some((w) => va >= w.start && va < w.end);
      for (let off = 0; off < size;) {
        const w = writableAt(img.virtBase + off);
        let end = off + 4096;
        while (end < size && writableAt(img.virtBase + end) === w) end += 4096;
        task.vmas.push({
          start: img.virtBase + off, end: img.virtBase + end, writable: w,
          kind: { type: 'file', physBase: img.physStart + off },
        });
        off = end;
      }
      for (const [start, end] of [[STACK_START, STACK_END], [ENV_START, ENV_END]] as const) {
        if (!overlaps(task.vmas, start, end)) task.vmas.push({ start, end, writable: true, kind: { type: 'anon' } });
      }
      task.utcb = this.allocUtcb();
      this.tasks.set(task.tid, task);
      const regs = new Int32Array(16);
      regs[13] = INITIAL_SP;
      regs[15] = img.entry;
      this.port.exchangeRegisters(task.tid, { regs, validVect: 0xffff, flags: EXREGS_SET_PAGER, pagerId: PAGER_TID });
      this.port.threadRun(task.tid);
      tids.push(task.tid);
    }
    return tids;
  }

  private allocUtcb(): number {
    for (let a = UTCB_AREA_START; a < UTCB_AREA_END; a += 0x1000) {
      if (!this.utcbUsed.has(a)) {
        this.utcbUsed.add(a);
        return a;
      }
    }
    return 0;
  }

  /** Serves one request (see the class comment and ipc/protocol.ts). */
  handle(req: ServiceRequest): ServiceReply {
    const task = this.tasks.get(req.sender);
    const mrs = req.mrs;
    const reply = (ret: number): ServiceReply => {
      const out = mrs.slice();
      out[MR_RETURN] = ret;
      return { kind: 'reply', mrs: out };
    };
    if (task === undefined) return reply(-ESRCH);
    const tag = mrs[0]!;
    if (req.kind !== 'ipc' || tag === L4_IPC_TAG_PFAULT) {
      if (req.kind === 'ipc') return reply(-EINVAL); // a guest may not forge fault messages
      const [pc, fsr, addr, pte] = [mrs[2]! >>> 0, mrs[3]!, mrs[4]! >>> 0, mrs[5]!];
      const r = resolveFault(this.port, this.frames, task, addr, faultIsWrite(fsr, pte), pc);
      if (r.ok) return reply(0);
      if (req.kind === 'pagein') return reply(-r.errno);
      this.port.kill(task.tid, r.reason, STATUS_SEGV);
      return { kind: 'none' };
    }
    switch (tag) {
      case L4_IPC_TAG_SYNC:
        return { kind: 'none' };
      case L4_IPC_TAG_EXIT:
        this.releaseTask(task);
        this.port.threadDestroy(task.tid, mrs[MR_ARG0]!);
        return { kind: 'none' };
      case L4_IPC_TAG_UTCB: {
        const target = this.tasks.get(mrs[MR_ARG0]!);
        const allowed = target !== undefined && (target === task || req.sender === VFS_TID);
        return reply(allowed ? target.utcb : 0);
      }
      case L4_IPC_TAG_SHMGET:
        return reply(this.shmget(mrs[2]! >>> 0, mrs[3]!, mrs[4]!));
      case L4_IPC_TAG_SHMAT:
        return reply(this.shmat(task, mrs[2]!, mrs[3]! >>> 0));
      default:
        return reply(-EINVAL);
    }
  }

  /** shmget(key, size, flags): the segment id for `key`, created with IPC_CREAT; or -errno. */
  private shmget(key: number, size: number, flags: number): number {
    for (const seg of this.shm.values()) if (seg.key === key) return seg.id;
    if ((flags & IPC_CREAT) === 0) return -ENOENT;
    const npages = Math.ceil(size / 4096);
    if (size <= 0 || npages > SHM_MAX_PAGES) return -EINVAL;
    const seg: ShmSegment = { id: this.nextShmId++, key, npages, frames: new Array<number>(npages).fill(-1), attached: 0 };
    this.shm.set(seg.id, seg);
    return seg.id;
  }

  /**
   * shmat(id, addr): attaches the segment at `addr` (page-aligned, required: the minimal pager
   * does not pick addresses) as a shared area; returns the address or -errno.
   */
  private shmat(task: Task, id: number, addr: number): number {
    const seg = this.shm.get(id);
    if (seg === undefined) return -EINVAL;
    const end = addr + seg.npages * 4096;
    if (addr === 0 || (addr & 0xfff) !== 0 || end > 0x100000000 || overlaps(task.vmas, addr, end)) return -EINVAL;
    const vma: Vma = { start: addr, end, writable: true, kind: { type: 'shm', seg } };
    task.vmas.push(vma);
    seg.attached++;
    return addr;
  }

  /** Frees everything `task` holds: private frames, shm attachments, its utcb address. */
  private releaseTask(task: Task): void {
    for (const pa of task.privateFrames.values()) this.frames.unref(pa);
    task.privateFrames.clear();
    for (const v of task.vmas) {
      if (v.kind.type !== 'shm') continue;
      const seg = v.kind.seg;
      if (--seg.attached === 0 && seg.key >= UTCB_AREA_START && seg.key < UTCB_AREA_END) {
        for (const pa of seg.frames) if (pa >= 0) this.frames.unref(pa);
        this.shm.delete(seg.id);
      }
    }
    task.vmas.length = 0;
    this.utcbUsed.delete(task.utcb);
    this.tasks.delete(task.tid);
  }

  /** The kernel killed `tid`: free its memory as for EXIT. */
  threadKilled(tid: number): void {
    const task = this.tasks.get(tid);
    if (task !== undefined) this.releaseTask(task);
  }
}

