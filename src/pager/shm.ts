import {
  EEXIST, EINVAL, ENOENT, ENOMEM, SHM_AREA_END, SHM_AREA_START, UTCB_AREA_END, UTCB_AREA_START,
} from '../kernel/service.ts';
import type { VmContext } from './context.ts';
import type { ShmSegment } from './object.ts';
import {
  EACCES, ENOSPC, IPC_CREAT, IPC_EXCL, IPC_PRIVATE, SHM_MAX_PAGES, SHM_MAX_SEGMENTS, SHM_RDONLY,
  SHM_RND,
} from './protocol.ts';
import { settle, unlinkVma } from './shadow.ts';
import type { Task } from './task.ts';
import { linkChain, Vma, VM_READ, VM_WRITE, VMA_SHARED } from './vma.ts';

/**
 * System V shared memory and utcb pages (§4.3), with the fixes of scenario 26 and §8 B1-B4:
 *  - shmdt answers 0; a segment outlives its last detach while a live task holds its id (it got
 *    it from shmget or attached it), so re-attaching works; it dies with its last holder and
 *    last attachment, and its id and address go back (B3);
 *  - IPC_PRIVATE segments have no key and cannot be looked up (B4);
 *  - a utcb page's key belongs to its task: nobody else may shmget it (B4), and utcb segments do
 *    not use up the 64 System V ids;
 *  - shmat(id, NULL) of a segment with an address uses that address (B1).
 * Segments attach at one global address for every task, allocated top-down in the SHM area so
 * that MAP_SHARED mappings (bottom-up) rarely meet them.
 */
export class ShmTable {
  private readonly ctx: VmContext;
  private readonly utcbUsed = new Set<number>();

  constructor(ctx: VmContext) {
    this.ctx = ctx;
  }

  /** The lowest free utcb page address, reserved; 0 when the pool is exhausted. */
  allocUtcb(): number {
    for (let a = UTCB_AREA_START; a < UTCB_AREA_END; a += 0x1000) {
      if (!this.utcbUsed.has(a)) {
        this.utcbUsed.add(a);
        return a;
      }
    }
    return 0;
  }

  /** Reserves utcb address `a` (mm0's and fs0's pages at boot). */
  reserveUtcb(a: number): void {
    this.utcbUsed.add(a);
  }

  /** Utcb pages in use (leak checks). */
  get utcbCount(): number {
    return this.utcbUsed.size;
  }

  /** The lowest free shmid: System V ids 0-63 share it with utcb segments, which are not limited. */
  private newId(): number {
    let id = 0;
    while (this.ctx.segments.has(id)) id++;
    return id;
  }

  /** A new segment of `npages` pages with `key` (undefined: private), held by `holder`. */
  create(key: number | undefined, npages: number, holder: number, utcb: boolean): ShmSegment {
    const object = this.ctx.objects.create('shm', utcb ? `utcb@${(key ?? 0).toString(16)}` : `shm:${key ?? 'private'}`);
    object.npages = npages;
    const seg: ShmSegment = {
      shmid: this.newId(), key, npages, addr: utcb ? key! : 0, utcb, object, holders: new Set([holder]),
    };
    object.segment = seg;
    this.ctx.segments.set(seg.shmid, seg);
    return seg;
  }

  /** Creates `task`'s utcb segment at its utcb address and attaches it there. 0 or -errno. */
  setupUtcb(task: Task): number {
    const seg = this.create(task.utcb, 1, task.tid, true);
    task.utcbSegment = seg;
    return this.attach(task, seg, task.utcb, false);
  }

  /**
   * shmget(key, size, flags) for `task`: the shmid, or -EINVAL (size outside 1..10 pages, or
   * larger than the existing segment), -ENOENT (no such key without IPC_CREAT), -EEXIST
   * (IPC_CREAT|IPC_EXCL on an existing key), -EACCES (another task's utcb key), -ENOSPC.
   */
  shmget(task: Task, key: number, size: number, flags: number): number {
    if ((key >>> 0) >= UTCB_AREA_START && (key >>> 0) < UTCB_AREA_END) {
      const seg = task.utcbSegment;
      if (seg === undefined || seg.key !== key >>> 0) return -EACCES;
      if ((flags & IPC_CREAT) !== 0 && (flags & IPC_EXCL) !== 0) return -EEXIST;
      if (size <= 0 || size > seg.npages * 4096) return -EINVAL;
      return seg.shmid;
    }
    const npages = Math.ceil(size / 4096);
    if (size <= 0 || npages > SHM_MAX_PAGES) return -EINVAL;
    if (key !== IPC_PRIVATE) {
      for (const seg of this.ctx.segments.values()) {
        if (seg.utcb || seg.key !== key) continue;
        if ((flags & IPC_CREAT) !== 0 && (flags & IPC_EXCL) !== 0) return -EEXIST;
        if (npages > seg.npages) return -EINVAL;
        seg.holders.add(task.tid);
        return seg.shmid;
      }
      if ((flags & IPC_CREAT) === 0) return -ENOENT;
    }
    let n = 0;
    for (const s of this.ctx.segments.values()) if (!s.utcb) n++;
    if (n >= SHM_MAX_SEGMENTS) return -ENOSPC;
    return this.create(key === IPC_PRIVATE ? undefined : key, npages, task.tid, false).shmid;
  }

