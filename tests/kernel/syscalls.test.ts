import { describe, expect, it } from 'vitest';
import { KDATA_BOOTDESC_SIZE, KDATA_PAGE_MAP, virtualTime } from '../../src/kernel/syscall/info.ts';
import { BLOCKED } from '../../src/kernel/syscall/table.ts';
import { frame, newKernel, newThread, phys, sys } from './helpers.ts';

const MAP = 8, UNMAP = 5, GETID = 9, KREAD = 10, TIME = 12, TCTL = 2, EXREGS = 3, KMEM = 11;
const word = (k: ReturnType<typeof newKernel>['k'], pa: number) => k.arch.read32(pa);

describe('map / unmap', () => {
  it('writes the exact small-page descriptors of ABI §2.5 into the space\'s tables', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pa = phys(t, 0x10000000);
    const expected = [0xffe, 0xaae, 0x55e, 0xff2, 0x552];
    for (let flags = 0; flags < 5; flags++) {
      const va = 0x10100000 + flags * 0x1000;
      expect(sys(k, t, MAP, pa, va, 1, flags, t.tid)).toBe(0);
      expect(t.space!.pte(va) >>> 0).toBe((pa | expected[flags]!) >>> 0);
    }
    // The first-level entry is a coarse descriptor with domain 0: (L2 & ~0x3FF) | 1.
    const l1e = word(k, t.space!.l1 + (0x101 * 4));
    expect(l1e & 0x3ff).toBe(1);
    expect(word(k, (l1e & 0xfffffc00) + 4 * 1)).toBe((pa | 0xaae) >>> 0);
  });

  it('unmap clears descriptors: 0 when all were mapped, -1 when one was not', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pa = phys(t, 0x10000000);
    expect(sys(k, t, MAP, pa, 0x10200000, 1, 0, t.tid)).toBe(0);
    expect(sys(k, t, UNMAP, 0x10200000, 1, t.tid)).toBe(0);
    expect(t.space!.pte(0x10200000)).toBe(0);
    expect(sys(k, t, MAP, pa, 0x10200000, 1, 0, t.tid)).toBe(0);
    expect(sys(k, t, UNMAP, 0x10200000, 2, t.tid)).toBe(-1);
  });

  it('rejects bad arguments with clean errors', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pa = phys(t, 0x10000000);
    expect(sys(k, t, MAP, pa, 0x10300000, 1, 0, 999)).toBe(-3); // missing tid: -ESRCH
    expect(sys(k, t, MAP, pa, 0x10300000, 0, 0, t.tid)).toBe(-22); // npages 0
    expect(sys(k, t, MAP, pa, 0x10300000, 1, 5, t.tid)).toBe(-22); // bad flags
    expect(sys(k, t, MAP, pa, 0xff000000, 1, 0, t.tid)).toBe(-22); // shared KIP section
    expect(sys(k, t, MAP, 0x00100000, 0x10300000, 1, 0, t.tid)).toBe(-22); // kernel pool frame
    expect(sys(k, t, MAP, frame(k), 0x10300000, 1, 0, t.tid)).toBe(-1); // a frame it does not map
    expect(sys(k, t, MAP, 0x101f1000, 0x10300000, 1, 3, t.tid)).toBe(0); // the UART is fine
    expect(sys(k, t, UNMAP, 0x10300000, 1, 999)).toBe(-3);
    expect(sys(k, t, UNMAP, 0x10300000, 0, t.tid)).toBe(-22);
    const other = newThread(k);
    expect(sys(k, t, MAP, pa, 0x10300000, 1, 0, other.tid)).toBe(-1); // another task's space: -EPERM
  });
});

