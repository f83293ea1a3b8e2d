import { describe, expect, it } from 'vitest';
import { generateThumb } from './gen-thumb.ts';
import { diffIterations, runDiff, skipReason } from './diff-run.ts';

const reason = skipReason();

describe.skipIf(reason !== undefined)(`Thumb differential against Unicorn${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('agrees on random Thumb sequences', () => {
    const n = diffIterations(3000);
    const { failures, reports } = runDiff(0x7b, n, (rng) => generateThumb(rng, rng.range(8, 20)));
    expect(failures, `${failures}/${n} Thumb sequences differ\n${reports.join('\n\n')}`).toBe(0);
  });
});
