import { describe, expect, it } from 'vitest';
import { generateArm } from '../../diff/gen-arm.ts';
import { Rng, sequenceSeed } from '../../diff/rng.ts';
import { newCzemu, randomState, runCzemu } from '../../diff/runner.ts';
import { bootCode } from '../../helpers/machine.ts';

/**
 * The block translator must be invisible: the same random ARM sequences (those of the Unicorn
 * differential test) run once interpreted and once translated from their first instruction give
 * identical registers, PSRs, user bank, memory and stop reason.
 */
describe('ARM block translation', () => {
  it('agrees with the interpreter on random sequences', () => {
    const interp = newCzemu();
    interp.cpu.jit = false;
    const jit = newCzemu();
    jit.cpu.jitThreshold = 1;
    const iterations = Number(process.env['CZEMU_JIT_ITERS'] ?? 600);
    for (let i = 0; i < iterations; i++) {
      const rng = new Rng(sequenceSeed(0x1badb10c, i));
      const seq = generateArm(rng, 8 + rng.below(24));
      const state = randomState(rng, false);
      const a = runCzemu(interp, seq, state, 10_000);
      const b = runCzemu(jit, seq, state, 10_000);
      expect({ i, ...b }).toEqual({ i, ...a });
      expect(jit.cpu.icount).toBe(interp.cpu.icount);
    }
  }, 300_000);

  it('stops exactly at an aborting load inside a block, and counts instructions', () => {
    // With the MMU off and 1 MB of RAM, an access at 0x40000000 reads the (empty) bus: no abort.
    // So enable the MMU with one section for the code and data, and fault on an unmapped address.
    const t = bootCode(`
        ldr r0, =0x4000          @ translation table at 0x4000
        ldr r1, =0x00000c02      @ section 0 -> 0, AP=11
        str r1, [r0]
        mcr p15, 0, r0, c2, c0, 0
        mov r1, #1
        mcr p15, 0, r1, c3, c0, 0  @ domain 0 client
        mrc p15, 0, r1, c1, c0, 0
        orr r1, r1, #1
        mcr p15, 0, r1, c1, c0, 0
        mov r2, #0
      loop:
        add r2, r2, #1
        cmp r2, #3
        ldreq r3, =0x00200000
        ldreq r4, [r3]           @ aborts on the third pass
        b loop
    `);
    t.m.cpu.jitThreshold = 1;
    const x = t.run(1000);
    expect(x.kind).toBe('data-abort');
    expect(x.far).toBe(0x00200000);
    expect(x.fsr).toBe(0x5);
    expect(t.m.cpu.r[2]).toBe(3);
    expect(t.m.cpu.pc).toBe(x.pc);
    // 10 set-up instructions, then 5 per pass for two passes, then add, cmp, ldreq, ldreq
    expect(x.executed).toBe(10 + 5 * 2 + 4);
  });
});
