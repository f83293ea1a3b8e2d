import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseElf, PF_W } from '../../src/emulator/loader/elf.ts';
import { loadBootImages, setupFixedMappings } from '../../src/kernel/boot/boot.ts';
import { Kernel } from '../../src/kernel/kernel.ts';
import { makePort } from '../../src/kernel/port.ts';
import { Pager, type PagerOptions } from '../../src/pager/server.ts';
import type { PagerFile, VfsForPager } from '../../src/vfs/service.ts';

/**
 * A pager on a real kernel, driven directly: boot images are loaded and their tasks created (not
 * run); requests go straight to pager.handle and user memory is read and written through the
 * kernel's accessor, which resolves faults through the pager exactly as a syscall buffer would.
 */
export const IMAGES = resolve(import.meta.dirname, '../../images');

/** A VFS for tests: files by vnum with per-task fd tables; counts the pager's calls. */
export class FakeVfs implements VfsForPager {
  readonly files = new Map<number, { data: Uint8Array; size: number; path: string }>();
  readonly fds = new Map<number, Map<number, { vnum: number; flags: number }>>();
  readonly calls = { read: 0, write: 0, updateStats: 0, close: 0, notifyFork: 0, notifyExit: 0 };
  private nextVnum = 10;
  private truncHook: ((vnum: number) => void) | undefined;
  /** The pager's STAT/FSTAT size hook (registered, not used by this fake). */
  sizeHook: ((vnum: number) => number | undefined) | undefined;
  readonly frameIo: { read: (pa: number) => Uint8Array; write: (pa: number, d: Uint8Array) => void };

  constructor(frameIo: FakeVfs['frameIo']) {
    this.frameIo = frameIo;
  }

  /** Creates a file with `data` and opens it as `fd` of `tid` with `flags`; returns its vnum. */
  create(path: string, data: Uint8Array = new Uint8Array(0)): number {
    const vnum = this.nextVnum++;
    const buf = new Uint8Array(1 << 20);
    buf.set(data);
    this.files.set(vnum, { data: buf, size: data.length, path });
    return vnum;
  }

  openFd(tid: number, fd: number, vnum: number, flags = 2): void {
    if (!this.fds.has(tid)) this.fds.set(tid, new Map());
    this.fds.get(tid)!.set(fd, { vnum, flags });
  }

  truncate(vnum: number): void {
    this.files.get(vnum)!.size = 0;
    this.files.get(vnum)!.data.fill(0);
    this.truncHook?.(vnum);
  }

  content(vnum: number): Uint8Array {
    const f = this.files.get(vnum)!;
    return f.data.slice(0, f.size);
  }

  open(tid: number, fd: number): PagerFile | number {
    const e = this.fds.get(tid)?.get(fd);
    if (e === undefined) return -9;
    return { vnum: e.vnum, size: this.files.get(e.vnum)!.size, flags: e.flags };
  }
  read(vnum: number, pgoff: number, frames: readonly number[]): number {
    const f = this.files.get(vnum);
    if (f === undefined) return -22;
    this.calls.read++;
    frames.forEach((pa, i) => {
      const page = new Uint8Array(4096);
      const from = (pgoff + i) * 4096;
      if (from < f.size) page.set(f.data.subarray(from, Math.min(f.size, from + 4096)));
      this.frameIo.write(pa, page);
    });
    return frames.length * 4096;
  }
  write(vnum: number, pgoff: number, frames: readonly number[]): number {
    const f = this.files.get(vnum);
    if (f === undefined) return -22;
    this.calls.write++;
    frames.forEach((pa, i) => f.data.set(this.frameIo.read(pa), (pgoff + i) * 4096));
    return frames.length * 4096;
  }
  updateStats(vnum: number, size: number): number {
    this.calls.updateStats++;
    this.files.get(vnum)!.size = size;
    return 0;
  }
  close(tid: number, fd: number): number {
    this.calls.close++;
    return this.fds.get(tid)?.delete(fd) === true ? 0 : -9;
  }
  notifyFork(parent: number, child: number, _utcb: number, share: number): number {
    this.calls.notifyFork++;
    const t = this.fds.get(parent) ?? new Map();
    this.fds.set(child, (share & 2) !== 0 ? t : new Map(t));
    return 0;
  }
  notifyExit(tid: number): number {
    this.calls.notifyExit++;
    this.fds.delete(tid);
    return 0;
  }
  addTask(tid: number): number {
    this.fds.set(tid, new Map());
    return 0;
  }
  openPath(_tid: number, path: string): PagerFile | number {
    for (const [vnum, f] of this.files) if (f.path === path) return { vnum, size: f.size, flags: 0 };
    return -2;
  }
  onTruncate(hook: (vnum: number) => void): void {
    this.truncHook = hook;
  }
  onSizeOf(hook: (vnum: number) => number | undefined): void {
    this.sizeHook = hook;
  }
}

