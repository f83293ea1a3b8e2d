import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../src/cli/boot.ts';
import { IMAGES } from './harness.ts';

/**
 * The POSIX guest images (images/posix, built on libposix) booted on the real kernel, pager and
 * VFS. After each run: the image passed, the pager's integrity invariants hold, and every frame,
 * object, shadow, segment, task and utcb page is back to the count before the boot tasks existed
 * (STYLE.md leak check): only the zero page and devzero remain, plus mm0's and fs0's utcb pages.
 */
const MAX = 2_000_000_000;
const images = ['cowstress', 'errors', 'exectest', 'isolation', 'mmapfile', 'shmtest', 'test0', 'waittest', 'longrun'];

describe('images/posix on the full pager: pass, invariants, no leaks', () => {
  for (const name of images) {
    it(name, () => {
      const out: number[] = [];
      const sys = bootSystem([{ name, bytes: new Uint8Array(readFileSync(`${IMAGES}/posix/${name}.elf`)) }], (b) => out.push(b));
      const outcome = sys.kernel.run(MAX, sys.tids[0]);
      const text = Buffer.from(out).toString('latin1');
      expect(outcome).toEqual({ kind: 'exit', status: 0 });
      expect(text).not.toContain('-- FAILED --');
      if (name !== 'test0') expect(text).toContain('-- PASSED --');
      else expect(text.split('-- PASSED --').length - 1).toBe(18);
      sys.pager.assertIntegrity();
      expect(sys.pager.counters()).toEqual({ frames: 1, objects: 1, shadows: 0, files: 0, segments: 0, tasks: 0, utcbs: 2 });
    }, 120_000);
  }
});
