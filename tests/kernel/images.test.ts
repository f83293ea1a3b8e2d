import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../src/cli/boot.ts';

/**
 * Boot regressions as data (STYLE.md tests 4): every images/user/*.elf booted alone must print
 * exactly its .expected transcript; booting the same image twice gives the same transcript and
 * instruction count (determinism).
 */
const dir = resolve(import.meta.dirname, '../../images/user');
const MAX = 200_000_000;

/** Boots `name` alone; the console transcript, outcome and instruction count. */
export function bootImage(name: string) {
  const bytes = new Uint8Array(readFileSync(join(dir, `${name}.elf`)));
  const out: number[] = [];
  const sys = bootSystem([{ name, bytes }], (b) => out.push(b));
  const outcome = sys.kernel.run(MAX, sys.tids[0]);
  return { text: Buffer.from(out).toString('latin1'), outcome, executed: sys.kernel.executed, sys };
}

const names = readdirSync(dir).filter((f) => f.endsWith('.elf')).map((f) => f.slice(0, -4)).sort();

describe('images/user transcripts', () => {
  for (const name of names) {
    it(name, () => {
      const r = bootImage(name);
      const expected = readFileSync(join(dir, `${name}.expected`), 'latin1');
      expect(r.text).toBe(expected);
      expect(r.outcome).toEqual({ kind: 'exit', status: 0 });
    });
  }
});

describe('determinism', () => {
  it('the same image twice: identical transcript and instruction count', () => {
    const a = bootImage('hello');
    const b = bootImage('hello');
    expect(a.text).toBe(b.text);
    expect(a.executed).toBe(b.executed);
  });
});
