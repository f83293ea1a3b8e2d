import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as P from '../../src/pager/protocol.ts';
import { harness, IMAGES, words, type Harness } from './harness.ts';

/** mmap/munmap/msync, System V shm, file I/O through the cache, execve. */
const ARGS = 0x1fffd000; // a stack page used for the mmap argument block

function mmap(h: Harness, tid: number, start: number, length: number, prot: number, flags: number, fd = -1, pgoff = 0): number {
  expect(h.write(tid, ARGS, words(start, length, prot, flags, fd, pgoff))).toBe(true);
  return h.ret(tid, P.L4_IPC_TAG_MMAP, ARGS);
}
const RW = P.PROT_READ | P.PROT_WRITE;

describe('mmap and munmap', () => {
  it('anonymous private maps never overlap (A1); GROWSDOWN returns the end; length 0 -EINVAL', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const ends = [0, 1, 2, 3].map(() => mmap(h, t, 0, 0x1000, RW, P.MAP_ANONYMOUS | P.MAP_PRIVATE | P.MAP_GROWSDOWN));
    expect(new Set(ends).size).toBe(4);
    for (const e of ends) {
      expect(e & 0xfff).toBe(0);
      expect(h.write(t, e - 4, words(5))).toBe(true);
    }
    expect(mmap(h, t, 0, 0, RW, P.MAP_ANONYMOUS | P.MAP_PRIVATE)).toBe(-22);
    expect(mmap(h, t, 0x123, 0x1000, RW, P.MAP_ANONYMOUS | P.MAP_PRIVATE | P.MAP_FIXED)).toBe(-22);
    expect(mmap(h, t, 0x40000000, 0x1000, RW, P.MAP_ANONYMOUS | P.MAP_PRIVATE | P.MAP_FIXED)).toBe(-22);
    expect(mmap(h, t, 0, 0x1000, RW, P.MAP_ANONYMOUS)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_MMAP, 0x40000000)).toBe(-14);
    h.pager.assertIntegrity();
  });

  it('MAP_SHARED|MAP_ANONYMOUS is shared with a fork child and never maps the zero page (A6)', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const a = mmap(h, t, 0, 0x2000, RW, P.MAP_ANONYMOUS | P.MAP_SHARED);
    expect(a).toBe(0x20000000);
    const c = h.ret(t, P.L4_IPC_TAG_FORK);
    expect(h.write(c, a + 0x1000, words(99))).toBe(true);
    expect(h.word(t, a + 0x1000)).toBe(99);
    expect(h.word(t, a)).toBe(0);
    h.pager.assertIntegrity();
  });

  it('munmap splits an area; the hole is an illegal access; misaligned start -EINVAL', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const a = mmap(h, t, 0, 0x4000, RW, P.MAP_ANONYMOUS | P.MAP_PRIVATE);
    for (let i = 0; i < 4; i++) h.write(t, a + i * 0x1000, words(i + 1));
    expect(h.ret(t, P.L4_IPC_TAG_MUNMAP, a + 0x1001, 0x1000)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_MUNMAP, a + 0x1000, 0)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_MUNMAP, a + 0x1000, 0x1000)).toBe(0);
    const space = h.pager.tasks.get(t)!.space;
    expect(space.find(a)!.end).toBe(a + 0x1000);
    expect(space.find(a + 0x2000)!.fileOffset).toBe(2);
    expect(h.word(t, a + 0x1000)).toBeUndefined();
    expect(h.word(t, a + 0x2000)).toBe(3);
    expect(h.word(t, a)).toBe(1);
    h.pager.assertIntegrity();
  });

  it('a fault outside every area kills only that task, naming it, the address and the pc', () => {
    const h = harness(['hello', 'hello']);
    const [t, u] = h.tids as [number, number];
    const r = h.pager.handle({ kind: 'fault', sender: t, mrs: Int32Array.of(0, t, 0x10000040, 0x5, 0x30000000, 0), wantsReply: true });
    expect(r.kind).toBe('none');
    expect(h.out()).toContain(`task ${t} (hello) killed: illegal access to 0x30000000 at pc 0x10000040`);
    expect(h.pager.tasks.has(t)).toBe(false);
    expect(h.pager.tasks.has(u)).toBe(true);
    h.pager.assertIntegrity();
    expect(h.ret(u, P.L4_IPC_TAG_SYNC + 100)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_FORK)).toBe(-3);
  });
});

