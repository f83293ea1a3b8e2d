import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { frame, newKernel, newThread } from './helpers.ts';

/** Physical address and descriptor of `va` as the MMU would see them from `t`'s tables. */
describe('fixed mappings in every space', () => {
  it('KIP at 0xFF000000 user RO with the §4 layout', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pte = t.space!.pte(0xff000000);
    expect(pte & 0xfff).toBe(0xaae);
    const kip = pte & 0xfffff000;
    const w = (off: number) => k.arch.read32(kip + off);
    expect(w(0)).toBe(0x4b98344c);
    expect(w(4)).toBe(0xbb010000);
    const entries = [0x2c, 0x30, 0x18, 0x08, 0x1c, 0x20, 0x00, 0x28, 0x14, 0x0c, 0x04, 0x10, 0x24];
    entries.forEach((off, i) => expect(w(0x0c + i * 4)).toBe(0xfffff000 + off));
    expect((w(0x50) & 0xffff0000) >>> 0).toBe(0xbb010000);
    expect(w(0x5c)).toBe(0x00424242);
    expect(w(0xff0)).toBe(0xf8000000);
  });

  it('syscall page at 0xFFFFF000: 13 × 0xEF000014 then zeros; vector page kernel-only; UART 0xFF2', () => {
    const { k } = newKernel();
    const t = newThread(k);
    const pte = t.space!.pte(0xfffff000);
    expect(pte & 0xfff).toBe(0xaae);
    const page = pte & 0xfffff000;
    for (let i = 0; i < 13; i++) expect(k.arch.read32(page + i * 4)).toBe(0xef000014);
    expect(k.arch.read32(page + 13 * 4)).toBe(0);
    expect(t.space!.pte(0xffff0000) & 0xfff).toBe(0x55e);
    expect(t.space!.translate(0xffff0000, true)).toBe(-1);
    expect(t.space!.pte(0x00500000) >>> 0).toBe(0x101f1ff2);
  });

  it('spaces share the fixed regions but not user mappings; freed spaces return their tables', () => {
    const { k } = newKernel();
    const a = newThread(k);
    const b = newThread(k);
    expect(a.space!.pte(0xff000000)).toBe(b.space!.pte(0xff000000));
    a.space!.map(0x10400000, frame(k), 0);
    expect(b.space!.pte(0x10400000)).toBe(0);
    const before = { ...k.pool.inUse };
    k.destroyThread(a, 0);
    expect(k.pool.inUse.l1).toBe(before.l1 - 1);
    expect(k.pool.inUse.l2).toBe(before.l2 - 2);
  });
});

describe('czemu boot input errors', () => {
  const io = (files: Record<string, Uint8Array>) => {
    const err: string[] = [];
    return {
      err,
      io: {
        stdout: () => {}, stderr: (s: string) => { err.push(s); },
        readFile: (p: string) => {
          const f = files[p];
          if (f === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
          return f;
        },
      },
    };
  };

  it('a file that is not ELF: one line, status 2', async () => {
    const { io: cio, err } = io({ 'x.elf': new Uint8Array([1, 2, 3, 4]) });
    expect(await runCli(['boot', 'x.elf'], cio)).toBe(2);
    expect(err.length).toBe(1);
    expect(err[0]).toMatch(/^czemu: .*\n$/);
  });
});
