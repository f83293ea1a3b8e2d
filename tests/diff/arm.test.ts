import { describe, expect, it } from 'vitest';
import { generateArm } from './gen-arm.ts';
import { diffIterations, runDiff, skipReason } from './diff-run.ts';

const reason = skipReason();

describe.skipIf(reason !== undefined)(`ARM differential against Unicorn${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('agrees on random ARM sequences', () => {
    const n = diffIterations(3000);
    const { failures, reports } = runDiff(0xa4, n, (rng) => generateArm(rng, rng.range(8, 20)));
    expect(failures, `${failures}/${n} ARM sequences differ\n${reports.join('\n\n')}`).toBe(0);
  });
});
