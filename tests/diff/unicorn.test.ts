import { describe, expect, it } from 'vitest';
import { assemble } from '../helpers/asm.ts';
import { layOut } from './layout.ts';
import { ARM_BKPT } from './gen-arm.ts';
import { Rng } from './rng.ts';
import { diffSequence, newCzemu, prepareUnicorn, randomState } from './runner.ts';
import { Unicorn } from './unicorn.ts';
import { skipReason } from './diff-run.ts';

const reason = skipReason();

/** A sequence from assembler source (ARM state). */
function armSeq(src: string) {
  const bytes = assemble(src);
  const words = Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2));
  return layOut(words.map((w) => ({ units: [w] })), 4, ARM_BKPT);
}

describe.skipIf(reason !== undefined)(`Unicorn binding${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('runs ARM926 code, sees rewritten code and reads back registers and flags', () => {
    const uc = new Unicorn();
    try {
      prepareUnicorn(uc);
      uc.setCpsr(0xd3);
      const a = armSeq('mov r0, #7\nadds r1, r0, r0\nqadd r2, r0, r0\n');
      uc.write(0x1000, a.code);
      uc.flushCode(0x1000, 0x2000);
      expect(uc.run(0x1000, a.end)).toBe(0);
      expect([uc.reg(0), uc.reg(1), uc.reg(2), uc.reg(15)]).toEqual([7, 14, 14, a.end]);
      const b = armSeq('mov r0, #9\nmvns r1, #0\nmrs r3, cpsr\n');
      uc.write(0x1000, b.code);
      uc.flushCode(0x1000, 0x2000);
      expect(uc.run(0x1000, b.end)).toBe(0);
      expect(uc.reg(0)).toBe(9);
      expect(uc.cpsr() >>> 0).toBe(0x800000d3);
      expect(uc.reg(3) >>> 0).toBe(0x800000d3);
    } finally {
      uc.close();
    }
  });

  it('the harness reports a known divergence (unaligned LDR rotation)', () => {
    const uc = new Unicorn();
    try {
      prepareUnicorn(uc);
      const seq = armSeq('mov r1, #0x800\nadd r1, r1, #1\nldr r0, [r1]\n');
      const state = randomState(new Rng(1), false);
      state.data.set([0x11, 0x22, 0x33, 0x44, 0x55], 0x800);
      const diffs = diffSequence(newCzemu(), uc, seq, state);
      expect(diffs).toEqual(['r0: czemu 0x11443322 unicorn 0x55443322']);
    } finally {
      uc.close();
    }
  });
});