  /**
   * shmat(shmid, addr, flags) for `task`: the attach address, or -EINVAL (unknown id, a utcb
   * segment of another task, unaligned addr without SHM_RND, an address other than the
   * segment's, outside the SHM area, or over another area), -ENOMEM (no room in the SHM area).
   * Attaching a segment where it is already attached in this space returns the address again.
   */
  shmat(task: Task, shmid: number, addr: number, flags: number): number {
    const seg = this.ctx.segments.get(shmid);
    if (seg === undefined || (seg.utcb && seg !== task.utcbSegment)) return -EINVAL;
    addr >>>= 0;
    if ((addr & 0xfff) !== 0) {
      if ((flags & SHM_RND) === 0) return -EINVAL;
      addr = (addr & ~0xfff) >>> 0;
    }
    if (seg.addr !== 0) {
      if (addr !== 0 && addr !== seg.addr) return -EINVAL;
      addr = seg.addr;
    } else if (addr === 0) {
      addr = task.space.findFreeTop(seg.npages, SHM_AREA_START, SHM_AREA_END, this.reservations());
      if (addr < 0) return -ENOMEM;
    } else if (addr < SHM_AREA_START || addr + seg.npages * 4096 > SHM_AREA_END
      || this.reservations().some((r) => r.start < addr + seg.npages * 4096 && addr < r.end)) {
      return -EINVAL;
    }
    const existing = task.space.find(addr);
    if (existing !== undefined && existing.chain[0] === seg.object && existing.start === addr) return addr;
    const r = this.attach(task, seg, addr, (flags & SHM_RDONLY) !== 0);
    if (r < 0) return r;
    seg.addr = addr;
    seg.holders.add(task.tid);
    return addr;
  }

  /** Maps `seg` at `addr` in `task`'s space as a shared area. 0 or -EINVAL (range busy). */
  private attach(task: Task, seg: ShmSegment, addr: number, readOnly: boolean): number {
    const end = addr + seg.npages * 4096;
    if (!task.space.isFree(addr, end)) return -EINVAL;
    const flags = VM_READ | (readOnly ? 0 : VM_WRITE) | VMA_SHARED;
    const v = new Vma(task.space, addr, end, flags, 0, [seg.object]);
    task.space.insert(v);
    linkChain(v);
    return 0;
  }

  /** shmdt(addr) for `task`: 0, or -EINVAL when no segment is attached at `addr` in its space. */
  shmdt(task: Task, addr: number): number {
    const v = task.space.find(addr >>> 0);
    const seg = v?.chain[0]?.segment;
    if (v === undefined || seg === undefined || v.start !== addr >>> 0) return -EINVAL;
    this.detach(task, v);
    return 0;
  }

  /** Removes shared area `v` (a segment attachment) from `task`'s space and page tables. */
  detach(task: Task, v: Vma): void {
    task.space.remove(v);
    const tid = task.space.anyTid();
    if (tid >= 0) this.ctx.port.unmap(v.start, v.npages, tid);
    unlinkVma(this.ctx, v);
  }

  /**
   * `task` is gone: it stops holding every segment, its utcb page is detached from its space (the
   * space may live on with other threads) and released; segments nobody uses any more die.
   */
  release(task: Task): void {
    const seg = task.utcbSegment;
    if (seg !== undefined) {
      const v = task.space.find(seg.addr);
      if (v !== undefined && v.chain[0] === seg.object) this.detach(task, v);
    }
    for (const s of [...this.ctx.segments.values()]) {
      if (s.holders.delete(task.tid)) settle(this.ctx, s.object);
    }
    task.utcbSegment = undefined;
    this.utcbUsed.delete(task.utcb);
  }

  /** Global addresses of attached segments (what MAP_SHARED placement must avoid). */
  reservations(): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    for (const s of this.ctx.segments.values()) {
      if (!s.utcb && s.addr !== 0) out.push({ start: s.addr, end: s.addr + s.npages * 4096 });
    }
    return out;
  }
}
