import { describe, expect, it } from 'vitest';
import { copyFromUser, copyToUser } from '../../src/kernel/space/usermem.ts';
import { frame, newKernel, newThread, phys } from './helpers.ts';

/**
 * Copies between the host and a thread's memory (kernel/space/usermem.ts), at addresses above
 * 0x80000000 too, where utcb pages live and where a signed page mask once turned one write into
 * a walk over a million pages.
 */
describe('copyToUser / copyFromUser', () => {
  it.each([0x10000ff0, 0xf8001ff0])('writes across a page boundary at 0x%s, resolving exactly the two pages', (va) => {
    const { k } = newKernel();
    const t = newThread(k);
    const base = (va & ~0xfff) >>> 0;
    t.space!.map(base, frame(k), 0);
    t.space!.map(base + 0x1000, frame(k), 0);
    const writes: number[] = [];
    const writeBytes = k.arch.writeBytes.bind(k.arch);
    k.arch.writeBytes = (pa, data) => {
      writes.push(data.length);
      writeBytes(pa, data);
    };
    const data = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    expect(copyToUser(k, t, va, data)).toBe(true);
    expect(writes).toEqual([16, 16]);
    expect(k.arch.readBytes(phys(t, va), 16)).toEqual(data.subarray(0, 16));
    expect(k.arch.readBytes(phys(t, base + 0x1000), 16)).toEqual(data.subarray(16));
    expect(copyFromUser(k, t, va, 32)).toEqual(data);
  });
});