describe('getid, kread, time, kmem_control', () => {
  it('getid writes {tid, spid, tgid}; a bad pointer gives -EFAULT', () => {
    const { k } = newKernel();
    const t = newThread(k);
    expect(sys(k, t, GETID, 0x10000010)).toBe(0);
    const pa = phys(t, 0x10000010);
    expect([word(k, pa), word(k, pa + 4), word(k, pa + 8)]).toEqual([t.tid, t.spid, t.tgid]);
    expect(sys(k, t, GETID, 0x30000000)).toBe(-14);
    expect(sys(k, t, GETID, 0x10000ffc)).toBe(-14); // crosses into an unmapped page
  });

  it('kread serves the 4104-byte page map and the boot descriptor', () => {
    const { k } = newKernel();
    const t = newThread(k);
    t.space!.map(0x10001000, frame(k), 0);
    t.space!.map(0x10002000, frame(k), 0);
    expect(sys(k, t, KREAD, KDATA_PAGE_MAP, 0x10000000)).toBe(0);
    const pa = phys(t, 0x10000000);
    expect(word(k, pa)).toBe(0);
    expect(word(k, pa + 4)).toBe(0x8000);
    // Everything below the first free page is marked used, nothing above it.
    const firstFreePfn = k.firstFree / 4096;
    expect(word(k, pa + 8)).toBe(0xffffffff);
    const bitOf = (pfn: number) => (word(k, phys(t, 0x10000000 + 8 + 4 * (pfn >>> 5))) >>> (pfn & 31)) & 1;
    expect(bitOf(firstFreePfn - 1)).toBe(1);
    expect(bitOf(firstFreePfn)).toBe(0);
    expect(sys(k, t, KREAD, KDATA_BOOTDESC_SIZE, 0x10000000)).toBe(0);
    expect(word(k, pa)).toBe(8);
    expect(sys(k, t, KREAD, -1, 0x10000000)).toBe(-22);
    expect(sys(k, t, KREAD, 7, 0x10000000)).toBe(-1);
    expect(sys(k, t, KREAD, KDATA_PAGE_MAP, 0x0)).toBe(-22); // outside the caller's area
  });

  it('time is virtual: derived from the instruction count', () => {
    const { k } = newKernel();
    const t = newThread(k);
    k.executed = 2_345_678;
    expect(sys(k, t, TIME, 0x10000000, 0)).toBe(0);
    const pa = phys(t, 0x10000000);
    expect([word(k, pa), word(k, pa + 4)]).toEqual(virtualTime(2_345_678));
    expect(virtualTime(2_345_678)).toEqual([2, 340000]);
    expect(sys(k, t, TIME, 0x10000000, 1)).toBe(-38);
    expect(sys(k, t, TIME, 0x0, 0)).toBe(-22);
  });

  it('kmem_control accepts a grant and refuses reclaim', () => {
    const { k } = newKernel();
    const t = newThread(k);
    expect(sys(k, t, KMEM, 0x1000, 256, 1)).toBe(0);
    expect(sys(k, t, KMEM, 0x1000, 256, 0)).toBe(-22);
    expect(sys(k, t, KMEM, 0x7fff, 2, 1)).toBe(-22);
  });
});