describe('System V shm (scenario 26)', () => {
  it('shmget/shmat/shmdt/re-attach, visible across tasks, error rules', () => {
    const h = harness(['hello', 'hello']);
    const [t, u] = h.tids as [number, number];
    const before = h.pager.counters();
    const id2 = h.ret(t, P.L4_IPC_TAG_SHMGET, 2, 27, P.IPC_CREAT | 0o666);
    const id3 = h.ret(t, P.L4_IPC_TAG_SHMGET, 3, 27, P.IPC_CREAT | 0o666);
    expect(id2).not.toBe(id3);
    const a2 = h.ret(t, P.L4_IPC_TAG_SHMAT, id2, 0, 0);
    const a3 = h.ret(t, P.L4_IPC_TAG_SHMAT, id3, 0, 0);
    expect(a2).not.toBe(a3);
    expect(a2 >>> 0 >= 0x20000000 && a2 >>> 0 < 0x30000000).toBe(true);
    expect(h.write(t, a2, words(0x5a5a))).toBe(true);
    expect(h.ret(u, P.L4_IPC_TAG_SHMGET, 2, 27, 0)).toBe(id2);
    expect(h.ret(u, P.L4_IPC_TAG_SHMAT, id2, 0, 0)).toBe(a2);
    expect(h.word(u, a2)).toBe(0x5a5a);
    expect(h.ret(t, P.L4_IPC_TAG_SHMDT, a2)).toBe(0);
    expect(h.ret(t, P.L4_IPC_TAG_SHMDT, a2)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_SHMAT, id2, 0, 0)).toBe(a2);
    expect(h.word(t, a2)).toBe(0x5a5a);
    expect(h.ret(t, P.L4_IPC_TAG_SHMGET, 9, 27, 0)).toBe(-2);
    expect(h.ret(t, P.L4_IPC_TAG_SHMGET, 2, 27, P.IPC_CREAT | P.IPC_EXCL)).toBe(-17);
    expect(h.ret(t, P.L4_IPC_TAG_SHMGET, 4, 0, P.IPC_CREAT)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_SHMGET, 4, 11 * 4096, P.IPC_CREAT)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_SHMGET, 0xf8002000 + 0x1000 * (u - t), 4096, 0)).toBe(-13); // another task's utcb
    expect(h.ret(t, P.L4_IPC_TAG_SHMAT, 77, 0, 0)).toBe(-22);
    h.pager.assertIntegrity();
    h.call(t, P.L4_IPC_TAG_EXIT, 0);
    h.call(u, P.L4_IPC_TAG_EXIT, 0);
    h.pager.assertIntegrity();
    expect(h.pager.counters()).toMatchObject({ segments: 0, frames: 1 });
    expect(before.segments).toBe(2);
  });
});

