import { describe, expect, it } from 'vitest';
import type { ServiceReply } from '../../src/kernel/service.ts';
import {
  EBADF, EEXIST, EFAULT, EINVAL, EISDIR, EMFILE, ENAMETOOLONG, ENOENT, ENOSPC, ENOTDIR, EPERM, ESRCH,
} from '../../src/vfs/errno.ts';
import { S_IFDIR, S_IFREG } from '../../src/vfs/memfs.ts';
import { Fs0Server, KSTAT_SIZE } from '../../src/vfs/server.ts';
import { MAX_FDS, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, Vfs } from '../../src/vfs/vfs.ts';
import { FakePort } from './fake-port.ts';

const OPEN = 12;
const READDIR = 18;
const MKDIR = 19;
const CHDIR = 21;
const STAT = 23;
const FSTAT = 24;
const SYNC = 3;

const TID = 2;
const UTCB = 0xf8002000;
const STACK = 0x1fffe000;

/** fs0 over a fresh Vfs with task 2 (utcb page and one stack page mapped) known to it. */
function setup(limits = {}) {
  const fake = new FakePort();
  const vfs = new Vfs(limits);
  vfs.addTask(TID, UTCB);
  fake.map(TID, UTCB);
  fake.map(TID, STACK);
  const server = new Fs0Server(fake.port(), vfs);
  /** Sends MR0..MR5 as `sender`; returns MR0 of the reply, or 'none'. */
  const send = (tag: number, args: number[] = [], sender = TID): number | 'none' => {
    const mrs = Int32Array.from([tag, sender, ...args, 0, 0, 0, 0].slice(0, 6));
    const r: ServiceReply = server.handle({ kind: 'ipc', sender, mrs, wantsReply: true });
    if (r.kind === 'none') return 'none';
    if (r.kind !== 'reply') throw new Error('deferred');
    expect(r.mrs.slice(1)).toEqual(mrs.slice(1)); // MR1-MR5 come back as sent
    return r.mrs[0]!;
  };
  /** A path request: the string is copied to offset 0 of the utcb page first, as libposix does. */
  const withPath = (tag: number, path: string, args: number[] = []) => {
    fake.putString(TID, UTCB, path);
    return send(tag, [UTCB, ...args]);
  };
  const open = (path: string, flags = O_RDONLY, mode = 0) => withPath(OPEN, path, [flags, mode]);
  /** READDIR into the utcb page; returns the records decoded from the page. */
  const readdir = (fd: number, count = 4096) => {
    const n = send(READDIR, [fd, UTCB, count]);
    if (typeof n !== 'number' || n < 0) return n;
    return fake.memory(TID).read(UTCB, n)!;
  };
  return { fake, vfs, server, send, withPath, open, readdir };
}

