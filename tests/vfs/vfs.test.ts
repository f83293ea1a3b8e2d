import { describe, expect, it } from 'vitest';
import {
  EBADF, EEXIST, EFBIG, EINVAL, EISDIR, EMFILE, ENAMETOOLONG, ENOENT, ENOSPC, ENOTDIR, ESRCH, VfsError,
} from '../../src/vfs/errno.ts';
import { Memfs, PAGE_SIZE, S_IFDIR, S_IFREG } from '../../src/vfs/memfs.ts';
import { splitPath } from '../../src/vfs/path.ts';
import {
  MAX_FDS, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, TCB_SHARED_FILES, TCB_SHARED_FS, Vfs,
} from '../../src/vfs/vfs.ts';

function errno(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof VfsError) return e.errno;
    throw e;
  }
  return 0;
}

/** Decodes a readdir buffer into [inum, offset, reclen, name] tuples. */
function records(buf: Uint8Array): [number, number, number, string][] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const out: [number, number, number, string][] = [];
  for (let p = 0; p < buf.length;) {
    const len = dv.getUint16(p + 8, true);
    const end = buf.indexOf(0, p + 10);
    out.push([dv.getUint32(p, true), dv.getUint32(p + 4, true), len, Buffer.from(buf.subarray(p + 10, end)).toString()]);
    p += len;
  }
  return out;
}

describe('paths', () => {
  it('normalises repeated and trailing slashes and dot components (scenario 9)', () => {
    expect(splitPath('/usr/./././bin//')).toEqual({ absolute: true, parts: ['usr', 'bin'] });
    expect(splitPath('a/../b')).toEqual({ absolute: false, parts: ['a', '..', 'b'] });
    expect(errno(() => splitPath(''))).toBe(ENOENT);
    expect(errno(() => splitPath(`/${'x'.repeat(256)}`))).toBe(ENAMETOOLONG);
    expect(errno(() => splitPath('/a'.repeat(2048)))).toBe(ENAMETOOLONG);
  });
});