describe('file I/O through the page cache', () => {
  it('write, lseek, read from the cache; close flushes one write per dirty page + one size update', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const vnum = h.vfs.create('/f');
    h.vfs.openFd(t, 3, vnum);
    const msg = new TextEncoder().encode('I WROTE TO THIS FILE\n');
    h.write(t, ARGS, msg);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, ARGS, 21)).toBe(21);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 0, P.SEEK_SET)).toBe(0);
    expect(h.ret(t, P.L4_IPC_TAG_READ, 3, ARGS + 0x100, 100)).toBe(21);
    expect(h.read(t, ARGS + 0x100, 21)).toEqual(msg);
    expect(h.ret(t, P.L4_IPC_TAG_READ, 3, ARGS + 0x100, 100)).toBe(0);
    expect(h.ret(t, P.L4_IPC_TAG_READ, 3, ARGS, -1)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, ARGS, 0)).toBe(0);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, -4, P.SEEK_END)).toBe(17);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, -40, P.SEEK_END)).toBe(-22);
    expect(h.vfs.calls.write).toBe(0);
    expect(h.ret(t, P.L4_IPC_TAG_CLOSE, 3)).toBe(0);
    expect(h.vfs.calls).toMatchObject({ write: 1, updateStats: 1 });
    expect(new TextDecoder().decode(h.vfs.content(vnum))).toBe('I WROTE TO THIS FILE\n');
    expect(h.pager.counters().files).toBe(0);
    expect(h.ret(t, P.L4_IPC_TAG_READ, 32, ARGS, 1)).toBe(-9);
    expect(h.ret(t, P.L4_IPC_TAG_CLOSE, 3)).toBe(-9);
    h.vfs.openFd(t, 4, vnum);
    expect(h.ret(t, P.L4_IPC_TAG_CLOSE, 4)).toBe(0); // never used (A10)
    h.pager.assertIntegrity();
  });

  it('writes inside the last partial page (A19), sparse files read back zeros (A7)', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const vnum = h.vfs.create('/g', new TextEncoder().encode('hello world'));
    h.vfs.openFd(t, 3, vnum);
    h.write(t, ARGS, new TextEncoder().encode('HELLO'));
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, ARGS, 5)).toBe(5);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 0x10000, P.SEEK_SET)).toBe(0x10000);
    h.write(t, ARGS, words(0x1000));
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, ARGS, 4)).toBe(4);
    expect(h.ret(t, P.L4_IPC_TAG_FSYNC, 3)).toBe(0);
    const c = h.vfs.content(vnum);
    expect(c.length).toBe(0x10004);
    expect(new TextDecoder().decode(c.subarray(0, 11))).toBe('HELLO world');
    expect(c.subarray(11, 0x10000).every((b) => b === 0)).toBe(true);
    expect(h.vfs.calls).toMatchObject({ write: 2, updateStats: 1 });
    expect(h.ret(t, P.L4_IPC_TAG_FSYNC, 3)).toBe(0);
    expect(h.vfs.calls).toMatchObject({ write: 2, updateStats: 1 });
  });

  it('read into an untouched buffer copies on write: fork isolation holds (A3)', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const vnum = h.vfs.create('/h', new TextEncoder().encode('abcd'));
    h.vfs.openFd(t, 3, vnum);
    h.write(t, ARGS, words(0x77));
    const c = h.ret(t, P.L4_IPC_TAG_FORK);
    expect(h.ret(c, P.L4_IPC_TAG_READ, 3, ARGS, 4)).toBe(4);
    expect(h.word(t, ARGS)).toBe(0x77);
    expect(h.read(c, ARGS, 4)).toEqual(new TextEncoder().encode('abcd'));
    // Cursors are per process (scenario 19).
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 0, P.SEEK_CUR)).toBe(0);
    h.pager.assertIntegrity();
  });

  it('shared file mmap, msync writes the page back; munmap then close (scenario 11-14)', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const vnum = h.vfs.create('/m');
    h.vfs.openFd(t, 6, vnum);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 6, 0x10000, P.SEEK_SET)).toBe(0x10000);
    h.write(t, ARGS, words(0x1000));
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 6, ARGS, 4)).toBe(4);
    const base = mmap(h, t, 0, 0x10000, RW, P.MAP_SHARED, 6, 0);
    expect(base).toBe(0x20000000);
    expect(h.write(t, base + 0x2000, words(0x1000))).toBe(true);
    expect(h.ret(t, P.L4_IPC_TAG_MSYNC, base + 0x2000, 0x1000, 4)).toBe(0);
    expect(h.vfs.calls.write).toBe(1);
    expect(h.ret(t, P.L4_IPC_TAG_MSYNC, base + 0x2001, 0x1000, 4)).toBe(-22);
    expect(h.ret(t, P.L4_IPC_TAG_MUNMAP, base + 0x2000, 0x1000)).toBe(0);
    expect(h.write(t, base + 0x3000, words(0x1000))).toBe(true);
    expect(h.write(t, base + 0x1000, words(0x1000))).toBe(true);
    expect(h.word(t, base + 0x2000)).toBeUndefined();
    h.call(t, P.L4_IPC_TAG_EXIT, 0);
    const c = new DataView(h.vfs.content(vnum).buffer);
    expect(h.vfs.content(vnum).length).toBe(0x10004);
    for (const off of [0x1000, 0x2000, 0x3000, 0x10000]) expect(c.getUint32(off, true)).toBe(0x1000);
    let nonzero = 0;
    h.vfs.content(vnum).forEach((b) => { if (b !== 0) nonzero++; });
    expect(nonzero).toBe(4); // one non-zero byte per 0x1000 word
    h.pager.assertIntegrity();
    expect(h.pager.counters()).toMatchObject({ frames: 1, files: 0 });
  });
});

