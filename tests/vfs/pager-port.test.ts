import { describe, expect, it } from 'vitest';
import {
  EACCES, EBADF, EEXIST, EFBIG, EINVAL, EISDIR, ENOENT, ENOSPC, ESRCH,
} from '../../src/vfs/errno.ts';
import { PAGE_SIZE } from '../../src/vfs/memfs.ts';
import { VfsPagerPort } from '../../src/vfs/pager-port.ts';
import type { PagerFile } from '../../src/vfs/service.ts';
import {
  O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, TCB_SHARED_FILES, TCB_SHARED_FS, Vfs,
} from '../../src/vfs/vfs.ts';
import { FakePort } from './fake-port.ts';

function setup(limits = {}) {
  const fake = new FakePort(64 * PAGE_SIZE);
  const vfs = new Vfs(limits);
  const port = new VfsPagerPort(vfs, fake.port());
  expect(port.addTask(2, 0xf8002000)).toBe(0);
  return { fake, vfs, port };
}

function file(r: PagerFile | number): PagerFile {
  if (typeof r === 'number') throw new Error(`expected a file, got ${r}`);
  return r;
}

const STR = 'I WROTE TO THIS FILE\n';

describe('the pager round trip through VfsForPager (scenarios 16, 17, 29)', () => {
  it('writes a dirty page from a frame, updates the size, reads it back into another frame', () => {
    const { fake, vfs, port } = setup();
    const fd = vfs.open(2, '/newfile2.txt', O_CREAT | O_RDWR | O_TRUNC, 0o700);
    const f = file(port.open(2, fd));
    expect(f).toEqual({ vnum: 1, size: 0, flags: O_CREAT | O_RDWR | O_TRUNC });
    // the pager's cached page: frame 5 holds the string and stale bytes past it
    fake.ram.fill(0x5a, 5 * PAGE_SIZE, 6 * PAGE_SIZE);
    fake.ram.set(Buffer.from(STR), 5 * PAGE_SIZE);
    fake.ram.fill(0, 5 * PAGE_SIZE + STR.length, 6 * PAGE_SIZE); // a pager zeroes new pages (A7)
    expect(port.write(f.vnum, 0, [5 * PAGE_SIZE])).toBe(PAGE_SIZE);
    fake.ram.fill(0xee, 5 * PAGE_SIZE, 6 * PAGE_SIZE); // the pager reuses the frame: fs0 kept a copy
    expect(vfs.fstat(2, fd).size).toBe(0); // the size waits for PAGER_UPDATE_STATS
    expect(port.updateStats(f.vnum, STR.length)).toBe(0);
    expect(port.close(2, fd)).toBe(0);
    expect(port.close(2, fd)).toBe(-EBADF);
    // re-open without O_CREAT; the pager's cache is gone, so it reads from fs0 into frame 9
    const fd2 = vfs.open(2, '/newfile2.txt', O_RDONLY, 0);
    expect(fd2).toBe(fd);
    const g = file(port.open(2, fd2));
    expect(g.size).toBe(STR.length);
    fake.ram.fill(0xff, 9 * PAGE_SIZE, 11 * PAGE_SIZE);
    expect(port.read(g.vnum, 0, [9 * PAGE_SIZE, 10 * PAGE_SIZE])).toBe(2 * PAGE_SIZE);
    const back = fake.ram.subarray(9 * PAGE_SIZE, 11 * PAGE_SIZE);
    expect(Buffer.from(back.subarray(0, STR.length)).toString()).toBe(STR);
    expect(back.subarray(STR.length).every((b) => b === 0)).toBe(true); // past the size: zeros
  });

  it('keeps the sparse file of scenario 14 written page by page out of order', () => {
    const { fake, vfs, port } = setup();
    const fd = vfs.open(2, '/newfile3.txt', O_CREAT | O_RDWR | O_TRUNC, 0o700);
    const { vnum } = file(port.open(2, fd));
    for (const pg of [16, 2, 3, 1]) {
      fake.ram.fill(0, 7 * PAGE_SIZE, 8 * PAGE_SIZE);
      new DataView(fake.ram.buffer).setUint32(7 * PAGE_SIZE, 0x1000, true);
      expect(port.write(vnum, pg, [7 * PAGE_SIZE])).toBe(PAGE_SIZE);
    }
    expect(port.updateStats(vnum, 0x10004)).toBe(0);
    const bytes = vfs.fs.readBytes(vfs.fs.get(vnum)!, 0, 0x20000);
    expect(bytes.length).toBe(0x10004);
    const dv = new DataView(bytes.buffer);
    for (const off of [0x1000, 0x2000, 0x3000, 0x10000]) expect(dv.getUint32(off, true)).toBe(0x1000);
    expect(bytes.reduce((n, b) => n + (b !== 0 ? 1 : 0), 0)).toBe(4);
    expect(vfs.fs.usedPages).toBe(4);
  });

  it('validates every argument', () => {
    const { fake, vfs, port } = setup();
    const fd = vfs.open(2, '/f', O_CREAT | O_RDWR, 0o644);
    const { vnum } = file(port.open(2, fd));
    expect(port.open(3, 0)).toBe(-ESRCH);
    for (const bad of [-1, 32, 1.5, 99]) expect(port.open(2, bad)).toBe(-EBADF);
    expect(port.read(0, 0, [0])).toBe(-EISDIR);
    expect(port.write(0, 0, [0])).toBe(-EISDIR);
    expect(port.updateStats(0, 1)).toBe(-EISDIR);
    for (const v of [99, -1, 0.5]) {
      expect(port.read(v, 0, [0])).toBe(-EINVAL);
      expect(port.write(v, 0, [0])).toBe(-EINVAL);
      expect(port.updateStats(v, 1)).toBe(-EINVAL);
    }
    for (const pg of [-1, 0.5, Number.NaN, 2 ** 60]) expect(port.read(vnum, pg, [0])).toBe(-EINVAL);
    const ram = fake.ram.length;
    for (const pa of [-PAGE_SIZE, 1, ram, ram - PAGE_SIZE + 1, 0.5]) {
      expect(port.read(vnum, 0, [0, pa])).toBe(-EINVAL);
      expect(port.write(vnum, 0, [pa])).toBe(-EINVAL);
    }
    expect(port.updateStats(vnum, -1)).toBe(-EINVAL);
    expect(port.updateStats(vnum, 2 ** 40)).toBe(-EFBIG);
    expect(port.read(vnum, 0, [])).toBe(0);
    expect(port.close(7, 0)).toBe(-ESRCH);
    expect(port.addTask(2, 0)).toBe(-EEXIST);
    expect(port.addTask(1, 0)).toBe(-EINVAL);
    expect(port.addTask(-5, 0)).toBe(-EINVAL);
    expect(port.notifyExit(9, 0)).toBe(-ESRCH);
    expect(port.notifyFork(9, 10, 0, 0)).toBe(-ESRCH);
    expect(port.notifyFork(2, 2, 0, 0)).toBe(-EEXIST);
    expect(port.notifyFork(2, 0, 0, 0)).toBe(-EINVAL);
  });

  it('writes all or nothing when memfs is full or the file too large', () => {
    const { fake, vfs, port } = setup({ maxPages: 2, maxFileSize: 4 * PAGE_SIZE });
    const { vnum } = file(port.open(2, vfs.open(2, '/f', O_CREAT | O_RDWR, 0o644)));
    fake.ram.fill(1, 0, 3 * PAGE_SIZE);
    expect(port.write(vnum, 0, [0, PAGE_SIZE, 2 * PAGE_SIZE])).toBe(-ENOSPC);
    expect(vfs.fs.usedPages).toBe(0);
    expect(port.write(vnum, 3, [0, PAGE_SIZE])).toBe(-EFBIG);
    expect(port.write(vnum, 0, [0, PAGE_SIZE])).toBe(2 * PAGE_SIZE);
    expect(port.write(vnum, 0, [2 * PAGE_SIZE])).toBe(PAGE_SIZE); // overwriting needs no new page
    expect(vfs.fs.usedPages).toBe(2);
  });

  it('resolves execve paths to regular files only', () => {
    const { vfs, port } = setup();
    vfs.mkdir(2, '/bin', 0o755);
    const v = vfs.fs.create(vfs.resolve(2, '/bin'), 'prog', 0o100755);
    vfs.fs.writeBytes(v, 0, new Uint8Array(100).fill(1));
    expect(port.openPath(2, '/bin/prog')).toEqual({ vnum: v.vnum, size: 100, flags: O_RDONLY });
    expect(port.openPath(2, '/bin')).toBe(-EACCES);
    expect(port.openPath(2, '/bin/none')).toBe(-ENOENT);
    expect(port.openPath(3, '/bin/prog')).toBe(-ESRCH);
  });

  it('tells the pager about O_TRUNC and keeps fork/exit bookkeeping', () => {
    const { vfs, port } = setup();
    const told: number[] = [];
    port.onTruncate((v) => told.push(v));
    const fd = vfs.open(2, '/f', O_CREAT | O_RDWR, 0o644);
    const { vnum } = file(port.open(2, fd));
    expect(port.updateStats(vnum, 10)).toBe(0);
    expect(port.notifyFork(2, 3, 0xf8003000, 0)).toBe(0);
    expect(port.notifyFork(3, 4, 0xf8004000, TCB_SHARED_FILES | TCB_SHARED_FS)).toBe(0);
    expect(vfs.task(3).utcb).toBe(0xf8003000);
    vfs.open(4, '/f', O_RDWR | O_TRUNC, 0);
    expect(told).toEqual([vnum]);
    expect(file(port.open(3, fd + 1)).size).toBe(0); // 4 shares 3's table
    expect(port.open(2, fd + 1)).toBe(-EBADF); // 2's table is its own
    expect(port.notifyExit(4, 0)).toBe(0);
    expect(port.notifyExit(3, 0)).toBe(0);
    expect(port.notifyExit(3, 0)).toBe(-ESRCH);
    expect(vfs.taskCount).toBe(1);
  });
});
