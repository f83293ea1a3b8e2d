import { describe, expect, it } from 'vitest';
import * as P from '../../src/pager/protocol.ts';
import { STACK_START } from '../../src/pager/task.ts';
import { harness } from './harness.ts';

/** `n` bytes of a pattern that differs on every page and is never zero. */
function pattern(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => ((i * 7 + (i >> 12) * 13 + seed) % 251) + 1);
}

describe('READ/WRITE copy between the user buffer and the page cache (userbuf.ts)', () => {
  it('read() maps each untouched destination page writable with one fault; a bad buffer is -EFAULT with the cursor kept', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const data = pattern(3 * 4096, 1);
    const vnum = h.vfs.create('/r', data);
    h.vfs.openFd(t, 3, vnum);
    const buf = STACK_START + 0x800; // spans the stack's first three pages, none touched yet
    const faults = h.pager.stats.faults;
    expect(h.ret(t, P.L4_IPC_TAG_READ, 3, buf, 8192)).toBe(8192);
    expect(h.pager.stats.faults - faults).toBe(3);
    expect(h.vfs.calls.read).toBe(1); // pages 0 and 1 of the file in one vfs.read
    expect(h.read(t, buf, 8192)).toEqual(data.subarray(0, 8192));
    // Below the stack there is no area: nothing is read and the cursor stays.
    expect(h.ret(t, P.L4_IPC_TAG_READ, 3, STACK_START - 0x800, 4096)).toBe(-14);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 0, P.SEEK_CUR)).toBe(8192);
    expect(h.ret(t, P.L4_IPC_TAG_READ, 3, buf + 1, 8192)).toBe(4096);
    expect(h.read(t, buf + 1, 4096)).toEqual(data.subarray(8192));
    h.pager.assertIntegrity();
  });

  it('write() of whole pages reads nothing; write-back sends consecutive dirty pages in one call, each page once', () => {
    const h = harness();
    const [t] = h.tids as [number];
    const old = pattern(4 * 4096, 2);
    const vnum = h.vfs.create('/w', old);
    h.vfs.openFd(t, 3, vnum);
    const src = pattern(3 * 4096, 3);
    expect(h.write(t, STACK_START, src)).toBe(true);
    // Page 1 whole from a page-aligned buffer, pages 2-3 whole from an unaligned one.
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 4096, P.SEEK_SET)).toBe(4096);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, STACK_START, 4096)).toBe(4096);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, STACK_START + 0x123, 8192)).toBe(8192);
    expect(h.vfs.calls.read).toBe(0);
    // Part of page 0, inside the file: its old bytes must be read first (A19).
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 5, P.SEEK_SET)).toBe(5);
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, STACK_START, 10)).toBe(10);
    expect(h.vfs.calls.read).toBe(1);
    const writes = h.pager.stats.fileWrites;
    expect(h.ret(t, P.L4_IPC_TAG_FSYNC, 3)).toBe(0);
    expect(h.vfs.calls).toMatchObject({ write: 1, updateStats: 1 });
    expect(h.pager.stats.fileWrites - writes).toBe(4);
    const want = old.slice();
    want.set(src.subarray(0, 10), 5);
    want.set(src.subarray(0, 4096), 4096);
    want.set(src.subarray(0x123, 0x123 + 8192), 8192);
    expect(h.vfs.content(vnum)).toEqual(want);
    expect(h.vfs.content(vnum).length).toBe(4 * 4096);
    // Nothing dirty is left: a second fsync writes nothing.
    expect(h.ret(t, P.L4_IPC_TAG_FSYNC, 3)).toBe(0);
    expect(h.vfs.calls).toMatchObject({ write: 1, updateStats: 1 });
    // A source buffer the task cannot read is -EFAULT and writes nothing.
    expect(h.ret(t, P.L4_IPC_TAG_WRITE, 3, STACK_START - 16, 32)).toBe(-14);
    expect(h.ret(t, P.L4_IPC_TAG_LSEEK, 3, 0, P.SEEK_CUR)).toBe(15);
    h.pager.assertIntegrity();
  });
});
