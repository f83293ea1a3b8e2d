/**
 * Unit tests of `czemu test`'s parts: manifest validation, the line diff, the verdict on two runs
 * (determinism, status, transcript, patterns, leaks), JUnit XML and progress lines. Runs come from
 * a fake executor, so these need no emulator.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/command.ts';
import { judge, type CaseResult } from '../../src/cli/test/check.ts';
import { diffLines, unifiedDiff } from '../../src/cli/test/diff.ts';
import type { RunJob, RunRecord } from '../../src/cli/test/execute.ts';
import { junitXml } from '../../src/cli/test/junit.ts';
import { parseManifest, type TestCase } from '../../src/cli/test/manifest.ts';
import type { Executor } from '../../src/cli/test/pool.ts';
import { Progress } from '../../src/cli/test/progress.ts';
import { formatReport, formatTimes, runSuites, summaryLine } from '../../src/cli/test/runner.ts';
import { fakeIo } from './test-runner-helpers.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function record(text: string, over: Partial<RunRecord> = {}): RunRecord {
  return { transcript: enc(text), status: 0, outcome: 'exit status 0', clean: true, executed: 100, ms: 1, ...over };
}

function oneCase(fields: Record<string, unknown>): TestCase {
  return parseManifest({ suite: 's', cases: [{ name: 'c', image: 'c.elf', ...fields }] }, 'dir/manifest.json').cases[0]!;
}

function manifestError(json: unknown): string {
  try {
    parseManifest(json, 'dir/manifest.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('manifest', () => {
  it('merges defaults, joins paths to the manifest directory, compiles patterns per line', () => {
    const s = parseManifest({
      suite: 'cpu',
      defaults: { kind: 'run', maxInsns: 1000, fail: 'FAIL' },
      cases: [
        { name: 'alu', image: 'alu.elf', pass: '^PASS alu$' },
        { name: 'hello', image: '/abs/hello.elf', expected: 'hello.expected', status: 3 },
      ],
    }, 'images/cpu/manifest.json');
    expect(s.name).toBe('cpu');
    const [alu, hello] = s.cases;
    expect(alu).toMatchObject({ id: 'cpu/alu', kind: 'run', images: ['images/cpu/alu.elf'], maxInsns: 1000, status: 0, leaks: true });
    expect(alu!.pass[0]!.test('x\nPASS alu\n')).toBe(true);
    expect(alu!.fail.map(String)).toEqual(['/FAIL/m']);
    expect(hello).toMatchObject({ images: ['/abs/hello.elf'], expected: 'images/cpu/hello.expected', status: 3 });
  });

  it('names the suite after its directory when the manifest does not', () => {
    expect(parseManifest({ cases: [] }, 'images/user/manifest.json').name).toBe('user');
  });

  it.each([
    [[], 'dir/manifest.json: the manifest must be a JSON object'],
    [{ cases: {} }, "dir/manifest.json: 'cases' must be an array"],
    [{ cases: [], color: 1 }, "dir/manifest.json: unknown field 'color'"],
    [{ cases: [{ name: 'a', image: 'a.elf', pas: 'x' }] }, "dir/manifest.json: cases[0] (a): unknown field 'pas'"],
    [{ cases: [{ name: 'a b', image: 'a.elf', pass: 'x' }] }, "cases[0] (a b): 'name' must be"],
    [{ cases: [{ name: 'a', image: 'a.elf', pass: '(' }] }, "cases[0] (a): 'pass': not a valid regex"],
    [{ cases: [{ name: 'a', image: 'a.elf' }] }, "cases[0] (a): nothing to check: give 'expected' or 'pass'"],
    [{ cases: [{ name: 'a', image: ['a.elf', 'b.elf'], pass: 'x' }] }, "a 'run' case takes exactly one image"],
    [{ cases: [{ name: 'a', kind: 'exec', image: 'a.elf', pass: 'x' }] }, `'kind' must be 'run' or 'boot', got "exec"`],
    [{ cases: [{ name: 'a', image: 'a.elf', pass: 'x', maxInsns: 0 }] }, "'maxInsns' must be a whole number of at least 1"],
    [{ cases: [{ name: 'a', kind: 'boot', image: 'a.elf', pass: 'x', ramSize: 4096 }] }, "'ramSize' applies to 'run' cases only"],
    [{ cases: [{ name: 'a', image: 'a.elf', pass: 'x', status: 256 }] }, "'status' must be a whole number from 0 to 255"],
    [{ cases: [{ name: 'a', image: 'a.elf', pass: 'x' }, { name: 'a', image: 'b.elf', pass: 'x' }] }, "cases[1] (a): duplicate name 'a'"],
    [{ defaults: { name: 'x' }, cases: [] }, "'defaults' cannot give a name"],
  ])('rejects %j with one line', (json, message) => {
    const msg = manifestError(json);
    expect(msg).toContain(message);
    expect(msg).not.toContain('\n');
  });
});

describe('diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x', 'y')).toBe('');
  });

  it('prints a unified diff with three lines of context', () => {
    const e = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\n';
    const a = 'l1\nl2\nl3\nl4 changed\nl5\nl6\nl7\nl8\n';
    expect(unifiedDiff(e, a, 'expected', 'actual')).toBe([
      '--- expected', '+++ actual', '@@ -1,7 +1,8 @@',
      ' l1', ' l2', ' l3', '-l4', '+l4 changed', ' l5', ' l6', ' l7', '+l8', '',
    ].join('\n'));
  });

  it('splits distant changes into hunks', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const e = `${lines.join('\n')}\n`;
    const a = `${['new', ...lines.slice(0, 15), ...lines.slice(16)].join('\n')}\n`;
    expect(unifiedDiff(e, a, 'e', 'a')).toBe([
      '--- e', '+++ a',
      '@@ -1,3 +1,4 @@', '+new', ' line 1', ' line 2', ' line 3',
      '@@ -13,7 +14,6 @@', ' line 13', ' line 14', ' line 15', '-line 16', ' line 17', ' line 18', ' line 19', '',
    ].join('\n'));
  });

  it('numbers an empty range by the line before it', () => {
    expect(unifiedDiff('a\n', '', 'e', 'a')).toBe('--- e\n+++ a\n@@ -1 +0,0 @@\n-a\n');
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff('ok\n', 'ok', 'e', 'a')).toBe(
      '--- e\n+++ a\n@@ -1 +1 @@\n-ok\n+ok\n\\ No newline at end of file\n');
  });

  it('finds a shortest script that rebuilds both sides (random texts)', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: rand(12) }, () => 'abc'[rand(3)]!);
      const b = Array.from({ length: rand(12) }, () => 'abc'[rand(3)]!);
      const script = diffLines(a, b);
      expect(script.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(a);
      expect(script.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(b);
      const kept = script.filter((l) => l.op === ' ').length;
      expect(kept).toBe(lcs(a, b));
    }
  });
});

/** Length of a longest common subsequence (the kept lines of a shortest edit script). */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
    }
  }
  return t[a.length]![b.length]!;
}