export interface Harness {
  k: Kernel;
  pager: Pager;
  vfs: FakeVfs;
  tids: number[];
  out: () => string;
  /** Sends tag with MR2.. = args from `tid`; the reply MRs (undefined for none/defer). */
  call(tid: number, tag: number, ...args: number[]): Int32Array | undefined;
  /** MR0 of call(). */
  ret(tid: number, tag: number, ...args: number[]): number;
  read(tid: number, va: number, len: number): Uint8Array | undefined;
  write(tid: number, va: number, data: Uint8Array | number[]): boolean;
  word(tid: number, va: number): number | undefined;
}

/** Boots `names` (images/user/NAME.elf or a path) with a FakeVfs; tasks created, not run. */
export function harness(names: string[] = ['hello'], opts: PagerOptions = {}): Harness {
  const bytes: number[] = [];
  const k = new Kernel({ out: (b) => bytes.push(b) });
  setupFixedMappings(k);
  loadBootImages(k, names.map((n) => {
    const elf = parseElf(new Uint8Array(readFileSync(n.includes('/') ? n : `${IMAGES}/user/${n}.elf`)));
    return {
      name: n.split('/').pop()!.replace(/\.elf$/, ''), entry: elf.entry,
      segments: elf.segments.map((s) => ({ vaddr: s.vaddr >>> 0, data: s.data, memsz: s.memsz, writable: (s.flags & PF_W) !== 0 })),
    };
  }));
  const port = makePort(k, 0);
  const vfs = new FakeVfs({ read: (pa) => port.readFrame(pa), write: (pa, d) => port.writeFrame(pa, d) });
  const pager = new Pager(port, { vfs, ...opts });
  k.addService(pager);
  k.addService({ tid: 1, name: 'fs0', handle: () => ({ kind: 'none' }) });
  const tids = pager.startBootTasks();
  const call = (tid: number, tag: number, ...args: number[]) => {
    const mrs = new Int32Array(6);
    mrs[0] = tag;
    mrs[1] = tid;
    args.forEach((a, i) => { mrs[2 + i] = a; });
    const r = pager.handle({ kind: 'ipc', sender: tid, mrs, wantsReply: true });
    return r.kind === 'reply' ? r.mrs : undefined;
  };
  return {
    k, pager, vfs, tids, out: () => Buffer.from(bytes).toString('latin1'),
    call,
    ret: (tid, tag, ...args) => {
      const r = call(tid, tag, ...args);
      if (r === undefined) throw new Error('no reply');
      return r[0]!;
    },
    read: (tid, va, len) => port.userMemory(tid).read(va, len),
    write: (tid, va, data) => port.userMemory(tid).write(va, Uint8Array.from(data)),
    word: (tid, va) => {
      const b = port.userMemory(tid).read(va, 4);
      return b === undefined ? undefined : new DataView(b.buffer).getInt32(0, true);
    },
  };
}

/** Little-endian bytes of 32-bit words. */
export function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  const d = new DataView(b.buffer);
  ws.forEach((w, i) => d.setInt32(i * 4, w, true));
  return b;
}
