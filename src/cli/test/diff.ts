/**
 * A small line diff for transcripts: Myers' O(ND) shortest edit script ("An O(ND) Difference
 * Algorithm and Its Variations", 1986), printed as a unified diff with three lines of context,
 * the way `diff -u` prints it, so CI logs read like every other diff.
 */

/** One line of an edit script: kept (' '), removed from the expected ('-'), added in the actual ('+'). */
export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

const CONTEXT = 3;
const NO_NEWLINE = '\\ No newline at end of file';

/**
 * Splits `text` into lines, keeping whether the last one ended in a newline: "a\nb" and "a\nb\n"
 * differ, and the diff must say so. The empty text has no lines.
 */
export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/**
 * The shortest edit script turning lines `a` into lines `b` (Myers, forward greedy with the
 * trace kept for the walk back). Ties prefer deletions first, as `diff` prints them.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
        ? v[offset + k + 1]!
        : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    v = next;
  }
  // Walk the trace back from (n, m) to (0, 0), collecting the script in reverse.
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', text: a[--x]! });
      y--;
    }
    if (d === 0) break;
    if (x === prevX) out.push({ op: '+', text: b[--y]! });
    else out.push({ op: '-', text: a[--x]! });
  }
  return out.reverse();
}

/**
 * A unified diff of `expected` against `actual` under the headers `--- expectedName` and
 * `+++ actualName`; the empty string when the texts are equal. A missing final newline is marked
 * with `\ No newline at end of file`, as diff(1) does.
 */
export function unifiedDiff(expected: string, actual: string, expectedName: string, actualName: string): string {
  if (expected === actual) return '';
  const e = splitLines(expected);
  const a = splitLines(actual);
  // Compare last lines with their missing newline marked, so "x" and "x\n" show as a change.
  const mark = (s: { lines: string[]; finalNewline: boolean }): string[] =>
    s.finalNewline ? s.lines : s.lines.map((l, i) => (i === s.lines.length - 1 ? `${l}\n${NO_NEWLINE}` : l));
  const script = diffLines(mark(e), mark(a));
  const out = [`--- ${expectedName}`, `+++ ${actualName}`];
  for (const hunk of hunks(script)) out.push(...hunk);
  return `${out.join('\n')}\n`;
}

/** Groups the script into hunks of changes with CONTEXT kept lines around them. */
function hunks(script: readonly DiffLine[]): string[][] {
  const out: string[][] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && script[i]!.op === ' ') i++;
    if (i >= script.length) break;
    const start = Math.max(0, i - CONTEXT);
    // Extend while the next change is within 2*CONTEXT kept lines of the last one.
    let end = i;
    let j = i;
    while (j < script.length) {
      if (script[j]!.op !== ' ') {
        end = j + 1;
        j++;
        continue;
      }
      let run = j;
      while (run < script.length && script[run]!.op === ' ') run++;
      if (run >= script.length || run - j > 2 * CONTEXT) break;
      j = run;
    }
    const stop = Math.min(script.length, end + CONTEXT);
    out.push(formatHunk(script, start, stop));
    i = stop;
  }
  return out;
}

/** "@@ -l,s +l,s @@" and the lines of script[start, stop). */
function formatHunk(script: readonly DiffLine[], start: number, stop: number): string[] {
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < start; i++) {
    if (script[i]!.op !== '+') oldLine++;
    if (script[i]!.op !== '-') newLine++;
  }
  let oldCount = 0;
  let newCount = 0;
  const body: string[] = [];
  for (let i = start; i < stop; i++) {
    const l = script[i]!;
    if (l.op !== '+') oldCount++;
    if (l.op !== '-') newCount++;
    body.push(`${l.op}${l.text}`);
  }
  // diff(1) numbers an empty range by the line before it.
  const range = (line: number, count: number): string =>
    count === 1 ? `${line}` : `${count === 0 ? line - 1 : line},${count}`;
  return [`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...body];
}