describe('judge', () => {
  const tc = oneCase({ expected: 'c.expected', pass: '^done$', fail: 'panic' });

  it('passes matching, deterministic runs', () => {
    const r = judge(tc, record('hi\ndone\n'), record('hi\ndone\n'), enc('hi\ndone\n'), false);
    expect(r).toMatchObject({ verdict: 'pass', reasons: [], diff: '', executed: 100 });
  });

  it('fails differing transcripts between the two runs and says where', () => {
    const r = judge(tc, record('hi\ndone\n'), record('ho\ndone\n'), enc('hi\ndone\n'), false);
    expect(r.verdict).toBe('fail');
    expect(r.reasons).toEqual(['nondeterministic: the two runs printed different transcripts (first difference at byte 1)']);
    expect(r.diff).toContain('--- s/c (run 1)\n+++ s/c (run 2)\n@@ -1,2 +1,2 @@\n-hi\n+ho\n');
  });

  it('fails differing instruction counts and statuses', () => {
    const r = judge(tc, record('hi\ndone\n'), record('hi\ndone\n', { executed: 101, status: 1 }), enc('hi\ndone\n'), false);
    expect(r.reasons).toEqual([
      'nondeterministic: the two runs executed 100 and 101 instructions',
      'nondeterministic: the two runs exited with status 0 and 1',
    ]);
  });

  it('reports status, transcript and pattern failures with a diff', () => {
    const a = record('hi\npanic\n', { status: 124, outcome: 'stopped after 5 instructions (maxInsns)' });
    const r = judge(tc, a, a, enc('hi\ndone\n'), false);
    expect(r.reasons).toEqual([
      'exit status 124, expected 0 (stopped after 5 instructions (maxInsns))',
      'transcript differs from dir/c.expected (first difference at byte 3)',
      'output does not match /^done$/m',
      'output matches fail pattern /panic/m: "panic"',
    ]);
    expect(r.diff).toBe('--- dir/c.expected\n+++ s/c (actual)\n@@ -1,2 +1,2 @@\n hi\n-done\n+panic\n');
  });

  it('asks for --update when the transcript file is missing', () => {
    const r = judge(tc, record('done\n'), record('done\n'), undefined, false);
    expect(r.reasons).toEqual(['no expected transcript dir/c.expected (run with --update to create it)']);
  });

  it('rebaselines under --update, but never a nondeterministic case', () => {
    const ok = judge(tc, record('done\n'), record('done\n'), enc('old\n'), true);
    expect(ok.verdict).toBe('pass');
    expect(new TextDecoder().decode(ok.rebaseline)).toBe('done\n');
    const bad = judge(tc, record('done\n'), record('done\n', { executed: 7 }), enc('old\n'), true);
    expect(bad.verdict).toBe('fail');
    expect(bad.rebaseline).toBeUndefined();
    expect(bad.reasons).toContain('not updating dir/c.expected: the case is nondeterministic');
    const crashed = record('oops\n', { status: 125, outcome: 'data abort' });
    const failing = judge(tc, crashed, crashed, enc('old\n'), true);
    expect(failing.rebaseline).toBeUndefined();
    expect(failing.reasons).toContain('not updating dir/c.expected: the case fails otherwise');
  });

  it('finds leaks once every task is gone, and only then', () => {
    const resources = { before: { frames: 1, shadows: 0, tasks: 0 }, after: { frames: 3, shadows: 0, tasks: 0 } };
    const a = record('done\n', { resources });
    expect(judge(tc, a, a, enc('done\n'), false).reasons).toEqual(['leak: 3 frames at the end, 1 before the boot tasks']);
    const under = record('done\n', { resources: { before: { objects: 1 }, after: { objects: 0 } } });
    expect(judge(tc, under, under, enc('done\n'), false).reasons).toEqual(['0 objects at the end, fewer than the 1 before the boot tasks']);
    const limited = record('done\n', { resources, clean: false });
    expect(judge(tc, limited, limited, enc('done\n'), false).verdict).toBe('pass');
    const off = oneCase({ expected: 'c.expected', leaks: false });
    expect(judge(off, a, a, enc('done\n'), false).verdict).toBe('pass');
  });

  it('fails broken pager invariants, however the run ended', () => {
    const a = record('done\n', { clean: false, status: 124, integrity: ['vfsfile 3: 2 links, 1 area chains it'] });
    const b = record('done\n', { clean: false, status: 124, integrity: ['vfsfile 3: 2 links, 1 area chains it'] });
    const limited = oneCase({ expected: 'c.expected', status: 124 });
    expect(judge(limited, a, b, enc('done\n'), false).reasons).toEqual(['pager integrity: vfsfile 3: 2 links, 1 area chains it']);
  });

  it('fails a run that could not happen with its error', () => {
    const a = record('', { error: 'boot kind not available: no kernel', status: -1 });
    expect(judge(tc, a, a, undefined, false).reasons).toEqual(['boot kind not available: no kernel']);
  });
});