describe('thread_control and exchange_registers', () => {
  const setIds = (k: ReturnType<typeof newKernel>['k'], pa: number, ids: number[]) =>
    ids.forEach((v, i) => k.arch.write32(pa + i * 4, v));

  it('allocates the requested id if free, else the lowest free; never reuses ids', () => {
    const { k } = newKernel();
    const t = newThread(k); // tid 2: 0 and 1 are the services'
    expect(t.tid).toBe(2);
    const pa = phys(t, 0x10000000);
    setIds(k, pa, [-1, -1, -1]);
    expect(sys(k, t, TCTL, 0x10, 0x10000000)).toBe(0);
    expect(word(k, pa)).toBe(3);
    setIds(k, pa, [40, 40, 40]);
    expect(sys(k, t, TCTL, 0x10, 0x10000000)).toBe(0);
    expect([word(k, pa), word(k, pa + 4), word(k, pa + 8)]).toEqual([40, 40, 40]);
    setIds(k, pa, [40, -1, -1]);
    expect(sys(k, t, TCTL, 0x10, 0x10000000)).toBe(0);
    expect(word(k, pa)).toBe(4);
    setIds(k, pa, [4, 0, 0]);
    expect(sys(k, t, TCTL, 4, 0x10000000)).toBe(0); // DESTROY returns 0
    setIds(k, pa, [4, -1, -1]);
    expect(sys(k, t, TCTL, 0x10, 0x10000000)).toBe(0);
    expect(word(k, pa)).toBe(5); // 4 is never reused
  });

  it('validates actions, flags, targets and state', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pa = phys(t, 0x10000000);
    setIds(k, pa, [-1, -1, -1]);
    expect(sys(k, t, TCTL, 0x40, 0x10000000)).toBe(-22); // bad create flags
    expect(sys(k, t, TCTL, 0x5, 0x10000000)).toBe(-22); // bad action
    expect(sys(k, t, TCTL, 0x10, 0x30000000)).toBe(-14); // bad pointer
    setIds(k, pa, [77, 0, 0]);
    expect(sys(k, t, TCTL, 1, 0x10000000)).toBe(-3); // RUN a missing tid
    setIds(k, pa, [t.tid, 0, 0]);
    expect(sys(k, t, TCTL, 1, 0x10000000)).toBe(-22); // RUN a running thread
    setIds(k, pa, [-1, 99, -1]);
    expect(sys(k, t, TCTL, 0x20, 0x10000000)).toBe(-3); // COPY of a space with no thread
  });

  it('SAME_SPACE shares tables, COPY_SPACE copies them; exregs sets the selected words', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pa = phys(t, 0x10000000);
    setIds(k, pa, [-1, t.spid, t.tgid]);
    expect(sys(k, t, TCTL, 0x30, 0x10000000)).toBe(0);
    const same = k.thread(word(k, pa))!;
    expect(same.space).toBe(t.space);
    expect(same.tgid).toBe(t.tgid);
    setIds(k, pa, [-1, t.spid, -1]);
    expect(sys(k, t, TCTL, 0x20, 0x10000000)).toBe(0);
    const copy = k.thread(word(k, pa))!;
    expect(copy.space).not.toBe(t.space);
    expect(copy.space!.pte(0x10000000)).toBe(t.space!.pte(0x10000000));
    expect(copy.tgid).toBe(copy.tid);
    // exchange_registers: sp and pc selected, pager set.
    const rec = 0x10000100;
    const rpa = phys(t, rec);
    for (let i = 0; i < 19; i++) k.arch.write32(rpa + i * 4, 0);
    k.arch.write32(rpa + 13 * 4, 0x1fffeff8);
    k.arch.write32(rpa + 15 * 4, 0x10000000);
    k.arch.write32(rpa + 0x40, (1 << 13) | (1 << 15));
    k.arch.write32(rpa + 0x44, 1);
    k.arch.write32(rpa + 0x48, 5);
    expect(sys(k, t, EXREGS, rec, copy.tid)).toBe(0);
    expect(copy.ctx[13]! >>> 0).toBe(0x1fffeff8);
    expect(copy.ctx[15]! >>> 0).toBe(0x10000000);
    expect(copy.pager).toBe(5);
    expect(sys(k, t, EXREGS, rec, 999)).toBe(-3);
    expect(sys(k, t, EXREGS, rec, t.tid)).toBe(-132); // not INACTIVE: -EACTIVE
    expect(sys(k, t, EXREGS, 0x30000000, copy.tid)).toBe(-14);
  });

  it('space_control and ipc_control are -ENOSYS; offsets past 0x30 too', () => {
    const { k } = newKernel();
    const t = newThread(k);
    expect(sys(k, t, 6)).toBe(-38);
    expect(sys(k, t, 7)).toBe(-38);
    expect(sys(k, t, 13)).toBe(-38);
    void BLOCKED;
  });
});
