/**
 * `czemu test` end to end through runCli: the project's suites, exit statuses for failures and
 * bad input, --update, --junit, terminal progress, and the bundled CLI with worker threads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { executeRun } from '../../src/cli/test/execute.ts';
import { fakeIo } from './test-runner-helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const cpu = join(root, 'images/cpu');

async function czemu(argv: string[], opts: { tty?: boolean } = {}) {
  const f = fakeIo({}, true);
  const io = opts.tty === true ? { ...f.io, stderrIsTty: true } : f.io;
  const status = await runCli(argv, io);
  return { status, stdout: f.stdout(), stderr: f.stderr() };
}

/** A temporary directory holding `files` (manifest.json given as an object). */
function tempSuite(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'czemu-test-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('czemu test', () => {
  it('runs images/cpu: every case passes, the summary line is exact', async () => {
    const r = await czemu(['test', 'images/cpu']);
    expect(r.stdout).toBe('11 passed, 0 failed\n');
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')).toContain('[1/11] ok   cpu/alu');
  });

  it('boots images/user/hello as a boot case', async () => {
    const dir = tempSuite({
      'manifest.json': { cases: [{ name: 'hello', kind: 'boot', image: join(root, 'images/user/hello.elf'), expected: join(root, 'images/user/hello.expected') }] },
    });
    const r = await czemu(['test', dir]);
    expect(r.stdout).toBe('1 passed, 0 failed\n');
    expect(r.status).toBe(0);
  });

  it('counts every pager resource before the boot tasks and at the end, and checks integrity', async () => {
    const bytes = new Uint8Array(readFileSync(join(root, 'images/posix/shmtest.elf')));
    const r = await executeRun({ kind: 'boot', images: [{ name: 'shmtest', bytes }], maxInsns: 400_000_000 });
    const baseline = { frames: 1, objects: 1, shadows: 0, files: 0, segments: 0, tasks: 0, utcbs: 2, threads: 0 };
    expect(r).toMatchObject({ status: 0, clean: true, integrity: [], resources: { before: baseline, after: baseline } });
    // Stopped half way: tasks and their frames are still there, and the invariants still hold.
    const cut = await executeRun({ kind: 'boot', images: [{ name: 'shmtest', bytes }], maxInsns: 2000 });
    expect(cut).toMatchObject({ status: 124, clean: false, integrity: [], resources: { before: baseline } });
    expect(cut.resources!.after.tasks).toBe(1);
  });

  it('prints why a case failed, with a diff, and exits 1', async () => {
    const dir = tempSuite({
      'manifest.json': {
        suite: 'wrong',
        cases: [
          { name: 'alu', image: join(cpu, 'alu.elf'), pass: '^PASS mul$', status: 1 },
          { name: 'hello', image: join(cpu, 'hello.elf'), expected: 'hello.expected' },
        ],
      },
      'hello.expected': 'Hello from QEMU\n',
    });
    const r = await czemu(['test', dir, '-j', '1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe([
      'FAIL wrong/alu',
      '  exit status 0, expected 1 (exit status 0)',
      '  output does not match /^PASS mul$/m',
      'FAIL wrong/hello',
      `  transcript differs from ${dir}/hello.expected (first difference at byte 11)`,
      `--- ${dir}/hello.expected`, '+++ wrong/hello (actual)', '@@ -1 +1 @@', '-Hello from QEMU', '+Hello from czemu',
      '0 passed, 2 failed', '',
    ].join('\n'));
  });

  it('rebaselines with --update, and the next run passes', async () => {
    const dir = tempSuite({
      'suite.json': {
        cases: [
          { name: 'hello', image: join(cpu, 'hello.elf'), expected: 'hello.expected' },
          { name: 'new', image: join(cpu, 'mul.elf'), expected: 'mul.expected' },
        ],
      },
      'hello.expected': 'stale\n',
    });
    expect((await czemu(['test', dir])).stdout).toContain('no expected transcript');
    const u = await czemu(['test', dir, '--update']);
    expect(u.stdout).toBe(`updated ${dir}/hello.expected\nupdated ${dir}/mul.expected\n2 passed, 0 failed\n`);
    expect(u.status).toBe(0);
    expect(readFileSync(join(dir, 'hello.expected'), 'latin1')).toBe('Hello from czemu\n');
    expect(readFileSync(join(dir, 'mul.expected'), 'latin1')).toBe('PASS mul\n');
    expect(await czemu(['test', join(dir, 'suite.json')])).toMatchObject({ status: 0, stdout: '2 passed, 0 failed\n' });
  });

  it('writes JUnit XML with --junit', async () => {
    const dir = tempSuite({});
    const file = join(dir, 'out.xml');
    const r = await czemu(['test', 'images/cpu', '--junit', file]);
    expect(r.status).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testsuite name="cpu" tests="11" failures="0" errors="0" skipped="0" time="[\d.]+">/);
    expect(xml).toMatch(/<testcase classname="cpu" name="thumb" time="[\d.]+"\/>/);
  });

  it('shows progress on one line on a terminal', async () => {
    const r = await czemu(['test', 'images/cpu'], { tty: true });
    expect(r.stderr).not.toContain('\n');
    expect(r.stderr).toContain('\r\x1b[K[11/11]  cpu/thumb');
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it.each([
    [['test', 'no/such/suite'], 'czemu: cannot read no/such/suite: no such file\n'],
    [['test', 'images/cpu', '--frobnicate'], "czemu: unknown option '--frobnicate' (see 'czemu test --help')\n"],
    [['test', 'images/cpu', '-j', '0'], "czemu: option '--jobs' must be at least 1, got 0\n"],
  ])('exits 2 for bad input: %j', async (argv, stderr) => {
    expect(await czemu(argv)).toMatchObject({ status: 2, stdout: '', stderr });
  });

  it('exits 2 for a directory without a manifest', async () => {
    const dir = tempSuite({ 'notes.txt': 'x' });
    expect(await czemu(['test', dir])).toMatchObject({
      status: 2, stderr: `czemu: ${dir}: no manifest.json or suite.json in this directory\n`,
    });
  });

  it('exits 2 for malformed JSON, naming the file and the place', async () => {
    const dir = tempSuite({ 'manifest.json': '{\n  "cases": [],\n}\n' });
    expect(await czemu(['test', dir])).toMatchObject({
      status: 2,
      stderr: `czemu: ${dir}/manifest.json: malformed JSON: Expected double-quoted property name at line 3 column 1\n`,
    });
  });

  it('exits 2 for a missing image', async () => {
    const dir = tempSuite({ 'manifest.json': { cases: [{ name: 'a', image: 'a.elf', pass: 'x' }] } });
    expect(await czemu(['test', dir])).toMatchObject({ status: 2, stderr: `czemu: cannot read ${dir}/a.elf: no such file\n` });
  });

  // The bundle runs cases in worker threads (dist/worker.js); `npm test` builds it first.
  it.skipIf(!existsSync(join(root, 'dist/worker.js')))('works from the bundle with worker threads', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist/czemu.js'), 'test', 'images/cpu', '-j', '2'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toBe('11 passed, 0 failed\n');
    expect(r.status).toBe(0);
  });
});