describe('the original test program\'s directory scenarios (3-9)', () => {
  const vfs = new Vfs();
  vfs.addTask(2, 0xf8002000);
  const names = (fd: number) => records(vfs.readdir(2, fd, 4096)).map((r) => r[3]);

  it('lists an empty root with . and .. (inum 0), 44-byte records', () => {
    const fd = vfs.open(2, '.', O_RDONLY, 0);
    expect(fd).toBe(0);
    expect(records(vfs.readdir(2, fd, 4096))).toEqual([[0, 0, 44, '.'], [0, 44, 44, '..']]);
    expect(vfs.readdir(2, fd, 4096).length).toBe(0); // the stream continues where it stopped
    expect(vfs.open(2, '/', O_RDONLY, 0)).toBe(1);
  });

  it('creates directories, lists them in creation order, resolves relative paths', () => {
    for (const d of ['/usr', '/etc', '/tmp', '/var', '/bin', '/boot', '/lib', '/dev', '/usr/bin', '/home/', '/home/bahadir']) {
      vfs.mkdir(2, d, 0o755);
    }
    vfs.chdir(2, '/home/bahadir');
    expect(names(vfs.open(2, '/', O_RDONLY, 0))).toEqual(['.', '..', 'usr', 'etc', 'tmp', 'var', 'bin', 'boot', 'lib', 'dev', 'home']);
    expect(names(vfs.open(2, '/usr', O_RDONLY, 0))).toEqual(['.', '..', 'bin']);
    expect(names(vfs.open(2, '.', O_RDONLY, 0))).toEqual(['.', '..']);
    const fd = vfs.open(2, '/usr/./././bin//', O_RDONLY, 0);
    expect(fd).toBe(5);
    const usr = vfs.resolve(2, '/usr');
    expect(records(vfs.readdir(2, fd, 4096)).map((r) => r[0])).toEqual([vfs.resolve(2, '/usr/bin').vnum, usr.vnum]);
    expect(vfs.resolve(2, '../../usr/bin/..').vnum).toBe(usr.vnum);
    expect(vfs.resolve(2, '/../..').vnum).toBe(0); // '..' never climbs above the root
  });

  it('reports the errors of scenario 27', () => {
    expect(errno(() => vfs.open(2, '/nope', O_RDONLY, 0))).toBe(ENOENT);
    const fd = vfs.open(2, '/tmp/f', O_CREAT | O_RDWR, 0o644);
    expect(errno(() => vfs.open(2, '/tmp/f/x', O_RDONLY, 0))).toBe(ENOTDIR);
    expect(errno(() => vfs.mkdir(2, '/usr', 0o755))).toBe(EEXIST);
    expect(errno(() => vfs.mkdir(2, '/', 0o755))).toBe(EEXIST);
    expect(errno(() => vfs.chdir(2, '/tmp/f'))).toBe(ENOTDIR);
    expect(errno(() => vfs.readdir(2, fd, 4096))).toBe(ENOTDIR);
    expect(errno(() => vfs.readdir(2, 31, 4096))).toBe(EBADF);
    expect(errno(() => vfs.readdir(2, 99, 4096))).toBe(EBADF);
    expect(errno(() => vfs.pagerRead(vfs.resolve(2, '/tmp').vnum, 0, new Uint8Array(PAGE_SIZE)))).toBe(EISDIR);
    expect(errno(() => vfs.open(3, '/', O_RDONLY, 0))).toBe(ESRCH);
    expect(errno(() => vfs.open(2, '/tmp', O_RDWR, 0))).toBe(EISDIR);
    expect(errno(() => vfs.open(2, '/tmp/f', O_DIRECTORY, 0))).toBe(ENOTDIR);
    expect(errno(() => vfs.open(2, '/tmp/f', O_CREAT | O_EXCL, 0))).toBe(EEXIST);
    expect(vfs.open(2, '/tmp/f', O_CREAT, 0)).toBeGreaterThan(fd); // O_CREAT opens an existing file
  });

  it('runs out of descriptors with EMFILE, not a crash', () => {
    const v = new Vfs();
    v.addTask(2, 0);
    for (let i = 0; i < MAX_FDS; i++) expect(v.open(2, '/', O_RDONLY, 0)).toBe(i);
    expect(errno(() => v.open(2, '/', O_RDONLY, 0))).toBe(EMFILE);
    expect(errno(() => v.open(2, '/new', O_CREAT, 0))).toBe(EMFILE);
    expect(errno(() => v.resolve(2, '/new'))).toBe(ENOENT); // nothing was created
    v.close(2, 7);
    expect(v.open(2, '/', O_RDONLY, 0)).toBe(7);
  });
});

