import { unifiedDiff } from './diff.ts';
import type { RunRecord } from './execute.ts';
import type { TestCase } from './manifest.ts';

/**
 * The verdict on one case from its two runs: determinism first (the same transcript, instruction
 * count and status twice), then the expectations on the first run (exit status, transcript file,
 * pass and fail patterns), then leaks (resource counts before the boot tasks against the end)
 * and the pager's integrity invariants at the end.
 */

export type Verdict = 'pass' | 'fail' | 'skip';

export interface CaseResult {
  readonly case: TestCase;
  readonly verdict: Verdict;
  /** Why it failed (or was skipped), one line each. */
  readonly reasons: readonly string[];
  /** Unified diffs that explain the reasons; '' when there is none. */
  readonly diff: string;
  /** Host milliseconds of both runs together. */
  readonly ms: number;
  /** Host milliseconds of run 1 and of run 2 (absent when skipped). */
  readonly runMs?: readonly [number, number];
  /** Instructions of the first run (absent when skipped or when the run could not happen). */
  readonly executed?: number;
  /** The transcript to write to the case's expected file under --update. */
  readonly rebaseline?: Uint8Array;
}

/** Transcripts are bytes; they are shown one byte per character, as the guest wrote them. */
export function transcriptText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return firstDifference(a, b) < 0;
}

/** Index of the first byte where `a` and `b` differ (or where the shorter ends); -1 if equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** A skipped case's result. */
export function skipped(tc: TestCase): CaseResult {
  return { case: tc, verdict: 'skip', reasons: [tc.skip ?? 'skipped'], diff: '', ms: 0 };
}

/**
 * Judges case `tc` from runs `a` and `b`. `expected` is the expected transcript file's content
 * (undefined when the case has none or the file does not exist yet). With `update`, a transcript
 * mismatch is not a failure: the result carries `rebaseline` instead, unless the runs disagree
 * (a nondeterministic case is never written) or another check fails.
 */
export function judge(tc: TestCase, a: RunRecord, b: RunRecord, expected: Uint8Array | undefined,
  update: boolean): CaseResult {
  const ms = a.ms + b.ms;
  const runMs = [a.ms, b.ms] as const;
  if (a.error !== undefined) {
    return { case: tc, verdict: 'fail', reasons: [a.error], diff: '', ms, runMs };
  }
  const reasons: string[] = [];
  const diffs: string[] = [];
  const text = transcriptText(a.transcript);

  // 1. Determinism: the second run must repeat the first exactly.
  const nondeterministic: string[] = [];
  const at = firstDifference(a.transcript, b.transcript);
  if (b.error !== undefined) nondeterministic.push(`run 2 failed where run 1 did not: ${b.error}`);
  else {
    if (at >= 0) {
      nondeterministic.push(`the two runs printed different transcripts (first difference at byte ${at})`);
      diffs.push(unifiedDiff(text, transcriptText(b.transcript), `${tc.id} (run 1)`, `${tc.id} (run 2)`));
    }
    if (a.executed !== b.executed) {
      nondeterministic.push(`the two runs executed ${a.executed} and ${b.executed} instructions`);
    }
    if (a.status !== b.status) nondeterministic.push(`the two runs exited with status ${a.status} and ${b.status}`);
  }
  for (const n of nondeterministic) reasons.push(`nondeterministic: ${n}`);
  const deterministic = nondeterministic.length === 0;

  // 2. Exit status.
  if (a.status !== tc.status) {
    reasons.push(`exit status ${a.status}, expected ${tc.status} (${a.outcome})`);
  }

  // 3. The transcript file: compared exactly, or rebaselined under --update.
  let rebaseline: Uint8Array | undefined;
  if (tc.expected !== undefined) {
    const matches = expected !== undefined && sameBytes(expected, a.transcript);
    if (!matches && update && deterministic) {
      rebaseline = a.transcript;
    } else if (!matches && update) {
      reasons.push(`not updating ${tc.expected}: the case is nondeterministic`);
    } else if (expected === undefined) {
      reasons.push(`no expected transcript ${tc.expected} (run with --update to create it)`);
    } else if (!matches) {
      const where = firstDifference(expected, a.transcript);
      reasons.push(`transcript differs from ${tc.expected} (first difference at byte ${where})`);
      diffs.unshift(unifiedDiff(transcriptText(expected), text, tc.expected, `${tc.id} (actual)`));
    }
  }

  // 4. Patterns.
  for (const re of tc.pass) {
    if (!re.test(text)) reasons.push(`output does not match ${String(re)}`);
  }
  for (const re of tc.fail) {
    const m = re.exec(text);
    if (m !== null) reasons.push(`output matches fail pattern ${String(re)}: ${JSON.stringify(m[0])}`);
  }

  // 5. Leaks: only meaningful once every task is gone (a limit or deadlock leaves tasks behind).
  //    Then every count is back to its baseline from before the boot tasks: more is a leak, less
  //    means something was freed twice or freed that the system itself holds.
  if (tc.leaks && a.resources !== undefined && a.clean) {
    const { before, after } = a.resources;
    for (const [k, n] of Object.entries(after)) {
      const was = before[k] ?? 0;
      if (n > was) reasons.push(`leak: ${n} ${k} at the end, ${was} before the boot tasks`);
      if (n < was) reasons.push(`${n} ${k} at the end, fewer than the ${was} before the boot tasks`);
    }
  }

  // 6. Integrity: the pager's invariants hold at the end of the run, however it ended.
  for (const v of new Set([...a.integrity ?? [], ...b.integrity ?? []])) reasons.push(`pager integrity: ${v}`);

  // A transcript is only rebaselined from a run that is otherwise right: a crash's output written
  // as the new truth would turn a failure into a pass on the next run.
  if (rebaseline !== undefined && reasons.length > 0) {
    reasons.push(`not updating ${tc.expected!}: the case fails otherwise`);
    rebaseline = undefined;
  }
  return {
    case: tc, verdict: reasons.length === 0 ? 'pass' : 'fail', reasons, diff: diffs.join(''), ms, runMs,
    executed: a.executed, ...(rebaseline !== undefined ? { rebaseline } : {}),
  };
}
