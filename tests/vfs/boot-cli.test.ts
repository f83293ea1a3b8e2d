import {
  chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../src/cli/boot.ts';
import { runCli } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/command.ts';

/** An images/user program that does no file I/O: the tree must come back unchanged. */
const IMAGE = 'images/user/hello.elf';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (d) => {
      stdout += typeof d === 'string' ? d : Buffer.from(d).toString('latin1');
    },
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => new Uint8Array(readFileSync(p)),
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

/** Every entry under `dir`: files as relative path -> bytes and mode, directories -> null. */
function snapshot(dir: string): Map<string, [Buffer, number] | null> {
  const out = new Map<string, [Buffer, number] | null>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.set(relative(dir, p), null);
        walk(p);
      } else {
        out.set(relative(dir, p), [readFileSync(p), st.mode & 0o777]);
      }
    }
  };
  walk(dir);
  return out;
}

function tree(): string {
  const src = mkdtempSync(join(tmpdir(), 'czemu-boot-rootfs-'));
  mkdirSync(join(src, 'home/bahadir'), { recursive: true });
  mkdirSync(join(src, 'empty'));
  writeFileSync(join(src, 'home/bahadir/notes.txt'), 'I WROTE TO THIS FILE\n');
  writeFileSync(join(src, 'big'), Buffer.alloc(5 * 4096 + 3, 0xa5));
  writeFileSync(join(src, 'exe'), Buffer.from([0x7f, 0x45, 0x4c, 0x46]), { mode: 0o755 });
  return src;
}

describe('czemu boot --rootfs / --save-rootfs', () => {
  it('saves the tree it was given, byte for byte, after a run that does no file I/O', async () => {
    const src = tree();
    const before = snapshot(src);
    const out = join(mkdtempSync(join(tmpdir(), 'czemu-boot-save-')), 'saved');
    const r = await cli(['boot', '--rootfs', src, '--save-rootfs', out, IMAGE]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync('images/user/hello.expected', 'latin1'));
    const after = snapshot(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [k, v] of before) expect(after.get(k)).toEqual(v);
    expect(snapshot(src)).toEqual(before); // the host tree was only read
  });

  it('saves what a guest wrote beside the tree it was given (test0: scenarios 5, 14, 16, 17)', async () => {
    const src = mkdtempSync(join(tmpdir(), 'czemu-boot-rootfs-'));
    mkdirSync(join(src, 'data'));
    writeFileSync(join(src, 'data/keep.bin'), Buffer.alloc(9000, 0x3c));
    const before = snapshot(src);
    const out = join(mkdtempSync(join(tmpdir(), 'czemu-boot-save-')), 'saved');
    const r = await cli(['boot', '--rootfs', src, '--save-rootfs', out, 'images/posix/test0.elf']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('FAILED');
    const after = snapshot(out);
    for (const [k, v] of before) expect(after.get(k)).toEqual(v); // the given tree, unchanged
    const dirs = ['bin', 'boot', 'dev', 'etc', 'home', 'home/bahadir', 'lib', 'tmp', 'usr', 'usr/bin', 'var'];
    for (const d of dirs) expect(after.get(d)).toBeNull();
    expect(after.has('opt')).toBe(false);
    const str = Buffer.from('I WROTE TO THIS FILE\n');
    expect(after.get('home/bahadir/newfile.txt')?.[0]).toEqual(str);
    expect(after.get('home/bahadir/newfile2.txt')?.[0]).toEqual(str);
    const sparse = after.get('home/bahadir/newfile3.txt')![0];
    expect(sparse.length).toBe(0x10004);
    const want = Buffer.alloc(0x10004);
    for (const off of [0x1000, 0x2000, 0x3000, 0x10000]) want.writeUInt32LE(0x1000, off);
    expect(sparse.equals(want)).toBe(true);
    expect(after.size).toBe(before.size + dirs.length + 3);
  }, 60_000);

  it('forgets every task once all have exited, and holds only what test0 wrote (leak check)', () => {
    const bytes = new Uint8Array(readFileSync('images/posix/test0.elf'));
    const sys = bootSystem([{ name: 'test0', bytes }], () => {});
    expect(sys.vfs.taskCount).toBe(1);
    expect(sys.kernel.run(2_000_000_000, sys.tids[0])).toEqual({ kind: 'exit', status: 0 });
    expect(sys.vfs.taskCount).toBe(0); // the pager sent NOTIFY_EXIT for all 22 tasks
    expect(sys.vfs.fs.vnodeCount).toBe(1 + 11 + 3); // root, test0's directories, three files
    expect(sys.vfs.fs.usedPages).toBe(4 + 1 + 1); // newfile3.txt's four non-zero pages, two 21-byte files
  }, 60_000);

  it('saves an empty tree without --rootfs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'czemu-boot-save-')), 'saved');
    expect((await cli(['boot', '--save-rootfs', out, IMAGE])).status).toBe(0);
    expect(readdirSync(out)).toEqual([]);
  });

  it('stops with one line and status 2 for a bad --rootfs or --save-rootfs', async () => {
    const missing = await cli(['boot', '--rootfs', '/nonexistent/czemu-root', IMAGE]);
    expect(missing).toEqual({ status: 2, stdout: '', stderr: 'czemu: --rootfs /nonexistent/czemu-root: no such directory\n' });
    const src = tree();
    const file = join(src, 'big');
    expect((await cli(['boot', '--rootfs', file, IMAGE])).stderr).toBe(`czemu: --rootfs ${file}: not a directory\n`);
    const full = await cli(['boot', '--save-rootfs', src, IMAGE]);
    expect(full.status).toBe(2);
    expect(full.stdout).toBe(''); // refused before the run
    expect(full.stderr).toMatch(/^czemu: --save-rootfs .*: exists and is not empty \(the tree goes to a new directory\)\n$/);
    const under = await cli(['boot', '--save-rootfs', join(file, 'x'), IMAGE]);
    expect(under.status).toBe(2);
    expect(under.stderr).toBe(`czemu: --save-rootfs ${join(file, 'x')}: ${file} is not a directory\n`);
    const tooBig = await cli(['boot', '--rootfs', src, '--max-file-size', '16K', IMAGE]);
    expect(tooBig.status).toBe(2);
    expect(tooBig.stderr).toBe(`czemu: --rootfs ${join(src, 'big')}: file too large\n`);
    const badSize = await cli(['boot', '--max-file-size', '0', IMAGE]);
    expect(badSize.status).toBe(2);
    expect(badSize.stderr.split('\n')).toHaveLength(2);
    if (process.getuid?.() !== 0) {
      const locked = join(src, 'home');
      chmodSync(locked, 0o000);
      try {
        const r = await cli(['boot', '--rootfs', src, IMAGE]);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(`czemu: --rootfs ${locked}: cannot read directory\n`);
      } finally {
        chmodSync(locked, 0o755);
      }
    }
  });
});