describe('execve', () => {
  it('replaces the image, keeps tid, utcb and fds; a bad ELF is -ENOEXEC and the old image stays', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const elf = new Uint8Array(readFileSync(`${IMAGES}/user/getid.elf`));
    h.vfs.create('/bin/getid', elf);
    h.vfs.create('/bin/bad', new Uint8Array(100).fill(7));
    const utcb = h.pager.tasks.get(t)!.utcb;
    const req = (path: string, argv: string[]) => {
      const enc = new TextEncoder();
      const page = new Uint8Array(4096);
      page.set(enc.encode(path));
      let pos = (path.length + 1 + 3) & ~3;
      new DataView(page.buffer).setUint32(pos, argv.length, true);
      pos += 4;
      for (const a of argv) { page.set(enc.encode(a), pos); pos += a.length + 1; }
      expect(h.write(t, utcb, page.subarray(0, pos))).toBe(true);
      return pos;
    };
    h.write(t, 0x1fffc000, words(1234));
    let n = req('/bin/bad', []);
    expect(h.ret(t, P.L4_IPC_TAG_EXECVE, utcb, n)).toBe(-8);
    expect(h.word(t, 0x1fffc000)).toBe(1234);
    n = req('/bin/nope', []);
    expect(h.ret(t, P.L4_IPC_TAG_EXECVE, utcb, n)).toBe(-2);
    expect(h.ret(t, P.L4_IPC_TAG_EXECVE, utcb + 4, n)).toBe(-14);
    n = req('/bin/getid', ['getid', 'x1']);
    expect(h.call(t, P.L4_IPC_TAG_EXECVE, utcb, n)).toBeUndefined();
    const ctx = h.k.thread(t)!.ctx;
    expect([ctx[0], ctx[1], ctx[13]]).toEqual([2, P.EXEC_ARGV_BASE, 0x1fffeff8]);
    expect(h.word(t, 0x1fffc000)).toBe(0);
    const argv0 = h.word(t, P.EXEC_ARGV_BASE)!;
    expect(new TextDecoder().decode(h.read(t, argv0, 5))).toBe('getid');
    expect(h.word(t, P.EXEC_ARGV_BASE + 8)).toBe(0);
    expect(h.pager.tasks.get(t)!.name).toBe('getid');
    expect(h.k.thread(t)!.name).toBe('getid'); // kill lines, traces and gdb name the new image
    expect(h.pager.tasks.get(t)!.utcb).toBe(utcb);
    h.pager.assertIntegrity();
    h.call(t, P.L4_IPC_TAG_EXIT, 0);
    expect(h.pager.counters()).toMatchObject({ frames: 1, shadows: 0, files: 0 });
  });
});