/** An executor answering from `answer`; counts calls so each run can differ. */
function fakeExecutor(answer: (job: RunJob, call: number) => RunRecord): Executor {
  let calls = 0;
  return { threads: 0, run: async (job) => answer(job, calls++), close: async () => {} };
}

describe('runSuites', () => {
  it('detects a nondeterministic case and reports in manifest order', async () => {
    const suite = parseManifest({
      suite: 'fake',
      cases: [
        { name: 'steady', image: 'a.elf', pass: 'tick' },
        { name: 'flaky', image: 'a.elf', pass: 'tick' },
        { name: 'later', image: 'a.elf', pass: 'tick', skip: 'not yet' },
      ],
    }, 'm.json');
    const io = fakeIo({ 'a.elf': new Uint8Array(4) });
    const report = await runSuites([suite], {
      io: io.io, update: false,
      executor: fakeExecutor((_job, call) => record(call === 3 ? 'tick tock\n' : 'tick\n')),
    });
    expect(summaryLine(report)).toBe('1 passed, 1 failed, 1 skipped');
    expect(formatReport(report)).toBe([
      'FAIL fake/flaky',
      '  nondeterministic: the two runs printed different transcripts (first difference at byte 4)',
      '--- fake/flaky (run 1)', '+++ fake/flaky (run 2)', '@@ -1 +1 @@', '-tick', '+tick tock',
      '1 passed, 1 failed, 1 skipped', '',
    ].join('\n'));
  });

  it('lists run times slowest first with --times, skipped cases left out', async () => {
    const suite = parseManifest({
      suite: 't',
      cases: [
        { name: 'quick', image: 'a.elf', pass: 'x' },
        { name: 'slow', image: 'a.elf', pass: 'x' },
        { name: 'off', image: 'a.elf', pass: 'x', skip: 'later' },
      ],
    }, 'm.json');
    const report = await runSuites([suite], {
      io: fakeIo({ 'a.elf': new Uint8Array(4) }).io, update: false,
      executor: fakeExecutor((_job, call) => record('x\n', { ms: call < 2 ? 10 : 1500 + call, executed: 42 })),
    });
    expect(formatTimes(report, { wallMs: 1600, threads: 2 })).toBe([
      'times (run 1, run 2, guest instructions), slowest first:',
      '    1.502 s   1.503 s          42  t/slow',
      '    0.010 s   0.010 s          42  t/quick',
      '4 runs of 2 cases: 3.025 s of runs in 1.600 s wall on 2 worker threads', '',
    ].join('\n'));
  });

  it('refuses a missing image before running anything', async () => {
    const suite = parseManifest({ cases: [{ name: 'a', image: 'gone.elf', pass: 'x' }] }, 'm.json');
    let ran = 0;
    await expect(runSuites([suite], {
      io: fakeIo({}).io, update: false, executor: fakeExecutor(() => (ran++, record(''))),
    })).rejects.toThrow('cannot read gone.elf: no such file');
    expect(ran).toBe(0);
  });
});