/** Dirent records as [inum, offset, reclen, name]. */
function records(buf: Uint8Array | number | 'none'): [number, number, number, string][] {
  if (!(buf instanceof Uint8Array)) throw new Error(`readdir failed: ${buf}`);
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

/** The exact bytes of one 44-byte record. */
function record(inum: number, offset: number, name: string): number[] {
  const r = new Uint8Array(44);
  const dv = new DataView(r.buffer);
  dv.setUint32(0, inum, true);
  dv.setUint32(4, offset, true);
  dv.setUint16(8, 44, true);
  r.set(Buffer.from(name), 10);
  return [...r];
}

describe('fs0 directory scenarios 3-9 as request sequences', () => {
  const s = setup();
  it('3-4: an empty root lists exactly . and .. (inum 0), byte for byte', () => {
    expect(s.open('.')).toBe(0);
    expect([...(s.readdir(0) as Uint8Array)]).toEqual([...record(0, 0, '.'), ...record(0, 44, '..')]);
    expect(s.open('/')).toBe(1);
    expect(records(s.readdir(1)).map((r) => r[3])).toEqual(['.', '..']);
  });

  it('5: mkdir of the test0 tree and chdir return 0', () => {
    for (const d of ['/usr', '/etc', '/tmp', '/var', '/bin', '/boot', '/lib', '/dev', '/usr/bin', '/home/', '/home/bahadir']) {
      expect(s.withPath(MKDIR, d, [0o755])).toBe(0);
    }
    expect(s.withPath(CHDIR, '/home/bahadir')).toBe(0);
  });

  it('6: the root lists in creation order with no opt, exact bytes', () => {
    expect(s.open('/')).toBe(2);
    const names = ['usr', 'etc', 'tmp', 'var', 'bin', 'boot', 'lib', 'dev', 'home'];
    const want = [...record(0, 0, '.'), ...record(0, 44, '..')];
    names.forEach((n, i) => want.push(...record(s.vfs.resolve(TID, `/${n}`).vnum, 88 + 44 * i, n)));
    expect([...(s.readdir(2) as Uint8Array)]).toEqual(want);
  });

  it('7-9: /usr, the relative cwd and a path with dots and slashes', () => {
    expect(s.open('/usr')).toBe(3);
    const usr = s.vfs.resolve(TID, '/usr').vnum;
    const bin = s.vfs.resolve(TID, '/usr/bin').vnum;
    expect(records(s.readdir(3))).toEqual([[usr, 0, 44, '.'], [0, 44, 44, '..'], [bin, 88, 44, 'bin']]);
    expect(s.open('.')).toBe(4);
    const home = s.vfs.resolve(TID, '/home').vnum;
    const me = s.vfs.resolve(TID, '/home/bahadir').vnum;
    expect(records(s.readdir(4))).toEqual([[me, 0, 44, '.'], [home, 44, 44, '..']]);
    expect(s.open('/usr/./././bin//')).toBe(5);
    expect(records(s.readdir(5))).toEqual([[bin, 0, 44, '.'], [usr, 44, 44, '..']]);
  });
});

describe('fs0 errors (scenario 27 and the checks czemu adds)', () => {
  it('answers every error with -errno', () => {
    const s = setup();
    expect(s.open('/missing')).toBe(-ENOENT);
    expect(s.open('/f', O_CREAT | O_RDWR, 0o644)).toBe(0);
    expect(s.open('/f/x')).toBe(-ENOTDIR);
    expect(s.withPath(MKDIR, '/d', [0o755])).toBe(0);
    expect(s.withPath(MKDIR, '/d', [0o755])).toBe(-EEXIST);
    expect(s.withPath(MKDIR, '/', [0o755])).toBe(-EEXIST);
    expect(s.withPath(CHDIR, '/f')).toBe(-ENOTDIR);
    expect(s.withPath(CHDIR, '/nope')).toBe(-ENOENT);
    expect(s.readdir(0)).toBe(-ENOTDIR);
    expect(s.readdir(9)).toBe(-EBADF);
    expect(s.readdir(-1)).toBe(-EBADF);
    expect(s.readdir(1 << 30)).toBe(-EBADF);
    expect(s.open('/d', O_RDWR)).toBe(-EISDIR);
    expect(s.open('/new/', O_CREAT | O_RDWR, 0o644)).toBe(-EISDIR);
    expect(s.open('/d/', O_CREAT | O_RDONLY, 0o644)).toBe(1); // an existing directory opens
    expect(s.open(`/${'x'.repeat(256)}`)).toBe(-ENAMETOOLONG);
    expect(s.send(OPEN, [UTCB, O_RDONLY, 0], 7)).toBe(-ESRCH);
    expect(s.send(SYNC, [], 7)).toBe(-ESRCH);
  });

  it('-EFAULT for a path outside the utcb page, without a NUL in it, or unmapped', () => {
    const s = setup();
    s.fake.putString(TID, STACK, '/');
    expect(s.send(OPEN, [STACK, O_RDONLY, 0])).toBe(-EFAULT); // mapped, but not the utcb page
    expect(s.send(OPEN, [UTCB - 1, O_RDONLY, 0])).toBe(-EFAULT);
    expect(s.send(OPEN, [UTCB + 4096, O_RDONLY, 0])).toBe(-EFAULT);
    expect(s.send(MKDIR, [0, 0o755])).toBe(-EFAULT);
    s.fake.memory(TID).write(UTCB, new Uint8Array(4096).fill(0x61)); // 4096 'a's, no NUL
    expect(s.send(OPEN, [UTCB, O_CREAT, 0])).toBe(-EFAULT);
    expect(s.send(CHDIR, [UTCB + 4095])).toBe(-EFAULT);
    s.fake.putString(TID, UTCB + 16, '/tmp'); // inside the page, but paths start at its address
    expect(s.send(MKDIR, [UTCB + 16, 0o755])).toBe(-EFAULT);
    const long = `/${'d/'.repeat(2047)}`; // 4095 bytes: the NUL is the page's last byte
    s.fake.putString(TID, UTCB, long);
    expect(s.send(OPEN, [UTCB, O_RDONLY, 0])).toBe(-ENOENT); // read whole, then looked up
    s.fake.putString(TID, UTCB, '/tmp');
    expect(s.send(MKDIR, [UTCB, 0o755])).toBe(0);
    expect(s.vfs.resolve(TID, '/tmp').mode & S_IFDIR).toBe(S_IFDIR);
    // a task whose utcb page is known but not mapped (it never attached it)
    s.vfs.addTask(3, 0xf8003000);
    expect(s.send(OPEN, [0xf8003000, O_RDONLY, 0], 3)).toBe(-EFAULT);
    // a task the pager gave no utcb page at all
    s.vfs.addTask(4, 0);
    expect(s.send(OPEN, [0, O_RDONLY, 0], 4)).toBe(-EFAULT);
    // a path that is not UTF-8
    s.fake.memory(TID).write(UTCB, Uint8Array.of(0x2f, 0xff, 0));
    expect(s.send(OPEN, [UTCB, O_RDONLY, 0])).toBe(-EINVAL);
    expect(s.vfs.fs.vnodeCount).toBe(2); // nothing else was created
  });

  it('-EMFILE after 32 descriptors, -ENOSPC when memfs is out of inodes', () => {
    const s = setup({ maxInodes: 3 });
    for (let i = 0; i < MAX_FDS; i++) expect(s.open('/')).toBe(i);
    expect(s.open('/')).toBe(-EMFILE);
    const t = setup({ maxInodes: 3 });
    expect(t.withPath(MKDIR, '/a', [0o755])).toBe(0);
    expect(t.open('/b', O_CREAT | O_RDWR, 0o644)).toBe(0);
    expect(t.withPath(MKDIR, '/c', [0o755])).toBe(-ENOSPC);
    expect(t.open('/c', O_CREAT | O_RDWR, 0o644)).toBe(-ENOSPC);
  });

  it('-EPERM for the pager tags from a user task, -EINVAL for unknown tags, no reply to SYNC', () => {
    const s = setup();
    for (let tag = 41; tag <= 48; tag++) expect(s.send(tag, [TID, 0, 0, 0])).toBe(-EPERM);
    for (const tag of [0, 1, 2, 4, 13, 17, 20, 40, 49, -1, 0x7fffffff]) expect(s.send(tag)).toBe(-EINVAL);
    expect(s.send(SYNC)).toBe('none');
    expect(s.vfs.taskCount).toBe(1); // a forged NOTIFY_EXIT did nothing
  });

  it('kills a task that names fs0 as its pager; fails a kernel page-in', () => {
    const s = setup();
    const mrs = Int32Array.of(0, TID, 0x1000, 5, 0x2000, 0);
    expect(s.server.handle({ kind: 'fault', sender: TID, mrs, wantsReply: true })).toEqual({ kind: 'none' });
    expect(s.fake.kills).toHaveLength(1);
    const r = s.server.handle({ kind: 'pagein', sender: TID, mrs, wantsReply: true });
    expect(r.kind === 'reply' && r.mrs[0]).toBe(-EFAULT);
  });
});

describe('fs0 READDIR buffer rules', () => {
  it('clips count to the utcb page and continues where it stopped', () => {
    const s = setup();
    for (let i = 0; i < 120; i++) expect(s.withPath(MKDIR, `/d${i}`, [0o755])).toBe(0);
    expect(s.open('/')).toBe(0);
    // count far past the page, buffer 1000 bytes before its end: 22 records fit in 1000 bytes
    expect(s.send(READDIR, [0, UTCB + 3096, 1 << 30])).toBe(22 * 44);
    expect(s.send(READDIR, [0, UTCB, 0x7fffffff])).toBe(93 * 44);
    const rest = records(s.readdir(0));
    expect(rest.map((r) => r[3])).toEqual(['d113', 'd114', 'd115', 'd116', 'd117', 'd118', 'd119']);
    expect(rest[0]![1]).toBe(115 * 44); // offsets keep counting across calls
    expect(s.send(READDIR, [0, UTCB, 4096])).toBe(0); // the end
  });

  it('refuses buffers outside the page, negative or too small counts, and unwritable pages', () => {
    const s = setup();
    expect(s.open('/')).toBe(0);
    expect(s.send(READDIR, [0, STACK, 4096])).toBe(-EFAULT);
    expect(s.send(READDIR, [0, UTCB + 4096, 4096])).toBe(-EFAULT);
    expect(s.send(READDIR, [0, UTCB, -1])).toBe(-EINVAL);
    expect(s.send(READDIR, [0, UTCB, 43])).toBe(-EINVAL);
    expect(s.send(READDIR, [0, UTCB + 4096 - 43, 4096])).toBe(-EINVAL);
    s.vfs.addTask(3, 0xf8003000);
    s.fake.map(3, 0xf8003000, true); // read-only: the write fails, and nothing is consumed
    expect(s.send(OPEN, [0xf8003000, O_RDONLY, 0], 3)).toBe(-ENOENT); // empty string path
    s.fake.pages.get(3)!.get(0xf8003000)!.set(Buffer.from('/\0'));
    expect(s.send(OPEN, [0xf8003000, O_RDONLY, 0], 3)).toBe(0);
    expect(s.send(READDIR, [0, 0xf8003000, 4096], 3)).toBe(-EFAULT);
    s.fake.readOnly.get(3)!.clear();
    expect(s.send(READDIR, [0, 0xf8003000, 4096], 3)).toBe(88);
  });
});

describe('fs0 STAT and FSTAT', () => {
  it('writes the 64-byte ARM EABI struct kstat through the caller\'s memory', () => {
    const s = setup();
    expect(s.open('/f', O_CREAT | O_RDWR | O_TRUNC, 0o640)).toBe(0);
    const v = s.vfs.resolve(TID, '/f');
    s.vfs.fs.writeBytes(v, 0, Buffer.from('I WROTE TO THIS FILE\n'));
    v.atime = 0x1_0000_0002;
    v.mtime = 3;
    v.ctime = 4;
    const at = STACK + 0x100;
    s.fake.memory(TID).write(at, new Uint8Array(KSTAT_SIZE + 8).fill(0xee));
    expect(s.withPath(STAT, '/f', [at])).toBe(0);
    const b = s.fake.memory(TID).read(at, KSTAT_SIZE + 8)!;
    const dv = new DataView(b.buffer);
    expect(dv.getBigUint64(0, true)).toBe(BigInt(v.vnum));
    expect(dv.getUint32(8, true)).toBe(S_IFREG | 0o640);
    expect(dv.getInt32(12, true)).toBe(1);
    expect(dv.getUint32(16, true)).toBe(0); // uid, gid
    expect(dv.getUint32(20, true)).toBe(0); // padding before the u64 size
    expect(dv.getBigUint64(24, true)).toBe(21n);
    expect(dv.getInt32(32, true)).toBe(4096);
    expect(dv.getUint32(36, true)).toBe(0);
    expect(dv.getBigUint64(40, true)).toBe(0x1_0000_0002n);
    expect(dv.getBigUint64(48, true)).toBe(3n);
    expect(dv.getBigUint64(56, true)).toBe(4n);
    expect([...b.subarray(KSTAT_SIZE)]).toEqual(new Array(8).fill(0xee)); // nothing past the struct

    const at2 = STACK + 0x200;
    expect(s.send(FSTAT, [0, at2])).toBe(0);
    expect([...s.fake.memory(TID).read(at2, KSTAT_SIZE)!]).toEqual([...b.subarray(0, KSTAT_SIZE)]);
    expect(s.withPath(STAT, '/', [at2])).toBe(0);
    expect(new DataView(s.fake.memory(TID).read(at2, 16)!.buffer).getUint32(8, true)).toBe(S_IFDIR | 0o755);
  });

  it('-EFAULT for an unwritable struct, -EBADF, -ENOENT', () => {
    const s = setup();
    expect(s.withPath(STAT, '/', [0x40000000])).toBe(-EFAULT);
    expect(s.withPath(STAT, '/', [STACK + 4096 - 32])).toBe(-EFAULT); // runs off the mapped page
    expect(s.send(FSTAT, [0, STACK])).toBe(-EBADF);
    expect(s.withPath(STAT, '/nope', [STACK])).toBe(-ENOENT);
    expect(s.open('/')).toBe(0);
    expect(s.send(FSTAT, [0, 0xffffffff])).toBe(-EFAULT);
  });
});