describe('file pages and sizes (scenarios 14, 29)', () => {
  it('keeps sparse files: holes read as zeros, size set by update-stats', () => {
    const vfs = new Vfs();
    vfs.addTask(2, 0);
    const fd = vfs.open(2, '/newfile3.txt', O_CREAT | O_TRUNC | O_RDWR, 0o644);
    const { vnum, size } = vfs.pagerOpen(2, fd);
    expect(size).toBe(0);
    const page = new Uint8Array(PAGE_SIZE);
    new DataView(page.buffer).setUint32(0, 0x1000, true);
    for (const pg of [1, 2, 3, 16]) vfs.pagerWrite(vnum, pg, page);
    expect(vfs.fstat(2, fd).size).toBe(0);
    vfs.updateStats(vnum, 0x10004);
    const v = vfs.fs.get(vnum)!;
    const bytes = vfs.fs.readBytes(v, 0, 0x10004);
    const dv = new DataView(bytes.buffer);
    for (const off of [0x1000, 0x2000, 0x3000, 0x10000]) expect(dv.getUint32(off, true)).toBe(0x1000);
    let nonzero = 0;
    for (const b of bytes) if (b !== 0) nonzero++;
    expect(nonzero).toBe(4); // 0x1000 is one non-zero byte (0x10) in each of the four words
    expect(vfs.fs.usedPages).toBe(4);
    const back = new Uint8Array(2 * PAGE_SIZE);
    expect(vfs.pagerRead(vnum, 15, back)).toBe(2 * PAGE_SIZE);
    expect(back.subarray(0, PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(new DataView(back.buffer).getUint32(PAGE_SIZE, true)).toBe(0x1000);
    expect(new DataView(back.buffer).getUint32(PAGE_SIZE + 4, true)).toBe(0); // past size
  });

  it('O_TRUNC empties the file and tells the pager', () => {
    const vfs = new Vfs();
    vfs.addTask(2, 0);
    const told: number[] = [];
    vfs.onTruncate = (v) => told.push(v);
    const fd = vfs.open(2, '/f', O_CREAT | O_RDWR, 0o644);
    const v = vfs.fs.get(vfs.pagerOpen(2, fd).vnum)!;
    vfs.fs.writeBytes(v, 5000, Buffer.from('hello'));
    expect(v.size).toBe(5005);
    vfs.open(2, '/f', O_RDONLY | O_TRUNC, 0);
    expect(v.size).toBe(5005); // read-only opens do not truncate
    vfs.open(2, '/f', O_RDWR | O_TRUNC, 0);
    expect(v.size).toBe(0);
    expect(told).toEqual([v.vnum]);
    expect(vfs.fs.usedPages).toBe(0);
  });

  it('enforces the size and space limits', () => {
    const fs = new Memfs({ maxFileSize: 2 * PAGE_SIZE, maxPages: 3 });
    const a = fs.create(fs.root, 'a', S_IFREG | 0o644);
    const b = fs.create(fs.root, 'b', S_IFREG | 0o644);
    const one = new Uint8Array(PAGE_SIZE).fill(1);
    expect(errno(() => fs.writePage(a, 2, one))).toBe(EFBIG);
    fs.writePage(a, 0, one);
    fs.writePage(a, 1, one);
    fs.writePage(b, 0, one);
    expect(errno(() => fs.writePage(b, 1, one))).toBe(ENOSPC);
    fs.writePage(a, 1, new Uint8Array(PAGE_SIZE)); // a zero page becomes a hole
    fs.writePage(b, 1, one);
    expect(fs.usedPages).toBe(3);
    expect(errno(() => fs.create(fs.root, 'a', S_IFDIR))).toBe(EEXIST);
    expect(errno(() => new Vfs().updateStats(0, 1))).toBe(EISDIR);
    expect(errno(() => new Vfs().updateStats(99, 1))).toBe(EINVAL);
  });
});

describe('fork and exit bookkeeping', () => {
  it('copies or shares descriptor tables and directories', () => {
    const vfs = new Vfs();
    vfs.addTask(2, 0xf8002000);
    vfs.mkdir(2, '/d', 0o755);
    const fd = vfs.open(2, '/', O_RDONLY, 0);
    vfs.fork(2, 3, 0xf8003000, 0);
    vfs.fork(2, 4, 0xf8004000, TCB_SHARED_FILES | TCB_SHARED_FS);
    vfs.chdir(3, '/d');
    expect(vfs.resolve(2, '.').vnum).toBe(0); // the copy moved, not the parent
    vfs.chdir(4, '/d');
    expect(vfs.resolve(2, '.').vnum).toBe(vfs.resolve(2, '/d').vnum); // shared with the clone
    vfs.close(3, fd);
    expect(vfs.file(2, fd).vnum).toBe(0);
    vfs.close(4, fd);
    expect(errno(() => vfs.file(2, fd))).toBe(EBADF);
    expect(vfs.task(2).files.refs).toBe(2);
    vfs.exit(4);
    vfs.exit(3);
    expect(vfs.task(2).files.refs).toBe(1);
    expect(vfs.taskCount).toBe(1);
    expect(errno(() => vfs.exit(3))).toBe(ESRCH);
  });
});