describe('junit', () => {
  it('writes well-formed XML with counts, times, failures with diffs and skips', async () => {
    const suite = parseManifest({
      suite: 'x<&>"',
      cases: [
        { name: 'ok', image: 'a.elf', pass: 'fine' },
        { name: 'bad', image: 'a.elf', expected: 'bad.expected' },
        { name: 'off', image: 'a.elf', pass: 'x', skip: 'needs "rootfs" & <disk>' },
      ],
    }, 'm.json');
    const io = fakeIo({ 'a.elf': new Uint8Array(4), 'bad.expected': enc('fine\n') });
    const report = await runSuites([suite], {
      io: io.io, update: false, executor: fakeExecutor(() => record('fine\x01 <b>&amp;\n', { ms: 1500 })),
    });
    const xml = junitXml(report);
    expectWellFormed(xml);
    expect(xml).toContain('<testsuites name="czemu" tests="3" failures="1" errors="0" skipped="1" time="6.000">');
    expect(xml).toContain('<testsuite name="x&lt;&amp;&gt;&quot;" tests="3" failures="1" errors="0" skipped="1" time="6.000">');
    expect(xml).toContain('<testcase classname="x&lt;&amp;&gt;&quot;" name="ok" time="3.000"/>');
    expect(xml).toContain('<failure message="transcript differs from bad.expected (first difference at byte 4)" type="failure">');
    expect(xml).toContain('+fine\\x01 &lt;b&gt;&amp;amp;');
    expect(xml).toContain('<skipped message="needs &quot;rootfs&quot; &amp; &lt;disk&gt;"/>');
  });
});

/**
 * A small XML well-formedness check: only allowed characters, every tag balanced and properly
 * nested, attributes quoted, no bare '<' or '&' in text.
 */
function expectWellFormed(xml: string): void {
  // eslint-disable-next-line no-control-regex
  expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('\n') + 1);
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = token.exec(body)) !== null) {
    pos = token.lastIndex;
    if (m[5] !== undefined) {
      expect(m[5].replace(/&(amp|lt|gt|quot|#\d+);/g, '')).not.toMatch(/[&<]/);
      continue;
    }
    if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
    else if (m[4] !== '/') stack.push(m[2]!);
  }
  expect(pos).toBe(body.length);
  expect(stack).toEqual([]);
}

describe('progress', () => {
  const result = (verdict: CaseResult['verdict']): CaseResult =>
    ({ case: oneCase({ pass: 'x' }), verdict, reasons: [], diff: '', ms: 0 });

  it('prints plain lines when stderr is not a terminal', () => {
    let out = '';
    const p = new Progress((t) => (out += t), false, 2);
    p.caseDone(result('pass'));
    p.caseDone(result('fail'));
    p.finish();
    expect(out).toBe('[1/2] ok   s/c\n[2/2] FAIL s/c (1 failed so far)\n');
  });

  it('rewrites one line on a terminal and clears it at the end', () => {
    let out = '';
    const p = new Progress((t) => (out += t), true, 2);
    p.caseDone(result('fail'));
    p.caseDone(result('pass'));
    p.finish();
    expect(out).toBe('\r\x1b[K[1/2] 1 failed  s/c\r\x1b[K[2/2] 1 failed  s/c\r\x1b[K');
  });
});
