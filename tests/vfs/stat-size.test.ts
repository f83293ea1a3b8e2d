import { describe, expect, it } from 'vitest';
import { makePort } from '../../src/kernel/port.ts';
import type { KernelPort } from '../../src/kernel/service.ts';
import * as P from '../../src/pager/protocol.ts';
import { VfsPagerPort } from '../../src/vfs/pager-port.ts';
import { Fs0Server, L4_IPC_TAG_FSTAT, L4_IPC_TAG_STAT } from '../../src/vfs/server.ts';
import { O_CREAT, O_RDWR, O_TRUNC, Vfs } from '../../src/vfs/vfs.ts';
import { harness, type Harness } from '../pager/harness.ts';

const BUF = 0x1fffd000; // a stack page of the boot task
const KSTAT = BUF + 0x800;

/** A booted task whose pager talks to a real Vfs (VfsPagerPort), and fs0 over the same Vfs. */
function system(): { h: Harness; vfs: Vfs; fs0: Fs0Server; t: number } {
  let kp: KernelPort | undefined;
  const vfs = new Vfs();
  const port = new VfsPagerPort(vfs, {
    readFrame: (pa) => kp!.readFrame(pa),
    writeFrame: (pa, d) => kp!.writeFrame(pa, d),
    ramEnd: () => kp!.ramEnd(),
  });
  const h = harness(['hello'], { vfs: port });
  kp = makePort(h.k, 0);
  return { h, vfs, fs0: new Fs0Server(makePort(h.k, 1), vfs), t: h.tids[0]! };
}

/** st_size of the struct kstat fs0 writes for FSTAT(fd) or, with a path in the utcb, STAT. */
function kstatSize(s: ReturnType<typeof system>, tag: number, arg: number): number {
  const mrs = Int32Array.of(tag, s.t, arg, KSTAT, 0, 0);
  const r = s.fs0.handle({ kind: 'ipc', sender: s.t, mrs, wantsReply: true });
  if (r.kind !== 'reply') throw new Error('no reply');
  expect(r.mrs[0]).toBe(0);
  const b = s.h.read(s.t, KSTAT + 24, 4)!;
  return new DataView(b.buffer, b.byteOffset).getUint32(0, true);
}

describe('STAT/FSTAT see the length the pager knows (libposix report)', () => {
  it('reports unflushed writes, then the flushed size, and 0 after O_TRUNC', () => {
    const s = system();
    const { h, vfs, t } = s;
    const utcb = h.pager.tasks.get(t)!.utcb;
    expect(h.write(t, utcb, new TextEncoder().encode('/f\0'))).toBe(true);
    const fd = vfs.open(t, '/f', O_CREAT | O_RDWR, 0o644);
    const vnum = vfs.fstat(t, fd).vnum;

    expect(h.write(t, BUF, new TextEncoder().encode('abcdefghij'))).toBe(true);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, fd, BUF, 10)).toBe(10);
    expect(vfs.fs.get(vnum)!.size).toBe(0); // memfs has not heard of the write yet
    expect(vfs.fstat(t, fd).size).toBe(10);
    expect(vfs.stat(t, '/f').size).toBe(10);
    expect(kstatSize(s, L4_IPC_TAG_FSTAT, fd)).toBe(10);
    expect(kstatSize(s, L4_IPC_TAG_STAT, utcb)).toBe(10);

    // A write past the end grows it again before any flush; fsync tells memfs.
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, fd, 5000, P.SEEK_SET)).toBe(5000);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, fd, BUF, 3)).toBe(3);
    expect(kstatSize(s, L4_IPC_TAG_FSTAT, fd)).toBe(5003);
    expect(h.ret(t, P.L4_IPC_TAG_FSYNC, fd)).toBe(0);
    expect(vfs.fs.get(vnum)!.size).toBe(5003);

    // Once closed, the pager forgets the file and memfs's size is the answer.
    expect(h.ret(t, P.L4_IPC_TAG_CLOSE, fd)).toBe(0);
    expect(h.pager.counters().files).toBe(0);
    expect(kstatSize(s, L4_IPC_TAG_STAT, utcb)).toBe(5003);

    // O_TRUNC empties the file for the pager as well.
    const fd2 = vfs.open(t, '/f', O_RDWR, 0);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, fd2, BUF, 4)).toBe(4);
    expect(kstatSize(s, L4_IPC_TAG_FSTAT, fd2)).toBe(5003);
    const fd3 = vfs.open(t, '/f', O_RDWR | O_TRUNC, 0);
    expect(kstatSize(s, L4_IPC_TAG_FSTAT, fd2)).toBe(0);
    expect(kstatSize(s, L4_IPC_TAG_FSTAT, fd3)).toBe(0);
    expect(vfs.stat(t, '/').size).toBe(44); // a directory keeps its own size (44 bytes per entry)
  });
});
