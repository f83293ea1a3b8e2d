/**
 * `czemu test` end to end through the bundle (dist/czemu.js with its dist/worker.js threads), the
 * way CI runs it: a temporary copy of real images with one expected transcript deliberately
 * broken, a case stopped by its instruction budget and one that deadlocks. Checks the failure
 * report and its unified diff, the JUnit file, the exit status, and that --update rebaselines only
 * what it may. `npm test` builds the bundle first; without it these tests are skipped.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildElf } from '../loader/build.ts';

const root = resolve(import.meta.dirname, '../..');
const bundle = join(root, 'dist/czemu.js');
const bundled = existsSync(bundle) && existsSync(join(root, 'dist/worker.js'));

/** User programs linked at 0x10000000 like the real images: a spin loop, and a receive nobody answers. */
const SPIN = '.global _start\n_start:\n  b _start\n';
// l4_ipc(to = NILTHREAD, from = ANYTHREAD): the ipc entry is the syscall page's first word.
const RECV = '.global _start\n_start:\n  mvn r0, #0\n  mvn r1, #1\n  ldr r12, =0xfffff000\n  mov lr, pc\n  mov pc, r12\n  b _start\n';

/** Runs the bundled czemu in `cwd`. */
function czemu(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A suite in a fresh directory: real images copied in, hello.expected broken on purpose. */
function brokenSuite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'czemu-e2e-'));
  for (const f of ['user/hello.elf', 'user/hello.expected', 'posix/shmtest.elf', 'posix/shmtest.expected']) {
    copyFileSync(join(root, 'images', f), join(dir, f.split('/')[1]!));
  }
  writeFileSync(join(dir, 'spin.elf'), buildElf(SPIN, 0x10000000).bytes);
  writeFileSync(join(dir, 'recv.elf'), buildElf(RECV, 0x10000000).bytes);
  const good = readFileSync(join(dir, 'hello.expected'), 'latin1');
  expect(good).toBe('Hello from czemu, tid 2\n');
  writeFileSync(join(dir, 'hello.expected'), 'Goodbye from czemu, tid 2\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    suite: 'e2e',
    defaults: { kind: 'boot', maxInsns: 100_000 },
    cases: [
      { name: 'hello', image: 'hello.elf', expected: 'hello.expected' },
      { name: 'shmtest', image: 'shmtest.elf', expected: 'shmtest.expected', maxInsns: 400_000_000 },
      { name: 'spin', image: 'spin.elf', pass: '^$' },
      { name: 'recv', image: 'recv.elf', pass: '^$' },
      { name: 'spin-expected', image: 'spin.elf', status: 124, pass: '^$' },
      { name: 'recv-expected', image: 'recv.elf', status: 3, pass: '^$' },
    ],
  }, null, 2));
  return dir;
}

const DEADLOCK = 'deadlock: every remaining thread is blocked for good (task 2 (recv): blocked receiving from any thread)';

describe.skipIf(!bundled)('czemu test from the bundle, end to end', () => {
  it('reports a broken transcript with a diff, budget and deadlock stops, JUnit; --update fixes only the transcript', () => {
    const dir = brokenSuite();
    const xml = join(dir, 'results.xml');
    const r = czemu(['test', '.', '--junit', xml, '-j', '2'], dir);
    expect(r.stdout).toBe([
      'FAIL e2e/hello',
      `  transcript differs from hello.expected (first difference at byte 0)`,
      '--- hello.expected',
      '+++ e2e/hello (actual)',
      '@@ -1 +1 @@',
      '-Goodbye from czemu, tid 2',
      '+Hello from czemu, tid 2',
      'FAIL e2e/spin',
      '  exit status 124, expected 0 (stopped after 100000 instructions (maxInsns))',
      'FAIL e2e/recv',
      `  exit status 3, expected 0 (${DEADLOCK})`,
      '3 passed, 3 failed',
      '',
    ].join('\n'));
    expect(r.status).toBe(1);
    // Progress on stderr, one line per case (not a terminal), in completion order.
    const progress = r.stderr.trim().split('\n').map((l) => l.replace(/^\[\d\/6\] /, '').replace(/ \(\d failed so far\)$/, ''));
    expect(progress.sort()).toEqual([
      'FAIL e2e/hello', 'FAIL e2e/recv', 'FAIL e2e/spin', 'ok   e2e/recv-expected', 'ok   e2e/shmtest', 'ok   e2e/spin-expected',
    ]);

    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="czemu" tests="6" failures="3" errors="0" skipped="0" time="[\d.]+">\n/);
    expect(junit).toContain('<testcase classname="e2e" name="hello" time="');
    expect(junit).toContain('<failure message="transcript differs from hello.expected (first difference at byte 0)" type="failure">');
    expect(junit).toContain('-Goodbye from czemu, tid 2\n+Hello from czemu, tid 2\n</failure>');
    expect(junit).toContain(`<failure message="exit status 3, expected 0 (${DEADLOCK})"`);
    expect(junit).toMatch(/<testcase classname="e2e" name="shmtest" time="[\d.]+"\/>/);

    // --update rewrites the broken transcript; the budget and deadlock failures stay failures.
    const u = czemu(['test', '.', '--update'], dir);
    expect(u.stdout.split('\n').slice(-3)).toEqual(['updated hello.expected', '4 passed, 2 failed', '']);
    expect(u.status).toBe(1);
    expect(readFileSync(join(dir, 'hello.expected'), 'latin1')).toBe('Hello from czemu, tid 2\n');
    const again = czemu(['test', 'manifest.json', '--times', '-j', '2'], dir);
    expect(again.stdout).not.toContain('FAIL e2e/hello');
    expect(again.stdout).toMatch(/^times \(run 1, run 2, guest instructions\), slowest first:\n/);
    expect(again.stdout).toMatch(/\n12 runs of 6 cases: [\d.]+ s of runs in [\d.]+ s wall on 2 worker threads\n/);
    expect(again.stdout.endsWith('\n4 passed, 2 failed\n')).toBe(true);
  }, 120_000);
});
