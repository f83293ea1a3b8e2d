import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Memfs } from '../../src/vfs/memfs.ts';
import { exportTree, importTree, RootfsError } from '../../src/vfs/rootfs.ts';

/** Every file under `dir` as relative path -> contents, and every directory as path -> null. */
function snapshot(dir: string): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        out.set(relative(dir, p), null);
        walk(p);
      } else {
        out.set(relative(dir, p), readFileSync(p));
      }
    }
  };
  walk(dir);
  return out;
}

describe('--rootfs and --save-rootfs', () => {
  it('round-trips a tree byte for byte', () => {
    const src = mkdtempSync(join(tmpdir(), 'czemu-rootfs-'));
    mkdirSync(join(src, 'bin'));
    mkdirSync(join(src, 'home/user/empty'), { recursive: true });
    writeFileSync(join(src, 'bin/prog'), Buffer.alloc(10000, 7));
    writeFileSync(join(src, 'home/user/notes.txt'), 'hello\n');
    writeFileSync(join(src, 'zero'), Buffer.alloc(0));
    const big = Buffer.alloc(3 * 4096 + 17);
    big.write('tail', big.length - 4);
    writeFileSync(join(src, 'sparse'), big);
    symlinkSync('home/user/notes.txt', join(src, 'link'));
    const fs = new Memfs();
    expect(importTree(fs, src)).toBe(5);
    const out = join(mkdtempSync(join(tmpdir(), 'czemu-save-')), 'tree');
    expect(exportTree(fs, out)).toBe(5);
    const a = snapshot(src);
    const b = snapshot(out);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [k, v] of a) expect(b.get(k)).toEqual(v);
    expect(fs.usedPages).toBe(3 + 1 + 1 + 1); // the zero pages of 'sparse' are holes
  });

  it('refuses a missing directory and an existing non-empty target with one line', () => {
    expect(() => importTree(new Memfs(), '/nonexistent/dir')).toThrow(new RootfsError('--rootfs /nonexistent/dir: no such directory'));
    const d = mkdtempSync(join(tmpdir(), 'czemu-save-'));
    writeFileSync(join(d, 'x'), 'x');
    expect(() => exportTree(new Memfs(), d)).toThrow(RootfsError);
  });
});
