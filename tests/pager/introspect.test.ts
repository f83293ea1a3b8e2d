import { describe, expect, it } from 'vitest';
import * as P from '../../src/pager/protocol.ts';
import { harness, words, type Harness } from './harness.ts';

/**
 * The pager's debug hooks (src/pager/introspect.ts): how each fault was resolved, as
 * KernelPort.noteFault tells the kernel's tracer, and describeVm's areas and object chains.
 */
const STACK = 0x1fffc000;
const ARGS = 0x1fffd000;

/** Records every noteFault the pager makes, as "tid va how". */
function recordNotes(h: Harness): string[] {
  const notes: string[] = [];
  h.k.hooks = {
    beforeRun: (_t, b) => b,
    afterRun: () => {},
    faultResolved: (tid, va, how) => notes.push(`${tid} 0x${(va >>> 0).toString(16)} ${how}`),
  };
  return notes;
}

describe('pager introspection', () => {
  it('notes zero page, zero-fill, already mapped, cow copy, own page, file read and shared faults', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const notes = recordNotes(h);
    expect(h.word(t, STACK)).toBe(0);
    expect(h.write(t, STACK, words(1))).toBe(true);
    expect(h.word(t, STACK)).toBe(1);
    expect(h.write(t, STACK + 0x1000, words(1))).toBe(true);
    const c = h.ret(t, P.L4_IPC_TAG_FORK);
    expect(h.write(c, STACK, words(2))).toBe(true);
    expect(h.word(t, STACK)).toBe(1);
    expect(h.write(t, STACK, words(3))).toBe(true);
    expect(h.write(t, STACK, words(4))).toBe(true);
    const vnum = h.vfs.create('/f', new TextEncoder().encode('file data'));
    h.vfs.openFd(t, 3, vnum);
    expect(h.write(t, ARGS, words(0, 0x2000, P.PROT_READ, P.MAP_PRIVATE, 3, 0))).toBe(true);
    const at = h.ret(t, P.L4_IPC_TAG_MMAP, ARGS);
    expect(h.word(t, at)).toBe(0x656c6966); // "file"
    expect(h.write(t, ARGS, words(0, 0x1000, P.PROT_READ | P.PROT_WRITE, P.MAP_SHARED, 3, 0))).toBe(true);
    const shared = h.ret(t, P.L4_IPC_TAG_MMAP, ARGS);
    expect(h.word(t, shared)).toBe(0x656c6966);
    expect(notes).toEqual([
      '2 0x1fffc000 zero page', // a read of an untouched stack page maps the zero page read-only
      '2 0x1fffc000 zero-fill', // the first write gives it a zeroed frame of its own
      '2 0x1fffd000 zero page',
      '2 0x1fffd000 zero-fill',
      '3 0x1fffc000 cow copy', // the child's write after fork
      '2 0x1fffc000 cow copy', // and the parent's (its read before it needed no fault)
      '2 0x1fffd000 cow copy',
      '2 0x10002000 file read', // a private file mapping pages in through the VFS
      '2 0x20000000 shared', // a shared mapping of the same (now cached) page
    ]);
  });

  it('describeVm: areas, protections, chains with shadows (frozen after fork), page offsets', () => {
    const h = harness();
    const [t] = h.tids as [number];
    expect(h.write(t, STACK, words(1))).toBe(true);
    expect(h.write(t, STACK + 0x1000, words(1))).toBe(true);
    const c = h.ret(t, P.L4_IPC_TAG_FORK);
    expect(h.write(c, STACK, words(2))).toBe(true);
    expect(h.pager.describeVm(t)).toBe(`task 2 (hello): space 2, 5 areas
0x10000000-0x10001000 r-x private  bootfile hello (pgoff 0)
0x10001000-0x10002000 rw- private  bootfile hello (pgoff 1)
0x1fffb000-0x1ffff000 rw- private  shadow#3 (frozen) [2 pages] -> devzero (pgoff 0)
0x1ffff000-0x20000000 rw- private  devzero (pgoff 0)
0xf8002000-0xf8003000 rw- shared   shm utcb@f8002000 (pgoff 0)`);
    expect(h.pager.describeVm(c)).toBe(`task 3 (hello): space 3, 5 areas
0x10000000-0x10001000 r-x private  bootfile hello (pgoff 0)
0x10001000-0x10002000 rw- private  bootfile hello (pgoff 1)
0x1fffb000-0x1ffff000 rw- private  shadow#5 [1 page] -> shadow#3 (frozen) [2 pages] -> devzero (pgoff 0)
0x1ffff000-0x20000000 rw- private  devzero (pgoff 0)
0xf8003000-0xf8004000 rw- shared   shm utcb@f8003000 (pgoff 0)`);
    expect(h.pager.describeVm(99)).toBe('vm: the pager has no task 99');
  });
});
