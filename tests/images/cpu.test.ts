/**
 * Runs every self-checking bare-metal image in images/cpu on czemu's bare-metal machine (the way
 * QEMU's versatilepb runs them) and expects a clean semihosting exit with status 0 and the
 * image's "PASS <name>" line. A failing image prints "FAIL: <check> got 0x.. want 0x..", which
 * ends up in the assertion message. hello.elf prints through the PL011 and must say exactly
 * "Hello from czemu\n".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBareMetal } from '../../src/emulator/baremetal.ts';

const dir = join(import.meta.dirname, '..', '..', 'images', 'cpu');
const images = readdirSync(dir)
  .filter((f) => f.endsWith('.elf'))
  .sort();
/** Every image finishes in well under a million instructions; this only stops a runaway loop. */
const MAX_INSNS = 20_000_000;

function run(file: string): { result: ReturnType<typeof runBareMetal>; output: string } {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const out: number[] = [];
  const result = runBareMetal(bytes, { console: (b) => out.push(b), maxInsns: MAX_INSNS });
  return { result, output: Buffer.from(out).toString('latin1') };
}

describe('images/cpu', () => {
  it('has the images the suite is built around', () => {
    for (const name of ['hello', 'alu', 'mul', 'ldst', 'ldm', 'branch', 'psr', 'thumb']) {
      expect(images).toContain(`${name}.elf`);
    }
  });

  for (const file of images) {
    const name = basename(file, '.elf');
    it(name, () => {
      const { result, output } = run(file);
      const summary = { ...result, output };
      expect(summary.kind, JSON.stringify(summary)).toBe('exit');
      if (result.kind !== 'exit') return;
      expect(result.status, output).toBe(0);
      if (name === 'hello') expect(output).toBe('Hello from czemu\n');
      else expect(output.endsWith(`PASS ${name}\n`), output).toBe(true);
    });
  }

  it('runs deterministically: the same image twice executes the same number of instructions', () => {
    const a = run('alu.elf').result;
    const b = run('alu.elf').result;
    expect(a).toEqual(b);
  });
});
